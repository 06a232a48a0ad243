package classifier

import (
	"slices"
	"strings"
	"unicode"
)

// Feature is a hashed text feature: a word, a pair of adjacent words or a
// run of characters inside a word.
type Feature uint64

// wordFeature marks the features made of whole words (the others are
// character n-grams) in the top bit of the hash.
const wordFeature Feature = 1 << 63

// Char n-gram lengths. Grams carry inflection, typos and compounds
// ("brib" in bribe and bribery, "schmier" in Schmiergeld); words and word
// pairs carry the phrasing. 4-grams alone learn as well as 3- to 5-grams
// on the example bank (76.4% against 76.9% by cross-validation) at less
// than half the training time.
const (
	minGram = 4
	maxGram = 4
)

// maxTokens bounds the words read from one text (a long message keeps its
// first part, which carries its subject).
const maxTokens = 200

// Features returns the distinct features of a text: normalised (lower
// case, accents folded, digits turned into 0 so that "3000 euros" and
// "5000 euros" look alike) words, word pairs, and character 3- to 5-grams
// of each word with its boundaries.
func Features(text string) []Feature {
	tokens := Tokens(text)
	feats := make([]Feature, 0, len(tokens)*12)
	var (
		padded []byte
		starts []int // byte offset of each rune of padded, and its end
	)
	for i, t := range tokens {
		feats = append(feats, hash('w', t, "")|wordFeature)
		if i > 0 {
			feats = append(feats, hash('b', tokens[i-1], t)|wordFeature)
		}
		padded = append(append(append(padded[:0], ' '), t...), ' ')
		starts = starts[:0]
		for j := range string(padded) {
			starts = append(starts, j)
		}
		starts = append(starts, len(padded))
		runes := len(starts) - 1
		for n := minGram; n <= maxGram; n++ {
			for j := 0; j+n <= runes; j++ {
				feats = append(feats, hashBytes('c', padded[starts[j]:starts[j+n]]))
			}
		}
	}
	slices.Sort(feats)
	return slices.Compact(feats)
}

// hashBytes is hash of one byte string.
func hashBytes(kind byte, a []byte) Feature {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	h = (h ^ uint64(kind)) * prime
	for _, c := range a {
		h = (h ^ uint64(c)) * prime
	}
	return Feature(h &^ (3 << 62))
}

// hash is the FNV-1a hash of kind, a and (when not empty) a space and b,
// with the top bits cleared for the feature's type.
func hash(kind byte, a, b string) Feature {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	h := uint64(offset)
	h = (h ^ uint64(kind)) * prime
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * prime
	}
	if b != "" {
		h = (h ^ ' ') * prime
		for i := 0; i < len(b); i++ {
			h = (h ^ uint64(b[i])) * prime
		}
	}
	return Feature(h &^ (3 << 62))
}

// Tokens splits text into normalised words (see Features).
func Tokens(text string) []string {
	var (
		out []string
		sb  strings.Builder
	)
	flush := func() {
		if sb.Len() > 0 && len(out) < maxTokens {
			out = append(out, sb.String())
		}
		sb.Reset()
	}
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsDigit(r):
			sb.WriteByte('0')
		case unicode.IsLetter(r):
			if f, ok := folded[r]; ok {
				sb.WriteString(f)
			} else {
				sb.WriteRune(r)
			}
		case r == '€' || r == '$' || r == '£':
			flush()
			out = append(out, "€")
		default:
			flush()
		}
	}
	flush()
	return out
}

// folded maps accented letters to their plain spelling, so that French
// and German typed without accents (as staff often do) read the same.
var folded = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ô': "o", 'ö': "o", 'ó': "o", 'ù': "u", 'û': "u", 'ü': "u", 'ú': "u",
	'ÿ': "y", 'œ': "oe", 'æ': "ae", 'ß': "ss",
}

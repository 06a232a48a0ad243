package classifier

import (
	"hash/fnv"
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

// WordWeight is how much more a word feature weighs than a character n-gram.
var WordWeight float32 = 2

// Char n-gram lengths. Short grams carry inflection and typos ("brib",
// "pot-de-vin", "Schmiergeld" share grams with their variants); words and
// word pairs carry the phrasing.
var (
	MinGram = 4
	MaxGram = 4
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
	h := fnv.New64a()
	add := func(kind byte, s string) {
		h.Reset()
		_, _ = h.Write([]byte{kind})
		_, _ = h.Write([]byte(s))
		f := Feature(h.Sum64() &^ (3 << 62))
		if kind != 'c' {
			f |= wordFeature
		}
		feats = append(feats, f)
	}
	for i, t := range tokens {
		add('w', t)
		if i > 0 {
			add('b', tokens[i-1]+" "+t)
		}
		padded := []rune(" " + t + " ")
		for n := MinGram; n <= MaxGram; n++ {
			for j := 0; j+n <= len(padded); j++ {
				add('c', string(padded[j:j+n]))
			}
		}
	}
	slices.Sort(feats)
	return slices.Compact(feats)
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

// Words returns the features made of whole words (words and word pairs),
// which carry how a message is phrased rather than what it is about.
func Words(feats []Feature) []Feature {
	out := make([]Feature, 0, len(feats)/4)
	for _, f := range feats {
		if f&wordFeature != 0 {
			out = append(out, f)
		}
	}
	return out
}

package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"vigil/knowledge/classifier"
)

// quoteMarks are the marks that may open a quotation (see closers).
const quoteMarks = `"“„«»‘‚'`

// closers returns the marks that may close a quotation opened by r
// (English "…" “…” '…' ‘…’, French « … », German „…“ »…« ‚…‘), or ""
// when r opens none.
func closers(r rune) string {
	switch r {
	case '"':
		return `"`
	case '“':
		return "”"
	case '„':
		return "“”"
	case '«':
		return "»"
	case '»':
		return "«"
	case '‘':
		return "’"
	case '‚':
		return "‘’"
	case '\'':
		return "'’"
	}
	return ""
}

// minQuotedWords is how many words a quoted passage needs to be left out
// when the language is told: a quoted term ("a 'foundation'") belongs to
// the sentence around it.
const minQuotedWords = 3

// minOwnWords is how many words must remain outside quoted passages for
// them alone to tell the language.
const minOwnWords = 3

// ownWords returns a message without the passages it quotes, when it
// quotes at least one passage of minQuotedWords words or more and still
// has minOwnWords words of its own: staff who forward what someone wrote to them
// ("Hab auf LinkedIn folgende Nachricht bekommen: 'Hi, we are a
// consultancy…' Soll ich reagieren?") write, and expect an answer, in the
// language of their own words. ok is false otherwise.
func ownWords(text string) (own string, ok bool) {
	if !strings.ContainsAny(text, quoteMarks) {
		return "", false
	}
	var b strings.Builder
	removed := false
	unclosed := map[string]bool{} // closers not found after some mark: nor after a later one
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if c := closers(r); c != "" && !unclosed[c] && opensQuote(text, i) {
			end := closingQuote(text, i+size, c)
			unclosed[c] = end < 0
			if end > 0 && len(strings.Fields(text[i+size:end])) >= minQuotedWords {
				b.WriteByte(' ')
				_, closeSize := utf8.DecodeRuneInString(text[end:])
				i = end + closeSize
				removed = true
				continue
			}
		}
		b.WriteString(text[i : i+size])
		i += size
	}
	if !removed {
		return "", false
	}
	own = b.String()
	return own, len(classifier.Tokens(own)) >= minOwnWords
}

// opensQuote reports whether the mark at text[i] may open a quotation: at
// the start, or after a space or an opening bracket or a colon (an
// apostrophe inside a word, as in "m'a" or "we'd", does not).
func opensQuote(text string, i int) bool {
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(prev) || strings.ContainsRune("([:", prev)
}

// closingQuote returns the index of the first of marks, from
// text[from:], that ends a quotation: followed by the end, a space or
// punctuation. It returns -1 when there is none.
func closingQuote(text string, from int, marks string) int {
	for i := from; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if strings.ContainsRune(marks, r) && i > from {
			if i+size == len(text) {
				return i
			}
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if unicode.IsSpace(next) || unicode.IsPunct(next) {
				return i
			}
		}
		i += size
	}
	return -1
}

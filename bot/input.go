package bot

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxMessageRunes is the longest message Vigil accepts, in characters.
const MaxMessageRunes = 4000

// CleanInput prepares untrusted chat text: invalid UTF-8 is replaced,
// control characters other than newline and tab are removed, and
// surrounding space is trimmed. When the text is too long it returns a
// polite refusal as problem and no text.
func CleanInput(s string) (text, problem string) { return cleanInput(langEN, s) }

// cleanInput is CleanInput with the refusal in lang.
func cleanInput(lang, s string) (text, problem string) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if n := utf8.RuneCountInString(s); n > MaxMessageRunes {
		return "", fmt.Sprintf(tr(lang).messageTooLong, n, MaxMessageRunes)
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case unicode.IsControl(r), r == '\u200b', r == '\ufeff', unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s), ""
}

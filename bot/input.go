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
	return cleanMessage(lang, Message{Text: s})
}

// cleanMessage is cleanInput for msg, whose length is msg.Length when the
// adapter passed only the start of it.
func cleanMessage(lang string, msg Message) (text, problem string) {
	s := strings.ToValidUTF8(msg.Text, "\uFFFD")
	if n := max(utf8.RuneCountInString(s), msg.Length); n > MaxMessageRunes {
		return "", fmt.Sprintf(tr(lang).messageTooLong, n, MaxMessageRunes)
	}
	return cleanText(s, false), ""
}

// CleanReport returns r with every answer cleaned as CleanInput cleans a
// message: invalid UTF-8 replaced; control characters (ESC, BEL, NUL,
// ...), zero-width and direction-override characters removed; the
// one-line answers (who, country, link) kept on one line; surrounding
// space trimmed. Lengths are left to Report.Validate, which names an
// answer over its limit. Adapters clean a form's answers with it; the core
// cleans every report again before filing it.
func CleanReport(r Report) Report {
	for _, f := range []*string{&r.Approacher, &r.ApproacherCountry, &r.SourceLink} {
		*f = cleanText(*f, true)
	}
	for _, f := range []*string{&r.Description, &r.AcceptedDetail, &r.Evidence} {
		*f = cleanText(*f, false)
	}
	return r
}

// cleanText removes from s what must not reach a terminal, a spreadsheet
// or a chat: invalid UTF-8 (replaced), control characters other than
// newline and tab, zero-width and direction-override characters. With
// oneLine, line breaks and tabs become spaces. Surrounding space is
// trimmed.
func cleanText(s string, oneLine bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\u2028' || r == '\u2029':
			if oneLine {
				return ' '
			}
			return r
		case r == '\r':
			return -1
		case unicode.IsControl(r), r == '\u200b', r == '\ufeff', unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

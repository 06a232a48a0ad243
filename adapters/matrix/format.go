package matrix

import (
	"html"
	"regexp"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// codeSpan matches `text` on one line, after HTML escaping (escaping leaves
// backticks alone).
var codeSpan = regexp.MustCompile("`([^`\n]+)`")

// escapeHTML is the one place where text bound for a Matrix HTML body is
// made safe: every character with a meaning in HTML is escaped, then
// backtick spans become <code> and line breaks <br>. Nothing in the text is
// ever interpreted as markup.
func escapeHTML(text string) string {
	s := html.EscapeString(text)
	s = codeSpan.ReplaceAllString(s, "<code>$1</code>")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// noticeContent builds the m.notice the bot sends for text: a plain body and
// an escaped HTML body, in the thread rooted at thread when it is set. The
// notice mentions nobody.
func noticeContent(text string, thread id.EventID) *event.MessageEventContent {
	c := &event.MessageEventContent{
		MsgType:       event.MsgNotice,
		Body:          text,
		Format:        event.FormatHTML,
		FormattedBody: escapeHTML(text),
		Mentions:      &event.Mentions{},
	}
	if thread != "" {
		c.RelatesTo = (&event.RelatesTo{}).SetThread(thread, thread)
	}
	return c
}

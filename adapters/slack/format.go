package slack

import (
	"regexp"
	"strings"
)

// mrkdwnEscaper escapes the three characters Slack's mrkdwn treats as
// control characters. With them escaped, text cannot form mentions such as
// <!channel>, user or channel links, or hyperlinks.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// mrkdwn is the one place where text leaving Vigil for a Slack message is
// prepared: every reply, notice and file comment goes through it.
func mrkdwn(text string) string { return mrkdwnEscaper.Replace(text) }

// slackEntities decodes the escapes Slack applies to message text.
var slackEntities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// markup matches Slack's <...> control sequences in incoming text.
var markup = regexp.MustCompile(`<([^<>]*)>`)

// plainText turns incoming Slack message text into the plain text the core
// expects: mentions, channel links and hyperlinks become readable words,
// and Slack's &amp; &lt; &gt; escapes are decoded.
func plainText(s string) string {
	s = markup.ReplaceAllStringFunc(s, func(m string) string {
		target, label, hasLabel := strings.Cut(m[1:len(m)-1], "|")
		switch {
		case strings.HasPrefix(target, "@"): // user
			if hasLabel && label != "" {
				return "@" + strings.TrimPrefix(label, "@")
			}
			return target
		case strings.HasPrefix(target, "#"): // channel
			if hasLabel && label != "" {
				return "#" + label
			}
			return target
		case strings.HasPrefix(target, "!"): // special mention, user group, date
			if hasLabel && label != "" {
				return label
			}
			word, _, _ := strings.Cut(target[1:], "^")
			return "@" + word
		}
		addr := strings.TrimPrefix(target, "mailto:")
		if hasLabel && label != "" && label != target && label != addr {
			return label + " (" + addr + ")"
		}
		return addr
	})
	return slackEntities.Replace(s)
}

// stripMention removes every mention of the bot user from text.
func stripMention(text, botUserID string) string {
	if botUserID == "" {
		return text
	}
	var sb strings.Builder
	for {
		i := strings.Index(text, "<@"+botUserID)
		if i < 0 {
			sb.WriteString(text)
			break
		}
		end := strings.IndexByte(text[i:], '>')
		rest := text[i+2+len(botUserID):]
		if end < 0 || (len(rest) > 0 && rest[0] != '>' && rest[0] != '|') {
			// Another user whose ID starts with the bot's ID, or no end.
			sb.WriteString(text[:i+2])
			text = text[i+2:]
			continue
		}
		sb.WriteString(text[:i])
		text = text[i+end+1:]
	}
	return strings.TrimSpace(sb.String())
}

// truncateRunes shortens s to at most n characters.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

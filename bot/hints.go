package bot

import (
	"regexp"
	"strings"
)

// backticked matches a span of text in backticks, where replies name commands
// (`report`, `topics fr`, `status <reference>`).
var backticked = regexp.MustCompile("`([^`\n]+)`")

// commandsAsTypedIn rewrites the commands that the replies to a group
// message name in backticks, in the replies that stay in that group, the
// way they are typed there (`!vigil report` in a Matrix room, `/vigil
// report` in a Slack channel): a plain `report` is not for Vigil there. A
// command is a word of the router's table: the commands and the words that
// start a report in every language of the catalogue.
func (b *Bot) commandsAsTypedIn(msg Message, out []Outgoing) []Outgoing {
	if msg.Direct || len(out) == 0 {
		return out
	}
	a, ok := b.adapter(msg.Platform)
	if !ok {
		return out
	}
	gc, ok := a.(GroupCommander)
	if !ok {
		return out
	}
	for i, o := range out {
		if o.To.ConversationID != msg.ConversationID {
			continue // a direct message: commands are typed as they are
		}
		out[i].Reply.Text = backticked.ReplaceAllStringFunc(o.Reply.Text, func(q string) string {
			inner := q[1 : len(q)-1]
			word, _, _ := strings.Cut(inner, " ")
			if _, ok := b.commands[strings.ToLower(word)]; !ok {
				return q
			}
			return "`" + gc.GroupCommand(inner) + "`"
		})
	}
	return out
}

package slack

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// Block Kit limits that choice buttons must respect.
const (
	choiceActionPrefix = "vigil_choice_" // action_id of a choice button, then its index
	maxBlockText       = 3000            // characters in a section block
	maxChoiceLabel     = 75              // characters on a button
	maxChoiceReply     = 3               // digits a choice may send ("1" to "999")
)

// choiceBlocks renders a reply with choices as Block Kit: its text, then a
// button per choice. It is nil when the reply has no choices or its text
// is too long for a block (the text alone, which lists the choices by
// number, is then sent).
func choiceBlocks(r bot.Reply) []slackgo.Block {
	text := mrkdwn(r.Text)
	if len(r.Choices) == 0 || utf8.RuneCountInString(text) > maxBlockText {
		return nil
	}
	buttons := make([]slackgo.BlockElement, 0, len(r.Choices))
	for i, c := range r.Choices {
		label := slackgo.NewTextBlockObject(slackgo.PlainTextType, truncateRunes(plainText(c.Label), maxChoiceLabel), false, false)
		buttons = append(buttons, slackgo.NewButtonBlockElement(choiceActionPrefix+strconv.Itoa(i), c.Reply, label))
	}
	return []slackgo.Block{
		slackgo.NewSectionBlock(slackgo.NewTextBlockObject(slackgo.MarkdownType, text, false, true), nil, nil),
		slackgo.NewActionBlock("vigil_choices", buttons...),
	}
}

// onChoice passes a clicked choice button to the core as the message its
// user would have typed. Only short numbers are accepted: a button's value
// comes back from the client, and a forged one must not become a command.
func (a *Adapter) onChoice(ctx context.Context, ic slackgo.InteractionCallback) {
	for _, act := range ic.ActionCallback.BlockActions {
		if !strings.HasPrefix(act.ActionID, choiceActionPrefix) || !isChoiceReply(act.Value) {
			continue
		}
		core, _ := a.state()
		direct := a.isBotDM(ctx, ic.Channel.ID, ic.User.ID)
		msg := bot.Message{Platform: bot.PlatformSlack, ConversationID: ic.Channel.ID, ThreadID: ic.Message.ThreadTimestamp,
			Sender: a.user(ctx, ic.User.ID, ic.User.Name), Direct: direct, Text: act.Value, Raw: ic}
		if ic.Container.IsEphemeral && ic.ResponseURL != "" {
			ctx = withSlash(ctx, slashReply{channel: ic.Channel.ID, responseURL: ic.ResponseURL, direct: direct})
		}
		core.HandleMessage(ctx, msg)
		return
	}
}

// isChoiceReply reports whether v is a choice's reply: a short number.
func isChoiceReply(v string) bool {
	if v == "" || len(v) > maxChoiceReply {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

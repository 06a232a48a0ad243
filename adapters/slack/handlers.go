package slack

import (
	"context"
	"strings"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"vigil/bot"
)

// Callback IDs of the report modal and the message shortcut (see
// manifest.yaml).
const (
	reportCallbackID   = "vigil_report"
	shortcutCallbackID = "report_message"
)

// The handlers below are shared by Socket Mode and HTTP mode. They return
// at once: slow work is queued, so that the transport can acknowledge the
// envelope within Slack's three seconds.

// onEvent handles one Events API callback. Events already seen (Slack
// retries) are ignored.
func (a *Adapter) onEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	if cb.EventID != "" && !a.seen.add(cb.EventID, struct{}{}) {
		a.log.Debug("duplicate event ignored", "event_id", cb.EventID)
		return
	}
	_, botUserID := a.state()
	msg, ok := messageFrom(ev.InnerEvent.Data, botUserID)
	if !ok {
		return
	}
	a.enqueue(ctx, msg.Sender.ID, func(ctx context.Context) {
		core, _ := a.state()
		msg.Sender = a.user(ctx, msg.Sender.ID, "")
		core.HandleMessage(ctx, msg)
	})
}

// messageFrom turns a direct message or a mention into a core message. It
// rejects messages from bots (Vigil included), edits, deletions and other
// message subtypes.
func messageFrom(inner any, botUserID string) (bot.Message, bool) {
	switch e := inner.(type) {
	case *slackevents.MessageEvent:
		if e.ChannelType != "im" && !isDMChannel(e.Channel) {
			return bot.Message{}, false // only direct messages; channels need a mention
		}
		if (e.SubType != "" && e.SubType != "file_share") || e.BotID != "" || e.User == "" || e.User == botUserID {
			return bot.Message{}, false
		}
		return bot.Message{
			Platform: bot.PlatformSlack, ConversationID: e.Channel, ThreadID: e.ThreadTimeStamp, MessageID: e.TimeStamp,
			Sender: bot.User{Platform: bot.PlatformSlack, ID: e.User}, Direct: true,
			Text: plainText(stripMention(e.Text, botUserID)), Raw: e,
		}, true
	case *slackevents.AppMentionEvent:
		if isDMChannel(e.Channel) || e.BotID != "" || e.User == "" || e.User == botUserID || e.Edited != nil {
			return bot.Message{}, false // direct messages arrive as message events too
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		text := plainText(stripMention(e.Text, botUserID))
		if strings.TrimSpace(text) == "" {
			text = "help"
		}
		return bot.Message{
			Platform: bot.PlatformSlack, ConversationID: e.Channel, ThreadID: thread, MessageID: e.TimeStamp,
			Sender: bot.User{Platform: bot.PlatformSlack, ID: e.User}, Text: text, Raw: e,
		}, true
	}
	return bot.Message{}, false
}

// onCommand handles the /vigil slash command: its text is a message to the
// core, "help" when empty. Raw holds the command, whose trigger ID lets
// `report` open the modal.
func (a *Adapter) onCommand(ctx context.Context, cmd slackgo.SlashCommand) {
	if cmd.UserID == "" || cmd.ChannelID == "" {
		return
	}
	a.enqueue(ctx, cmd.UserID, func(ctx context.Context) {
		core, _ := a.state()
		text := plainText(cmd.Text)
		if strings.TrimSpace(text) == "" {
			text = "help"
		}
		direct := a.isBotDM(ctx, cmd.ChannelID, cmd.UserID)
		msg := bot.Message{Platform: bot.PlatformSlack, ConversationID: cmd.ChannelID,
			Sender: a.user(ctx, cmd.UserID, cmd.UserName), Direct: direct, Text: text, Raw: cmd}
		ctx = withSlash(ctx, slashReply{channel: cmd.ChannelID, responseURL: cmd.ResponseURL, direct: direct})
		core.HandleMessage(ctx, msg)
	})
}

// onInteraction handles modal submissions and the message shortcut. For a
// report submission with errors it returns the response that shows them
// in the modal; otherwise nil, which closes the modal.
func (a *Adapter) onInteraction(ctx context.Context, ic slackgo.InteractionCallback) *slackgo.ViewSubmissionResponse {
	switch {
	case ic.Type == slackgo.InteractionTypeViewSubmission && ic.View.CallbackID == reportCallbackID:
		return a.onReportSubmission(ctx, ic)
	case ic.Type == slackgo.InteractionTypeMessageAction && ic.CallbackID == shortcutCallbackID:
		a.enqueue(ctx, ic.User.ID, func(ctx context.Context) { a.openPrefilledForm(ctx, ic) })
	case ic.Type == slackgo.InteractionTypeBlockActions:
		a.enqueue(ctx, ic.User.ID, func(ctx context.Context) { a.onChoice(ctx, ic) })
	}
	return nil
}

// enqueue runs job in the background after the user's earlier jobs. The
// job's context survives the end of ctx (so that a reply in progress is
// not cut off at shutdown) but is bounded by jobTimeout.
func (a *Adapter) enqueue(ctx context.Context, userID string, job func(context.Context)) {
	base := context.WithoutCancel(ctx)
	ok := a.jobs.do(userID, func() {
		ctx, cancel := context.WithTimeout(base, jobTimeout)
		defer cancel()
		job(ctx)
	})
	if !ok {
		a.log.Warn("too many pending events from one user; event dropped")
	}
}

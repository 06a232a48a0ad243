package matrix

import (
	"context"
	"net/url"
	"runtime/debug"
	"strings"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/bot"
)

// onMessage returns the handler for room messages (plain or decrypted):
// it turns those meant for the bot into bot.Message values for the core.
func (a *Adapter) onMessage(c *conn) mautrix.EventHandler {
	return func(ctx context.Context, evt *event.Event) {
		defer func() {
			if r := recover(); r != nil {
				a.log.Error("panic while handling a matrix message", "event", evt.ID, "panic", r, "stack", string(debug.Stack()))
			}
		}()
		core := a.handler()
		if core == nil {
			return
		}
		msg, ok := a.toMessage(ctx, c, evt)
		if !ok {
			return
		}
		a.handleOnce(ctx, c, core, msg, evt.ID)
	}
}

// handleOnce passes msg to core unless the record of handled messages
// says it was handled before (the same sync fetched again after a crash,
// or a second delivery of the event), and records it once core has
// answered it. It is recorded after the answer, not before, so that a
// crash in between may answer it twice but never loses it.
func (a *Adapter) handleOnce(ctx context.Context, c *conn, core bot.Core, msg bot.Message, evt id.EventID) {
	fresh, err := c.handled.begin(ctx, evt)
	if err != nil {
		a.log.Warn("could not tell whether a message was handled before; handling it", "event", evt, "err", err)
	}
	if !fresh {
		a.log.Info("message already handled, not answering it again", "event", evt)
		return
	}
	defer func() {
		if err := c.handled.end(context.WithoutCancel(ctx), evt); err != nil {
			a.log.Warn("could not record a handled message; a crash now would answer it again", "event", evt, "err", err)
		}
	}()
	core.HandleMessage(ctx, msg)
}

// toMessage converts a room message into a bot.Message. ok is false for
// messages the bot ignores: its own, notices and other non-text messages,
// edits, messages in rooms it has left, and group messages not addressed to
// it. The security room counts as a group room.
func (a *Adapter) toMessage(ctx context.Context, c *conn, evt *event.Event) (bot.Message, bool) {
	if evt.Sender == c.cli.UserID || evt.Mautrix.EventSource&event.SourceJoin == 0 {
		return bot.Message{}, false
	}
	content := evt.Content.AsMessage()
	if content.MsgType != event.MsgText || content.RelatesTo.GetReplaceID() != "" {
		return bot.Message{}, false
	}
	content.RemoveReplyFallback()
	text := strings.TrimSpace(content.Body)
	direct := a.oneToOne(ctx, c, evt.RoomID, evt.Sender)
	if direct {
		// The prefix is not needed in a direct room, but a habit from
		// group rooms must not turn a command into an unknown one.
		if rest, ok := cutPrefix(a.cfg.CommandPrefix, text); ok {
			text = rest
			if text == "" {
				text = "help"
			}
		}
	} else {
		var ok bool
		if text, ok = addressed(c, a.cfg.CommandPrefix, content, text); !ok {
			return bot.Message{}, false
		}
		if text == "" {
			text = "help"
		}
	}
	thread := content.RelatesTo.GetThreadParent()
	if thread == "" && !direct {
		thread = evt.ID // answer in a thread started on the message
	}
	return bot.Message{
		Platform:       bot.PlatformMatrix,
		ConversationID: evt.RoomID.String(),
		ThreadID:       thread.String(),
		MessageID:      evt.ID.String(),
		Sender:         bot.User{Platform: bot.PlatformMatrix, ID: evt.Sender.String(), Name: a.memberName(ctx, c, evt.RoomID, evt.Sender)},
		Direct:         direct,
		Text:           text,
		Raw:            evt,
	}, true
}

// addressed reports whether a group message is meant for the bot (it
// starts with the command prefix or mentions the bot) and returns the text
// without the prefix or the leading mention.
func addressed(c *conn, prefix string, content *event.MessageEventContent, text string) (string, bool) {
	if rest, ok := cutPrefix(prefix, text); ok {
		return rest, true
	}
	self := c.cli.UserID
	if !mentions(self, content, text) {
		return "", false
	}
	localpart, _, _ := self.Parse()
	for _, label := range []string{self.String(), c.name, "@" + localpart, localpart} {
		if rest, ok := cutLabel(text, label); ok {
			text = rest
			break
		}
	}
	if strings.Contains(text, self.String()) {
		text = strings.Join(strings.Fields(strings.ReplaceAll(text, self.String(), "")), " ")
	}
	return strings.TrimSpace(text), true
}

// cutPrefix removes the command prefix (any case, optionally followed by
// ':' or ',') from the start of text.
func cutPrefix(prefix, text string) (string, bool) {
	word, rest, _ := strings.Cut(text, " ")
	if !strings.EqualFold(strings.TrimRight(word, ":,"), prefix) {
		return text, false
	}
	return strings.TrimSpace(rest), true
}

// cutLabel removes label from the start of text when it stands there as a
// word (followed by the end, a space, ':' or ',').
func cutLabel(text, label string) (string, bool) {
	if label == "" || len(text) < len(label) || !strings.EqualFold(text[:len(label)], label) {
		return text, false
	}
	rest := text[len(label):]
	if rest != "" && !strings.ContainsRune(" :,", rune(rest[0])) {
		return text, false
	}
	return strings.TrimLeft(rest, ":, "), true
}

// mentions reports whether a message mentions self: intentionally
// (m.mentions), as a matrix.to link in the HTML body, or by user ID.
func mentions(self id.UserID, content *event.MessageEventContent, text string) bool {
	if content.Mentions.Has(self) || strings.Contains(text, self.String()) {
		return true
	}
	body := content.FormattedBody
	return strings.Contains(body, "matrix.to/#/"+self.String()) ||
		strings.Contains(body, "matrix.to/#/"+url.PathEscape(self.String()))
}

// GroupCommand implements bot.GroupCommander: in a group room the bot
// answers messages that start with the command prefix.
func (a *Adapter) GroupCommand(command string) string { return a.cfg.CommandPrefix + " " + command }

// memberName returns the sender's display name in the room, or "".
func (a *Adapter) memberName(ctx context.Context, c *conn, room id.RoomID, user id.UserID) string {
	m, err := c.cli.StateStore.TryGetMember(ctx, room, user)
	if err != nil || m == nil {
		return ""
	}
	return m.Displayname
}

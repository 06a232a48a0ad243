package matrix

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/bot"
)

var (
	_ bot.ConversationFinder = (*Adapter)(nil)
	_ bot.Poster             = (*Adapter)(nil)
	_ bot.Retractor          = (*Adapter)(nil)
)

// FindConversation implements bot.ConversationFinder: a room ID
// ("!abc:example.org") or alias ("#news:example.org"), which is resolved;
// the bot is a member when the room is among its joined rooms (it joins
// rooms it is invited to by allowed users). It returns
// bot.ErrNoConversation for an alias that does not exist or anything that
// is not a room, and ErrNotConnected while not logged in.
func (a *Adapter) FindConversation(ctx context.Context, ref string) (bot.Conversation, error) {
	c, err := a.connected()
	if err != nil {
		return bot.Conversation{}, err
	}
	ref = strings.TrimSpace(ref)
	var room id.RoomID
	switch {
	case strings.HasPrefix(ref, "#") && strings.Contains(ref, ":"):
		resp, err := c.cli.ResolveAlias(ctx, id.RoomAlias(ref))
		if errors.Is(err, mautrix.MNotFound) {
			return bot.Conversation{}, bot.ErrNoConversation
		}
		if err != nil {
			return bot.Conversation{}, fmt.Errorf("resolve matrix room alias %s: %w", ref, err)
		}
		room = resp.RoomID
	case strings.HasPrefix(ref, "!") && strings.Contains(ref, ":"):
		room = id.RoomID(ref)
	default:
		return bot.Conversation{}, bot.ErrNoConversation
	}
	joined, err := c.cli.JoinedRooms(ctx)
	if err != nil {
		return bot.Conversation{}, fmt.Errorf("list matrix rooms: %w", err)
	}
	return bot.Conversation{ID: string(room), Name: ref, Member: slices.Contains(joined.JoinedRooms, room)}, nil
}

// Post implements bot.Poster: it sends r as Send does, with the key as
// the transaction ID, so that the homeserver, which remembers a
// transaction for a while (Dendrite and Synapse: about half an hour), does
// not post a retried delivery twice.
func (a *Adapter) Post(ctx context.Context, to bot.Address, r bot.Reply, key string, _ bool) (bot.Posted, error) {
	c, err := a.connected()
	if err != nil {
		return bot.Posted{}, err
	}
	room, thread, err := a.target(ctx, c, to)
	if err != nil {
		return bot.Posted{}, err
	}
	resp, err := c.cli.SendMessageEvent(ctx, room, event.EventMessage, noticeContent(r.Text, thread),
		mautrix.ReqSendEvent{TransactionID: key})
	if err != nil {
		return bot.Posted{}, fmt.Errorf("send matrix message to %s: %w", room, err)
	}
	return bot.Posted{ConversationID: string(room), MessageID: string(resp.EventID)}, nil
}

// Retract implements bot.Retractor with a redaction; where the room does
// not let the bot redact, the message is edited to notice instead.
func (a *Adapter) Retract(ctx context.Context, m bot.Posted, notice bot.Reply) error {
	c, err := a.connected()
	if err != nil {
		return err
	}
	room, evt := id.RoomID(m.ConversationID), id.EventID(m.MessageID)
	_, err = c.cli.RedactEvent(ctx, room, evt, mautrix.ReqRedact{Reason: notice.Text, TxnID: "vigil-retract-" + m.MessageID})
	switch {
	case err == nil, errors.Is(err, mautrix.MNotFound):
		return nil
	case !errors.Is(err, mautrix.MForbidden):
		return fmt.Errorf("redact matrix message in %s: %w", room, err)
	}
	edit := noticeContent(notice.Text, "")
	edit.SetEdit(evt)
	if _, err := c.cli.SendMessageEvent(ctx, room, event.EventMessage, edit); err != nil {
		return fmt.Errorf("edit matrix message in %s: %w", room, err)
	}
	return nil
}

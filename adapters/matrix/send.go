package matrix

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/bot"
)

// Send implements bot.Adapter: it posts r as an m.notice (encrypted in
// encrypted rooms) in the addressed room and thread, or in a direct room
// with to.UserID when to.ConversationID is empty, creating that room when
// needed. It returns ErrNotConnected while not logged in and an error when
// the homeserver refuses the message.
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	c, err := a.connected()
	if err != nil {
		return err
	}
	room, thread, err := a.target(ctx, c, to)
	if err != nil {
		return err
	}
	if _, err := c.cli.SendMessageEvent(ctx, room, event.EventMessage, noticeContent(r.Text, thread)); err != nil {
		return fmt.Errorf("send matrix message to %s: %w", room, err)
	}
	return nil
}

// target resolves an address to a room and thread root.
func (a *Adapter) target(ctx context.Context, c *conn, to bot.Address) (id.RoomID, id.EventID, error) {
	switch {
	case to.ConversationID == "" && to.UserID == "":
		return "", "", errors.New("matrix: reply without a room or user")
	case to.ConversationID == "":
		room, err := a.directRoom(ctx, c, id.UserID(to.UserID))
		return room, "", err
	case strings.HasPrefix(to.ConversationID, "#"):
		room, err := a.resolveAlias(ctx, c, to.ConversationID)
		return room, id.EventID(to.ThreadID), err
	default:
		return id.RoomID(to.ConversationID), id.EventID(to.ThreadID), nil
	}
}

// resolveAlias returns the room ID of a room alias, remembering it.
func (a *Adapter) resolveAlias(ctx context.Context, c *conn, alias string) (id.RoomID, error) {
	if room, ok := a.aliases.Load(alias); ok {
		return room.(id.RoomID), nil
	}
	resp, err := c.cli.ResolveAlias(ctx, id.RoomAlias(alias))
	if err != nil {
		return "", fmt.Errorf("resolve matrix room alias %s: %w", alias, err)
	}
	a.aliases.Store(alias, resp.RoomID)
	return resp.RoomID, nil
}

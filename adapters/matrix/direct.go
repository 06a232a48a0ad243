package matrix

import (
	"context"
	"fmt"
	"slices"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// directRoom returns a room shared only by the bot and user: one already
// known, one found among the joined rooms (encrypted ones first), or a new
// encrypted room to which user is invited.
func (a *Adapter) directRoom(ctx context.Context, c *conn, user id.UserID) (id.RoomID, error) {
	if _, _, err := user.Parse(); err != nil {
		return "", fmt.Errorf("matrix: %q is not a user ID: %w", user, err)
	}
	a.dmMu.Lock()
	defer a.dmMu.Unlock()
	if room, ok := a.dms[user]; ok && a.isDirectWith(ctx, c, room, user) {
		return room, nil
	}
	room, err := a.findDirectRoom(ctx, c, user)
	if err != nil {
		return "", err
	}
	if room == "" {
		if room, err = a.createDirectRoom(ctx, c, user); err != nil {
			return "", err
		}
	}
	a.dms[user] = room
	return room, nil
}

// findDirectRoom looks for a joined room with exactly the bot and user.
func (a *Adapter) findDirectRoom(ctx context.Context, c *conn, user id.UserID) (id.RoomID, error) {
	joined, err := c.cli.JoinedRooms(ctx)
	if err != nil {
		return "", fmt.Errorf("list matrix rooms: %w", err)
	}
	var found id.RoomID
	for _, room := range joined.JoinedRooms {
		if !a.isDirectWith(ctx, c, room, user) {
			continue
		}
		if enc, err := c.cli.StateStore.IsEncrypted(ctx, room); err == nil && enc {
			return room, nil
		}
		if found == "" {
			found = room
		}
	}
	return found, nil
}

// isDirectWith reports whether the bot and user are the only members
// (joined or invited) of room.
func (a *Adapter) isDirectWith(ctx context.Context, c *conn, room id.RoomID, user id.UserID) bool {
	members, err := c.cli.StateStore.GetRoomJoinedOrInvitedMembers(ctx, room)
	return err == nil && len(members) == 2 && slices.Contains(members, user) && slices.Contains(members, c.cli.UserID)
}

// createDirectRoom creates an encrypted direct room and invites user.
func (a *Adapter) createDirectRoom(ctx context.Context, c *conn, user id.UserID) (id.RoomID, error) {
	resp, err := c.cli.CreateRoom(ctx, &mautrix.ReqCreateRoom{
		Preset:   "trusted_private_chat",
		IsDirect: true,
		Invite:   []id.UserID{user},
		InitialState: []*event.Event{{
			Type:    event.StateEncryption,
			Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}},
		}},
	})
	if err != nil {
		return "", fmt.Errorf("create matrix direct room: %w", err)
	}
	a.log.Info("created direct room", "room", resp.RoomID)
	return resp.RoomID, nil
}

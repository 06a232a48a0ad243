package matrix

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// directRoom returns a verified one-to-one room of the bot and user (see
// oneToOne): one already known, one found among the joined rooms
// (encrypted ones first), or a new encrypted room to which user is
// invited. Case details and reports go only there: the homeserver's list
// of joined members is checked again before a known room is used.
func (a *Adapter) directRoom(ctx context.Context, c *conn, user id.UserID) (id.RoomID, error) {
	if _, _, err := user.Parse(); err != nil {
		return "", fmt.Errorf("matrix: %q is not a user ID: %w", user, err)
	}
	a.dmMu.Lock()
	defer a.dmMu.Unlock()
	if room, ok := a.dms[user]; ok && a.oneToOne(ctx, c, room, user) && a.confirmOneToOne(ctx, c, room, user) {
		return room, nil
	}
	delete(a.dms, user)
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

// findDirectRoom looks for a joined one-to-one room of the bot and user,
// encrypted ones first, that the homeserver confirms.
func (a *Adapter) findDirectRoom(ctx context.Context, c *conn, user id.UserID) (id.RoomID, error) {
	joined, err := c.cli.JoinedRooms(ctx)
	if err != nil {
		return "", fmt.Errorf("list matrix rooms: %w", err)
	}
	var encrypted, plain []id.RoomID
	for _, room := range joined.JoinedRooms {
		if !a.oneToOne(ctx, c, room, user) {
			continue
		}
		if enc, err := c.cli.StateStore.IsEncrypted(ctx, room); err == nil && enc {
			encrypted = append(encrypted, room)
		} else {
			plain = append(plain, room)
		}
	}
	for _, room := range append(encrypted, plain...) {
		if a.confirmOneToOne(ctx, c, room, user) {
			return room, nil
		}
	}
	return "", nil
}

// oneToOne reports whether room is a one-to-one room of the bot and user:
// never the security room, whatever its members, and otherwise a room
// whose only members (joined or invited) are the bot and user, as the
// client's room state says (the homeserver's list of joined members when
// that state is not known yet).
func (a *Adapter) oneToOne(ctx context.Context, c *conn, room id.RoomID, user id.UserID) bool {
	if a.isSecurityRoom(ctx, c, room) {
		return false
	}
	members, err := c.cli.StateStore.GetRoomJoinedOrInvitedMembers(ctx, room)
	if err != nil || len(members) < 2 {
		resp, err := c.cli.JoinedMembers(ctx, room)
		if err != nil {
			a.log.Warn("could not list room members", "room", room, "err", err)
			return false
		}
		members = slices.Collect(maps.Keys(resp.Joined))
	}
	return len(members) == 2 && slices.Contains(members, user) && slices.Contains(members, c.cli.UserID)
}

// confirmOneToOne asks the homeserver whether the bot and user are still
// the only joined members of room, for a room found from the client's
// state before anything private is sent there.
func (a *Adapter) confirmOneToOne(ctx context.Context, c *conn, room id.RoomID, user id.UserID) bool {
	resp, err := c.cli.JoinedMembers(ctx, room)
	if err != nil {
		a.log.Warn("could not confirm the members of a direct room", "room", room, "err", err)
		return false
	}
	_, withUser := resp.Joined[user]
	_, withBot := resp.Joined[c.cli.UserID]
	return withBot && len(resp.Joined) <= 2 && (withUser || len(resp.Joined) == 1)
}

// isSecurityRoom reports whether room is the configured security room
// (its alias resolved once), which follows the group-room rules however
// few its members.
func (a *Adapter) isSecurityRoom(ctx context.Context, c *conn, room id.RoomID) bool {
	if a.cfg.SecurityRoom == "" {
		return false
	}
	sec, err := a.securityRoomID(ctx, c)
	if err != nil {
		a.log.Warn("could not resolve the security room's alias", "room", a.cfg.SecurityRoom, "err", err)
		return false
	}
	return sec == room
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

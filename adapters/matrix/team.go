package matrix

import (
	"context"
	"errors"
	"fmt"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/bot"
)

var _ bot.TeamDirectory = (*Adapter)(nil)

// errNotInSecurityRoom means the bot cannot see who is in the security
// room because it is not joined to it.
var errNotInSecurityRoom = errors.New("the bot is not in the security room; invite it there")

// IsTeamMember implements bot.TeamDirectory: with
// security_room_members_are_team set, the users joined to the security room
// (never the bot itself) belong to the security team. The answer comes
// from the room state the client keeps from its sync; only the first
// question after the bot joined the room asks the homeserver for the
// member list. It returns an error when the bot is not in the room.
func (a *Adapter) IsTeamMember(ctx context.Context, userID string) (bool, error) {
	if !a.cfg.SecurityRoomMembersAreTeam || a.cfg.SecurityRoom == "" {
		return false, nil
	}
	user := id.UserID(userID)
	if _, _, err := user.Parse(); err != nil {
		return false, nil
	}
	c, err := a.connected()
	if err != nil {
		return false, fmt.Errorf("matrix: members of the security room: %w", err)
	}
	if user == c.cli.UserID {
		return false, nil
	}
	room, err := a.securityRoomID(ctx, c)
	if err != nil {
		return false, fmt.Errorf("matrix: members of the security room: %w", err)
	}
	if err := a.loadSecurityMembers(ctx, c, room); err != nil {
		return false, fmt.Errorf("matrix: members of the security room %s: %w", room, err)
	}
	m, err := c.cli.StateStore.GetMember(ctx, room, user)
	if err != nil {
		return false, fmt.Errorf("matrix: members of the security room %s: %w", room, err)
	}
	return m.Membership == event.MembershipJoin, nil
}

// securityRoomID returns the room ID of the security room, resolving an
// alias once.
func (a *Adapter) securityRoomID(ctx context.Context, c *conn) (id.RoomID, error) {
	if room, ok := a.knownSecurityRoom(); ok {
		return room, nil
	}
	return a.resolveAlias(ctx, c, a.cfg.SecurityRoom)
}

// knownSecurityRoom returns the security room's ID when it is known
// without asking the homeserver.
func (a *Adapter) knownSecurityRoom() (id.RoomID, bool) {
	r := a.cfg.SecurityRoom
	if r == "" {
		return "", false
	}
	if r[0] == '!' {
		return id.RoomID(r), true
	}
	room, ok := a.aliases.Load(r)
	if !ok {
		return "", false
	}
	return room.(id.RoomID), true
}

// loadSecurityMembers checks that the bot is in the room and makes sure
// the state store holds the room's member list: kept up to date by the
// sync afterwards, it is fetched once (joined_members) if the store has
// never had it complete.
func (a *Adapter) loadSecurityMembers(ctx context.Context, c *conn, room id.RoomID) error {
	store := c.cli.StateStore
	self, err := store.GetMember(ctx, room, c.cli.UserID)
	if err != nil {
		return fmt.Errorf("read room state: %w", err)
	}
	if self.Membership != event.MembershipJoin {
		return errNotInSecurityRoom
	}
	fetched, err := store.HasFetchedMembers(ctx, room)
	if err != nil {
		return fmt.Errorf("read room state: %w", err)
	}
	if fetched {
		return nil
	}
	if _, err := c.cli.JoinedMembers(ctx, room); err != nil {
		return fmt.Errorf("list members: %w", err)
	}
	if err := store.MarkMembersFetched(ctx, room); err != nil {
		return fmt.Errorf("store room state: %w", err)
	}
	return nil
}

// teamMembersFirst returns a sync handler that stores the membership
// changes of the security room before the batch's messages are handled
// (rooms are handled in no particular order), so that someone who has
// just joined or left the room is judged by it at once.
func (a *Adapter) teamMembersFirst(c *conn) mautrix.SyncHandler {
	return func(ctx context.Context, resp *mautrix.RespSync, _ string) bool {
		if !a.cfg.SecurityRoomMembersAreTeam {
			return true
		}
		room, ok := a.knownSecurityRoom()
		if !ok {
			return true
		}
		var lists [][]*event.Event
		if r, ok := resp.Rooms.Join[room]; ok {
			lists = append(lists, r.State.Events, r.Timeline.Events)
			if r.StateAfter != nil {
				lists = append(lists, r.StateAfter.Events)
			}
		}
		if r, ok := resp.Rooms.Leave[room]; ok {
			lists = append(lists, r.State.Events, r.Timeline.Events)
			if r.StateAfter != nil {
				lists = append(lists, r.StateAfter.Events)
			}
		}
		for _, evts := range lists {
			for _, e := range evts {
				if e.Type != event.StateMember || e.StateKey == nil {
					continue
				}
				user, m := id.UserID(*e.StateKey), membership(e.Content)
				if m == "" {
					continue
				}
				if err := c.cli.StateStore.SetMembership(ctx, room, user, event.Membership(m)); err != nil {
					a.log.Warn("could not store a membership of the security room", "user", user, "err", err)
				}
			}
		}
		return true
	}
}

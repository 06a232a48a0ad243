package matrix

import (
	"context"
	"slices"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// refusalReason is sent with a refused invitation.
const refusalReason = "Vigil only joins rooms of the organisations it serves."

// onMember returns the handler for membership events: it answers the bot's
// own invitations, joining when the inviter is allowed and refusing
// otherwise.
func (a *Adapter) onMember(c *conn) mautrix.EventHandler {
	return func(ctx context.Context, evt *event.Event) {
		if evt.Mautrix.EventSource&event.SourceInvite == 0 || evt.GetStateKey() != c.cli.UserID.String() {
			return
		}
		if evt.Content.AsMember().Membership != event.MembershipInvite {
			return
		}
		if a.inviteAllowed(c.cli.UserID, evt.Sender, evt.RoomID) {
			if _, err := c.cli.JoinRoomByID(ctx, evt.RoomID); err != nil {
				a.log.Warn("could not join room after invitation", "room", evt.RoomID, "err", err)
				return
			}
			a.log.Info("joined room", "room", evt.RoomID, "inviter", evt.Sender)
			return
		}
		if _, err := c.cli.LeaveRoom(ctx, evt.RoomID, &mautrix.ReqLeave{Reason: refusalReason}); err != nil {
			a.log.Warn("could not refuse invitation", "room", evt.RoomID, "err", err)
			return
		}
		a.log.Info("refused invitation", "room", evt.RoomID, "inviter", evt.Sender)
	}
}

// inviteAllowed applies the invitation policy: listed users and users of
// listed homeservers; with no list, users of the bot's own homeserver. An
// invitation to the configured security room is always accepted.
func (a *Adapter) inviteAllowed(self, inviter id.UserID, room id.RoomID) bool {
	if a.cfg.SecurityRoom != "" && a.cfg.SecurityRoom == room.String() {
		return true
	}
	if slices.Contains(a.cfg.AllowedUsers, inviter.String()) {
		return true
	}
	server := inviter.Homeserver()
	if len(a.cfg.AllowedUsers) == 0 && len(a.cfg.AllowedServers) == 0 {
		return server != "" && server == self.Homeserver()
	}
	return server != "" && slices.Contains(a.cfg.AllowedServers, server)
}

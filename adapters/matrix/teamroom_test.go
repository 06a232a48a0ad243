//go:build goolm

package matrix_test

import (
	"strings"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// TestSecurityRoomMembersAreTeam: with security_room_members_are_team, a
// user joined to the security room may use the team's commands in a direct
// room with the bot; someone outside it is refused, and joining or leaving
// the room counts from the next message on.
func TestSecurityRoomMembersAreTeam(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	sec := newStaffer(t, hs, "security")
	alice := newStaffer(t, hs, "alice")

	secRoom := sec.createRoom(true, false, botAcc.UserID)
	cfg := botConfig(hs, botAcc, t.TempDir())
	cfg.SecurityRoom = secRoom.String()
	cfg.SecurityRoomMembersAreTeam = true
	startVigil(t, cfg, openStore(t, t.TempDir()))
	sec.waitMembership(secRoom, botAcc.UserID, event.MembershipJoin)

	secDM := sec.createRoom(true, true, botAcc.UserID)
	aliceDM := alice.createRoom(false, true, botAcc.UserID)
	sec.waitMembership(secDM, botAcc.UserID, event.MembershipJoin)
	alice.waitMembership(aliceDM, botAcc.UserID, event.MembershipJoin)

	ask := func(s *staffer, room id.RoomID, text string) string {
		t.Helper()
		s.say(room, text)
		return checkNotice(t, s.next(room), botAcc.UserID)
	}
	const list, refusal = "No cases match.", "reserved for the security team"

	if got := ask(sec, secDM, "!vigil cases"); got != list {
		t.Errorf("security room member's cases = %q, want %q", got, list)
	}
	if got := ask(alice, aliceDM, "!vigil cases"); !strings.Contains(got, refusal) {
		t.Errorf("outsider's cases = %q, want a refusal", got)
	}

	// Alice is invited into the security room (she accepts every
	// invitation): from her next message she is in the team.
	if _, err := sec.cli.InviteUser(t.Context(), secRoom, &mautrix.ReqInviteUser{UserID: alice.acc.UserID}); err != nil {
		t.Fatal(err)
	}
	alice.waitMembership(secRoom, alice.acc.UserID, event.MembershipJoin)
	if got := ask(alice, aliceDM, "cases"); got != list {
		t.Errorf("cases after joining the security room = %q, want %q", got, list)
	}

	// She leaves it: refused again at once.
	if _, err := alice.cli.LeaveRoom(t.Context(), secRoom); err != nil {
		t.Fatal(err)
	}
	if got := ask(alice, aliceDM, "cases"); !strings.Contains(got, refusal) {
		t.Errorf("cases after leaving the security room = %q, want a refusal", got)
	}
}

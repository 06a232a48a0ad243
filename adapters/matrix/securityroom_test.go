//go:build goolm

package matrix_test

import (
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"

	"vigil/bot"
)

// TestTwoMemberSecurityRoomIsNeverDirect: the usual security room holds one
// team member and the bot. `case` asked there answers with a pointer only,
// the case itself goes to a new one-to-one room; a report started there
// continues in that room; nothing of the case reaches the security room.
func TestTwoMemberSecurityRoomIsNeverDirect(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	sec := newStaffer(t, hs, "security")

	secRoom := sec.createRoom(true, false, botAcc.UserID)
	cfg := botConfig(hs, botAcc, t.TempDir())
	cfg.SecurityRoom = secRoom.String()
	cfg.SecurityRoomMembersAreTeam = true
	db := openStore(t, t.TempDir())
	const marker = "Marker-7731 offered a paid trip to Baku"
	filed, err := db.FileCase(t.Context(), bot.NewCase{Report: bot.Report{Category: bot.CategoryTravel,
		OccurredOn: time.Now().UTC().Truncate(24 * time.Hour), Channel: bot.ChannelEmail, Description: marker, Accepted: bot.AcceptedNo},
		Reporter: bot.User{Platform: bot.PlatformMatrix, ID: "@reporter:example.org", Name: "Rita Reporter"},
		Severity: bot.SeverityMedium, FiledAt: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	startVigil(t, cfg, db)
	sec.waitMembership(secRoom, botAcc.UserID, event.MembershipJoin)

	sec.say(secRoom, "!vigil case "+filed.Ref)
	if body := checkNotice(t, sec.next(secRoom), botAcc.UserID); !strings.Contains(body, "direct message") {
		t.Fatalf("security room reply %q, want a pointer to a direct message", body)
	}
	dm := sec.nextRoomOtherThan(secRoom)
	view := sec.next(dm)
	if body := checkNotice(t, view, botAcc.UserID); !strings.Contains(body, marker) || !strings.Contains(body, "Rita Reporter") {
		t.Fatalf("direct room got %q, want the case", body)
	}
	if view.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("the case went to an unencrypted room")
	}

	sec.say(secRoom, "!vigil report")
	if body := checkNotice(t, sec.next(secRoom), botAcc.UserID); !strings.Contains(body, "direct message") {
		t.Fatalf("security room reply to report %q, want a pointer to a direct message", body)
	}
	if body := checkNotice(t, sec.next(dm), botAcc.UserID); !strings.Contains(body, "What kind of approach") {
		t.Fatalf("the report went on with %q, want the category question in the direct room", body)
	}
	sec.say(dm, "1")
	if body := checkNotice(t, sec.next(dm), botAcc.UserID); !strings.Contains(body, "When did it happen") {
		t.Fatalf("the report did not continue in the direct room: %q", body)
	}

	sec.mu.Lock()
	inRoom := sec.received[secRoom]
	sec.mu.Unlock()
	for _, evt := range inRoom {
		if strings.Contains(evt.Content.AsMessage().Body, "Marker-7731") {
			t.Errorf("the security room got the case: %q", evt.Content.AsMessage().Body)
		}
	}
	if len(inRoom) != 2 {
		t.Errorf("the security room got %d messages, want the two pointers", len(inRoom))
	}

	// A plain `report` is not for the bot in a group room: replies there
	// name the prefixed command; the direct room keeps the plain word.
	sec.say(secRoom, "!vigil help")
	if body := checkNotice(t, sec.next(secRoom), botAcc.UserID); !strings.Contains(body, "`!vigil report`") || strings.Contains(body, "• `report`") {
		t.Errorf("help in the security room names the commands without the prefix:\n%s", body)
	}
	sec.say(dm, "cancel")
	sec.next(dm)
	sec.say(dm, "help")
	if body := checkNotice(t, sec.next(dm), botAcc.UserID); !strings.Contains(body, "• `report`") {
		t.Errorf("help in the direct room:\n%s", body)
	}
}

//go:build goolm

package matrix_test

import (
	"regexp"
	"strings"
	"testing"

	"maunium.net/go/mautrix/event"

	"vigil/bot"
)

var refPattern = regexp.MustCompile(`VGL-\d{4}-\d{4,}`)

// TestGroupReportMovesToDirectRoom follows a report started in a group
// room: the group only hears that a direct message was sent, the report
// continues in a new encrypted direct room, is filed in the database, and
// the security room gets a notice without the description.
func TestGroupReportMovesToDirectRoom(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	carol := hs.register(t, "carol")
	alice := newStaffer(t, hs, "alice")
	sec := newStaffer(t, hs, "security")

	secRoom := sec.createRoom(true, false, botAcc.UserID)
	group := alice.createRoom(true, false, botAcc.UserID, carol.UserID)
	cfg := botConfig(hs, botAcc, t.TempDir())
	cfg.SecurityRoom = secRoom.String()
	db := openStore(t, t.TempDir())
	startVigil(t, cfg, db)
	sec.waitMembership(secRoom, botAcc.UserID, event.MembershipJoin)
	alice.waitMembership(group, botAcc.UserID, event.MembershipJoin)

	alice.say(group, "what do you think of the weather?") // not for the bot
	start := alice.say(group, "!vigil report")

	notice := alice.next(group)
	if body := checkNotice(t, notice, botAcc.UserID); !strings.Contains(body, "direct message") {
		t.Fatalf("group reply %q, want a pointer to the direct message", body)
	}
	if got := notice.Content.AsMessage().RelatesTo.GetThreadParent(); got != start {
		t.Errorf("group reply in thread %q, want the thread of the command %q", got, start)
	}

	dm := alice.nextRoomOtherThan(group)
	prompt := alice.next(dm)
	if prompt.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("report prompt in the direct room was not encrypted")
	}
	if body := checkNotice(t, prompt, botAcc.UserID); !strings.Contains(body, "What kind of approach") {
		t.Fatalf("first prompt %q, want the category question", body)
	}

	const description = "A lobbyist offered my MEP 5000 euros for tabling an amendment."
	steps := []struct{ answer, want string }{
		{"1", "When did it happen"},
		{"yesterday", "How were you approached"},
		{"2", "Who approached you"},
		{"skip", "Which country"},
		{"skip", "What happened"},
		{description, "accepted or promised"},
		{"no", "What evidence"},
		{"skip", "with your name or anonymously"},
		{"1", "May the security team contact you"},
		{"yes", "Please check your report"},
		{"submit", "Your report is filed as"},
	}
	var last string
	for _, s := range steps {
		alice.say(dm, s.answer)
		last = checkNotice(t, alice.next(dm), botAcc.UserID)
		if !strings.Contains(last, s.want) {
			t.Fatalf("after %q the bot said %q, want %q", s.answer, last, s.want)
		}
	}
	ref := refPattern.FindString(last)
	if ref == "" {
		t.Fatalf("no case reference in %q", last)
	}

	c, err := db.CaseByRef(t.Context(), ref)
	if err != nil {
		t.Fatalf("case %s not in the database: %v", ref, err)
	}
	if c.Reporter != (bot.User{Platform: bot.PlatformMatrix, ID: alice.acc.UserID.String(), Name: c.Reporter.Name}) ||
		c.Report.Category != bot.CategoryPayment || c.Report.Description != description || c.Report.Channel != bot.ChannelEmail {
		t.Errorf("filed case %+v does not match the answers", c)
	}

	secNotice := sec.next(secRoom)
	body := checkNotice(t, secNotice, botAcc.UserID)
	if !strings.Contains(body, ref) || strings.Contains(body, "5000") {
		t.Errorf("security notice %q: want the reference and not the description", body)
	}
	if secNotice.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("security notice in an encrypted room was not encrypted")
	}
	// The security room has two members but is not a direct room: only
	// messages addressed to the bot are answered there.
	sec.say(secRoom, "thanks, looking into it")
	sec.say(secRoom, "!vigil help")
	if body := checkNotice(t, sec.next(secRoom), botAcc.UserID); !strings.HasPrefix(body, "I am Vigil") {
		t.Errorf("security room reply %q, want help only (chat there is not for the bot)", body)
	}
	if n := alice.count(group); n != 1 {
		t.Errorf("group room got %d bot messages, want only the pointer to the direct message", n)
	}
}

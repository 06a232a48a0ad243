//go:build goolm

package matrix_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/awareness"
	"vigil/bot"
)

// TestAdvisoryDeliveryAndWithdrawalOnDendrite: a staffer subscribes in an
// encrypted direct room, the team adds a room the bot was invited to (not
// one it was not), writes and sends an advisory, which reaches the direct
// room (encrypted) and the room once each; a delivery retried with its key
// is not posted twice; withdrawing redacts both messages.
func TestAdvisoryDeliveryAndWithdrawalOnDendrite(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	sam := newStaffer(t, hs, "sam")
	set, err := awareness.Load("")
	if err != nil {
		t.Fatal(err)
	}
	db := openStore(t, t.TempDir())
	v := startVigilWith(t, botConfig(hs, botAcc, t.TempDir()), db, bot.Options{Outreach: db.Outreach(), Scenarios: set,
		Roles: bot.StaticRoles{Users: map[string]bool{bot.User{Platform: bot.PlatformMatrix, ID: sam.acc.UserID.String()}.Key(): true}}})

	dm := alice.createRoom(true, true, botAcc.UserID)
	alice.waitMembership(dm, botAcc.UserID, event.MembershipJoin)
	alice.say(dm, "subscribe")
	if body := checkNotice(t, alice.next(dm), botAcc.UserID); !strings.Contains(body, "You are subscribed") {
		t.Fatalf("subscribe: %q", body)
	}

	news := alice.createRoom(false, false, botAcc.UserID)
	alice.waitMembership(news, botAcc.UserID, event.MembershipJoin)
	private := sam.createRoom(false, false) // the bot was not invited
	desk := sam.createRoom(true, true, botAcc.UserID)
	sam.waitMembership(desk, botAcc.UserID, event.MembershipJoin)
	ask := func(text, want string) {
		t.Helper()
		sam.say(desk, text)
		if body := checkNotice(t, sam.next(desk), botAcc.UserID); !strings.Contains(body, want) {
			t.Fatalf("%s: %q, want %q", text, body, want)
		}
	}
	ask("target add "+string(private), "I am not a member of "+string(private))
	ask("target add "+string(news), "Added "+string(news))
	ask("advisory new", "title")
	ask("Expect DDoS after Thursday's vote", "`en <text>`")
	ask("en Expect DDoS on parliament websites after Thursday's vote on sanctions.", "saved")
	ask("done", "every subscriber (1)")
	ask("1 2", "exactly what will be sent")
	ask("send", "on its way to 2 recipients")

	if _, err := v.core.DeliverAdvisories(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := alice.next(dm)
	if got.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("the advisory in an encrypted room was not encrypted")
	}
	if body := checkNotice(t, got, botAcc.UserID); !strings.Contains(body, "Expect DDoS on parliament websites") {
		t.Fatalf("advisory %q", body)
	}
	posted := alice.next(news)
	if body := checkNotice(t, posted, botAcc.UserID); !strings.Contains(body, "Security advisory #1") {
		t.Fatalf("advisory in the room %q", body)
	}

	// A retry with the same key is the same event, posted once.
	r := bot.Reply{Text: "retried delivery"}
	first, err := v.adapter.Post(t.Context(), bot.Address{ConversationID: string(news)}, r, "vigil-test-retry", false)
	if err != nil {
		t.Fatal(err)
	}
	again, err := v.adapter.Post(t.Context(), bot.Address{ConversationID: string(news)}, r, "vigil-test-retry", true)
	if err != nil || again != first {
		t.Fatalf("retry posted %+v (%v), want %+v", again, err, first)
	}
	alice.next(news)
	before := alice.count(news)

	ask("withdraw 1", "2 delivered messages are being deleted")
	if _, err := v.core.DeliverAdvisories(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The homeserver applies a redaction asynchronously: wait for each, and
	// let the courier retry a withdrawal it had to put off.
	for room, evt := range map[id.RoomID]id.EventID{dm: got.ID, news: posted.ID} {
		deadline := time.Now().Add(15 * time.Second)
		for {
			redacted, err := alice.cli.GetEvent(context.Background(), room, evt)
			if err != nil {
				t.Fatal(err)
			}
			if redacted.Unsigned.RedactedBecause != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("the advisory in %s was not redacted", room)
				break
			}
			time.Sleep(200 * time.Millisecond)
			if _, err := v.core.DeliverAdvisories(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if alice.count(news) != before {
		t.Error("the retried delivery was posted twice")
	}
	if _, err := v.adapter.FindConversation(t.Context(), "#nowhere:"+strings.SplitN(string(botAcc.UserID), ":", 2)[1]); !errors.Is(err, bot.ErrNoConversation) {
		t.Errorf("unknown alias: %v, want ErrNoConversation", err)
	}
}

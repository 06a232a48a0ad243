//go:build goolm

package matrix_test

import (
	"slices"
	"strings"
	"testing"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/adapters/matrix"
)

// TestLongOutageAnswersEveryMessage: with syncs of at most 5 timeline
// events per room, the bot is stopped and a staffer asks 12 questions in
// an encrypted group room. After the restart the homeserver leaves most of
// them out of the sync; the bot fetches them and answers every one exactly
// once, in order, in its thread. The last event the bot saw before the
// stop is in another room, the case in which Dendrite's `to` on /messages
// would drop the first missed question.
func TestLongOutageAnswersEveryMessage(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	bob := newStaffer(t, hs, "bob")
	cfg := matrix.WithTimelineLimit(botConfig(hs, botAcc, t.TempDir()), 5)
	db := openStore(t, t.TempDir())

	first := startVigil(t, cfg, db)
	group := alice.createRoom(true, false, botAcc.UserID, bob.acc.UserID)
	alice.waitMembership(group, botAcc.UserID, event.MembershipJoin)
	alice.waitMembership(group, bob.acc.UserID, event.MembershipJoin)
	asked := []id.EventID{alice.say(group, "!vigil help")}
	checkNotice(t, alice.next(group), botAcc.UserID)
	direct := alice.createRoom(false, true, botAcc.UserID)
	alice.waitMembership(direct, botAcc.UserID, event.MembershipJoin)
	alice.say(direct, "help")
	checkNotice(t, alice.next(direct), botAcc.UserID)
	first.stop()

	for range 12 {
		asked = append(asked, alice.say(group, "!vigil topics"))
	}
	second := startVigil(t, cfg, db)
	var answered []id.EventID
	for range 12 {
		answered = append(answered, threadOf(t, alice.next(group), botAcc.UserID))
	}
	// A marker: anything answered twice would arrive before its answer.
	asked = append(asked, alice.say(group, "!vigil help"))
	answered = append(answered, threadOf(t, alice.next(group), botAcc.UserID))
	if !slices.Equal(answered, asked[1:]) {
		t.Errorf("answers in the threads of %v, want one for each question in order %v", answered, asked[1:])
	}
	if n := alice.count(group); n != len(asked) {
		t.Errorf("bot sent %d messages to the group, want %d (one per question)", n, len(asked))
	}
	if logs := second.logs.String(); !strings.Contains(logs, "fetched events the sync left out") {
		t.Errorf("the restart's sync was not limited (no gap fetched); log:\n%s", logs)
	}
}

// threadOf checks that evt is a notice from the bot and returns the root
// of its thread.
func threadOf(t *testing.T, evt *event.Event, from id.UserID) id.EventID {
	t.Helper()
	checkNotice(t, evt, from)
	return evt.Content.AsMessage().RelatesTo.GetThreadParent()
}

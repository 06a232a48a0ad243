package console_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"vigil/adapters/console"
	"vigil/bot"
	"vigil/internal/testkit"
)

// TestReferenceWaitsForItsOwnConsoleUser has alice's console process die
// after filing a report and before printing its reference. Bob's console,
// on the same database, never prints alice's reference; alice's next
// console prints it once.
func TestReferenceWaitsForItsOwnConsoleUser(t *testing.T) {
	ctx := context.Background()
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	open := func(user string) (*bot.Bot, *bytes.Buffer) {
		var out bytes.Buffer
		core := bot.New(bot.Options{Store: store, Now: clock.Now})
		core.Register(console.New(strings.NewReader(""), &out, false, user))
		return core, &out
	}
	dying, _ := open("alice")
	alice := bot.User{Platform: bot.PlatformConsole, ID: "alice"}
	var reply string
	for _, line := range []string{"report", "1", "today", "2", "skip", "skip", "Offered cash", "no", "skip", "1", "no", "submit"} {
		out := dying.Respond(ctx, bot.Message{Platform: bot.PlatformConsole, ConversationID: "console", Sender: alice, Direct: true, Text: line})
		reply = out[len(out)-1].Reply.Text
	}
	if err := dying.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(reply, "Thank you. Your report is filed as VGL-2026-0001") {
		t.Fatalf("reply %q", reply)
	}
	clock.Add(10 * time.Minute) // the dead process's claim has run out

	bob, bobOut := open("bob")
	if _, err := bob.DeliverOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(bobOut.String(), "Your report is filed as") {
		t.Fatalf("bob's console printed alice's reference:\n%s", bobOut)
	}
	again, aliceOut := open("alice")
	for range 2 {
		if _, err := again.DeliverOutbox(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := strings.Count(aliceOut.String(), "Your report is filed as VGL-2026-0001"); n != 1 {
		t.Fatalf("alice's next console printed her reference %d times:\n%s", n, aliceOut)
	}
}

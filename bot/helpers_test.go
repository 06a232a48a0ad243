package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
)

// harness is a bot on an in-memory store, with a settable clock and an
// adapter that records what it is sent.
type harness struct {
	t     testing.TB
	store bot.Store
	bot   *bot.Bot
	clock *testkit.Clock
	rec   *testkit.Recorder
	mem   *testkit.MemStore // store, when it is the in-memory one
}

// newHarness builds a bot on a new in-memory store.
func newHarness(t testing.TB) *harness {
	t.Helper()
	mem := testkit.NewMemStore()
	h := newHarnessOn(t, mem)
	h.mem = mem
	return h
}

// newHarnessOn builds a bot on store, as after a restart when store is
// another harness's.
func newHarnessOn(t testing.TB, store bot.Store) *harness {
	t.Helper()
	h := &harness{t: t, store: store, clock: testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)), // a Thursday
		rec: &testkit.Recorder{Name: "test", Security: true}}
	h.rebuild(bot.Options{})
	return h
}

// rebuild replaces the harness bot by one with the given options on the
// same store, clock and recorder.
func (h *harness) rebuild(o bot.Options) {
	o.Store, o.Now, o.SessionIdle = h.store, h.clock.Now, 30*time.Minute
	o.Roles = bot.StaticRoles{Users: map[string]bool{"test:SEC1": true}}
	h.bot = bot.New(o)
	h.bot.Register(h.rec)
}

// audit returns the audit log of the in-memory store.
func (h *harness) audit() []bot.AuditEntry { return h.mem.AuditLog() }

var (
	alice = bot.User{Platform: "test", ID: "U1", Name: "Alice"}
	sec   = bot.User{Platform: "test", ID: "SEC1", Name: "Sam Security"}
)

// dm sends text from user in a direct conversation and returns the joined
// reply texts.
func (h *harness) dm(u bot.User, text string) string {
	h.t.Helper()
	return joinReplies(h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "D-" + u.ID, Sender: u, Direct: true, Text: text}))
}

func joinReplies(out []bot.Outgoing) string {
	var parts []string
	for _, o := range out {
		parts = append(parts, o.Reply.Text)
	}
	return strings.Join(parts, "\n---\n")
}

// mustContain fails unless s contains every want.
func mustContain(t testing.TB, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("reply does not contain %q:\n%s", w, s)
		}
	}
}

// securityNotice returns the last text sent to the security desk, once
// the notices being sent in the background are settled.
func (h *harness) securityNotice() string {
	h.t.Helper()
	h.drain()
	var notice string
	for _, s := range h.rec.All() {
		if s.To.ConversationID == testkit.SecurityRoom {
			notice = s.Reply.Text
		}
	}
	return notice
}

// drain waits for the work the bot does in the background (the outbox
// items a filing sends at once).
func (h *harness) drain() {
	h.t.Helper()
	if err := h.bot.Drain(context.Background()); err != nil {
		h.t.Fatal(err)
	}
}

// fullReport answers every step of a named report and returns the last reply.
func (h *harness) fullReport(u bot.User, anonymous bool) string {
	h.t.Helper()
	identity := "1"
	if anonymous {
		identity = "2"
	}
	answers := []string{"report", "1", "yesterday", "2", "J. Doe, Example Media", "Examplestan",
		"Offered 2000 euros to table an amendment", "no", "the e-mails", identity}
	if !anonymous {
		answers = append(answers, "yes")
	}
	var last string
	for _, a := range answers {
		last = h.dm(u, a)
	}
	mustContain(h.t, last, "Please check your report", "Offered 2000 euros")
	return h.dm(u, "submit")
}

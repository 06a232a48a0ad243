package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// recorder is an adapter that records what the core sends.
type recorder struct {
	platform string
	mu       sync.Mutex
	sent     []sent
	security bool
	down     bool // Send fails, as when the platform is unreachable
}

type sent struct {
	to    bot.Address
	reply bot.Reply
}

func (r *recorder) Platform() string                          { return r.platform }
func (r *recorder) Run(ctx context.Context, _ bot.Core) error { <-ctx.Done(); return nil }
func (r *recorder) Send(_ context.Context, to bot.Address, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		return errors.New("platform unreachable")
	}
	r.sent = append(r.sent, sent{to, rep})
	return nil
}
func (r *recorder) SecurityAddress() (bot.Address, bool) {
	return bot.Address{ConversationID: "SEC"}, r.security
}

func (r *recorder) all() []sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sent(nil), r.sent...)
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness is a bot on a real SQLite file.
type harness struct {
	t     testing.TB
	dir   string
	db    *storage.DB
	bot   *bot.Bot
	clock *clock
	rec   *recorder
}

// newHarness opens a database in dir (a fresh temp dir when empty).
func newHarness(t testing.TB, dir string) *harness {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	db, err := storage.Open(context.Background(), filepath.Join(dir, "vigil.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := &harness{t: t, dir: dir, db: db, clock: &clock{now: time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)}, // a Thursday
		rec: &recorder{platform: "test", security: true}}
	h.bot = bot.New(bot.Options{Store: db, Now: h.clock.Now, SessionIdle: 30 * time.Minute,
		Roles: bot.StaticRoles{Users: map[string]bool{"test:SEC1": true}}})
	h.bot.Register(h.rec)
	return h
}

var alice = bot.User{Platform: "test", ID: "U1", Name: "Alice"}

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

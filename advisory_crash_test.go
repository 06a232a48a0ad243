package main

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"vigil/bot"
	"vigil/internal/testkit"
	"vigil/storage"
)

// slackStandIn is the Slack Web API as the vigil binary uses it to deliver
// advisories: auth.test, chat.postMessage (slow, and refused while down;
// every rateEvery-th post is answered 429 with Retry-After 1) and
// conversations.history (the messages posted, with their metadata).
type slackStandIn struct {
	srv *httptest.Server

	mu        sync.Mutex
	posts     map[string][]string // channel -> delivery keys posted, in order
	delivered int                 // posts accepted
	refused   int                 // posts refused while down
	limited   int                 // posts answered 429
	lookups   int                 // conversations.history calls
	calls     int
	down      bool
}

const rateEvery = 97

func newSlackStandIn(t *testing.T) *slackStandIn {
	s := &slackStandIn{posts: map[string][]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *slackStandIn) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	ok := func(fields map[string]any) {
		fields["ok"] = true
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(fields)
	}
	switch strings.TrimPrefix(r.URL.Path, "/") {
	case "auth.test":
		ok(map[string]any{"user_id": "UVIGIL", "bot_id": "BVIGIL", "team_id": "TTEAM"})
	case "chat.postMessage":
		time.Sleep(5 * time.Millisecond)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.calls++
		switch {
		case s.down:
			s.refused++
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		case s.calls%rateEvery == 0:
			s.limited++
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		var meta struct {
			Payload struct {
				Key string `json:"key"`
			} `json:"event_payload"`
		}
		_ = json.Unmarshal([]byte(r.Form.Get("metadata")), &meta)
		ch := r.Form.Get("channel")
		s.posts[ch] = append(s.posts[ch], meta.Payload.Key)
		s.delivered++
		ok(map[string]any{"channel": ch, "ts": fmt.Sprintf("1700000000.%06d", s.delivered)})
	case "conversations.history":
		s.mu.Lock()
		defer s.mu.Unlock()
		s.lookups++
		var msgs []map[string]any
		for i, key := range s.posts[r.Form.Get("channel")] {
			msgs = append(msgs, map[string]any{"type": "message", "bot_id": "BVIGIL", "ts": fmt.Sprintf("1700000000.%06d", i),
				"metadata": map[string]any{"event_type": "vigil_delivery", "event_payload": map[string]any{"key": key}}})
		}
		ok(map[string]any{"messages": msgs})
	default:
		ok(map[string]any{})
	}
}

func (s *slackStandIn) state() (delivered, refused, limited, lookups int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delivered, s.refused, s.limited, s.lookups
}

func (s *slackStandIn) setDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// waitUntil polls cond every 20 ms for up to limit.
func waitUntil(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestAdvisoryReachesEverySubscriberOnceThroughOutagesAndKills sends an
// advisory to 500 Slack subscribers with the real binary: it is killed
// with SIGKILL in the middle of the delivery, Slack is down when it comes
// back, then it is killed again; in the end every subscriber has the
// advisory exactly once. Between runs the claims' five-minute lease is
// made to run out (as that much time would pass).
func TestAdvisoryReachesEverySubscriberOnceThroughOutagesAndKills(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary for about half a minute")
	}
	const subscribers = 500
	bin := buildVigil(t)
	path := filepath.Join(t.TempDir(), "v.db")
	key := make([]byte, storage.KeySize)
	for i := range key {
		key[i] = byte(i + 1)
	}
	queueAdvisory(t, path, key, subscribers)

	slack := newSlackStandIn(t)
	run := func() *exec.Cmd {
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "VIGIL_DATABASE="+path, "VIGIL_DATA_KEY="+hex.EncodeToString(key),
			"VIGIL_SLACK_BOT_TOKEN=xoxb-stand-in", "VIGIL_SLACK_MODE=http", "VIGIL_SLACK_SIGNING_SECRET=stand-in",
			"VIGIL_SLACK_HTTP_LISTEN=127.0.0.1:0", "VIGIL_SLACK_API_URL="+slack.srv.URL+"/", "VIGIL_LOG_LEVEL=error")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd
	}
	kill := func(cmd *exec.Cmd) {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		releaseClaims(t, path)
	}
	began := time.Now()

	first := run()
	waitUntil(t, "150 posts", time.Minute, func() bool { d, _, _, _ := slack.state(); return d >= 150 })
	kill(first)

	slack.setDown(true)
	second := run()
	waitUntil(t, "refused posts", time.Minute, func() bool { _, r, _, _ := slack.state(); return r >= 50 })
	slack.setDown(false)
	waitUntil(t, "400 posts", 2*time.Minute, func() bool { d, _, _, _ := slack.state(); return d >= 400 })
	kill(second)

	third := run()
	waitUntil(t, "every subscriber", 2*time.Minute, func() bool {
		slack.mu.Lock()
		defer slack.mu.Unlock()
		return len(slack.posts) == subscribers
	})
	time.Sleep(2 * time.Second) // a duplicate would come now
	third.Process.Signal(syscall.SIGTERM)
	if err := third.Wait(); err != nil {
		t.Errorf("clean stop: %v", err)
	}
	delivered, refused, limited, lookups := slack.state()
	t.Logf("%d subscribers in %v: %d posts, %d refused during the outage, %d rate-limited (429), %d look-ups of an earlier post",
		subscribers, time.Since(began).Round(time.Millisecond), delivered, refused, limited, lookups)
	slack.mu.Lock()
	for ch, keys := range slack.posts {
		if len(keys) != 1 {
			t.Errorf("%s received %d copies: %v", ch, len(keys), keys)
		}
	}
	slack.mu.Unlock()

	db, err := storage.Open(context.Background(), path, storage.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Outreach().Advisory(context.Background(), 1)
	if err != nil || a.Deliveries != (bot.DeliveryCounts{Delivered: subscribers}) {
		t.Fatalf("deliveries %+v, %v", a.Deliveries, err)
	}
}

// queueAdvisory creates the database with n Slack subscribers and an
// advisory to all of them, written and sent by a team member through the
// core.
func queueAdvisory(t *testing.T, path string, key []byte, n int) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range n {
		u := bot.User{Platform: bot.PlatformSlack, ID: fmt.Sprintf("U%04d", i)}
		if _, err := db.Outreach().Subscribe(ctx, bot.Subscriber{User: u, Lang: "en", Since: time.Now(),
			Address: bot.Address{ConversationID: fmt.Sprintf("D%04d", i), UserID: u.ID}}); err != nil {
			t.Fatal(err)
		}
	}
	team := bot.User{Platform: bot.PlatformSlack, ID: "UTEAM"}
	core := bot.New(bot.Options{Store: db, Outreach: db.Outreach(), Roles: bot.StaticRoles{Users: map[string]bool{team.Key(): true}}})
	core.Register(&testkit.Recorder{Name: bot.PlatformSlack})
	var last string
	for _, line := range []string{"advisory new", "Expect DDoS after Thursday's vote", "en Parliament websites may be unreachable on Thursday.", "done", "1", "send"} {
		out := core.Respond(ctx, bot.Message{Platform: bot.PlatformSlack, ConversationID: "DTEAM", Sender: team, Direct: true, Text: line})
		if len(out) > 0 {
			last = out[0].Reply.Text
		}
	}
	if !strings.Contains(last, fmt.Sprintf("on its way to %d recipients", n)) {
		t.Fatalf("send: %q", last)
	}
}

// releaseClaims makes the claims of a killed process run out, as five
// minutes would.
func releaseClaims(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("UPDATE outbox SET lease_until = NULL, due_at = ? WHERE lease_until IS NOT NULL",
		time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z")); err != nil {
		t.Fatal(err)
	}
}

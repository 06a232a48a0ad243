package slack

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// echoGuidance answers every question by repeating it, so that tests can
// tell which message an answer belongs to.
type echoGuidance struct{}

func (echoGuidance) Answer(_ context.Context, q, _ string) (bot.Answer, error) {
	return bot.Answer{Question: q, Lang: "en", Intent: bot.IntentQuestion, Confident: true, Text: "Guidance on: " + q}, nil
}

func (echoGuidance) Topic(string, string) (bot.Answer, bool) { return bot.Answer{}, false }
func (echoGuidance) TopicList(string) string                 { return "1. Gifts" }

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness runs a real core on a real SQLite database with the adapter
// connected to a fake Slack.
type harness struct {
	t    testing.TB
	fake *fakeSlack
	db   *storage.DB
	core *bot.Bot
	a    *Adapter
	logs *syncBuffer

	mu     sync.Mutex
	sleeps []time.Duration
	addr   chan net.Addr

	cancel context.CancelFunc
	done   chan error
}

// newHarness builds everything but does not start the adapter; mutate
// may change the configuration first.
func newHarness(t testing.TB, mutate func(*Config)) *harness {
	t.Helper()
	h := &harness{t: t, fake: newFakeSlack(t), logs: &syncBuffer{}, addr: make(chan net.Addr, 1)}
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"), storage.Options{})
	if err != nil {
		t.Fatalf("open storage: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	h.db = db
	logger := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := Config{BotToken: testBotTok, AppToken: testAppTok, SigningSecret: testSecret,
		APIURL: h.fake.apiURL(), SecurityChannel: securityCh}
	if mutate != nil {
		mutate(&cfg)
	}
	a, err := New(cfg, logger)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	a.sleep = func(ctx context.Context, d time.Duration) error {
		h.mu.Lock()
		h.sleeps = append(h.sleeps, d)
		h.mu.Unlock()
		return ctx.Err()
	}
	a.onListen = func(addr net.Addr) { h.addr <- addr }
	h.a = a
	h.core = bot.New(bot.Options{Store: db, Guidance: echoGuidance{}, Logger: logger})
	h.core.Register(a)
	t.Cleanup(h.checkLogs)
	return h
}

// start runs the adapter until the test ends.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.done = make(chan error, 1)
	go func() { h.done <- h.a.Run(ctx, h.core) }()
	h.t.Cleanup(func() {
		cancel()
		select {
		case err := <-h.done:
			if err != nil {
				h.t.Errorf("Run returned %v after the context ended", err)
			}
		case <-time.After(waitLimit):
			h.t.Error("Run did not return after the context ended")
		}
	})
}

// startSocket runs the adapter and waits for its Socket Mode connection.
func (h *harness) startSocket() {
	h.t.Helper()
	h.start()
	h.fake.waitConnected(1)
}

// runErr runs the adapter and returns Run's error, which must come
// without the context ending.
func (h *harness) runErr() error {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- h.a.Run(ctx, h.core) }()
	select {
	case err := <-done:
		return err
	case <-time.After(waitLimit):
		h.t.Fatal("Run did not fail")
		return nil
	}
}

// settle waits until the adapter has handled every event it has queued.
// Call it only once a reply to the last event sent was seen: the
// acknowledgement goes out before the event is queued.
func (h *harness) settle() { h.a.jobs.wait() }

// slept returns the waits the adapter asked for.
func (h *harness) slept() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

// checkLogs fails the test when a credential reached the logs.
func (h *harness) checkLogs() {
	logs := h.logs.String()
	for _, secret := range []string{testBotTok, testAppTok, testSecret, "/response/"} {
		if strings.Contains(logs, secret) {
			h.t.Errorf("logs contain a credential (%q):\n%s", secret, logs)
		}
	}
}

// assertNotLogged fails the test when text reached the logs.
func (h *harness) assertNotLogged(text string) {
	h.t.Helper()
	if strings.Contains(h.logs.String(), text) {
		h.t.Errorf("logs contain %q", text)
	}
}

package slack

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
	"vigil/internal/testkit/dbtest"
	"vigil/storage"
)

// harness runs a real core on a real SQLite database with the adapter
// connected to a fake Slack.
type harness struct {
	t    testing.TB
	fake *fakeSlack
	db   *storage.DB
	core *bot.Bot
	a    *Adapter
	logs *testkit.Logs

	mu     sync.Mutex
	sleeps []time.Duration
	addr   chan net.Addr
}

// newHarness builds everything but does not start the adapter; mutate
// may change the configuration first.
func newHarness(t testing.TB, mutate func(*Config)) *harness {
	t.Helper()
	h := &harness{t: t, fake: newFakeSlack(t), db: dbtest.Open(t, ""), logs: &testkit.Logs{}, addr: make(chan net.Addr, 1)}
	logger := h.logs.Logger()
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
	// The fake Slack has no three-second deadline, and a loaded test machine
	// can take longer than two seconds to file: wait for the filing, so that
	// tests of the form's confirmation do not depend on the machine's load.
	a.formWait = time.Minute
	h.a = a
	h.newCore(bot.Options{})
	h.logs.CheckWhenDone(t, testBotTok, testAppTok, testSecret, "/response/")
	return h
}

// newCore replaces the core (before the adapter starts) by one with o on
// the harness's database, echoing questions, logging to the harness.
func (h *harness) newCore(o bot.Options) {
	if o.Store == nil {
		o.Store = h.db
	}
	o.Guidance, o.Logger = testkit.EchoGuidance{}, h.logs.Logger()
	h.core = bot.New(o)
	h.core.Register(h.a)
}

// failingFiling is the real database except that filing a case fails, as
// when the disk fills up at the commit.
type failingFiling struct{ *storage.DB }

func (failingFiling) FileCase(context.Context, bot.NewCase) (bot.Case, error) {
	return bot.Case{}, errors.New("disk full")
}

// failFiling gives the harness a core whose filings fail.
func (h *harness) failFiling() { h.newCore(bot.Options{Store: failingFiling{h.db}}) }

// start runs the adapter until the test ends.
func (h *harness) start() {
	h.t.Helper()
	testkit.Run(h.t, h.a, h.core)
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

// assertNotLogged fails the test when text reached the logs.
func (h *harness) assertNotLogged(text string) {
	h.t.Helper()
	if h.logs.Contains(text) {
		h.t.Errorf("logs contain %q", text)
	}
}

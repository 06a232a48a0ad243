package testkit

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
)

// Logs collects an adapter's or the core's log lines from several
// goroutines, to check that no secret reached them.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Logger returns a debug-level text logger writing to l.
func (l *Logs) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// Contains reports whether text was logged.
func (l *Logs) Contains(text string) bool { return strings.Contains(l.String(), text) }

// CheckWhenDone fails t, when it ends, if any of secrets was logged.
func (l *Logs) CheckWhenDone(t testing.TB, secrets ...string) {
	t.Helper()
	t.Cleanup(func() {
		for _, s := range secrets {
			if l.Contains(s) {
				t.Errorf("logs contain a secret (%q):\n%s", s, l.String())
			}
		}
	})
}

// StopLimit is how long an adapter's Run may take to return once its
// context ends.
const StopLimit = 20 * time.Second

// Run runs a.Run(core) until the test ends or the returned stop is called;
// either way, Run must return nil within StopLimit of its context ending.
func Run(t testing.TB, a bot.Adapter, core bot.Core) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, core) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s: Run returned %v after its context ended", a.Platform(), err)
				}
			case <-time.After(StopLimit):
				t.Errorf("%s: Run did not return after its context ended", a.Platform())
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// Watch guards state that an adapter's fakes change from several
// goroutines and that tests wait on: lock it as a mutex, call Changed
// (with it held) after each change, and Wait for a condition. The zero
// value is ready.
type Watch struct {
	sync.Mutex
	changed chan struct{} // closed and replaced on every change
}

// Changed wakes the waiters; call it with w locked.
func (w *Watch) Changed() {
	if w.changed != nil {
		close(w.changed)
	}
	w.changed = make(chan struct{})
}

// Wait calls cond (with w locked) after each change until it holds, and
// reports whether it did within timeout.
func (w *Watch) Wait(cond func() bool, timeout time.Duration) bool {
	deadline := time.After(timeout)
	for {
		w.Lock()
		if w.changed == nil {
			w.changed = make(chan struct{})
		}
		ok, ch := cond(), w.changed
		w.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline:
			return false
		}
	}
}

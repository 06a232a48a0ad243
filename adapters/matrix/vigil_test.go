//go:build goolm

package matrix_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"vigil/adapters/matrix"
	"vigil/bot"
	"vigil/storage"
)

// syncBuffer is a goroutine-safe log sink shown when a test fails.
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

// vigil is a running bot: the real core and storage with the Matrix
// adapter, logged in as the bot account.
type vigil struct {
	t       *testing.T
	adapter *matrix.Adapter
	cfg     matrix.Config
	db      *storage.DB
	logs    *syncBuffer
	cancel  context.CancelFunc
	done    chan error
}

// botConfig returns the adapter configuration for the bot account, with
// its state in dir.
func botConfig(hs *homeserver, acc account, dir string) matrix.Config {
	return matrix.Config{
		Homeserver:    hs.URL,
		UserID:        acc.UserID.String(),
		Password:      acc.Password,
		PickleKey:     "pickle key of the test bot",
		StateDir:      dir,
		MaxRetryDelay: 200 * time.Millisecond,
	}
}

// openStore opens a reports database in dir; it is closed when the test ends.
func openStore(t *testing.T, dir string) *storage.DB {
	t.Helper()
	db, err := storage.Open(t.Context(), filepath.Join(dir, "vigil.db"), storage.Options{Key: bytes.Repeat([]byte{7}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// startVigil runs the bot with cfg and db until stop or the end of the test.
func startVigil(t *testing.T, cfg matrix.Config, db *storage.DB) *vigil {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := matrix.New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	core := bot.New(bot.Options{Store: db, Logger: log})
	core.Register(a)
	ctx, cancel := context.WithCancel(context.Background())
	v := &vigil{t: t, adapter: a, cfg: cfg, db: db, logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { v.done <- a.Run(ctx, core) }()
	t.Cleanup(func() {
		v.stop()
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	return v
}

// stop ends Run and checks that it returned nil.
func (v *vigil) stop() {
	v.t.Helper()
	if v.cancel == nil {
		return
	}
	v.cancel()
	v.cancel = nil
	select {
	case err := <-v.done:
		if err != nil {
			v.t.Errorf("Run returned %v", err)
		}
	case <-time.After(waitTimeout):
		v.t.Error("Run did not return after cancel")
	}
}

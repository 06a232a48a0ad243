//go:build goolm

package matrix_test

import (
	"testing"
	"time"

	"vigil/adapters/matrix"
	"vigil/bot"
	"vigil/internal/testkit"
	"vigil/internal/testkit/dbtest"
	"vigil/storage"
)

// vigil is a running bot: the real core and storage with the Matrix
// adapter, logged in as the bot account.
type vigil struct {
	adapter *matrix.Adapter
	core    *bot.Bot
	cfg     matrix.Config
	db      *storage.DB
	logs    *testkit.Logs
	stop    func() // ends Run and checks that it returned nil
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
func openStore(t *testing.T, dir string) *storage.DB { return dbtest.Open(t, dir) }

// startVigil runs the bot with cfg and db until stop or the end of the test.
func startVigil(t *testing.T, cfg matrix.Config, db *storage.DB) *vigil {
	t.Helper()
	return startVigilWith(t, cfg, db, bot.Options{})
}

// startVigilWith is startVigil with a core built from o (its store and
// logger set by startVigilWith).
func startVigilWith(t *testing.T, cfg matrix.Config, db *storage.DB, o bot.Options) *vigil {
	t.Helper()
	logs := &testkit.Logs{}
	a, err := matrix.New(cfg, logs.Logger())
	if err != nil {
		t.Fatal(err)
	}
	o.Store, o.Logger = db, logs.Logger()
	core := bot.New(o)
	core.Register(a)
	v := &vigil{adapter: a, core: core, cfg: cfg, db: db, logs: logs, stop: testkit.Run(t, a, core)}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	return v
}

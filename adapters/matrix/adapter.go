// Package matrix is Vigil's Matrix adapter: a mautrix client with end-to-end
// encryption (pure-Go Olm, build tag goolm), invitation policy, direct
// rooms, threads and a security room. It turns room messages into
// bot.Message values and delivers bot.Reply values as m.notice events.
package matrix

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/id"

	"vigil/bot"
)

// Adapter connects Vigil to a Matrix homeserver. It implements bot.Adapter,
// bot.SecurityDesk, bot.FileSender, bot.ConnectionReporter and
// bot.TeamDirectory.
// Create it with New; it is safe for concurrent use.
type Adapter struct {
	cfg   Config
	log   *slog.Logger
	zlog  zerolog.Logger
	retry *backoff
	link  linkState

	mu   sync.RWMutex
	conn *conn    // nil while not connected
	core bot.Core // set by Run

	dmMu    sync.Mutex
	dms     map[id.UserID]id.RoomID // direct rooms found or created
	aliases sync.Map                // room alias -> room ID
}

var (
	_ bot.Adapter      = (*Adapter)(nil)
	_ bot.SecurityDesk = (*Adapter)(nil)
	_ bot.FileSender   = (*Adapter)(nil)

	_ bot.ConnectionReporter = (*Adapter)(nil)
	_ bot.GroupCommander     = (*Adapter)(nil)
)

// ErrNotConnected is returned by Send and the other delivery methods while
// the adapter is not logged in (before Run, or while reconnecting).
var ErrNotConnected = errors.New("matrix adapter is not connected")

// errNoCrypto is returned by New in builds without the goolm tag.
var errNoCrypto = errors.New("this build of Vigil has no Matrix end-to-end encryption: build it with -tags goolm")

// New checks cfg and returns an adapter; it does not contact the
// homeserver (Run does). An invalid field gives an error naming its key.
func New(cfg Config, logger *slog.Logger) (*Adapter, error) {
	if !cryptoAvailable {
		return nil, errNoCrypto
	}
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Adapter{cfg: cfg, log: logger, zlog: newZerolog(logger), retry: &backoff{max: cfg.MaxRetryDelay},
		dms: map[id.UserID]id.RoomID{}}, nil
}

// Platform implements bot.Adapter.
func (a *Adapter) Platform() string { return bot.PlatformMatrix }

// SecurityAddress implements bot.SecurityDesk: the configured security
// room, if any.
func (a *Adapter) SecurityAddress() (bot.Address, bool) {
	if a.cfg.SecurityRoom == "" {
		return bot.Address{}, false
	}
	return bot.Address{ConversationID: a.cfg.SecurityRoom}, true
}

// Run implements bot.Adapter: it logs in, then syncs and passes messages to
// core until ctx ends. An unreachable homeserver is retried with backoff.
// It returns ErrUnknownToken when the access token is rejected (after one
// new login when a password is configured), and other errors for settings
// the homeserver refuses.
func (a *Adapter) Run(ctx context.Context, core bot.Core) error {
	a.mu.Lock()
	a.core = core
	a.mu.Unlock()
	relogged := false
	for {
		c, err := a.connect(ctx)
		if ctx.Err() != nil {
			if c != nil {
				c.close()
			}
			return nil
		}
		if err != nil {
			return err
		}
		a.log.Info("connected to matrix", "user", c.cli.UserID, "device", c.cli.DeviceID)
		a.setConn(c)
		a.joinSecurityRoom(ctx, c)
		err = a.sync(ctx, c)
		a.link.markDown()
		a.setConn(nil)
		if cerr := c.close(); cerr != nil {
			a.log.Error("matrix shutdown", "err", cerr)
		}
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrUnknownToken) && a.cfg.AccessToken == "" && !relogged:
			relogged = true
			a.log.Warn("matrix access token revoked, logging in again")
		default:
			return err
		}
	}
}

// sync runs the sync loop until ctx ends or the token is rejected.
func (a *Adapter) sync(ctx context.Context, c *conn) error {
	for {
		err := c.cli.SyncWithContext(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, mautrix.MUnknownToken):
			return ErrUnknownToken
		case !transient(err):
			return fmt.Errorf("matrix sync: %w", err)
		}
		a.link.markDown()
		a.log.Warn("homeserver unreachable, retrying", "err", err)
		if err := a.retry.wait(ctx); err != nil {
			return nil
		}
	}
}

func (a *Adapter) setConn(c *conn) {
	a.mu.Lock()
	a.conn = c
	a.mu.Unlock()
}

// connected returns the current connection and core, or ErrNotConnected.
func (a *Adapter) connected() (*conn, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.conn == nil {
		return nil, ErrNotConnected
	}
	return a.conn, nil
}

func (a *Adapter) handler() bot.Core {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.core
}

// joinSecurityRoom joins the configured security room, which works when
// the bot was invited or the room is open to it. Failure is logged: the
// security team can still invite the bot later.
func (a *Adapter) joinSecurityRoom(ctx context.Context, c *conn) {
	if a.cfg.SecurityRoom == "" {
		return
	}
	resp, err := c.cli.JoinRoom(ctx, a.cfg.SecurityRoom, nil)
	if err != nil {
		a.log.Warn("could not join the security room; invite the bot to it", "room", a.cfg.SecurityRoom, "err", err)
		return
	}
	if a.cfg.SecurityRoom[0] == '#' {
		a.aliases.Store(a.cfg.SecurityRoom, resp.RoomID)
	}
}

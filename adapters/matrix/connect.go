package matrix

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// deviceName is shown to users in their clients' device lists.
const deviceName = "Vigil"

// conn is a logged-in client with its encryption store, its record of
// handled messages and its syncer.
type conn struct {
	cli     *mautrix.Client
	crypto  *cryptoStore
	handled *handledLog
	syncer  *syncer
	name    string // the bot's display name, for mentions
}

func (c *conn) close() error {
	if err := c.crypto.Close(); err != nil {
		return fmt.Errorf("close matrix crypto store: %w", err)
	}
	return nil
}

// connect logs in and opens the encryption store, retrying with backoff
// while the homeserver cannot be reached.
func (a *Adapter) connect(ctx context.Context) (*conn, error) {
	for {
		c, err := a.tryConnect(ctx)
		if err == nil {
			a.retry.reset()
			return c, nil
		}
		if errors.Is(err, mautrix.MUnknownToken) {
			return nil, ErrUnknownToken
		}
		if !transient(err) {
			return nil, err
		}
		a.link.markDown()
		a.log.Warn("homeserver unreachable, retrying", "err", err)
		if err := a.retry.wait(ctx); err != nil {
			return nil, err
		}
	}
}

// tryConnect makes one attempt to log in and set up encryption.
func (a *Adapter) tryConnect(ctx context.Context) (*conn, error) {
	cli, err := mautrix.NewClient(a.cfg.Homeserver, id.UserID(a.cfg.UserID), "")
	if err != nil {
		return nil, fmt.Errorf("matrix.homeserver: %w", err)
	}
	cli.Log = a.zlog
	s := newSyncer(a.cfg.timelineLimit, a.retry, &a.link, a.log)
	cli.Syncer = s
	if err := os.MkdirAll(filepath.Dir(a.cfg.CryptoDB), 0o700); err != nil {
		return nil, fmt.Errorf("matrix.crypto_db: %w", err)
	}
	cs, err := openCrypto(cli, []byte(a.cfg.PickleKey), a.cfg.CryptoDB)
	if err != nil {
		return nil, err
	}
	c := &conn{cli: cli, crypto: cs, syncer: s}
	if err := a.login(ctx, c); err != nil {
		c.close()
		return nil, err
	}
	if c.handled, err = a.openHandled(ctx, c); err != nil {
		c.close()
		return nil, err
	}
	s.handled = c.handled
	// The client's sync store is now the crypto store; hold its position
	// back until each batch is handled.
	s.store = &batchStore{SyncStore: cli.Store}
	cli.Store = s.store
	if resp, err := cli.GetOwnDisplayName(ctx); err == nil {
		c.name = resp.DisplayName
	}
	s.gaps = &gapFiller{pager: cli, self: cli.UserID, max: maxGapEvents, log: a.log}
	s.OnSync(dropOldEvents(cli.UserID))
	s.OnSync(a.teamMembersFirst(c))
	s.OnEventType(event.StateMember, a.onMember(c))
	s.OnEventType(event.EventMessage, a.onMessage(c))
	return c, nil
}

// openHandled opens the record of handled messages in the crypto store's
// database.
func (a *Adapter) openHandled(ctx context.Context, c *conn) (*handledLog, error) {
	db, err := c.crypto.db()
	if err != nil {
		return nil, fmt.Errorf("matrix.crypto_db: %w", err)
	}
	h, err := openHandled(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("matrix.crypto_db: %w", err)
	}
	return h, nil
}

// login authenticates the client and starts encryption: with the
// configured access token, or with the saved session of an earlier
// password login, or with the password (then saving the new session).
// With cross_signing on it then makes sure the device is cross-signed.
func (a *Adapter) login(ctx context.Context, c *conn) error {
	var loginAs *mautrix.ReqLogin
	if a.cfg.AccessToken != "" {
		if err := a.useToken(ctx, c.cli, a.cfg.AccessToken, id.DeviceID(a.cfg.DeviceID)); err != nil {
			return err
		}
	} else {
		var err error
		if loginAs, err = a.resumeSession(ctx, c.cli); err != nil {
			return err
		}
	}
	if err := c.crypto.init(ctx, c.cli, loginAs, a.decryptFailed); err != nil {
		return err
	}
	if loginAs != nil {
		if err := saveSession(a.cfg.SessionFile, session{UserID: c.cli.UserID, DeviceID: c.cli.DeviceID, AccessToken: c.cli.AccessToken}); err != nil {
			return err
		}
	}
	if a.cfg.CrossSigning {
		return c.crypto.crossSign(ctx, a.crossSigningOptions())
	}
	return nil
}

// resumeSession reuses the saved session of a password login when its
// token still works; otherwise it returns the password login to make.
func (a *Adapter) resumeSession(ctx context.Context, cli *mautrix.Client) (*mautrix.ReqLogin, error) {
	saved, ok, err := loadSession(a.cfg.SessionFile)
	if err != nil {
		return nil, err
	}
	if ok && saved.UserID == cli.UserID {
		err := a.useToken(ctx, cli, saved.AccessToken, saved.DeviceID)
		if err == nil {
			return nil, nil
		}
		if !errors.Is(err, ErrUnknownToken) {
			return nil, err
		}
		a.log.Info("saved matrix session expired, logging in with the password")
		cli.AccessToken = ""
	}
	localpart, _, _ := cli.UserID.Parse()
	return &mautrix.ReqLogin{
		Type:                     mautrix.AuthTypePassword,
		Identifier:               mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: localpart},
		Password:                 a.cfg.Password,
		DeviceID:                 id.DeviceID(a.cfg.DeviceID),
		InitialDeviceDisplayName: deviceName,
		StoreCredentials:         true,
	}, nil
}

// useToken checks an access token with whoami and sets it on the client.
func (a *Adapter) useToken(ctx context.Context, cli *mautrix.Client, token string, device id.DeviceID) error {
	cli.AccessToken = token
	who, err := cli.Whoami(ctx)
	switch {
	case errors.Is(err, mautrix.MUnknownToken):
		return ErrUnknownToken
	case err != nil:
		return fmt.Errorf("check matrix access token: %w", err)
	case who.UserID != cli.UserID:
		return fmt.Errorf("matrix.user_id: the access token belongs to %s, not %s", who.UserID, cli.UserID)
	case device != "" && who.DeviceID != "" && device != who.DeviceID:
		return fmt.Errorf("matrix.device_id: the access token belongs to device %s, not %s", who.DeviceID, device)
	case device == "" && who.DeviceID == "":
		return errors.New("matrix.device_id: required, the homeserver does not tell the access token's device")
	}
	if device == "" {
		device = who.DeviceID
	}
	cli.DeviceID = device
	return nil
}

// decryptFailed logs a message the bot could not decrypt.
func (a *Adapter) decryptFailed(evt *event.Event, err error) {
	a.log.Warn("could not decrypt a message", "room", evt.RoomID, "event", evt.ID, "err", err)
}

//go:build goolm

package matrix

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto"
	"maunium.net/go/mautrix/crypto/cryptohelper"
	"maunium.net/go/mautrix/event"
)

// cryptoAvailable is true in builds with the pure-Go Olm implementation.
const cryptoAvailable = true

// cryptoStore is the encryption helper with its SQLite store, which also
// holds the room state, the sync position and the record of handled
// messages.
type cryptoStore struct{ helper *cryptohelper.CryptoHelper }

// openCrypto opens the crypto store at path; it also becomes the client's
// state store.
func openCrypto(cli *mautrix.Client, pickleKey []byte, path string) (*cryptoStore, error) {
	h, err := cryptohelper.NewCryptoHelper(cli, pickleKey, path)
	if err != nil {
		return nil, fmt.Errorf("open matrix crypto store: %w", err)
	}
	return &cryptoStore{helper: h}, nil
}

// init logs in with loginAs when it is set (reusing the stored device),
// loads or creates the device's keys, hooks decryption into the client's
// syncer and makes the client encrypt messages to encrypted rooms.
func (s *cryptoStore) init(ctx context.Context, cli *mautrix.Client, loginAs *mautrix.ReqLogin, onDecryptError func(*event.Event, error)) error {
	s.helper.LoginAs = loginAs
	err := s.helper.Init(ctx)
	s.helper.LoginAs = nil
	if err != nil {
		switch {
		case loginAs != nil && errors.Is(err, mautrix.MForbidden):
			return fmt.Errorf("matrix.password: the homeserver refused the login: %w", err)
		case loginAs != nil && !transient(err):
			return fmt.Errorf("start matrix encryption (if the bot's device was deleted on the server, remove matrix.crypto_db and matrix.session_file to start with a new device): %w", err)
		}
		return fmt.Errorf("start matrix encryption: %w", err)
	}
	s.helper.DecryptErrorCallback = onDecryptError
	cli.Crypto = s.helper
	return nil
}

// db returns the store's SQLite database, which also keeps Vigil's record
// of handled messages. It is valid after init.
func (s *cryptoStore) db() (*sql.DB, error) {
	store, ok := s.helper.Machine().CryptoStore.(*crypto.SQLCryptoStore)
	if !ok {
		return nil, errors.New("matrix crypto store is not an SQL store")
	}
	return store.DB.RawDB, nil
}

var _ io.Closer = (*cryptoStore)(nil)

// Close closes the store's database.
func (s *cryptoStore) Close() error { return s.helper.Close() }

//go:build !goolm

package matrix

import (
	"context"
	"database/sql"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
)

// cryptoAvailable is false in builds without the goolm tag: mautrix's
// other Olm implementation needs the deprecated C libolm, which Vigil does
// not use.
const cryptoAvailable = false

// cryptoStore is unavailable in this build.
type cryptoStore struct{}

func openCrypto(*mautrix.Client, []byte, string) (*cryptoStore, error) { return nil, errNoCrypto }

func (*cryptoStore) init(context.Context, *mautrix.Client, *mautrix.ReqLogin, func(*event.Event, error)) error {
	return errNoCrypto
}

func (*cryptoStore) crossSign(context.Context, crossSigning) error { return errNoCrypto }

func (*cryptoStore) db() (*sql.DB, error) { return nil, errNoCrypto }

// Close does nothing.
func (*cryptoStore) Close() error { return nil }

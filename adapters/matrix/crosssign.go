package matrix

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// crossSigning is what the cross-signing bootstrap needs from the
// configuration.
type crossSigning struct {
	password    string // for user-interactive auth of the key upload; may be empty
	recoveryKey string // unlocks secret storage; empty: create one
	keyFile     string // where a created recovery key is written
	log         *slog.Logger
}

// crossSigningOptions returns the bootstrap settings of the adapter.
func (a *Adapter) crossSigningOptions() crossSigning {
	return crossSigning{password: a.cfg.Password, recoveryKey: a.cfg.RecoveryKey, keyFile: a.cfg.recoveryKeyPath(), log: a.log}
}

// recoveryKeyPath is where a recovery key created by Vigil is written:
// next to the crypto database.
func (c Config) recoveryKeyPath() string {
	return filepath.Join(filepath.Dir(c.CryptoDB), RecoveryKeyFileName)
}

// writeRecoveryKey writes key to path, readable by its owner only,
// replacing an earlier file.
func writeRecoveryKey(path, key string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write matrix recovery key file: %w", err)
	}
	// An older file may have wider permissions; OpenFile keeps them.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("write matrix recovery key file: %w", err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("write matrix recovery key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write matrix recovery key file: %w", err)
	}
	return nil
}

package matrix

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"maunium.net/go/mautrix/id"
)

// session is what a password login keeps so that restarts reuse the same
// device (and its encryption keys) instead of creating a new one.
type session struct {
	UserID      id.UserID   `json:"user_id"`
	DeviceID    id.DeviceID `json:"device_id"`
	AccessToken string      `json:"access_token"`
}

// loadSession reads the session file; ok is false when there is none.
func loadSession(path string) (s session, ok bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return session{}, false, nil
	}
	if err != nil {
		return session{}, false, fmt.Errorf("read matrix session file: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return session{}, false, fmt.Errorf("matrix session file %s is damaged; delete it to log in again: %w", path, err)
	}
	return s, s.AccessToken != "" && s.DeviceID != "", nil
}

// saveSession writes the session file atomically, readable by its owner
// only.
func saveSession(path string, s session) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode matrix session: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create matrix session directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".matrix-session-*")
	if err != nil {
		return fmt.Errorf("write matrix session file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write matrix session file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write matrix session file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write matrix session file: %w", err)
	}
	return nil
}

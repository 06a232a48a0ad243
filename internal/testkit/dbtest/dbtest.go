// Package dbtest opens the real SQLite database (storage.DB) for the
// integration tests of the core and the adapters. It needs cgo.
package dbtest

import (
	"bytes"
	"path/filepath"
	"testing"

	"vigil/storage"
)

// Key returns the data key of test databases; never a real one.
func Key() []byte { return bytes.Repeat([]byte{7}, 32) }

// Open opens (creating it) the database vigil.db in dir, a fresh temporary
// directory when dir is empty; it is closed when the test ends.
func Open(t testing.TB, dir string) *storage.DB {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	db, err := storage.Open(t.Context(), filepath.Join(dir, "vigil.db"), storage.Options{Key: Key()})
	if err != nil {
		t.Fatalf("open the test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

package storage

import (
	"context"
	"path/filepath"
	"testing"
)

func TestConnectionPragmas(t *testing.T) {
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for pragma, want := range map[string]string{
		"journal_mode":  "wal",
		"synchronous":   "2", // FULL: a commit is on disk before it returns
		"secure_delete": "1",
		"foreign_keys":  "1",
		"busy_timeout":  "5000",
	} {
		var got string
		if err := d.sql.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigil/bot"
	"vigil/storage"
)

// TestBackupReplacesOnlyWithACheckedCopy backs up a database twice to the
// same file (with an empty umask): the copy is 0600, the second replaces
// the first, the restored copy holds every case and opens only with the
// same key. Backing up onto the live files is refused, and a cancelled
// backup leaves the previous one and no partial file.
func TestBackupReplacesOnlyWithACheckedCopy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	key := bytes.Repeat([]byte{0x42}, storage.KeySize)
	db := open(t, path, storage.Options{Key: key})
	file := func(n int) {
		for i := range n {
			if _, err := db.FileCase(ctx, sampleCase(fmt.Sprintf("backed up case %d", i))); err != nil {
				t.Fatal(err)
			}
		}
	}
	backupDir := t.TempDir()
	target := filepath.Join(backupDir, "vigil-backup.db")
	file(3)
	withUmask(0, func() {
		if n, err := db.Backup(ctx, target); err != nil || n != 3 {
			t.Fatalf("first backup: %d cases, %v", n, err)
		}
	})
	assertPrivate(t, target)
	file(2)
	if n, err := db.Backup(ctx, target); err != nil || n != 5 {
		t.Fatalf("second backup: %d cases, %v", n, err)
	}

	restored := filepath.Join(t.TempDir(), "vigil.db")
	data, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(restored, data, 0o600)
	if _, err := storage.Open(ctx, restored, storage.Options{Key: bytes.Repeat([]byte{1}, storage.KeySize)}); !errors.Is(err, storage.ErrWrongKey) {
		t.Fatalf("restored copy with another key: %v", err)
	}
	copyDB := open(t, restored, storage.Options{Key: key})
	cases, err := copyDB.ListCases(ctx, bot.CaseFilter{})
	if err != nil || len(cases) != 5 {
		t.Fatalf("restored copy: %d cases, %v", len(cases), err)
	}
	for _, c := range cases {
		if !strings.HasPrefix(c.Report.Description, "backed up case ") || c.Reporter.ID != "UREPORTER7" {
			t.Fatalf("restored case %s: %+v", c.Ref, c.Report)
		}
	}

	for _, live := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := db.Backup(ctx, live); err == nil || !strings.Contains(err.Error(), "live database") {
			t.Fatalf("backup onto %s: %v", filepath.Base(live), err)
		}
	}
	if _, err := db.Backup(ctx, filepath.Join(dir, "missing", "b.db")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("backup into a missing directory: %v", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := db.Backup(cancelled, target); err == nil {
		t.Fatal("a cancelled backup succeeded")
	}
	entries, _ := os.ReadDir(backupDir)
	if len(entries) != 1 {
		t.Fatalf("backup directory holds %d files after a cancelled backup, want the previous backup only", len(entries))
	}
	if after, _ := os.ReadFile(target); !bytes.Equal(after, data) {
		t.Fatal("a cancelled backup changed the previous one")
	}
}

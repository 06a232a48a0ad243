package storage_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"vigil/storage"
)

// withUmask runs fn with the process's umask set to mask.
func withUmask(mask int, fn func()) {
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	fn()
}

// assertPrivate fails unless each file exists with mode 0600.
func assertPrivate(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

// TestDatabaseFilesArePrivate opens a new database with an empty umask
// (which would let SQLite create files readable by everyone) and checks
// that the database, its write-ahead log and its shared-memory file are
// 0600 while it is in use; a database left world-readable by an older
// Vigil is made private when opened.
func TestDatabaseFilesArePrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	withUmask(0, func() {
		db := open(t, path, storage.Options{})
		if _, err := db.FileCase(ctx, sampleCase("mode check")); err != nil {
			t.Fatal(err)
		}
		assertPrivate(t, path, path+"-wal", path+"-shm", filepath.Join(dir, "vigil.key"))
		db.Close()

		// As an older Vigil left them: everything readable by others.
		for _, p := range []string{path + "-wal", path + "-shm"} {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		db = open(t, path, storage.Options{})
		if c, err := db.CaseByRef(ctx, "VGL-2026-0001"); err != nil || c.Report.Description != "mode check" {
			t.Fatalf("case after reopening: %+v, %v", c, err)
		}
		assertPrivate(t, path, path+"-wal", path+"-shm")
	})
}

// TestKeyFileReadableByOthersIsRefused refuses, as ssh does, a key file
// that group or others may read or write, with a message that says how to
// fix it and does not quote the key.
func TestKeyFileReadableByOthersIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.db")
	open(t, path, storage.Options{}).Close()
	keyFile := filepath.Join(dir, "vigil.key")
	key, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620} {
		if err := os.Chmod(keyFile, mode); err != nil {
			t.Fatal(err)
		}
		_, err := storage.Open(ctx, path, storage.Options{})
		if err == nil || !strings.Contains(err.Error(), "accessible by group or others") || !strings.Contains(err.Error(), "chmod 600 "+keyFile) {
			t.Fatalf("mode %04o: err = %v", mode, err)
		}
		if strings.Contains(err.Error(), strings.TrimSpace(string(key))) {
			t.Fatal("the error quotes the key")
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		os.Chmod(keyFile, mode)
		open(t, path, storage.Options{}).Close()
	}
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the database to path while Vigil
// keeps running, and returns the number of cases in it. Only the security
// team's operator, on the server, may call it: the copy holds every case
// (encrypted with the same key, which is not copied).
//
// SQLite's VACUUM INTO writes the copy from one read transaction, so it is
// a snapshot: reports filed meanwhile wait for nothing and are either
// wholly in the copy or not at all. The copy goes to a temporary file
// (mode 0600) next to path, is synced, then checked: opened read-only,
// PRAGMA integrity_check, the schema version and the data key's check
// value. Only then is it renamed to path, replacing an older backup there,
// and the directory synced. On error path is left as it was. Backing up
// onto the database itself is refused.
func (d *DB) Backup(ctx context.Context, path string) (cases int, err error) {
	if err := d.refuseLiveFile(path); err != nil {
		return 0, err
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return 0, fmt.Errorf("backup: directory %s does not exist", dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmpPath)
		}
	}()
	// VACUUM INTO fills an empty file and keeps its mode (0600).
	if _, err := d.sql.ExecContext(ctx, "VACUUM INTO ?", tmpPath); err != nil {
		return 0, describe("backup", err)
	}
	if err := syncFile(tmpPath); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if cases, err = d.verifyCopy(ctx, tmpPath); err != nil {
		return 0, fmt.Errorf("backup: the copy failed its check, nothing was written to %s: %w", path, err)
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	return cases, nil
}

// refuseLiveFile refuses a backup path that is the database itself or one
// of its -wal, -shm or journal files: renaming the copy there would
// replace the live database under the running processes.
func (d *DB) refuseLiveFile(path string) error {
	target, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if target.IsDir() {
		return fmt.Errorf("backup: %s is a directory; give a file name", path)
	}
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if live, err := os.Stat(d.path + suffix); err == nil && os.SameFile(live, target) {
			return fmt.Errorf("backup: %s is the live database; give another file", path)
		}
	}
	return nil
}

// verifyCopy opens a backup read-only and checks that SQLite finds it
// intact, that its schema is this program's and that the data key opens
// it. It returns the number of cases it holds.
func (d *DB) verifyCopy(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	problems, err := checkPragma(ctx, db, "integrity_check")
	if err != nil {
		return 0, describe("integrity check", err)
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, describe("read schema version", err)
	}
	if version != SchemaVersion() {
		return 0, fmt.Errorf("schema version %d, want %d", version, SchemaVersion())
	}
	var sealed []byte
	if err := db.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = ?", keyCheckName).Scan(&sealed); err != nil {
		return 0, describe("read key check", err)
	}
	if plain, err := d.seal.open(sealed, keyCheckName); err != nil || string(plain) != keyCheckValue {
		return 0, ErrWrongKey
	}
	var cases int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM cases").Scan(&cases); err != nil {
		return 0, describe("count cases", err)
	}
	return cases, nil
}

// syncFile flushes a file's content to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

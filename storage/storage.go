// Package storage keeps Vigil's data in SQLite: cases and their history,
// unfinished report conversations and the audit log. Sensitive values are
// encrypted with AES-256-GCM before they reach the file.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"vigil/bot"
)

// Options configure Open. The zero value is valid.
type Options struct {
	// Key is the 32-byte data key. When nil, the key is read from KeyFile,
	// and generated there on first use.
	Key []byte
	// KeyFile is where the key lives when Key is nil; the default is
	// DefaultKeyFile.
	KeyFile string
}

// DefaultKeyFile is the key file used for the database at path when
// Options.KeyFile is empty: vigil.key in the database's directory.
func DefaultKeyFile(path string) string { return filepath.Join(filepath.Dir(path), "vigil.key") }

// DB is an open Vigil database. It implements bot.Store and is safe for
// concurrent use.
type DB struct {
	sql  *sql.DB
	path string // the database file, as given to Open
	seal *sealer
	// KeyCreated is true when Open generated a new key file, which the
	// operator must back up: without it the reports cannot be read.
	KeyCreated bool
	// KeyFile is the key file in use, empty when the key came from Options.Key.
	KeyFile string
}

var _ bot.Store = (*DB)(nil)

// Open opens or creates the database at path, applies pending migrations
// and checks the data key. The database file and its -wal and -shm files
// are made private (mode 0600) whatever the umask. A path that cannot be
// opened, a locked or
// corrupt file, a wrong key or a schema newer than this program give an
// error; the database is then left unchanged.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("database path is empty")
	}
	if dir := filepath.Dir(path); dir != "" {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("database directory %s does not exist", dir)
		}
	}
	if err := makePrivate(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_synchronous", "FULL")
	q.Set("_secure_delete", "on")
	q.Set("_txlock", "immediate")
	// Statements run once per row of a large transaction (an advisory's
	// 5,000 deliveries and outbox items) are prepared once per connection.
	q.Set("_stmt_cache_size", "64")
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	d := &DB{sql: db, path: path}
	if err := d.init(ctx, path, opts); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

func (d *DB) init(ctx context.Context, path string, opts Options) error {
	if err := d.connect(ctx); err != nil {
		return describe("open database", err)
	}
	// journal_mode=WAL is the first statement to touch the file: it fails
	// on a file that is not a database or that another process has locked.
	var mode string
	if err := d.sql.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return describe("open database", err)
	}
	if err := d.quickCheck(ctx, path); err != nil {
		return err
	}
	if err := d.migrate(ctx); err != nil {
		return err
	}
	return d.setUpKey(ctx, path, opts)
}

// connectPatience is how long connect retries a first connection that
// SQLite refuses as busy; it matches the busy timeout.
const connectPatience = 5 * time.Second

// connect makes the first connection. Each connection starts with PRAGMA
// journal_mode=WAL; on a new database that switch needs an exclusive lock,
// and when several processes make it at once SQLite answers SQLITE_BUSY
// at once to all but one, without waiting for the busy timeout (waiting
// could deadlock). connect waits and tries again for up to
// connectPatience; once the file is in WAL mode the switch is a no-op.
func (d *DB) connect(ctx context.Context) error {
	deadline := time.Now().Add(connectPatience)
	for {
		err := d.sql.PingContext(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(5+rand.IntN(20)) * time.Millisecond):
		}
	}
}

// describe turns SQLite errors into messages an operator can act on.
// It returns nil for a nil err.
func describe(what string, err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%s: the database is locked by another process (is another Vigil running?): %w", what, err)
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return fmt.Errorf("%s: the file is not a valid Vigil database or is corrupt; restore it from a backup: %w", what, err)
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrReadonly:
			return fmt.Errorf("%s: the file cannot be opened for writing (check the path and permissions): %w", what, err)
		case sqlite3.ErrFull:
			return fmt.Errorf("%s: the disk is full: %w", what, err)
		}
	}
	return fmt.Errorf("%s: %w", what, err)
}

const keyCheckName = "key_check"
const keyCheckValue = "vigil key check"

// setUpKey loads the data key (from opts or the key file) and checks it
// against the value stored in meta, writing that value on first use. The
// read, the key file's creation and the write happen inside one write
// transaction (BEGIN IMMEDIATE), so processes starting together on a new
// database take turns: the first creates the key and stores its check, the
// others then find both.
func (d *DB) setUpKey(ctx context.Context, path string, opts Options) error {
	tx, err := d.sql.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock=immediate)
	if err != nil {
		return describe("check encryption key", err)
	}
	defer tx.Rollback()
	var sealed []byte
	err = tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = ?", keyCheckName).Scan(&sealed)
	hasCheck := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return describe("read database", err)
	}
	key := opts.Key
	if key == nil {
		d.KeyFile = opts.KeyFile
		if d.KeyFile == "" {
			d.KeyFile = DefaultKeyFile(path)
		}
		key, d.KeyCreated, err = LoadOrCreateKeyFile(d.KeyFile, !hasCheck)
		if err != nil {
			return err
		}
	}
	if d.seal, err = newSealer(key); err != nil {
		return err
	}
	if hasCheck {
		plain, err := d.seal.open(sealed, keyCheckName)
		if err != nil || string(plain) != keyCheckValue {
			return ErrWrongKey
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO meta (name, value) VALUES (?, ?)", keyCheckName, d.seal.seal([]byte(keyCheckValue), keyCheckName)); err != nil {
		return describe("write database", err)
	}
	return describe("write database", tx.Commit())
}

// Close closes the database, checkpointing the write-ahead log.
func (d *DB) Close() error { return d.sql.Close() }

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error {
	return describe("ping database", d.sql.PingContext(ctx))
}

package storage

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms []migration
	for i, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %04d", base, i+1)
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	return ms, nil
}

// SchemaVersion is the newest schema this program knows.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate applies the pending migrations, each in its own write
// transaction (BEGIN IMMEDIATE) that reads user_version, applies the next
// migration and sets the new version. Several processes starting on a new
// database therefore take turns: each sees the version the previous one
// committed and never applies a migration twice. A database from a newer
// schema is refused.
func (d *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	for {
		done, err := d.migrateStep(ctx, ms)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the first migration the database lacks, in one write
// transaction. It reports done when there was none left.
func (d *DB) migrateStep(ctx context.Context, ms []migration) (done bool, err error) {
	tx, err := d.sql.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock=immediate)
	if err != nil {
		return false, describe("migrate database", err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return false, describe("read schema version", err)
	}
	switch {
	case current > len(ms):
		return false, fmt.Errorf("the database has schema version %d but this Vigil knows only up to %d; upgrade Vigil or use a backup made by this version", current, len(ms))
	case current == len(ms):
		return true, nil
	}
	m := ms[current]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, describe("apply migration "+m.name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return false, describe("apply migration "+m.name, err)
	}
	return false, describe("apply migration "+m.name, tx.Commit())
}

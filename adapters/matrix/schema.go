package matrix

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// schemaFiles are the numbered changes of the adapter's own tables, in
// the crypto store's database (mautrix versions its own tables apart).
//
//go:embed migrations/*.sql
var schemaFiles embed.FS

// schemaChange is one numbered change of the adapter's tables.
type schemaChange struct {
	version int
	name    string
	sql     string
}

// schemaChanges returns the changes in order; their numbers must run 1, 2,
// 3... without a gap.
func schemaChanges() ([]schemaChange, error) {
	names, err := fs.Glob(schemaFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []schemaChange
	for i, name := range names { // fs.Glob sorts
		base := path.Base(name)
		number, _, _ := strings.Cut(base, "_")
		if v, err := strconv.Atoi(number); err != nil || v != i+1 {
			return nil, fmt.Errorf("matrix schema change %s: expected number %04d", base, i+1)
		}
		body, err := schemaFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, schemaChange{version: i + 1, name: base, sql: string(body)})
	}
	return out, nil
}

// upgradeSchema applies the adapter's pending schema changes to db, each
// in its own transaction together with the version it reaches, recorded
// in vigil_matrix_version. A database from a newer Vigil is refused.
func upgradeSchema(ctx context.Context, db *sql.DB) error {
	changes, err := schemaChanges()
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS vigil_matrix_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create the matrix schema version: %w", err)
	}
	for {
		done, err := applyNextChange(ctx, db, changes)
		if done || err != nil {
			return err
		}
	}
}

// applyNextChange applies the change after the database's version, and
// reports whether there was none left.
func applyNextChange(ctx context.Context, db *sql.DB, changes []schemaChange) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("upgrade the matrix schema: %w", err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM vigil_matrix_version`).Scan(&current); err != nil {
		return false, fmt.Errorf("read the matrix schema version: %w", err)
	}
	switch {
	case current > len(changes):
		return false, fmt.Errorf("the Matrix tables have schema version %d but this Vigil knows only up to %d; upgrade Vigil", current, len(changes))
	case current == len(changes):
		return true, nil
	}
	c := changes[current]
	if _, err := tx.ExecContext(ctx, c.sql); err != nil {
		return false, fmt.Errorf("apply matrix schema change %s: %w", c.name, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM vigil_matrix_version`); err != nil {
		return false, fmt.Errorf("apply matrix schema change %s: %w", c.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO vigil_matrix_version (version) VALUES (?)`, c.version); err != nil {
		return false, fmt.Errorf("apply matrix schema change %s: %w", c.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("apply matrix schema change %s: %w", c.name, err)
	}
	return false, nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// maxProblems bounds how many problems a check reports.
const maxProblems = 10

// IntegrityCheck runs SQLite's full integrity check (every page, every
// index against its table) and returns an error describing any problem
// found. It reads the whole database; `vigil backup` runs it on the copy.
func (d *DB) IntegrityCheck(ctx context.Context) error {
	problems, err := checkPragma(ctx, d.sql, "integrity_check")
	if err != nil {
		return describe("integrity check", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}

// quickCheck runs PRAGMA quick_check, which reads every page and checks
// the structure of each b-tree but not that indexes match their tables.
// A file whose header is valid but whose pages are damaged opens without
// complaint and takes new reports until a read hits the damage; Open
// refuses it instead, before anything is written.
func (d *DB) quickCheck(ctx context.Context, path string) error {
	problems, err := checkPragma(ctx, d.sql, "quick_check")
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		problems, err = append(problems, se.Error()), nil
	}
	if err != nil {
		return describe("check database "+path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the database %s is corrupt (%s); Vigil refuses to file reports into it: restore the last backup (see \"Backup and restore\" in README.md)", path, strings.Join(problems, "; "))
	}
	return nil
}

// checkPragma runs an integrity pragma ("quick_check" or
// "integrity_check") on db and returns the problems it reports, none when
// the database is sound.
func checkPragma(ctx context.Context, db *sql.DB, pragma string) ([]string, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf("PRAGMA %s(%d)", pragma, maxProblems))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}

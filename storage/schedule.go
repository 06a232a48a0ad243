package storage

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Scheduled runs live in the meta table, two rows per job: "run:<job>"
// holds the latest period done, "lease:<job>" the period claimed and the
// time its lease ends ("2026-W48 2026-11-23T08:10:00Z"). Neither holds
// anything sensitive, so they are stored in clear.
func runName(job string) string   { return "run:" + job }
func leaseName(job string) string { return "lease:" + job }

// LastRun implements bot.ScheduleStore.
func (d *DB) LastRun(ctx context.Context, job string) (string, error) {
	done, err := metaText(ctx, d.sql, runName(job))
	return done, describe("read scheduled run", err)
}

// ClaimRun implements bot.ScheduleStore. The transaction starts with an
// immediate lock (see Open), so two processes cannot both claim a period.
func (d *DB) ClaimRun(ctx context.Context, job, period string, now, leaseUntil time.Time) (bool, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return false, describe("claim scheduled run", err)
	}
	defer tx.Rollback()
	done, err := metaText(ctx, tx, runName(job))
	if err != nil {
		return false, describe("claim scheduled run", err)
	}
	if done >= period {
		return false, nil
	}
	lease, err := metaText(ctx, tx, leaseName(job))
	if err != nil {
		return false, describe("claim scheduled run", err)
	}
	if claimed, until, ok := strings.Cut(lease, " "); ok && claimed == period && until > formatTime(now) {
		return false, nil
	}
	if err := setMeta(ctx, tx, leaseName(job), period+" "+formatTime(leaseUntil)); err != nil {
		return false, describe("claim scheduled run", err)
	}
	return true, describe("claim scheduled run", tx.Commit())
}

// RunDone implements bot.ScheduleStore.
func (d *DB) RunDone(ctx context.Context, job, period string) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return describe("record scheduled run", err)
	}
	defer tx.Rollback()
	done, err := metaText(ctx, tx, runName(job))
	if err != nil {
		return describe("record scheduled run", err)
	}
	if period > done {
		if err := setMeta(ctx, tx, runName(job), period); err != nil {
			return describe("record scheduled run", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM meta WHERE name = ?", leaseName(job)); err != nil {
		return describe("record scheduled run", err)
	}
	return describe("record scheduled run", tx.Commit())
}

// rowQuerier is what metaText needs of a database or a transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// metaText returns the text stored under name in meta, "" when there is
// none.
func metaText(ctx context.Context, q rowQuerier, name string) (string, error) {
	var value []byte
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = ?", name).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return string(value), err
}

// setMeta stores value under name in meta.
func setMeta(ctx context.Context, tx *sql.Tx, name, value string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
		name, []byte(value))
	return err
}

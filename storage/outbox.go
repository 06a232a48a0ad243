package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"vigil/bot"
)

// Outbox is the database's durable outbox (bot.Outbox, table outbox of
// migration 0004). An item's destination and text are sealed, bound to
// its row; everything else is in clear, for the queries. Another part of
// storage whose change causes a message writes it in its own transaction
// with DB.enqueue, as FileCase does.
type Outbox struct{ d *DB }

var _ bot.Outbox = (*Outbox)(nil)

// Outbox implements bot.OutboxStore.
func (d *DB) Outbox() bot.Outbox { return &Outbox{d: d} }

// outboxPayload is what payload_enc holds, sealed.
type outboxPayload struct {
	To   bot.Address `json:"to"`
	Text string      `json:"text"`
}

func outboxContext(id int64) string { return "outbox:" + strconv.FormatInt(id, 10) }

// outboxColumns are the columns scanItem reads, the case's reference
// included.
const outboxColumns = `id, kind, route, case_id, (SELECT ref FROM cases WHERE cases.id = outbox.case_id),
	subject, created_at, due_at, expires_at, lease_until, attempts`

// enqueue writes items inside tx and returns them as stored, with their
// IDs and their cases' references. An item with LeaseUntil set is written
// claimed (Attempts 1); DueAt defaults to CreatedAt, which defaults to now.
func (d *DB) enqueue(ctx context.Context, tx *sql.Tx, items []bot.OutboxItem) ([]bot.OutboxItem, error) {
	out := make([]bot.OutboxItem, 0, len(items))
	for _, it := range items {
		if it.Kind == "" {
			return nil, errors.New("enqueue: an outbox item needs a kind")
		}
		if it.CreatedAt.IsZero() {
			it.CreatedAt = time.Now()
		}
		if it.DueAt.IsZero() {
			it.DueAt = it.CreatedAt
		}
		it.CreatedAt, it.DueAt, it.ExpiresAt, it.LeaseUntil = utc(it.CreatedAt), utc(it.DueAt), utc(it.ExpiresAt), utc(it.LeaseUntil)
		it.Attempts = 0
		if !it.LeaseUntil.IsZero() {
			it.Attempts = 1
		}
		var caseID any
		if it.CaseID != 0 {
			caseID = it.CaseID
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO outbox (kind, route, case_id, subject, created_at, due_at, expires_at, lease_until, attempts)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, coalesce((SELECT ref FROM cases WHERE cases.id = outbox.case_id), '')`,
			it.Kind, it.Route, caseID, it.Subject, formatTime(it.CreatedAt), formatTime(it.DueAt),
			optionalTime(it.ExpiresAt), optionalTime(it.LeaseUntil), it.Attempts).Scan(&it.ID, &it.CaseRef)
		if err != nil {
			return nil, describe("enqueue", err)
		}
		if it.To != (bot.Address{}) || it.Text != "" {
			payload, err := json.Marshal(outboxPayload{To: it.To, Text: it.Text})
			if err != nil {
				return nil, fmt.Errorf("enqueue: %w", err)
			}
			if _, err := tx.ExecContext(ctx, "UPDATE outbox SET payload_enc = ? WHERE id = ?",
				d.seal.seal(payload, outboxContext(it.ID)), it.ID); err != nil {
				return nil, describe("enqueue", err)
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// Enqueue implements bot.Outbox.
func (o *Outbox) Enqueue(ctx context.Context, items ...bot.OutboxItem) ([]bot.OutboxItem, error) {
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, describe("enqueue", err)
	}
	defer tx.Rollback()
	out, err := o.d.enqueue(ctx, tx, items)
	if err != nil {
		return nil, err
	}
	return out, describe("enqueue", tx.Commit())
}

// claimable is the condition of an item due at ?1, not leased at ?1 and
// not expired at ?1.
const claimable = "due_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1) AND (expires_at IS NULL OR expires_at > ?1)"

// Claim implements bot.Outbox. An empty outbox costs one indexed read and
// no write transaction.
func (o *Outbox) Claim(ctx context.Context, now time.Time, lease time.Duration, routes []string, limit int) ([]bot.OutboxItem, error) {
	if limit <= 0 || len(routes) == 0 {
		return nil, nil
	}
	args := []any{formatTime(now)}
	marks := make([]string, len(routes))
	for i, r := range routes {
		marks[i] = "?" + strconv.Itoa(i+2)
		args = append(args, r)
	}
	where := claimable + " AND route IN (" + strings.Join(marks, ", ") + ")"
	var one int
	err := o.d.sql.QueryRowContext(ctx, "SELECT 1 FROM outbox WHERE "+where+" LIMIT 1", args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, describe("claim outbox items", err)
	}
	tx, err := o.d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, describe("claim outbox items", err)
	}
	defer tx.Rollback()
	n := len(args)
	args = append(args, formatTime(now.Add(lease)), limit)
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`UPDATE outbox SET attempts = attempts + 1, lease_until = ?%d
		WHERE id IN (SELECT id FROM outbox WHERE %s ORDER BY due_at, id LIMIT ?%d)
		RETURNING %s, payload_enc`, n+1, where, n+2, outboxColumns), args...)
	if err != nil {
		return nil, describe("claim outbox items", err)
	}
	var out []bot.OutboxItem
	for rows.Next() {
		it, err := o.d.scanItem(rows, true)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, it)
	}
	if err := rows.Close(); err != nil {
		return nil, describe("claim outbox items", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, describe("claim outbox items", err)
	}
	slices.SortFunc(out, func(a, b bot.OutboxItem) int {
		if c := a.DueAt.Compare(b.DueAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}

// Delivered implements bot.Outbox.
func (o *Outbox) Delivered(ctx context.Context, id int64) error {
	_, err := o.d.sql.ExecContext(ctx, "DELETE FROM outbox WHERE id = ?", id)
	return describe("remove a delivered outbox item", err)
}

// Retry implements bot.Outbox.
func (o *Outbox) Retry(ctx context.Context, it bot.OutboxItem, due time.Time) error {
	res, err := o.d.sql.ExecContext(ctx, "UPDATE outbox SET due_at = ?, lease_until = NULL WHERE id = ? AND attempts = ?",
		formatTime(due), it.ID, it.Attempts)
	if err != nil {
		return describe("reschedule an outbox item", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return bot.ErrNotFound
	}
	return nil
}

// Expire implements bot.Outbox.
func (o *Outbox) Expire(ctx context.Context, now time.Time) ([]bot.OutboxItem, error) {
	rows, err := o.d.sql.QueryContext(ctx, `DELETE FROM outbox
		WHERE expires_at IS NOT NULL AND expires_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)
		RETURNING `+outboxColumns, formatTime(now))
	if err != nil {
		return nil, describe("expire outbox items", err)
	}
	defer rows.Close()
	var out []bot.OutboxItem
	for rows.Next() {
		it, err := o.d.scanItem(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, describe("expire outbox items", rows.Err())
}

// scanItem reads one row of outboxColumns, followed by payload_enc when
// withPayload, which it opens.
func (d *DB) scanItem(row rowScanner, withPayload bool) (bot.OutboxItem, error) {
	var (
		it                  bot.OutboxItem
		caseID              sql.NullInt64
		ref, expires, lease sql.NullString
		created, due        string
		payload             []byte
	)
	dest := []any{&it.ID, &it.Kind, &it.Route, &caseID, &ref, &it.Subject, &created, &due, &expires, &lease, &it.Attempts}
	if withPayload {
		dest = append(dest, &payload)
	}
	if err := row.Scan(dest...); err != nil {
		return bot.OutboxItem{}, describe("read an outbox item", err)
	}
	it.CaseID, it.CaseRef = caseID.Int64, ref.String
	var errs [4]error
	it.CreatedAt, errs[0] = parseTime(created)
	it.DueAt, errs[1] = parseTime(due)
	if expires.Valid {
		it.ExpiresAt, errs[2] = parseTime(expires.String)
	}
	if lease.Valid {
		it.LeaseUntil, errs[3] = parseTime(lease.String)
	}
	if err := errors.Join(errs[:]...); err != nil {
		return bot.OutboxItem{}, fmt.Errorf("read outbox item %d: bad time: %w", it.ID, err)
	}
	if payload != nil {
		var p outboxPayload
		if err := d.openJSON(payload, outboxContext(it.ID), &p); err != nil {
			return bot.OutboxItem{}, fmt.Errorf("read outbox item %d: %w", it.ID, err)
		}
		it.To, it.Text = p.To, p.Text
	}
	return it, nil
}

// optionalTime is t formatted for storage, or NULL when it is zero.
func optionalTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// utc returns t in UTC, and the zero time unchanged.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"vigil/bot"
)

// where builds the WHERE clause and arguments of a case filter.
func where(f bot.CaseFilter) (string, []any) {
	var conds []string
	var args []any
	if f.OpenOnly {
		conds = append(conds, "status <> ?")
		args = append(args, string(bot.StatusClosed))
	}
	if f.Status != "" {
		conds = append(conds, "status = ?")
		args = append(args, string(f.Status))
	}
	if f.Category != "" {
		conds = append(conds, "category = ?")
		args = append(args, string(f.Category))
	}
	if f.Severity != "" {
		conds = append(conds, "severity = ?")
		args = append(args, string(f.Severity))
	}
	if !f.Since.IsZero() {
		conds = append(conds, "filed_at >= ?")
		args = append(args, formatTime(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "filed_at < ?")
		args = append(args, formatTime(f.Until))
	}
	if f.Linked {
		conds = append(conds, "id IN (SELECT case_a FROM case_links WHERE state <> ? UNION SELECT case_b FROM case_links WHERE state <> ?)")
		args = append(args, string(bot.LinkRejected), string(bot.LinkRejected))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// ListCases implements bot.TeamStore.
func (d *DB) ListCases(ctx context.Context, f bot.CaseFilter) ([]bot.Case, error) {
	w, args := where(f)
	if f.Limit > 0 && f.OldestFirst {
		return d.queryCases(ctx, "list cases", w+" ORDER BY id LIMIT ?", append(args, f.Limit)...)
	}
	if f.Limit > 0 {
		return d.queryCases(ctx, "list cases", w+" ORDER BY id DESC LIMIT ?", append(args, f.Limit)...)
	}
	return d.queryCases(ctx, "list cases", w+" ORDER BY id", args...)
}

// EachCase calls fn for every case matching f (oldest first) with its
// history, streaming from the database so that memory stays flat. It stops
// at the first error, which it returns.
func (d *DB) EachCase(ctx context.Context, f bot.CaseFilter, fn func(bot.Case, []bot.CaseEvent) error) error {
	w, args := where(f)
	cases, err := d.sql.QueryContext(ctx, "SELECT "+caseColumns+" FROM cases"+w+" ORDER BY id", args...)
	if err != nil {
		return describe("read cases", err)
	}
	defer cases.Close()
	events, err := d.sql.QueryContext(ctx, `SELECT case_id, id, at, kind, status, detail, actor_enc, text_enc FROM case_events
		WHERE case_id IN (SELECT id FROM cases`+w+`) ORDER BY case_id, id`, args...)
	if err != nil {
		return describe("read case history", err)
	}
	defer events.Close()

	var pending *bot.CaseEvent // first event of the next case, already read
	for cases.Next() {
		c, err := d.scanCase(cases)
		if err != nil {
			return err
		}
		var evs []bot.CaseEvent
		for {
			if pending == nil {
				if !events.Next() {
					break
				}
				ev, err := d.scanEvent(events)
				if err != nil {
					return err
				}
				pending = &ev
			}
			if pending.CaseID != c.ID {
				break
			}
			evs = append(evs, *pending)
			pending = nil
		}
		if err := fn(c, evs); err != nil {
			return err
		}
	}
	if err := cases.Err(); err != nil {
		return describe("read cases", err)
	}
	return describe("read case history", events.Err())
}

// RecordEvent implements bot.TeamStore.
func (d *DB) RecordEvent(ctx context.Context, caseID int64, ev bot.CaseEvent, u bot.CaseUpdate) (bot.Case, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return bot.Case{}, describe("update case", err)
	}
	defer tx.Rollback()
	at := formatTime(ev.At)
	sets := []string{"updated_at = ?"}
	args := []any{at}
	if u.Status != "" {
		sets = append(sets, "status = ?", "resolution = ?", "closed_at = ?")
		var closedAt any
		if u.Status == bot.StatusClosed {
			closedAt = at
		}
		args = append(args, string(u.Status), u.Resolution, closedAt)
	}
	if u.Severity != "" {
		sets = append(sets, "severity = ?")
		args = append(args, string(u.Severity))
	}
	if u.Assignee != "" {
		sets = append(sets, "assignee = ?")
		args = append(args, u.Assignee)
	}
	res, err := tx.ExecContext(ctx, "UPDATE cases SET "+strings.Join(sets, ", ")+" WHERE id = ?", append(args, caseID)...)
	if err != nil {
		return bot.Case{}, describe("update case", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return bot.Case{}, bot.ErrNotFound
	}
	ev.CaseID = caseID
	if _, err := d.insertEvent(ctx, tx, ev); err != nil {
		return bot.Case{}, err
	}
	c, err := d.scanCase(tx.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE id = ?", caseID))
	if err != nil {
		return bot.Case{}, err
	}
	return c, describe("update case", tx.Commit())
}

// CaseStats implements bot.TeamStore.
func (d *DB) CaseStats(ctx context.Context, since time.Time) (bot.Stats, error) {
	st := bot.Stats{Since: since, ByCategory: map[bot.Category]int{}, ByStatus: map[bot.Status]int{}, ByWeek: map[string]int{},
		ByWeekCategory: map[string]map[bot.Category]int{}, OpenBySeverity: map[bot.Severity]int{}}
	rows, err := d.sql.QueryContext(ctx, "SELECT category, status, filed_at FROM cases WHERE filed_at >= ?", formatTime(since))
	if err != nil {
		return st, describe("count cases", err)
	}
	defer rows.Close()
	for rows.Next() {
		var category, status, filed string
		if err := rows.Scan(&category, &status, &filed); err != nil {
			return st, describe("count cases", err)
		}
		t, err := parseTime(filed)
		if err != nil {
			return st, fmt.Errorf("count cases: %w", err)
		}
		y, w := t.ISOWeek()
		week := fmt.Sprintf("%d-W%02d", y, w)
		st.Total++
		st.ByCategory[bot.Category(category)]++
		st.ByStatus[bot.Status(status)]++
		st.ByWeek[week]++
		if st.ByWeekCategory[week] == nil {
			st.ByWeekCategory[week] = map[bot.Category]int{}
		}
		st.ByWeekCategory[week][bot.Category(category)]++
	}
	if err := rows.Err(); err != nil {
		return st, describe("count cases", err)
	}
	return st, d.countOpen(ctx, st.OpenBySeverity)
}

// countOpen adds the open cases by severity to bySeverity.
func (d *DB) countOpen(ctx context.Context, bySeverity map[bot.Severity]int) error {
	rows, err := d.sql.QueryContext(ctx, "SELECT severity, count(*) FROM cases WHERE status <> ? GROUP BY severity", string(bot.StatusClosed))
	if err != nil {
		return describe("count open cases", err)
	}
	defer rows.Close()
	for rows.Next() {
		var severity string
		var n int
		if err := rows.Scan(&severity, &n); err != nil {
			return describe("count open cases", err)
		}
		bySeverity[bot.Severity(severity)] += n
	}
	return describe("count open cases", rows.Err())
}

const auditContext = "audit"

// Audit implements bot.TeamStore. The actor is stored encrypted.
func (d *DB) Audit(ctx context.Context, e bot.AuditEntry) error {
	actor := d.seal.seal([]byte(e.Actor.Key()+"\x00"+e.Actor.Name), auditContext)
	_, err := d.sql.ExecContext(ctx, "INSERT INTO audit_log (at, actor_enc, action, target, outcome) VALUES (?, ?, ?, ?, ?)",
		formatTime(e.At), actor, e.Action, e.Target, e.Outcome)
	return describe("write audit log", err)
}

// EachAudit calls fn for every audit entry, oldest first.
func (d *DB) EachAudit(ctx context.Context, fn func(bot.AuditEntry) error) error {
	rows, err := d.sql.QueryContext(ctx, "SELECT at, actor_enc, action, target, outcome FROM audit_log ORDER BY id")
	if err != nil {
		return describe("read audit log", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e bot.AuditEntry
		var at string
		var actor []byte
		if err := rows.Scan(&at, &actor, &e.Action, &e.Target, &e.Outcome); err != nil {
			return describe("read audit log", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return fmt.Errorf("read audit log: %w", err)
		}
		plain, err := d.seal.open(actor, auditContext)
		if err != nil {
			return fmt.Errorf("read audit log: %w", err)
		}
		key, name, _ := strings.Cut(string(plain), "\x00")
		platform, id, _ := strings.Cut(key, ":")
		e.Actor = bot.User{Platform: platform, ID: id, Name: name}
		if err := fn(e); err != nil {
			return err
		}
	}
	return describe("read audit log", rows.Err())
}

// PurgeClosed deletes cases closed before the given time, with their
// history (secure_delete overwrites the freed pages). Open cases are never
// purged. It returns the references purged.
func (d *DB) PurgeClosed(ctx context.Context, closedBefore time.Time) ([]string, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, describe("purge cases", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, "DELETE FROM cases WHERE status = ? AND closed_at IS NOT NULL AND closed_at < ? RETURNING ref",
		string(bot.StatusClosed), formatTime(closedBefore))
	if err != nil {
		return nil, describe("purge cases", err)
	}
	var refs []string
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			rows.Close()
			return nil, describe("purge cases", err)
		}
		refs = append(refs, ref)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, describe("purge cases", err)
	}
	return refs, describe("purge cases", tx.Commit())
}

// scanEvent reads one event row selected as case_id, id, at, kind, status,
// detail, actor_enc, text_enc.
func (d *DB) scanEvent(row rowScanner) (bot.CaseEvent, error) {
	var ev bot.CaseEvent
	var at, kind, status string
	var actor, text []byte
	if err := row.Scan(&ev.CaseID, &ev.ID, &at, &kind, &status, &ev.Detail, &actor, &text); err != nil {
		return ev, describe("read case history", err)
	}
	ev.Kind, ev.Status = bot.EventKind(kind), bot.Status(status)
	var err error
	if ev.At, err = parseTime(at); err != nil {
		return ev, fmt.Errorf("read case history: %w", err)
	}
	if err := d.openJSON(actor, eventContext(ev.CaseID), &ev.Actor); err != nil {
		return ev, fmt.Errorf("read case history: %w", err)
	}
	if text != nil {
		plain, err := d.seal.open(text, eventContext(ev.CaseID))
		if err != nil {
			return ev, fmt.Errorf("read case history: %w", err)
		}
		ev.Text = string(plain)
	}
	return ev, nil
}

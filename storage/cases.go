package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"vigil/bot"
)

// timeLayout stores instants as sortable UTC text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// dayLayout stores calendar days.
const dayLayout = "2006-01-02"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeLayout, s) }

// caseDetails are the sensitive parts of a case, stored encrypted as one
// JSON value.
type caseDetails struct {
	Approacher        string   `json:"approacher,omitempty"`
	ApproacherCountry string   `json:"approacher_country,omitempty"`
	Description       string   `json:"description"`
	AcceptedDetail    string   `json:"accepted_detail,omitempty"`
	Evidence          string   `json:"evidence,omitempty"`
	SourceLink        string   `json:"source_link,omitempty"`
	Reporter          bot.User `json:"reporter"`
}

func caseContext(ref string) string { return "case:" + ref }

func eventContext(caseID int64) string { return "event:" + strconv.FormatInt(caseID, 10) }

// FileCase implements bot.CaseStore: it assigns the next reference of the
// year and writes the case with its "filed" event and its outbox items in
// one transaction committed with synchronous=FULL.
func (d *DB) FileCase(ctx context.Context, nc bot.NewCase) (bot.Case, error) {
	r := nc.Report
	if r.Anonymous && (nc.Reporter.ID != "" || nc.ReceiptHash == "") {
		return bot.Case{}, errors.New("an anonymous case needs a receipt hash and no reporter")
	}
	filed := nc.FiledAt.UTC()
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return bot.Case{}, describe("file case", err)
	}
	defer tx.Rollback()

	var seq int
	err = tx.QueryRowContext(ctx, `INSERT INTO ref_counters (year, last) VALUES (?, 1)
		ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last`, filed.Year()).Scan(&seq)
	if err != nil {
		return bot.Case{}, describe("file case", err)
	}
	c := bot.Case{Ref: bot.FormatRef(filed.Year(), seq), Report: r, Reporter: nc.Reporter,
		Status: bot.StatusNew, Severity: nc.Severity, FiledAt: filed, Updated: filed}
	details, err := json.Marshal(caseDetails{Approacher: r.Approacher, ApproacherCountry: r.ApproacherCountry,
		Description: r.Description, AcceptedDetail: r.AcceptedDetail, Evidence: r.Evidence, SourceLink: r.SourceLink,
		Reporter: nc.Reporter})
	if err != nil {
		return bot.Case{}, fmt.Errorf("file case: %w", err)
	}
	var reporterIndex, receipt any
	if r.Anonymous {
		receipt = nc.ReceiptHash
	} else {
		reporterIndex = d.seal.index(nc.Reporter.Key())
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO cases (ref, category, channel, occurred_on, accepted, anonymous,
		contact_allowed, status, severity, filed_at, updated_at, reporter_index, receipt_hash, details_enc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Ref, string(r.Category), string(r.Channel), r.OccurredOn.UTC().Format(dayLayout), string(r.Accepted),
		r.Anonymous, r.ContactAllowed, string(c.Status), string(c.Severity), formatTime(filed), formatTime(filed),
		reporterIndex, receipt, d.seal.seal(details, caseContext(c.Ref)))
	if err != nil {
		return bot.Case{}, describe("file case", err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return bot.Case{}, describe("file case", err)
	}
	ev := bot.CaseEvent{CaseID: c.ID, At: filed, Kind: bot.EventFiled, Actor: nc.Reporter, Status: bot.StatusNew}
	if _, err := d.insertEvent(ctx, tx, ev); err != nil {
		return bot.Case{}, err
	}
	if _, err := d.indexCase(ctx, tx, c.ID, nc.Indicators, filed); err != nil {
		return bot.Case{}, err
	}
	if nc.SessionKey != "" {
		if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE key_index = ?", d.sessionIndex(nc.SessionKey)); err != nil {
			return bot.Case{}, describe("file case", err)
		}
	}
	var written []bot.OutboxItem
	if nc.Messages != nil && nc.Messages.Compose != nil {
		items := nc.Messages.Compose(c)
		for i := range items {
			items[i].CaseID = c.ID
		}
		if written, err = d.enqueue(ctx, tx, items); err != nil {
			return bot.Case{}, fmt.Errorf("file case: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return bot.Case{}, describe("file case", err)
	}
	if nc.Messages != nil {
		nc.Messages.Written = written
	}
	return c, nil
}

// insertEvent appends an event inside tx and returns its ID.
func (d *DB) insertEvent(ctx context.Context, tx *sql.Tx, ev bot.CaseEvent) (int64, error) {
	actor, err := json.Marshal(ev.Actor)
	if err != nil {
		return 0, fmt.Errorf("add case event: %w", err)
	}
	var text []byte
	if ev.Text != "" {
		text = d.seal.seal([]byte(ev.Text), eventContext(ev.CaseID))
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO case_events (case_id, at, kind, status, detail, actor_enc, text_enc) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		ev.CaseID, formatTime(ev.At), string(ev.Kind), string(ev.Status), ev.Detail, d.seal.seal(actor, eventContext(ev.CaseID)), text)
	if err != nil {
		return 0, describe("add case event", err)
	}
	return res.LastInsertId()
}

const caseColumns = `id, ref, category, channel, occurred_on, accepted, anonymous, contact_allowed,
	status, resolution, severity, assignee, filed_at, updated_at, details_enc`

type rowScanner interface{ Scan(dest ...any) error }

// scanCase reads one row selected with caseColumns and decrypts it.
func (d *DB) scanCase(row rowScanner) (bot.Case, error) {
	var (
		c                           bot.Case
		category, channel, accepted string
		status, severity            string
		occurred, filed, updated    string
		sealed                      []byte
	)
	err := row.Scan(&c.ID, &c.Ref, &category, &channel, &occurred, &accepted, &c.Report.Anonymous,
		&c.Report.ContactAllowed, &status, &c.Resolution, &severity, &c.Assignee, &filed, &updated, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Case{}, bot.ErrNotFound
	}
	if err != nil {
		return bot.Case{}, describe("read case", err)
	}
	c.Report.Category, c.Report.Channel, c.Report.Accepted = bot.Category(category), bot.Channel(channel), bot.Accepted(accepted)
	c.Status, c.Severity = bot.Status(status), bot.Severity(severity)
	if c.Report.OccurredOn, err = time.Parse(dayLayout, occurred); err != nil {
		return bot.Case{}, fmt.Errorf("read case %s: bad date: %w", c.Ref, err)
	}
	if c.FiledAt, err = parseTime(filed); err != nil {
		return bot.Case{}, fmt.Errorf("read case %s: bad time: %w", c.Ref, err)
	}
	if c.Updated, err = parseTime(updated); err != nil {
		return bot.Case{}, fmt.Errorf("read case %s: bad time: %w", c.Ref, err)
	}
	plain, err := d.seal.open(sealed, caseContext(c.Ref))
	if err != nil {
		return bot.Case{}, fmt.Errorf("read case %s: %w", c.Ref, err)
	}
	var det caseDetails
	if err := json.Unmarshal(plain, &det); err != nil {
		return bot.Case{}, fmt.Errorf("read case %s: %w", c.Ref, err)
	}
	c.Report.Approacher, c.Report.ApproacherCountry, c.Report.Description = det.Approacher, det.ApproacherCountry, det.Description
	c.Report.AcceptedDetail, c.Report.Evidence, c.Report.SourceLink = det.AcceptedDetail, det.Evidence, det.SourceLink
	c.Reporter = det.Reporter
	return c, nil
}

// CaseByRef implements bot.CaseStore.
func (d *DB) CaseByRef(ctx context.Context, ref string) (bot.Case, error) {
	return d.scanCase(d.sql.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE ref = ?", ref))
}

// queryCases returns the cases selected by the clause that follows
// "SELECT ... FROM cases"; what names the operation in errors.
func (d *DB) queryCases(ctx context.Context, what, clause string, args ...any) ([]bot.Case, error) {
	rows, err := d.sql.QueryContext(ctx, "SELECT "+caseColumns+" FROM cases "+clause, args...)
	if err != nil {
		return nil, describe(what, err)
	}
	defer rows.Close()
	var out []bot.Case
	for rows.Next() {
		c, err := d.scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, describe(what, rows.Err())
}

// CaseByReceipt implements bot.CaseStore.
func (d *DB) CaseByReceipt(ctx context.Context, receiptHash string) (bot.Case, error) {
	return d.scanCase(d.sql.QueryRowContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE receipt_hash = ?", receiptHash))
}

// CaseEvents implements bot.TeamStore.
func (d *DB) CaseEvents(ctx context.Context, caseID int64) ([]bot.CaseEvent, error) {
	rows, err := d.sql.QueryContext(ctx, "SELECT case_id, id, at, kind, status, detail, actor_enc, text_enc FROM case_events WHERE case_id = ? ORDER BY id", caseID)
	if err != nil {
		return nil, describe("read case history", err)
	}
	defer rows.Close()
	var evs []bot.CaseEvent
	for rows.Next() {
		ev, err := d.scanEvent(rows)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, describe("read case history", rows.Err())
}

func (d *DB) openJSON(sealed []byte, context string, v any) error {
	plain, err := d.seal.open(sealed, context)
	if err != nil {
		return err
	}
	return json.Unmarshal(plain, v)
}

package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vigil/bot"
	"vigil/indicators"
)

// Linked cases (migration 5): case_indicators holds the keyed hashes of
// each case's indicators, never a value; case_links holds each link once,
// with case_a < case_b, the kinds that matched and the team's decision.

// lookupBatch bounds the rows of one statement (the hashes of a "WHERE
// hash IN (...)", the indicators or links inserted at once), far below
// SQLite's limit on parameters; a report rarely has more than a few dozen
// indicators.
const lookupBatch = 500

func joinKinds(kinds []indicators.Kind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

func splitKinds(s string) []indicators.Kind {
	if s == "" {
		return nil
	}
	var kinds []indicators.Kind
	for _, k := range strings.Split(s, ",") {
		kinds = append(kinds, indicators.Kind(k))
	}
	return kinds
}

// pair orders two case IDs as case_links keeps them.
func pair(x, y int64) (a, b int64) {
	if x < y {
		return x, y
	}
	return y, x
}

func linkContext(a, b int64) string {
	return "link:" + strconv.FormatInt(a, 10) + ":" + strconv.FormatInt(b, 10)
}

// IndexCase implements bot.LinkStore in one transaction.
func (d *DB) IndexCase(ctx context.Context, caseID int64, hashed []indicators.Hashed, at time.Time) ([]bot.CaseLink, error) {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, describe("link case", err)
	}
	defer tx.Rollback()
	var exists bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?)", caseID).Scan(&exists); err != nil {
		return nil, describe("link case", err)
	}
	if !exists {
		return nil, bot.ErrNotFound
	}
	existing, err := linkedIDs(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	found, err := d.indexCase(ctx, tx, caseID, hashed, at)
	if err != nil {
		return nil, err
	}
	var created []bot.CaseLink
	for _, l := range found {
		if !existing[l.CaseID] {
			created = append(created, l)
		}
	}
	if err := withRefs(ctx, tx, created); err != nil {
		return nil, err
	}
	bot.SortLinks(created)
	return created, describe("link case", tx.Commit())
}

// indexCase stores the hashed indicators of a case inside tx, looks up the
// other cases that share one (one index seek per hash, no join) and
// records each link, or updates its kinds. It returns the links found,
// without their references. Filing calls it for a case that has no link
// yet; every statement takes all the rows at once, since each costs a
// round trip through cgo.
func (d *DB) indexCase(ctx context.Context, tx *sql.Tx, caseID int64, hashed []indicators.Hashed, at time.Time) ([]bot.CaseLink, error) {
	if len(hashed) == 0 {
		return nil, nil
	}
	for start := 0; start < len(hashed); start += lookupBatch {
		batch := hashed[start:min(start+lookupBatch, len(hashed))]
		args := make([]any, 0, 3*len(batch))
		for _, h := range batch {
			args = append(args, h.Hash, string(h.Kind), caseID)
		}
		_, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO case_indicators (hash, kind, case_id) VALUES (?, ?, ?)"+
			strings.Repeat(", (?, ?, ?)", len(batch)-1), args...)
		if err != nil {
			return nil, describe("store indicators", err)
		}
	}
	entries, err := lookUp(ctx, tx, caseID, indicators.LookupHashes(hashed))
	if err != nil {
		return nil, err
	}
	// Links compares case names: the IDs, written out, serve as well as
	// references and spare a join per matching row.
	self := strconv.FormatInt(caseID, 10)
	var found []bot.CaseLink
	for _, l := range indicators.Links(self, hashed, entries) {
		other, err := strconv.ParseInt(l.Case, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("link case: %w", err)
		}
		found = append(found, bot.CaseLink{CaseID: other, Kinds: l.Kinds, State: bot.LinkSuggested, LinkedAt: at.UTC()})
	}
	// A link found again keeps its state (a rejected link stays rejected)
	// and gets the kinds that match now.
	for start := 0; start < len(found); start += lookupBatch {
		batch := found[start:min(start+lookupBatch, len(found))]
		args := make([]any, 0, 5*len(batch))
		for _, l := range batch {
			a, b := pair(caseID, l.CaseID)
			args = append(args, a, b, joinKinds(l.Kinds), string(bot.LinkSuggested), formatTime(at))
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO case_links (case_a, case_b, kinds, state, linked_at) VALUES (?, ?, ?, ?, ?)"+
			strings.Repeat(", (?, ?, ?, ?, ?)", len(batch)-1)+" ON CONFLICT (case_a, case_b) DO UPDATE SET kinds = excluded.kinds", args...)
		if err != nil {
			return nil, describe("link case", err)
		}
	}
	return found, nil
}

// lookUp returns the stored indicators of other cases whose hash is one of
// hashes, each named by its case's ID written out.
func lookUp(ctx context.Context, tx *sql.Tx, self int64, hashes [][]byte) ([]indicators.Entry, error) {
	var entries []indicators.Entry
	for start := 0; start < len(hashes); start += lookupBatch {
		batch := hashes[start:min(start+lookupBatch, len(hashes))]
		args := make([]any, 0, len(batch)+1)
		args = append(args, self)
		for _, h := range batch {
			args = append(args, h)
		}
		rows, err := tx.QueryContext(ctx, `SELECT case_id, kind, hash FROM case_indicators
			WHERE case_id <> ? AND hash IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, args...)
		if err != nil {
			return nil, describe("look up indicators", err)
		}
		for rows.Next() {
			var e indicators.Entry
			var id int64
			var kind string
			if err := rows.Scan(&id, &kind, &e.Hash); err != nil {
				rows.Close()
				return nil, describe("look up indicators", err)
			}
			e.Case, e.Kind = strconv.FormatInt(id, 10), indicators.Kind(kind)
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, describe("look up indicators", err)
		}
	}
	return entries, nil
}

// withRefs fills in the references of the linked cases.
func withRefs(ctx context.Context, tx *sql.Tx, links []bot.CaseLink) error {
	for i := range links {
		if err := tx.QueryRowContext(ctx, "SELECT ref FROM cases WHERE id = ?", links[i].CaseID).Scan(&links[i].Ref); err != nil {
			return describe("read links", err)
		}
	}
	return nil
}

// linkedIDs returns the cases linked to caseID, whatever the state.
func linkedIDs(ctx context.Context, tx *sql.Tx, caseID int64) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, "SELECT case_b FROM case_links WHERE case_a = ? UNION ALL SELECT case_a FROM case_links WHERE case_b = ?", caseID, caseID)
	if err != nil {
		return nil, describe("read links", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, describe("read links", err)
		}
		out[id] = true
	}
	return out, describe("read links", rows.Err())
}

// linkColumns are the columns of a link that linkRow reads; l names
// case_links.
const linkColumns = "l.case_a, l.case_b, l.kinds, l.state, l.linked_at, l.decided_at, l.decided_by_enc"

// linkRow is a row of case_links as selected with linkColumns.
type linkRow struct {
	a, b             int64
	kinds, state, at string
	decidedAt        sql.NullString
	decidedBy        []byte
}

func (r *linkRow) dest() []any {
	return []any{&r.a, &r.b, &r.kinds, &r.state, &r.at, &r.decidedAt, &r.decidedBy}
}

// link decodes the row, as seen from either case: CaseID and Ref are left
// for the caller.
func (d *DB) link(r linkRow) (bot.CaseLink, error) {
	l := bot.CaseLink{Kinds: splitKinds(r.kinds), State: bot.LinkState(r.state)}
	var err error
	if l.LinkedAt, err = parseTime(r.at); err != nil {
		return l, fmt.Errorf("read links: %w", err)
	}
	if r.decidedAt.Valid {
		if l.DecidedAt, err = parseTime(r.decidedAt.String); err != nil {
			return l, fmt.Errorf("read links: %w", err)
		}
	}
	if r.decidedBy != nil {
		if err := d.openJSON(r.decidedBy, linkContext(r.a, r.b), &l.DecidedBy); err != nil {
			return l, fmt.Errorf("read links: %w", err)
		}
	}
	return l, nil
}

// CaseLinks implements bot.LinkStore.
func (d *DB) CaseLinks(ctx context.Context, caseID int64) ([]bot.CaseLink, error) {
	return d.caseLinks(ctx, d.sql, caseID)
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (d *DB) caseLinks(ctx context.Context, q querier, caseID int64) ([]bot.CaseLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.ref, `+linkColumns+` FROM case_links l JOIN cases c ON c.id = l.case_b WHERE l.case_a = ?
		UNION ALL SELECT c.id, c.ref, `+linkColumns+` FROM case_links l JOIN cases c ON c.id = l.case_a WHERE l.case_b = ?`, caseID, caseID)
	if err != nil {
		return nil, describe("read links", err)
	}
	defer rows.Close()
	var out []bot.CaseLink
	for rows.Next() {
		var other int64
		var ref string
		var r linkRow
		if err := rows.Scan(append([]any{&other, &ref}, r.dest()...)...); err != nil {
			return nil, describe("read links", err)
		}
		l, err := d.link(r)
		if err != nil {
			return nil, err
		}
		l.CaseID, l.Ref = other, ref
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, describe("read links", err)
	}
	bot.SortLinks(out)
	return out, nil
}

// DecideLink implements bot.LinkStore in one transaction.
func (d *DB) DecideLink(ctx context.Context, caseID, otherID int64, dec bot.LinkDecision) (bot.CaseLink, error) {
	if caseID == otherID {
		return bot.CaseLink{}, errors.New("decide link: a case cannot be linked to itself")
	}
	if dec.State != bot.LinkConfirmed && dec.State != bot.LinkRejected {
		return bot.CaseLink{}, fmt.Errorf("decide link: %q is not a decision", dec.State)
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return bot.CaseLink{}, describe("decide link", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM cases WHERE id IN (?, ?)", caseID, otherID).Scan(&n); err != nil {
		return bot.CaseLink{}, describe("decide link", err)
	}
	if n != 2 {
		return bot.CaseLink{}, bot.ErrNotFound
	}
	by, err := json.Marshal(dec.By)
	if err != nil {
		return bot.CaseLink{}, fmt.Errorf("decide link: %w", err)
	}
	a, b := pair(caseID, otherID)
	at := formatTime(dec.At)
	_, err = tx.ExecContext(ctx, `INSERT INTO case_links (case_a, case_b, kinds, state, linked_at, decided_at, decided_by_enc) VALUES (?, ?, '', ?, ?, ?, ?)
		ON CONFLICT (case_a, case_b) DO UPDATE SET state = excluded.state, decided_at = excluded.decided_at, decided_by_enc = excluded.decided_by_enc`,
		a, b, string(dec.State), at, at, d.seal.seal(by, linkContext(a, b)))
	if err != nil {
		return bot.CaseLink{}, describe("decide link", err)
	}
	links, err := d.caseLinks(ctx, tx, caseID)
	if err != nil {
		return bot.CaseLink{}, err
	}
	if err := tx.Commit(); err != nil {
		return bot.CaseLink{}, describe("decide link", err)
	}
	for _, l := range links {
		if l.CaseID == otherID {
			return l, nil
		}
	}
	return bot.CaseLink{}, errors.New("decide link: the link was not stored")
}

// AllLinks implements bot.LinkStore.
func (d *DB) AllLinks(ctx context.Context) (map[int64][]bot.CaseLink, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT ca.ref, cb.ref, `+linkColumns+` FROM case_links l
		JOIN cases ca ON ca.id = l.case_a JOIN cases cb ON cb.id = l.case_b WHERE l.state <> ?`, string(bot.LinkRejected))
	if err != nil {
		return nil, describe("read links", err)
	}
	defer rows.Close()
	out := map[int64][]bot.CaseLink{}
	for rows.Next() {
		var refA, refB string
		var r linkRow
		if err := rows.Scan(append([]any{&refA, &refB}, r.dest()...)...); err != nil {
			return nil, describe("read links", err)
		}
		l, err := d.link(r)
		if err != nil {
			return nil, err
		}
		fromA, fromB := l, l
		fromA.CaseID, fromA.Ref = r.b, refB
		fromB.CaseID, fromB.Ref = r.a, refA
		out[r.a] = append(out[r.a], fromA)
		out[r.b] = append(out[r.b], fromB)
	}
	if err := rows.Err(); err != nil {
		return nil, describe("read links", err)
	}
	for _, links := range out {
		bot.SortLinks(links)
	}
	return out, nil
}

// IndicatorKey returns the blind-index key of linked cases, derived from
// the data key: the core hashes indicators under it (bot.Linking.Key), so
// that the database holds no indicator in clear.
func (d *DB) IndicatorKey() *indicators.Key { return d.seal.blind }

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

// lookupBatch bounds the hashes of one "WHERE hash IN (...)" query, far
// below SQLite's limit on parameters; a report rarely has more than a few
// dozen indicators.
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
	var ref string
	err = tx.QueryRowContext(ctx, "SELECT ref FROM cases WHERE id = ?", caseID).Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, bot.ErrNotFound
	}
	if err != nil {
		return nil, describe("link case", err)
	}
	created, err := d.indexCase(ctx, tx, caseID, ref, hashed, at)
	if err != nil {
		return nil, err
	}
	return created, describe("link case", tx.Commit())
}

// indexCase stores the hashed indicators of a case inside tx, looks up the
// other cases that share one (one index seek per hash) and records or
// updates each link. It returns the links it created, in SortLinks order.
func (d *DB) indexCase(ctx context.Context, tx *sql.Tx, caseID int64, ref string, hashed []indicators.Hashed, at time.Time) ([]bot.CaseLink, error) {
	if len(hashed) == 0 {
		return nil, nil
	}
	insert, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO case_indicators (hash, kind, case_id) VALUES (?, ?, ?)")
	if err != nil {
		return nil, describe("store indicators", err)
	}
	defer insert.Close()
	for _, h := range hashed {
		if _, err := insert.ExecContext(ctx, h.Hash, string(h.Kind), caseID); err != nil {
			return nil, describe("store indicators", err)
		}
	}
	entries, ids, err := lookUp(ctx, tx, caseID, indicators.LookupHashes(hashed))
	if err != nil {
		return nil, err
	}
	found := indicators.Links(ref, hashed, entries)
	if len(found) == 0 {
		return nil, nil
	}
	existing, err := linkedIDs(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	var created []bot.CaseLink
	for _, l := range found {
		other := ids[l.Case]
		a, b := pair(caseID, other)
		_, err := tx.ExecContext(ctx, `INSERT INTO case_links (case_a, case_b, kinds, state, linked_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (case_a, case_b) DO UPDATE SET kinds = excluded.kinds`,
			a, b, joinKinds(l.Kinds), string(bot.LinkSuggested), formatTime(at))
		if err != nil {
			return nil, describe("link case", err)
		}
		if !existing[other] {
			created = append(created, bot.CaseLink{CaseID: other, Ref: l.Case, Kinds: l.Kinds, State: bot.LinkSuggested, LinkedAt: at.UTC()})
		}
	}
	bot.SortLinks(created)
	return created, nil
}

// lookUp returns the stored indicators of other cases whose hash is one of
// hashes, and the IDs of those cases by reference.
func lookUp(ctx context.Context, tx *sql.Tx, self int64, hashes [][]byte) ([]indicators.Entry, map[string]int64, error) {
	var entries []indicators.Entry
	ids := map[string]int64{}
	for start := 0; start < len(hashes); start += lookupBatch {
		batch := hashes[start:min(start+lookupBatch, len(hashes))]
		args := make([]any, 0, len(batch)+1)
		args = append(args, self)
		for _, h := range batch {
			args = append(args, h)
		}
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.ref, i.kind, i.hash FROM case_indicators i JOIN cases c ON c.id = i.case_id
			WHERE i.case_id <> ? AND i.hash IN (?`+strings.Repeat(", ?", len(batch)-1)+`)`, args...)
		if err != nil {
			return nil, nil, describe("look up indicators", err)
		}
		for rows.Next() {
			var e indicators.Entry
			var id int64
			var kind string
			if err := rows.Scan(&id, &e.Case, &kind, &e.Hash); err != nil {
				rows.Close()
				return nil, nil, describe("look up indicators", err)
			}
			e.Kind = indicators.Kind(kind)
			ids[e.Case] = id
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, describe("look up indicators", err)
		}
	}
	return entries, ids, nil
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

package indicators_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"vigil/indicators"
)

// The storage side's index as the package documentation describes it.
const schema = `
CREATE TABLE case_indicators (
    hash    BLOB NOT NULL,
    kind    TEXT NOT NULL,
    case_id TEXT NOT NULL,
    PRIMARY KEY (hash, case_id, kind)
) WITHOUT ROWID;
CREATE INDEX case_indicators_case ON case_indicators (case_id);`

// store is a real SQLite file holding that table.
type store struct{ db *sql.DB }

func openStore(t testing.TB, path string) *store {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		t.Fatal(err)
	}
	return &store{db: db}
}

// conn is a *sql.DB or a *sql.Tx: filing runs in a transaction.
type conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// add stores every hashed indicator of a case, common ones included.
func add(ctx context.Context, db conn, ref string, hashed []indicators.Hashed) error {
	for _, h := range hashed {
		if _, err := db.ExecContext(ctx, `INSERT OR IGNORE INTO case_indicators (hash, kind, case_id) VALUES (?, ?, ?)`, h.Hash, string(h.Kind), ref); err != nil {
			return fmt.Errorf("store indicator: %w", err)
		}
	}
	return nil
}

// lookup returns the stored rows that share a hash with hashed.
func lookup(ctx context.Context, db conn, hashed []indicators.Hashed) ([]indicators.Entry, error) {
	hashes := indicators.LookupHashes(hashed)
	if len(hashes) == 0 {
		return nil, nil
	}
	args := make([]any, len(hashes))
	for i, h := range hashes {
		args[i] = h
	}
	q := `SELECT case_id, kind, hash FROM case_indicators WHERE hash IN (?` + strings.Repeat(", ?", len(hashes)-1) + `)`
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("look up indicators: %w", err)
	}
	defer rows.Close()
	var out []indicators.Entry
	for rows.Next() {
		var e indicators.Entry
		var kind string
		if err := rows.Scan(&e.Case, &kind, &e.Hash); err != nil {
			return nil, fmt.Errorf("read indicator: %w", err)
		}
		e.Kind = indicators.Kind(kind)
		out = append(out, e)
	}
	return out, rows.Err()
}

// TestSQLiteIndex files reports into a real SQLite file through the
// documented table, checks the links, and then reads the file for every
// indicator value: none may be there.
func TestSQLiteIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "indicators.db")
	s := openStore(t, path)
	x, err := indicators.NewExtractor("BE")
	if err != nil {
		t.Fatal(err)
	}
	key, err := indicators.NewKey(bytes.Repeat([]byte{9}, indicators.DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	common, err := indicators.NewCommon()
	if err != nil {
		t.Fatal(err)
	}
	reports := []struct {
		ref    string
		fields indicators.Fields
		want   string
	}{
		{"VGL-2026-0001", indicators.Fields{Approacher: "Jan Novák (Voice of Europe), jan.novak@voice-eu.com", Description: "Called on +32 470 12 34 56, paid from BE68 5390 0754 7034, t.me/VoiceEU"}, "[]"},
		{"VGL-2026-0002", indicators.Fields{Approacher: "NOVAK Jan", Description: "0470/123456, @voiceeu"}, "[{VGL-2026-0001 [phone handle name]}]"},
		{"VGL-2026-0003", indicators.Fields{Approacher: "ivan@gmail.com", Evidence: "JAN.NOVAK@VOICE-EU.COM; 0032470123456; IBAN be68539007547034"}, "[{VGL-2026-0001 [email phone iban email-domain domain]} {VGL-2026-0002 [phone]}]"},
		{"VGL-2026-0004", indicators.Fields{Approacher: "olga@gmail.com"}, "[]"},
	}
	var all []indicators.Indicator
	for _, r := range reports {
		inds := x.Extract(r.fields)
		all = append(all, inds...)
		hashed := key.HashAll(inds, common)
		found, err := lookup(ctx, s.db, hashed)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(indicators.Links(r.ref, hashed, found)); got != r.want {
			t.Errorf("%s: links %s, want %s", r.ref, got, r.want)
		}
		if err := add(ctx, s.db, r.ref, hashed); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(path + "*")
	var data []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, b...)
	}
	if len(all) < 15 {
		t.Fatalf("only %d indicators extracted", len(all))
	}
	for _, ind := range all {
		for _, v := range []string{ind.Value, strings.ToUpper(ind.Value)} {
			if bytes.Contains(data, []byte(v)) {
				t.Errorf("the database holds the %s %q", ind.Kind, v)
			}
		}
	}
	for _, raw := range []string{"470", "novak", "Nov", "voice", "gmail", "BE68"} {
		if bytes.Contains(data, []byte(raw)) {
			t.Errorf("the database holds %q", raw)
		}
	}
}

// BenchmarkLink measures what linking adds to filing a report when
// 100,000 earlier cases hold 500,000 indicators in the documented SQLite
// table: hashing the new report's indicators, looking them up, and
// grouping the matches into links ("lookup"); and the same plus storing
// the new rows in the filing's transaction ("lookup+store", rolled back
// to keep the table's size). Each new report shares a phone number with
// one earlier case, a domain with 20, and gmail.com with 30,000.
func BenchmarkLink(b *testing.B) {
	ctx := context.Background()
	s := openStore(b, filepath.Join(b.TempDir(), "bench.db"))
	key, err := indicators.NewKey(bytes.Repeat([]byte{5}, indicators.DataKeySize))
	if err != nil {
		b.Fatal(err)
	}
	common, err := indicators.NewCommon()
	if err != nil {
		b.Fatal(err)
	}
	const cases = 100_000
	report := func(i int) []indicators.Indicator {
		domain := fmt.Sprintf("outlet%d.com", i/20)
		mail := indicators.Indicator{Kind: indicators.Email, Value: fmt.Sprintf("staff%d@%s", i, domain)}
		md := indicators.Indicator{Kind: indicators.EmailDomain, Value: domain}
		if i%10 < 3 {
			mail.Value, md.Value = fmt.Sprintf("user%d@gmail.com", i), "gmail.com"
		}
		return []indicators.Indicator{
			mail,
			{Kind: indicators.Phone, Value: fmt.Sprintf("+32470%06d", i)},
			{Kind: indicators.Name, Value: fmt.Sprintf("person%d smith", i)},
			md,
			{Kind: indicators.Domain, Value: domain},
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO case_indicators (hash, kind, case_id) VALUES (?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for i := range cases {
		for _, h := range key.HashAll(report(i), common) {
			if _, err := stmt.ExecContext(ctx, h.Hash, string(h.Kind), fmt.Sprintf("VGL-%06d", i)); err != nil {
				b.Fatal(err)
			}
			rows++
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if rows != 500_000 {
		b.Fatalf("%d rows, want 500,000", rows)
	}
	// A new report: its own address at an outlet's domain, an earlier
	// case's phone number, a new name, and sometimes gmail.com.
	newReport := func(n int) []indicators.Indicator {
		inds := report(cases + n)
		earlier := (n * 7919) % cases
		inds[1].Value = fmt.Sprintf("+32470%06d", earlier)
		inds[3].Value = fmt.Sprintf("outlet%d.com", earlier/20)
		inds[4].Value = inds[3].Value
		inds = append(inds, indicators.Indicator{Kind: indicators.EmailDomain, Value: "gmail.com"})
		return inds
	}
	link := func(n int) []indicators.Link {
		ref := fmt.Sprintf("VGL-N%d", n)
		hashed := key.HashAll(newReport(n), common)
		found, err := lookup(ctx, s.db, hashed)
		if err != nil {
			b.Fatal(err)
		}
		return indicators.Links(ref, hashed, found)
	}
	if got := link(1); len(got) != 20 || got[0].Case != "VGL-007919" || got[0].Kinds[0] != indicators.Phone {
		b.Fatalf("links of a new report: %v", got)
	}
	b.Run("lookup", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			link(n)
		}
	})
	b.Run("lookup+store", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			tx, err := s.db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			ref := fmt.Sprintf("VGL-N%d", n)
			hashed := key.HashAll(newReport(n), common)
			found, err := lookup(ctx, tx, hashed)
			if err != nil {
				b.Fatal(err)
			}
			indicators.Links(ref, hashed, found)
			if err := add(ctx, tx, ref, hashed); err != nil {
				b.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"vigil/bot"
	"vigil/indicators"
)

// Linking benchmark: the database holds benchLinkCases cases with
// benchIndicatorsPerCase indicators each, shared as in real reports (a
// phone number or an e-mail address by a handful of cases, a domain by
// twenty, gmail.com by all), as in BenchmarkLink of package indicators.
const (
	benchLinkCases         = 100_000
	benchIndicatorsPerCase = 5
)

// benchIndicators returns the indicators of the i-th seeded case.
func benchIndicators(i int) []indicators.Indicator {
	return []indicators.Indicator{
		{Kind: indicators.Phone, Value: fmt.Sprintf("+3247%07d", i/3)}, // three cases share a number
		{Kind: indicators.Email, Value: fmt.Sprintf("agent%d@d%d.example", i/2, i%5000)},
		{Kind: indicators.EmailDomain, Value: fmt.Sprintf("d%d.example", i%5000)}, // twenty cases share a domain
		{Kind: indicators.Name, Value: fmt.Sprintf("jan novak%d", i)},
		{Kind: indicators.EmailDomain, Value: "gmail.com"}, // common
	}
}

// seedLinkedCases writes n cases with their hashed indicators in one
// transaction, straight into the tables (FileCase would take minutes).
func seedLinkedCases(b *testing.B, d *DB, n int) {
	b.Helper()
	common, err := indicators.NewCommon()
	if err != nil {
		b.Fatal(err)
	}
	tx, err := d.sql.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	insertCase, err := tx.Prepare(`INSERT INTO cases (id, ref, category, channel, occurred_on, accepted, anonymous, contact_allowed,
		status, severity, filed_at, updated_at, details_enc) VALUES (?, ?, 'payment', 'email', '2026-01-01', 'no', 0, 0, 'new', 'high', ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	insertIndicator, err := tx.Prepare("INSERT OR IGNORE INTO case_indicators (hash, kind, case_id) VALUES (?, ?, ?)")
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		ref := bot.FormatRef(2025, i)
		filed := formatTime(at.Add(time.Duration(i) * time.Second))
		if _, err := insertCase.Exec(i, ref, filed, filed, d.seal.seal([]byte(`{"description":"seeded"}`), caseContext(ref))); err != nil {
			b.Fatal(err)
		}
		for _, h := range d.seal.blind.HashAll(benchIndicators(i), common) {
			if _, err := insertIndicator.Exec(h.Hash, string(h.Kind), i); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	var rows int
	if err := d.sql.QueryRow("SELECT count(*) FROM case_indicators").Scan(&rows); err != nil || rows != n*benchIndicatorsPerCase {
		b.Fatalf("seeded %d indicators, want %d: %v", rows, n*benchIndicatorsPerCase, err)
	}
}

// BenchmarkFileCaseLinking files reports into a database of 100,000 cases
// holding 500,000 indicators, with synchronous=FULL as in production.
// "plain" files them without indicators; the others with eight
// indicators each, hashed in the loop: "few-links" shares an earlier
// case's phone number (with three cases) and e-mail address (with two),
// and has five values of its own (one of them gmail.com, common);
// "many-links" shares that case's e-mail domain (with twenty cases) too.
// The difference of ns/op from "plain" is what linking adds per report
// (hashing, storing the rows, one index seek per hash, recording the
// links); links/report is how many links each made.
//
//	go test -tags goolm -run '^$' -bench FileCaseLinking -benchtime 2000x -count 3 ./storage
func BenchmarkFileCaseLinking(b *testing.B) {
	d, err := Open(context.Background(), filepath.Join(b.TempDir(), "v.db"), Options{Key: make([]byte, KeySize)})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	seedLinkedCases(b, d, benchLinkCases)
	common, err := indicators.NewCommon()
	if err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	report := bot.Report{Category: bot.CategoryPayment, OccurredOn: at, Channel: bot.ChannelPhone, Approacher: "Jan Novak",
		Description: "Offered cash for an amendment", Accepted: bot.AcceptedNo}
	n := 0
	file := func(b *testing.B, hashed []indicators.Hashed) {
		n++
		nc := bot.NewCase{Report: report, Reporter: bot.User{Platform: "slack", ID: "U1"}, Severity: bot.SeverityHigh,
			FiledAt: at.Add(time.Duration(n) * time.Second), Indicators: hashed}
		if _, err := d.FileCase(context.Background(), nc); err != nil {
			b.Fatal(err)
		}
	}
	countLinks := func(b *testing.B) int {
		var links int
		if err := d.sql.QueryRow("SELECT count(*) FROM case_links").Scan(&links); err != nil {
			b.Fatal(err)
		}
		return links
	}
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			file(b, nil)
		}
	})
	for _, shared := range []struct {
		name string
		n    int // how many of the earlier case's indicators the report shares
	}{{"few-links", 2}, {"many-links", 3}} {
		b.Run(shared.name, func(b *testing.B) {
			before, i := countLinks(b), 0
			for b.Loop() {
				i++
				// An earlier case's phone number, e-mail address and e-mail domain.
				seeded := benchIndicators(1 + (i*7919)%benchLinkCases)
				inds := append(seeded[:shared.n:shared.n],
					indicators.Indicator{Kind: indicators.Phone, Value: fmt.Sprintf("+3249%07d", i)},
					indicators.Indicator{Kind: indicators.Name, Value: fmt.Sprintf("new name %d", i)},
					indicators.Indicator{Kind: indicators.URL, Value: fmt.Sprintf("new%d.example/page", i)},
					indicators.Indicator{Kind: indicators.Domain, Value: fmt.Sprintf("new%d.example", i)},
					indicators.Indicator{Kind: indicators.EmailDomain, Value: "gmail.com"})
				if shared.n < 3 {
					inds = append(inds, indicators.Indicator{Kind: indicators.EmailDomain, Value: fmt.Sprintf("new%d.example", i)})
				}
				file(b, d.seal.blind.HashAll(inds, common))
			}
			b.ReportMetric(float64(countLinks(b)-before)/float64(i), "links/report")
		})
	}
}

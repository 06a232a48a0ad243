package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"vigil/bot"
	"vigil/export"
)

// errBenchStop ends the database walk when the writer stops early.
var errBenchStop = errors.New("stopped")

// benchCases is the number of cases BenchmarkExportFromDatabase exports.
const benchCases = 100_000

// seedCases files n cases through FileCase on one connection with
// synchronous=OFF, which only speeds up the set-up: the exported data is
// the same as with durable commits.
func seedCases(b *testing.B, d *DB, n int) {
	b.Helper()
	d.sql.SetMaxOpenConns(1)
	if _, err := d.sql.Exec("PRAGMA synchronous = OFF"); err != nil {
		b.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		nc := bot.NewCase{Report: bot.Report{Category: bot.Categories()[i%len(bot.Categories())], OccurredOn: at,
			Channel: bot.ChannelEmail, Approacher: fmt.Sprintf("Approacher %d, Example Media", i), ApproacherCountry: "Russia",
			Description: fmt.Sprintf("Case %d: offered a paid trip and a consultancy fee in exchange for an amendment.", i),
			Accepted:    bot.AcceptedNo, Evidence: "e-mails"},
			Reporter: bot.User{Platform: "slack", ID: fmt.Sprintf("U%d", i), Name: "Staffer"},
			Severity: bot.SeverityHigh, FiledAt: at.Add(time.Duration(i) * time.Second)}
		if _, err := d.FileCase(context.Background(), nc); err != nil {
			b.Fatal(err)
		}
	}
	d.sql.SetMaxOpenConns(0)
}

// BenchmarkExportFromDatabase streams 100,000 encrypted cases from SQLite
// through each export format, as `vigil export` does, and reports the peak
// heap sampled during the export.
func BenchmarkExportFromDatabase(b *testing.B) {
	d, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	seedCases(b, d, benchCases)
	for _, format := range export.Formats() {
		b.Run(format, func(b *testing.B) {
			var peak uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				n := 0
				records := func(yield func(export.Record, error) bool) {
					stopped := false
					err := d.EachCase(context.Background(), bot.CaseFilter{}, func(c bot.Case, evs []bot.CaseEvent) error {
						if n++; n%1000 == 0 {
							var ms runtime.MemStats
							runtime.ReadMemStats(&ms)
							peak = max(peak, ms.HeapInuse)
						}
						if !yield(export.Record{Case: c, Events: evs}, nil) {
							stopped = true
							return errBenchStop
						}
						return nil
					})
					if err != nil && !stopped {
						yield(export.Record{}, err)
					}
				}
				if err := export.Write(io.Discard, format, records, export.Options{}); err != nil {
					b.Fatal(err)
				}
				if n != benchCases {
					b.Fatalf("exported %d cases, want %d", n, benchCases)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

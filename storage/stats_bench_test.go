package storage

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"vigil/bot"
)

// BenchmarkStatsWithChart times `vigil stats --png` on a database of
// 100,000 open cases, without the file: the counts by category, status,
// week and open severity (bot.WriteStats over CaseStats), and the chart
// drawn as a PNG.
func BenchmarkStatsWithChart(b *testing.B) {
	d, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	seedCases(b, d, benchCases)
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	b.Run("counts", func(b *testing.B) {
		for b.Loop() {
			if st, err := d.CaseStats(context.Background(), time.Time{}); err != nil || st.Total != benchCases || st.OpenBySeverity[bot.SeverityHigh] != benchCases {
				b.Fatalf("stats %d cases, %v", st.Total, err)
			}
		}
	})
	b.Run("counts and chart", func(b *testing.B) {
		for b.Loop() {
			if err := bot.WriteStats(context.Background(), d, time.Time{}, now, "en", io.Discard, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}

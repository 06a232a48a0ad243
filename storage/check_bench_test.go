package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkQuickCheck times the corruption check Open runs at every start
// (PRAGMA quick_check) on a database of 100,000 cases, and reports the
// file's size.
func BenchmarkQuickCheck(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	d, err := Open(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	seedCases(b, d, benchCases)
	if _, err := d.sql.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := d.quickCheck(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "db-MB")
}

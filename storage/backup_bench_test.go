package storage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBackup times `vigil backup` on a database of 100,000 cases:
// VACUUM INTO a new file, fsync, integrity check of the copy and rename.
func BenchmarkBackup(b *testing.B) {
	dir := b.TempDir()
	d, err := Open(context.Background(), filepath.Join(dir, "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	seedCases(b, d, benchCases)
	target := filepath.Join(dir, "backup.db")
	for b.Loop() {
		n, err := d.Backup(context.Background(), target)
		if err != nil || n != benchCases {
			b.Fatalf("%d cases, %v", n, err)
		}
	}
	fi, err := os.Stat(target)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "backup-MB")
}

package storage_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"vigil/storage"
)

// BenchmarkFileCase files reports one after another into a database file
// on disk. Each FileCase is one transaction committed with
// synchronous=FULL, so ns/op is the cost of a durable commit (an fsync of
// the write-ahead log) plus encryption of the sensitive fields.
func BenchmarkFileCase(b *testing.B) {
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "v.db"), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	n := 0
	for b.Loop() {
		n++
		c, err := db.FileCase(ctx, sampleCase(fmt.Sprintf("benchmark report %d: cash offered for an amendment", n)))
		if err != nil {
			b.Fatal(err)
		}
		if c.Ref == "" {
			b.Fatal("filed case has no reference")
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "reports/s")
}

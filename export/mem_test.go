package export_test

import (
	"io"
	"iter"
	"runtime"
	"testing"

	"vigil/export"
	"vigil/export/internal/exporttest"
)

// sampled wraps generated records and records the peak of HeapInuse, read
// every 500 records, into *peak.
func sampled(n int, peak *uint64) iter.Seq2[export.Record, error] {
	return func(yield func(export.Record, error) bool) {
		var ms runtime.MemStats
		for i, err := range exporttest.Records(n) {
			if i.Case.ID%500 == 0 {
				runtime.ReadMemStats(&ms)
				*peak = max(*peak, ms.HeapInuse)
			}
			if !yield(i, err) {
				return
			}
		}
	}
}

// peakHeap exports n generated records to io.Discard and returns the peak
// HeapInuse seen during the export, in bytes.
func peakHeap(tb testing.TB, format string, n int) uint64 {
	tb.Helper()
	runtime.GC()
	var peak uint64
	if err := export.Write(io.Discard, format, sampled(n, &peak), export.Options{Now: fixedNow}); err != nil {
		tb.Fatalf("%s: %v", format, err)
	}
	return peak
}

// TestMemoryStaysFlat exports ten times more records and checks that the
// peak heap does not grow with them. BenchmarkExport reports the same
// figure for 100,000 records.
func TestMemoryStaysFlat(t *testing.T) {
	const small, large, slack = 1_000, 10_000, 6 << 20
	for _, f := range export.Formats() {
		ps, pl := peakHeap(t, f, small), peakHeap(t, f, large)
		t.Logf("%s: peak HeapInuse %.1f MiB for %d records, %.1f MiB for %d", f, mib(ps), small, mib(pl), large)
		if pl > ps+slack {
			t.Errorf("%s: peak heap grew from %.1f MiB to %.1f MiB with 10x the records", f, mib(ps), mib(pl))
		}
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// BenchmarkExport exports 100,000 generated records per iteration in each
// format. peak-heap-MB is the largest HeapInuse sampled during the export.
//
//	go test ./export -run '^$' -bench Export -benchtime 3x
func BenchmarkExport(b *testing.B) {
	const n = 100_000
	for _, f := range export.Formats() {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				peak = max(peak, peakHeap(b, f, n))
			}
			b.ReportMetric(mib(peak), "peak-heap-MB")
		})
	}
}

package export_test

import (
	"io"
	"iter"
	"runtime"
	"strings"
	"testing"

	"vigil/export"
	"vigil/export/internal/exporttest"
	"vigil/indicators"
)

// sampled wraps generated records and records into *peak the peak heap,
// read every 500 records: the live heap after a collection when live is
// set (what the export holds, whatever the collector's timing), else
// HeapInuse (cheap enough for a benchmark).
func sampled(n int, peak *uint64, live bool) iter.Seq2[export.Record, error] {
	return func(yield func(export.Record, error) bool) {
		var ms runtime.MemStats
		for i, err := range exporttest.Records(n) {
			if i.Case.ID%500 == 0 {
				if live {
					runtime.GC()
					runtime.ReadMemStats(&ms)
					*peak = max(*peak, ms.HeapAlloc)
				} else {
					runtime.ReadMemStats(&ms)
					*peak = max(*peak, ms.HeapInuse)
				}
			}
			if !yield(i, err) {
				return
			}
		}
	}
}

// peakHeap exports n generated records to io.Discard and returns the peak
// heap seen during the export (see sampled), in bytes.
func peakHeap(tb testing.TB, format string, n int, opts export.Options, live bool) uint64 {
	tb.Helper()
	runtime.GC()
	var peak uint64
	opts.Now = fixedNow
	if err := export.Write(io.Discard, format, sampled(n, &peak, live), opts); err != nil {
		tb.Fatalf("%s: %v", format, err)
	}
	return peak
}

// TestMemoryStaysFlat exports ten times more records and checks that the
// peak heap does not grow with them. BenchmarkExport reports the same
// figure for 100,000 records.
func TestMemoryStaysFlat(t *testing.T) {
	const small, slack = 1_000, 6 << 20
	x, err := indicators.NewExtractor("BE")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(export.Formats(), "misp+indicators") {
		format, withIndicators := strings.CutSuffix(f, "+indicators")
		opts, n := export.Options{}, small
		if withIndicators { // extraction is slow: half the records
			opts.Extractor, n = x, small/2
		}
		ps, pl := peakHeap(t, format, n, opts, true), peakHeap(t, format, 10*n, opts, true)
		t.Logf("%s: peak live heap %.1f MiB for %d records, %.1f MiB for %d", f, mib(ps), n, mib(pl), 10*n)
		if pl > ps+slack {
			t.Errorf("%s: peak heap grew from %.1f MiB to %.1f MiB with 10x the records", f, mib(ps), mib(pl))
		}
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// BenchmarkExport exports 100,000 generated records per iteration in each
// format, and in STIX and MISP with the indicators of each case (four
// cases in five have an e-mail address and a phone number). peak-heap-MB
// is the largest HeapInuse sampled during the export.
//
//	go test ./export -run '^$' -bench Export -benchtime 3x
func BenchmarkExport(b *testing.B) {
	const n = 100_000
	x, err := indicators.NewExtractor("BE")
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range append(export.Formats(), "stix+indicators", "misp+indicators") {
		format, withIndicators := strings.CutSuffix(f, "+indicators")
		opts := export.Options{}
		if withIndicators {
			opts.Extractor = x
		}
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				peak = max(peak, peakHeap(b, format, n, opts, false))
			}
			b.ReportMetric(mib(peak), "peak-heap-MB")
		})
	}
}

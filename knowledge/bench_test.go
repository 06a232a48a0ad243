package knowledge

import (
	"context"
	"runtime"
	"slices"
	"testing"
	"time"
)

// BenchmarkLoad measures start-up: parsing the embedded articles and
// example bank and learning the three models. heap-MB is the live heap
// with one Base loaded.
//
//	go test -run '^$' -bench 'Load$' -benchtime 10x ./knowledge
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(""); err != nil {
			b.Fatal(err)
		}
	}
	base, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(base)
}

// BenchmarkTrain measures learning the three models alone.
func BenchmarkTrain(b *testing.B) {
	ids, articles, bank := bankData(b)
	texts := trainingTexts(articles, bank)
	for b.Loop() {
		trainModels(ids, texts)
	}
}

// BenchmarkAnswer measures one Answer (reading and rendering), cycling
// through the dev messages.
func BenchmarkAnswer(b *testing.B) {
	base := loadBase(b)
	items := readEval(b, "testdata/dev-questions.jsonl")
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := base.Answer(ctx, items[i%len(items)].Q, ""); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAnswerLatency answers every dev message b.N times and reports
// the 50th and 99th percentile of the single-answer latency.
//
//	go test -run '^$' -bench AnswerLatency -benchtime 200x ./knowledge
func BenchmarkAnswerLatency(b *testing.B) {
	base := loadBase(b)
	items := readEval(b, "testdata/dev-questions.jsonl")
	ctx := context.Background()
	var durs []time.Duration
	for b.Loop() {
		for _, it := range items {
			start := time.Now()
			if _, err := base.Answer(ctx, it.Q, ""); err != nil {
				b.Fatal(err)
			}
			durs = append(durs, time.Since(start))
		}
	}
	slices.Sort(durs)
	at := func(p float64) float64 { return float64(durs[int(p*float64(len(durs)-1))].Microseconds()) }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}

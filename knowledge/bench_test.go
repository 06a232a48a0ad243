package knowledge

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"testing"
	"time"
)

// BenchmarkLoad measures start-up: parsing the embedded articles and
// building the three indexes (lingua's models are cached per process,
// so only the first Load pays for them). heap-MB is the live heap with
// one Base loaded.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		base, err := Load("")
		if err != nil {
			b.Fatal(err)
		}
		_ = base.Close()
	}
	base, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	defer base.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
}

// BenchmarkAnswer measures one Answer (lookup and rendering), cycling
// through the dev questions.
func BenchmarkAnswer(b *testing.B) {
	base := loadBase(b)
	items := readEval(b, "testdata/dev-questions.jsonl")
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := base.Answer(ctx, items[i%len(items)].Q); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAnswerLatency answers every dev question b.N times and reports
// the 50th and 99th percentile of the single-answer latency.
func BenchmarkAnswerLatency(b *testing.B) {
	base := loadBase(b)
	items := readEval(b, "testdata/dev-questions.jsonl")
	ctx := context.Background()
	var durs []time.Duration
	for b.Loop() {
		for _, it := range items {
			start := time.Now()
			if _, err := base.Answer(ctx, it.Q); err != nil {
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

// BenchmarkRetrievalVariants compares the shipped retrieval settings with
// alternatives, reporting leave-one-out top-1 accuracy (each article's
// own example questions asked against an index where that article has
// none), the AUC of the confidence measure (right versus wrong first
// answers in that run) and dev-set top-1. Run once:
//
//	go test -run '^$' -bench RetrievalVariants -benchtime 1x ./knowledge
func BenchmarkRetrievalVariants(b *testing.B) {
	variants := []struct {
		name string
		set  func(*config)
	}{
		{"shipped", func(*config) {}},
		{"per-field-tfidf", func(c *config) { c.allField, c.scoring = false, "" }},
		{"per-field-bm25", func(c *config) { c.allField = false }},
		{"combined-tfidf", func(c *config) { c.scoring = "" }},
		{"combined-no-extra-clauses", func(c *config) { c.extraTitle, c.extraKeywords = 0, 0 }},
		{"no-fuzzy", func(c *config) { c.fuzzyMinLen = 0 }},
		{"no-german-decompounding", func(c *config) { c.decompound = false }},
		{"equal-boosts", func(c *config) {
			c.boostTitle, c.boostQuestions, c.boostKeywords, c.boostSummary, c.boostBody = 1, 1, 1, 1, 1
		}},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			cfg := defaultConfig()
			v.set(&cfg)
			var loo, auc, dev float64
			for b.Loop() {
				loo, auc = leaveOneOut(b, cfg)
				dev = devTop1(b, cfg)
			}
			b.ReportMetric(loo, "LOO-top1-%")
			b.ReportMetric(auc, "conf-AUC")
			b.ReportMetric(dev, "dev-top1-%")
		})
	}
}

// BenchmarkLanguageDetection reports the detector's accuracy on the
// articles' example questions: lingua alone (low and high accuracy
// modes) and with the stop-word evidence. heap-MB is the heap growth of
// building the detector; lingua caches models per process, so run each
// sub-benchmark in its own process for that figure:
//
//	go test -run '^$' -bench 'LanguageDetection/high$' -benchtime 1x ./knowledge
func BenchmarkLanguageDetection(b *testing.B) {
	for _, v := range []struct {
		name  string
		low   bool
		stops float64
	}{{"low", true, 0}, {"low+stopwords", true, defaultConfig().stopWeight}, {"high", false, 0}, {"high+stopwords", false, defaultConfig().stopWeight}} {
		b.Run(v.name, func(b *testing.B) {
			base := loadBase(b)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			d := newLangDetector(v.low, v.stops)
			runtime.GC()
			runtime.ReadMemStats(&after)
			var n, ok int
			for b.Loop() {
				n, ok = 0, 0
				for k, a := range base.articles {
					for _, q := range a.Questions {
						n++
						if d.detect(q) == k.lang {
							ok++
						}
					}
				}
			}
			b.ReportMetric(pct(ok, n), "accuracy-%")
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
		})
	}
}

// leaveOneOut asks every article's example questions against an index
// of the same language in which that article has no example questions,
// and returns the top-1 accuracy and the AUC of confidence (right versus
// wrong first answers).
func leaveOneOut(b *testing.B, cfg config) (top1Pct, auc float64) {
	topics := mustTopics(b)
	full, err := load(embeddedSub(b), "", topics, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer full.Close()
	var right, wrong []float64
	for k, art := range full.articles {
		arts := make([]*Article, 0, len(topics))
		for _, tp := range topics {
			a := full.articles[key{tp.ID, k.lang}]
			if tp.ID == k.id {
				stripped := *a
				stripped.Questions = nil
				a = &stripped
			}
			arts = append(arts, a)
		}
		li, err := buildIndex(k.lang, arts, cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range art.Questions {
			hits, err := li.search(context.Background(), li.analyze(expand(q, k.lang)), cfg, confidenceHits)
			if err != nil {
				b.Fatal(err)
			}
			if len(hits) > 0 && hits[0].id == k.id {
				right = append(right, confidence(hits))
			} else {
				wrong = append(wrong, confidence(hits))
			}
		}
		_ = li.close()
	}
	sort.Float64s(wrong)
	var pairs float64
	for _, r := range right {
		below := sort.SearchFloat64s(wrong, r)               // wrong < r
		equal := sort.SearchFloat64s(wrong, r+1e-12) - below // wrong == r (within rounding)
		pairs += float64(below) + float64(equal)/2
	}
	return pct(len(right), len(right)+len(wrong)), pairs / float64(len(right)*len(wrong))
}

// devTop1 is the dev-set top-1 accuracy with cfg (confidence included).
func devTop1(b *testing.B, cfg config) float64 {
	base, err := load(embeddedSub(b), "", mustTopics(b), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer base.Close()
	s := evaluate(b, base, readEval(b, "testdata/dev-questions.jsonl"))
	return pct(s.top1, s.inScope)
}

// BenchmarkDetectIntent measures incident detection on the dev questions.
func BenchmarkDetectIntent(b *testing.B) {
	items := readEval(b, "testdata/dev-questions.jsonl")
	i := 0
	for b.Loop() {
		detectIntent(items[i%len(items)].Q)
		i++
	}
}

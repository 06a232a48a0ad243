package knowledge

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"slices"
	"sort"
	"sync"
	"testing"

	"vigil/bot"
)

var (
	sharedOnce sync.Once
	sharedBase *Base
	sharedErr  error
)

// loadBase returns the embedded knowledge base, loaded once for all
// tests (it is read-only).
func loadBase(t testing.TB) *Base {
	t.Helper()
	sharedOnce.Do(func() { sharedBase, sharedErr = Load("") })
	if sharedErr != nil {
		t.Fatalf("Load: %v", sharedErr)
	}
	return sharedBase
}

// evalItem is one line of testdata/*-questions.jsonl.
type evalItem struct {
	Q      string   `json:"q"`
	Lang   string   `json:"lang"`
	Expect []string `json:"expect"`
	Intent string   `json:"intent"`
}

func readEval(t testing.TB, path string) []evalItem {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []evalItem
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var it evalItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(items) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return items
}

// scores are the figures of one evaluation run.
//
// Scoring rule (the strict reading of the issue): an in-scope item is
// top-1 correct when the answer is confident and its best result is one
// of `expect` (which lists every acceptable topic), and top-3 correct
// when the answer is confident and expect[0], the preferred topic, is
// among its first three results. An answer that is not confident shows
// no article, so it counts as wrong for both. An out-of-scope item
// (empty `expect`) is correct when the answer is not confident and has
// no results. Report intent is counted over the items labelled
// "intent":"report"; alarms on the other in-scope items are counted for
// information only, since the sets do not label every incident-like
// question ("I entered my password on a fake login page" is both).
type scores struct {
	inScope, top1, top3   int
	oos, oosRejected      int
	reports, reportsFound int
	others, otherReports  int
	langOK                int
	misses                []string
}

func pct(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}

// evaluate answers every item with b.
func evaluate(t testing.TB, b *Base, items []evalItem) scores {
	t.Helper()
	var s scores
	for _, it := range items {
		r, err := b.lookup(context.Background(), it.Q)
		if err != nil {
			t.Fatal(err)
		}
		s.add(it, r)
	}
	return s
}

func (s *scores) add(it evalItem, r lookupResult) {
	ids := make([]string, 0, len(r.results))
	for _, res := range r.results {
		ids = append(ids, res.ID)
	}
	if len(it.Expect) == 0 {
		s.oos++
		if !r.confident && len(ids) == 0 {
			s.oosRejected++
		} else {
			s.misses = append(s.misses, "answered out-of-scope "+quote(it.Q)+" with "+ids[0])
		}
		return
	}
	s.inScope++
	if r.lang == it.Lang {
		s.langOK++
	} else {
		s.misses = append(s.misses, "language "+r.lang+" for "+it.Lang+" "+quote(it.Q))
	}
	switch {
	case !r.confident:
		s.misses = append(s.misses, "not confident for "+quote(it.Q))
	case slices.Contains(it.Expect, ids[0]):
		s.top1++
	default:
		s.misses = append(s.misses, "top-1 "+ids[0]+" for "+quote(it.Q))
	}
	if r.confident && slices.Contains(ids[:min(3, len(ids))], it.Expect[0]) {
		s.top3++
	}
	if it.Intent == string(bot.IntentReport) {
		s.reports++
		if r.intent == bot.IntentReport {
			s.reportsFound++
		} else {
			s.misses = append(s.misses, "report intent missed for "+quote(it.Q))
		}
	} else {
		s.others++
		if r.intent == bot.IntentReport {
			s.otherReports++
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func (s scores) log(t testing.TB, name string) {
	t.Helper()
	t.Logf("%s: top-1 %.1f%% (%d/%d), top-3 %.1f%% (%d/%d), out-of-scope rejected %.1f%% (%d/%d), report intent %.1f%% (%d/%d), report offered on %d/%d other questions, language %.1f%%",
		name, pct(s.top1, s.inScope), s.top1, s.inScope, pct(s.top3, s.inScope), s.top3, s.inScope,
		pct(s.oosRejected, s.oos), s.oosRejected, s.oos, pct(s.reportsFound, s.reports), s.reportsFound, s.reports,
		s.otherReports, s.others, pct(s.langOK, s.inScope))
	for _, m := range s.misses {
		t.Logf("  miss: %s", m)
	}
}

// TestDevSet measures the shared dev set and enforces the issue's
// targets: top-1 >= 90%, top-3 100%, out-of-scope rejected 100%, report
// intent detected 100%.
func TestDevSet(t *testing.T) {
	s := evaluate(t, loadBase(t), readEval(t, "testdata/dev-questions.jsonl"))
	s.log(t, "dev")
	if p := pct(s.top1, s.inScope); p < 90 {
		t.Errorf("dev top-1 %.1f%%, want >= 90%%", p)
	}
	if s.top3 != s.inScope {
		t.Errorf("dev top-3 %d/%d, want all", s.top3, s.inScope)
	}
	if s.oosRejected != s.oos {
		t.Errorf("dev out-of-scope rejected %d/%d, want all", s.oosRejected, s.oos)
	}
	if s.reportsFound != s.reports {
		t.Errorf("dev report intent %d/%d, want all", s.reportsFound, s.reports)
	}
}

// TestHoldoutSet measures testdata/holdout-questions.jsonl, questions
// written for this package and never used to tune it (typos, informal
// wording, out-of-scope and incident items in the three languages). Its
// bars are lower than the dev targets: it guards against regressions
// and its log is the honest estimate on unseen questions.
func TestHoldoutSet(t *testing.T) {
	s := evaluate(t, loadBase(t), readEval(t, "testdata/holdout-questions.jsonl"))
	s.log(t, "holdout")
	if p := pct(s.top1, s.inScope); p < 85 {
		t.Errorf("holdout top-1 %.1f%%, want >= 85%%", p)
	}
	if p := pct(s.top3, s.inScope); p < 85 {
		t.Errorf("holdout top-3 %.1f%%, want >= 85%%", p)
	}
	if p := pct(s.oosRejected, s.oos); p < 75 {
		t.Errorf("holdout out-of-scope rejected %.1f%%, want >= 75%%", p)
	}
	if p := pct(s.reportsFound, s.reports); p < 75 {
		t.Errorf("holdout report intent %.1f%%, want >= 75%%", p)
	}
}

// TestThresholdTunedOnDev re-derives the confidence threshold from the
// dev set: among the thresholds that get the most dev items right
// (confident and correct in scope, rejected out of scope), the widest
// gap between observed confidences; the shipped value was set to its
// midpoint and must stay inside it.
func TestThresholdTunedOnDev(t *testing.T) {
	cfg := defaultConfig()
	cfg.minConfidence = 0
	b, err := load(embeddedSub(t), "", mustTopics(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	type obs struct {
		conf float64
		good bool // correct when accepted (in scope, right topic) or when rejected (out of scope)
		oos  bool
	}
	var all []obs
	for _, it := range readEval(t, "testdata/dev-questions.jsonl") {
		r, err := b.lookup(context.Background(), it.Q)
		if err != nil {
			t.Fatal(err)
		}
		o := obs{conf: r.confidence, oos: len(it.Expect) == 0}
		if !o.oos && len(r.results) > 0 {
			o.good = slices.Contains(it.Expect, r.results[0].ID)
		}
		all = append(all, o)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].conf < all[j].conf })
	// A threshold between all[i-1] and all[i] rejects items 0..i-1.
	bestScore, bestLo, bestHi := -1, 0.0, 0.0
	for i := 1; i < len(all); i++ {
		lo, hi := all[i-1].conf, all[i].conf
		if hi == lo {
			continue
		}
		score := 0
		for j, o := range all {
			if (j < i && o.oos) || (j >= i && !o.oos && o.good) {
				score++
			}
		}
		if score > bestScore || (score == bestScore && hi-lo > bestHi-bestLo) {
			bestScore, bestLo, bestHi = score, lo, hi
		}
	}
	mid := (bestLo + bestHi) / 2
	got := defaultConfig().minConfidence
	t.Logf("dev: best threshold gap (%.3f, %.3f) gets %d/%d items right; its midpoint %.3f; shipped %.3f",
		bestLo, bestHi, bestScore, len(all), mid, got)
	// Articles change over time: the shipped value must stay inside the
	// best gap (re-tune to the logged midpoint when it does not).
	if got <= bestLo || got >= bestHi {
		t.Errorf("shipped threshold %.3f is outside the dev-tuned gap (%.3f, %.3f); set it to %.3f", got, bestLo, bestHi, mid)
	}
}

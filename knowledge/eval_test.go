package knowledge

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
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

// evalItem is one line of an evaluation set (testdata/*.jsonl), in the
// format of shared/eval/dev-questions.jsonl.
type evalItem struct {
	Q      string   `json:"q"`
	Lang   string   `json:"lang"`
	Expect []string `json:"expect"`
	Kind   string   `json:"kind"`
	Intent string   `json:"intent"` // older sets: "report" for a report request
}

// kind returns the item's kind as the public scorer reads it ("" outside
// the guidance): older sets without a kind count as incidents, or report
// requests when so marked. A report request that names no approach
// ("I want to report something") is in scope, with no right topic.
func (it evalItem) kind() bot.Intent {
	switch {
	case it.Kind == "oos":
		return ""
	case it.Kind != "":
		return bot.Intent(it.Kind)
	case it.Intent == "report":
		return bot.IntentReport
	case len(it.Expect) == 0:
		return ""
	}
	return bot.IntentIncident
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

// evaluate answers every item with b and scores the answers as the public
// scorer does; misses lists the items not answered right first.
func evaluate(t testing.TB, b *Base, items []evalItem) (m metrics, misses []string) {
	t.Helper()
	for _, it := range items {
		r, err := b.lookup(context.Background(), it.Q, "")
		if err != nil {
			t.Fatal(err)
		}
		before := m.top1
		rd := reading{lang: r.lang}
		m.score(it.Expect, it.Lang, it.kind(), rd, r.decision)
		if it.kind() != "" && m.top1 == before || it.kind() == "" && r.decision.confident {
			var got []string
			for _, s := range r.decision.topics {
				got = append(got, s.id)
			}
			misses = append(misses, it.Q+" -> "+joinIDs(got, r.decision.confident))
		}
	}
	return m, misses
}

func joinIDs(ids []string, confident bool) string {
	s := "(unsure)"
	if confident {
		s = "(confident)"
	}
	for _, id := range ids {
		s += " " + id
	}
	return s
}

// TestDevSet scores the public dev set (shared/eval), which may be used
// for tuning, and keeps its figures from falling below today's (the
// issue's targets, top-1 95% and top-3 99%, are not reached yet: see the
// README).
func TestDevSet(t *testing.T) {
	m, misses := evaluate(t, loadBase(t), readEval(t, "testdata/dev-questions.jsonl"))
	for _, s := range misses {
		t.Log("miss:", s)
	}
	t.Logf("dev set: %v", m)
	checkFloors(t, m, floors{top1: 80, top3: 93, confWrong: 3, oosRejected: 95, reports: 75, falseFlags: 15})
}

// TestHeldOutSet scores the held-out sets, written blind and committed
// before the models they measure (testdata/README.md). They are never used
// to choose anything; the test only keeps the figures from falling by more
// than a message below those of each set's blind measurement.
func TestHeldOutSet(t *testing.T) {
	for _, c := range []struct {
		file string
		min  floors
	}{
		// R to U: blind until measured once on f057afe (weights in a
		// byte). Floors: those figures, less one message.
		{"testdata/heldout-2026-11-30r.jsonl", floors{top1: 98, top3: 99, confWrong: 1, oosRejected: 95.5, reports: 97.5, falseFlags: 4}},
		{"testdata/heldout-2026-11-30s.jsonl", floors{top1: 99, top3: 99, confWrong: 1, oosRejected: 97.5, reports: 95, falseFlags: 4}},
		{"testdata/heldout-2026-11-30t.jsonl", floors{top1: 98.5, top3: 99, confWrong: 1.5, oosRejected: 97.5, reports: 97.5, falseFlags: 3}},
		{"testdata/heldout-2026-11-30u.jsonl", floors{top1: 98.5, top3: 99, confWrong: 1, oosRejected: 97.5, reports: 97.5, falseFlags: 1}},
		// V to Y: blind until measured once on 022efab (before the
		// language was told without quoted passages). Floors: those
		// figures, less one message.
		{"testdata/heldout-2026-11-30v.jsonl", floors{top1: 97, top3: 99, confWrong: 1, oosRejected: 95.5, reports: 97.5, falseFlags: 1}},
		{"testdata/heldout-2026-11-30w.jsonl", floors{top1: 98.5, top3: 99, confWrong: 1.5, oosRejected: 97.5, reports: 97.5, falseFlags: 4}},
		{"testdata/heldout-2026-11-30x.jsonl", floors{top1: 97, top3: 99, confWrong: 1, oosRejected: 97.5, reports: 97.5, falseFlags: 1}},
		{"testdata/heldout-2026-11-30y.jsonl", floors{top1: 98, top3: 99, confWrong: 1, oosRejected: 95.5, reports: 97.5, falseFlags: 4}},
		// Z, AA, AB, AC: blind until measured once on the models as they
		// ship (1128128). Floors: those figures, less one message.
		{"testdata/heldout-2026-11-30z.jsonl", floors{top1: 98.5, top3: 99, confWrong: 1, oosRejected: 97.5, reports: 97.5, falseFlags: 4}},
		{"testdata/heldout-2026-11-30aa.jsonl", floors{top1: 98.5, top3: 99, confWrong: 1, oosRejected: 95.5, reports: 97.5, falseFlags: 2}},
		{"testdata/heldout-2026-11-30ab.jsonl", floors{top1: 96.5, top3: 99, confWrong: 1, oosRejected: 97.5, reports: 95, falseFlags: 2}},
		{"testdata/heldout-2026-11-30ac.jsonl", floors{top1: 97, top3: 99, confWrong: 2, oosRejected: 97.5, reports: 97.5, falseFlags: 2}},
	} {
		t.Run(c.file, func(t *testing.T) {
			m, misses := evaluate(t, loadBase(t), readEval(t, c.file))
			for _, s := range misses {
				t.Log("miss:", s)
			}
			t.Logf("held-out set: %v", m)
			checkFloors(t, m, c.min)
		})
	}
}

// floors are the lowest acceptable figures of an evaluation, in percent
// (highest for confidently wrong answers and false flags).
type floors struct{ top1, top3, confWrong, oosRejected, reports, falseFlags float64 }

// checkFloors holds figures to floors; the language must always be right.
func checkFloors(t *testing.T, m metrics, f floors) {
	t.Helper()
	pct := func(n, d int) float64 { return 100 * float64(n) / float64(max(d, 1)) }
	for _, c := range []struct {
		name     string
		got, min float64
	}{
		{"top-1", pct(m.top1, m.inScope), f.top1},
		{"top-3", pct(m.top3, m.inScope), f.top3},
		{"100 - confidently wrong", 100 - pct(m.confWrong, m.inScope), 100 - f.confWrong},
		{"out-of-scope rejected", pct(m.oosRejected, m.oos), f.oosRejected},
		{"report requests recognised", pct(m.reportsFlagged, m.reports), f.reports},
		{"100 - false flags", 100 - pct(m.falseFlags, m.questions), 100 - f.falseFlags},
		{"language", pct(m.langOK, m.inScope), 100},
	} {
		if c.got < c.min {
			t.Errorf("%s %.1f%%, want at least %.1f%%", c.name, c.got, c.min)
		}
	}
}

package knowledge

import (
	"context"
	"slices"
	"testing"
)

// TestAblation compares the Bleve retrieval alone, the learned classifier
// alone and both combined (probability plus w times the relative BM25
// score), by the share of messages whose most probable topic is right
// (top-1) or among the first three (top-3), on the dev set and by
// cross-validation on the example bank.
func TestAblation(t *testing.T) {
	b := loadBase(t)
	ranker := *b
	ranker.cfg.minConfidence = -1e9 // retrieval ranks every message: no out-of-scope threshold
	ctx := context.Background()
	type item struct {
		q      string
		expect []string
		r      reading
	}
	var dev, bank []item
	for _, it := range readEval(t, "testdata/dev-questions.jsonl") {
		if len(it.Expect) > 0 {
			dev = append(dev, item{q: it.Q, expect: it.Expect, r: b.models.read(it.Q)})
		}
	}
	for _, j := range crossValidate(t) {
		if j.topic != outOfScope && j.topic != smallTalk {
			bank = append(bank, item{expect: []string{j.topic}, r: j.r})
		}
	}
	_, _, ex := bankData(t)
	texts := map[string]string{}
	_ = texts
	// crossValidate returns examples fold by fold; recover their texts in the same order.
	ids, _, exs := bankData(t)
	_ = ids
	fold := make([]int, len(exs))
	seen := map[string]int{}
	for i, e := range exs {
		fold[i] = seen[e.File] % cvFolds
		seen[e.File]++
	}
	k := 0
	for f := range cvFolds {
		for i, e := range ex {
			if fold[i] == f && e.Topic != outOfScope && e.Topic != smallTalk {
				bank[k].q = e.Text
				k++
			}
		}
	}
	for _, set := range []struct {
		name  string
		items []item
	}{{"dev", dev}, {"bank (5-fold)", bank}} {
		for _, w := range []float64{-1, 0, 0.1, 0.3, 1} {
			top1, top3 := 0, 0
			for _, it := range set.items {
				score := map[string]float64{}
				if w != -1 {
					for _, s := range it.r.topics {
						score[s.id] = s.p
					}
				}
				if w != 0 {
					ww := w
					if w == -1 {
						ww = 1
					}
					rr, _ := ranker.retrieve(ctx, it.q)
					for _, res := range rr.results {
						score[res.ID] += ww * res.Score
					}
				}
				ranked := make([]string, 0, len(score))
				for id := range score {
					ranked = append(ranked, id)
				}
				slices.SortFunc(ranked, func(a, b string) int {
					if score[a] > score[b] {
						return -1
					}
					if score[a] < score[b] {
						return 1
					}
					return 0
				})
				if len(ranked) > 0 && slices.Contains(it.expect, ranked[0]) {
					top1++
				}
				for _, id := range ranked[:min(3, len(ranked))] {
					if slices.Contains(it.expect, id) {
						top3++
						break
					}
				}
			}
			name := map[float64]string{-1: "retrieval alone", 0: "classifier alone", 0.1: "both, w=0.1", 0.3: "both, w=0.3", 1: "both, w=1"}[w]
			t.Logf("%s, %s: top-1 %.1f%%, top-3 %.1f%% (%d messages)", set.name, name,
				100*float64(top1)/float64(len(set.items)), 100*float64(top3)/float64(len(set.items)), len(set.items))
		}
	}
}

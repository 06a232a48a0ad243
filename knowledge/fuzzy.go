package knowledge

// Fuzzy matching. An unknown question term (a typo, an unusual form) is
// replaced by the indexed term closest to it in edit distance (at most
// 1, or 2 for long terms), sharing its first cfg.fuzzyPrefix runes, and
// its clauses are weighted 1/(distance+1), the weighting Bleve's
// FuzzyQuery gives fuzzy matches. Bleve's FuzzyQuery itself builds a
// Levenshtein automaton per term and field on every search (about half a
// megabyte of allocation per question at distance 2, measured with
// BenchmarkAnswer); correcting each term once against the vocabulary and
// querying the correction as an ordinary term gives the same matches at
// a fraction of the cost.

// vocabTerm is an indexed term, with its runes for edit distances.
type vocabTerm struct {
	term  string
	runes []rune
}

// buildVocab groups the indexed terms by their first prefix runes.
func buildVocab(df map[string]int, prefix int) map[string][]vocabTerm {
	out := map[string][]vocabTerm{}
	for t := range df {
		r := []rune(t)
		if len(r) < prefix {
			continue
		}
		k := string(r[:prefix])
		out[k] = append(out[k], vocabTerm{term: t, runes: r})
	}
	return out
}

// correct returns the term to search for t and the weight of its
// clauses: t itself (weight 1) when it is indexed, too short for fuzzy
// matching or has no close indexed term; otherwise the closest indexed
// term (the most widespread one on a tie) and 1/(distance+1).
func (li *langIndex) correct(t string, cfg config) (string, float64) {
	maxDist := fuzziness(t, cfg)
	r := []rune(t)
	if maxDist == 0 || li.df[t] > 0 || len(r) < cfg.fuzzyPrefix {
		return t, 1
	}
	best, bestDist := "", maxDist+1
	for _, v := range li.vocab[string(r[:cfg.fuzzyPrefix])] {
		if abs(len(v.runes)-len(r)) > maxDist {
			continue
		}
		d := editDistance(r, v.runes, maxDist)
		if d < bestDist || (d == bestDist && best != "" && li.df[v.term] > li.df[best]) ||
			(d == bestDist && best != "" && li.df[v.term] == li.df[best] && v.term < best) {
			best, bestDist = v.term, d
		}
	}
	if best == "" {
		return t, 1
	}
	return best, 1 / float64(bestDist+1)
}

// editDistance is the Levenshtein distance between a and b, or max+1 as
// soon as it must exceed max.
func editDistance(a, b []rune, max int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], max+1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

package classifier

import (
	"math"
	"sync"
)

// Vocabulary numbers the features seen in training and weighs each by
// its rarity (inverse document frequency). Several models can share one
// vocabulary, so that a message is encoded once for all of them. It is
// safe for concurrent use once built.
type Vocabulary struct {
	rows  index     // feature -> row
	idf   []float32 // per row
	words int       // rows below this are words and word pairs; the rest character n-grams
}

// Vector is an encoded text: the rows of its known features and their
// values, of unit length.
type Vector struct {
	Rows   []int32
	Values []float32
}

// NewVocabulary numbers the features of the training texts that occur in
// at least minCount of them, and returns it with each text encoded. Word
// and word-pair features weigh wordWeight times more than character
// n-grams.
func NewVocabulary(texts [][]Feature, minCount int, wordWeight float32) (*Vocabulary, []Vector) {
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	// Number every feature in the order it first occurs, and keep each
	// occurrence's number, so that encoding needs no second look-up. Two
	// cores share the counting: each takes the features of one half of
	// the hash space, in a table half the size (the look-ups, which miss
	// the processor's caches, are most of the vocabulary's time).
	ids := make([]int32, total)
	var parts [2]featureCounts
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { parts[p] = countFeatures(texts, total, p, ids) })
	}
	wg.Wait()
	kept := 0
	for _, part := range parts {
		for _, c := range part.counts {
			if int(c) >= minCount {
				kept++
			}
		}
	}
	// Words and word pairs first: a model of phrasing (see Words) needs
	// only those rows.
	v := &Vocabulary{rows: newIndex(kept), idf: make([]float32, 0, kept)}
	var rowOf [2][]int32 // per part, feature number -> row, or -1
	for p, part := range parts {
		rowOf[p] = make([]int32, len(part.distinct))
	}
	for _, words := range []bool{true, false} {
		for p, part := range parts {
			for id, f := range part.distinct {
				if f&wordFeature != 0 != words {
					continue
				}
				if int(part.counts[id]) < minCount {
					rowOf[p][id] = -1
					continue
				}
				w := float32(math.Log(float64(len(texts)+1)/float64(part.counts[id]+1)) + 1)
				if words {
					w *= wordWeight
				}
				rowOf[p][id] = int32(len(v.idf))
				v.rows.add(f, rowOf[p][id])
				v.idf = append(v.idf, w)
			}
		}
		if words {
			v.words = len(v.idf)
		}
	}
	// The texts are encoded in two halves, on two cores; the vectors of a
	// half share two arrays: a few large allocations rather than
	// thousands of small ones that would fragment the heap.
	encoded := make([]Vector, len(texts))
	mid, midIDs := len(texts)/2, 0
	for _, t := range texts[:mid] {
		midIDs += len(t)
	}
	for _, h := range [2]struct{ from, to, id int }{{0, mid, 0}, {mid, len(texts), midIDs}} {
		wg.Go(func() { v.encode(texts, h.from, h.to, ids[h.id:], &rowOf, encoded) })
	}
	wg.Wait()
	return v, encoded
}

// encode writes the vectors of texts[from:to] into encoded, from the
// numbers of their features' occurrences (ids, from the first of
// texts[from]) and each part's feature number -> row (or -1).
func (v *Vocabulary) encode(texts [][]Feature, from, to int, ids []int32, rowOf *[2][]int32, encoded []Vector) {
	n := 0
	for _, t := range texts[from:to] {
		n += len(t)
	}
	rows := make([]int32, 0, n)
	values := make([]float32, n)
	for i := from; i < to; i++ {
		t := texts[i]
		start := len(rows)
		for j, id := range ids[:len(t)] {
			if r := rowOf[partOf(t[j])][id]; r >= 0 {
				rows = append(rows, r)
			}
		}
		ids = ids[len(t):]
		encoded[i] = v.fill(rows[start:len(rows):len(rows)], values[start:len(rows):len(rows)])
	}
}

// featureCounts are the distinct features of one part of the hash space
// (see partOf), in the order they first occur, and how many texts have
// each.
type featureCounts struct {
	distinct []Feature
	counts   []int32
}

// partOf is the half of the hash space a feature is counted in: bit 61
// (a table picks slots by the low bits, so each part's table still uses
// all of its slots).
func partOf(f Feature) int { return int(f >> 61 & 1) }

// countFeatures numbers and counts the features of part p, and writes
// each of their occurrences' numbers into ids (in the order of the texts;
// the other part's occurrences are left to the other part).
func countFeatures(texts [][]Feature, total, p int, ids []int32) featureCounts {
	seen := newTable(total / 20) // about one feature in ten is new, half of them in each part
	var c featureCounts
	i := 0
	for _, t := range texts {
		for _, f := range t {
			if partOf(f) == p {
				id, added := seen.add(f, int32(len(c.distinct)))
				if added {
					c.distinct = append(c.distinct, f)
					c.counts = append(c.counts, 0)
				}
				c.counts[id]++
				ids[i] = id
			}
			i++
		}
	}
	return c
}

// Size is the number of rows.
func (v *Vocabulary) Size() int { return len(v.idf) }

// WordRows is the number of rows that are words or word pairs: they come
// first, so a vector from Words only uses rows below it.
func (v *Vocabulary) WordRows() int { return v.words }

// Encode returns a text's vector; features outside the vocabulary are
// left out.
func (v *Vocabulary) Encode(feats []Feature) Vector {
	rows := make([]int32, 0, len(feats))
	for _, f := range feats {
		if r, ok := v.rows.get(f); ok {
			rows = append(rows, r)
		}
	}
	return v.vector(rows)
}

// Words returns the part of a vector made of words and word pairs (how a
// message is phrased rather than what it is about), again of unit length.
func (v *Vocabulary) Words(x Vector) Vector {
	rows := make([]int32, 0, len(x.Rows)/4)
	for _, r := range x.Rows {
		if int(r) < v.words {
			rows = append(rows, r)
		}
	}
	return v.vector(rows)
}

// WordsOf returns Words of each vector; the results share two arrays.
func (v *Vocabulary) WordsOf(xs []Vector) []Vector {
	n := 0
	for _, x := range xs {
		n += len(x.Rows)
	}
	rows := make([]int32, 0, n)
	values := make([]float32, n)
	out := make([]Vector, len(xs))
	for i, x := range xs {
		from := len(rows)
		for _, r := range x.Rows {
			if int(r) < v.words {
				rows = append(rows, r)
			}
		}
		out[i] = v.fill(rows[from:len(rows):len(rows)], values[from:len(rows):len(rows)])
	}
	return out
}

// vector gives rows their idf values, scaled to unit length (so that long
// and short messages weigh the same).
func (v *Vocabulary) vector(rows []int32) Vector {
	return v.fill(rows, make([]float32, len(rows)))
}

// fill is vector writing the values into x, of the length of rows.
func (v *Vocabulary) fill(rows []int32, x []float32) Vector {
	var norm float64
	for i, r := range rows {
		x[i] = v.idf[r]
		norm += float64(x[i] * x[i])
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range x {
			x[i] *= inv
		}
	}
	return Vector{Rows: rows, Values: x}
}

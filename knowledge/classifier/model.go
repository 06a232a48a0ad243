package classifier

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Sample is one training text, as its features, with its class index.
type Sample struct {
	Features []Feature
	Class    int
}

// Options are the training settings.
type Options struct {
	// Epochs is how many passes over the shuffled samples training makes.
	Epochs int
	// L2 is the weight of the squared-norm penalty: larger values give
	// smaller weights and softer probabilities.
	L2 float64
	// Rate is the initial learning rate of stochastic gradient descent.
	Rate float64
	// MinCount drops features seen in fewer training samples (they cost
	// memory and rarely generalise).
	MinCount int
	// WordWeight is how much more a word or word-pair feature weighs than
	// a character n-gram.
	WordWeight float32
	// Seed fixes the shuffling, so that training is reproducible.
	Seed uint64
}

// DefaultOptions are settings that suit a few thousand short messages.
func DefaultOptions() Options {
	return Options{Epochs: 4, L2: 1e-6, Rate: 2, MinCount: 1, WordWeight: 2, Seed: 1}
}

// Model is a multinomial logistic regression over hashed features. It is
// safe for concurrent use once trained.
type Model struct {
	classes []string
	rows    map[Feature]int32 // feature -> row of weights
	idf     []float32         // per row: how rare the feature is in training
	weights []float32         // rows × len(classes)
	bias    []float32
}

// Classes returns the class names, in the order of Predict's
// probabilities.
func (m *Model) Classes() []string { return append([]string(nil), m.classes...) }

// Train fits a model to the samples. classes names the class indexes the
// samples use. Training is deterministic for the same samples and
// options.
func Train(classes []string, samples []Sample, opt Options) *Model {
	k := len(classes)
	m := &Model{classes: append([]string(nil), classes...), bias: make([]float32, k)}

	// Number the distinct features in one pass, counting in how many
	// samples each occurs, then keep those seen often enough as rows.
	total := 0
	for _, s := range samples {
		total += len(s.Features)
	}
	seen := make(map[Feature]int32, total/4)
	var (
		distinct []Feature
		counts   []int32
	)
	ids := make([]int32, 0, total) // the samples' feature numbers, one after the other
	for _, s := range samples {
		for _, f := range s.Features {
			id, ok := seen[f]
			if !ok {
				id = int32(len(distinct))
				seen[f] = id
				distinct = append(distinct, f)
				counts = append(counts, 0)
			}
			counts[id]++
			ids = append(ids, id)
		}
	}
	row := make([]int32, len(distinct))
	m.rows = make(map[Feature]int32, len(distinct))
	for id, f := range distinct {
		row[id] = -1
		if int(counts[id]) < opt.MinCount {
			continue
		}
		row[id] = int32(len(m.idf))
		m.rows[f] = row[id]
		w := float32(math.Log(float64(len(samples)+1)/float64(counts[id]+1)) + 1)
		if f&wordFeature != 0 {
			w *= opt.WordWeight
		}
		m.idf = append(m.idf, w)
	}
	m.weights = make([]float32, len(m.idf)*k)

	// Each sample's rows and values, as windows of two shared slices.
	type encoded struct {
		rows  []int32
		x     []float32
		class int
	}
	data := make([]encoded, len(samples))
	allRows := make([]int32, 0, len(ids))
	allX := make([]float32, 0, len(ids))
	next := 0
	for i, s := range samples {
		from := len(allRows)
		for _, id := range ids[next : next+len(s.Features)] {
			if r := row[id]; r >= 0 {
				allRows = append(allRows, r)
			}
		}
		next += len(s.Features)
		rows := allRows[from:len(allRows):len(allRows)]
		allX = append(allX, m.values(rows)...)
		data[i] = encoded{rows: rows, x: allX[from:len(allX):len(allX)], class: s.Class}
	}

	// Stochastic gradient descent on the penalised log-loss, with the
	// learning-rate schedule rate/(1+rate·L2·t) and the penalty applied by
	// shrinking a common scale instead of every weight at every step.
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	type update struct {
		class int
		delta float32
	}
	var active []update
	scale := 1.0
	probs := make([]float64, k)
	t := 0.0
	for range opt.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			e := data[i]
			rate := opt.Rate / (1 + opt.Rate*opt.L2*t)
			t++
			m.scores(e.rows, e.x, float32(scale), probs)
			softmax(probs)
			scale *= 1 - rate*opt.L2
			step := rate / scale
			active = active[:0]
			for c := range k {
				g := probs[c]
				if c == e.class {
					g--
				}
				if math.Abs(g) < minGradient {
					continue
				}
				active = append(active, update{c, float32(step * g)})
				m.bias[c] -= float32(rate * g * 0.1)
			}
			for j, r := range e.rows {
				w := m.weights[int(r)*k : int(r)*k+k]
				x := e.x[j]
				for _, u := range active {
					w[u.class] -= u.delta * x
				}
			}
			if scale < 1e-4 {
				for i := range m.weights {
					m.weights[i] *= float32(scale)
				}
				scale = 1
			}
		}
	}
	for i := range m.weights {
		m.weights[i] *= float32(scale)
	}
	return m
}

// minGradient is the smallest gradient of a class's score that training
// applies: smaller ones (a class already ruled out) would not change the
// model's answers and cost most of the time.
const minGradient = 1e-4

// encode returns the rows of the known features and their values.
func (m *Model) encode(feats []Feature) ([]int32, []float32) {
	rows := make([]int32, 0, len(feats))
	for _, f := range feats {
		if r, ok := m.rows[f]; ok {
			rows = append(rows, r)
		}
	}
	return rows, m.values(rows)
}

// values returns the value of each row's feature: its idf, the whole
// scaled to unit length (so that long and short messages weigh the same).
func (m *Model) values(rows []int32) []float32 {
	x := make([]float32, len(rows))
	var norm float64
	for i, r := range rows {
		x[i] = m.idf[r]
		norm += float64(x[i] * x[i])
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range x {
			x[i] *= inv
		}
	}
	return x
}

// scores writes the linear scores of the feature rows with values x into
// out.
func (m *Model) scores(rows []int32, x []float32, scale float32, out []float64) {
	k := len(m.classes)
	var buf [64]float32
	acc := buf[:0]
	if k > len(buf) {
		acc = make([]float32, k)
	} else {
		acc = buf[:k]
	}
	for j, r := range rows {
		w := m.weights[int(r)*k : int(r)*k+k]
		xj := x[j]
		for c, v := range w {
			acc[c] += v * xj
		}
	}
	for c := range k {
		out[c] = float64(acc[c]*scale + m.bias[c])
	}
}

// Predict returns the probability of each class (in the order of
// Classes) for a text's features. Features unseen in training are
// ignored; a text with none gets the classes' prior.
func (m *Model) Predict(feats []Feature) []float64 {
	rows, x := m.encode(feats)
	p := make([]float64, len(m.classes))
	m.scores(rows, x, 1, p)
	softmax(p)
	return p
}

// softmax turns scores into probabilities in place.
func softmax(z []float64) {
	hi := math.Inf(-1)
	for _, v := range z {
		hi = max(hi, v)
	}
	var sum float64
	for i, v := range z {
		z[i] = math.Exp(v - hi)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
}

// Ranked returns the class indexes ordered by decreasing probability.
func Ranked(probs []float64) []int {
	idx := make([]int, len(probs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
	return idx
}

// Rescale divides the scores behind probs by temperature, in place: a
// temperature above 1 softens overconfident probabilities, below 1
// sharpens underconfident ones (temperature scaling, Guo et al. 2017).
func Rescale(probs []float64, temperature float64) {
	for i, p := range probs {
		probs[i] = math.Log(max(p, 1e-300)) / temperature
	}
	softmax(probs)
}

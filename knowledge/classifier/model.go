package classifier

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Sample is one training text, encoded, with its class index.
type Sample struct {
	X     Vector
	Class int
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
	// MinCount drops features seen in fewer training texts (they cost
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
	return Options{Epochs: 2, L2: 1e-6, Rate: 3, MinCount: 2, WordWeight: 2, Seed: 1}
}

// Model is a multinomial logistic regression over the rows of a
// vocabulary. It is safe for concurrent use once trained.
//
// Its weights are kept in half a byte each, two to a byte: every row of
// weights (one per class) is stored as whole multiples, from -7 to 7, of
// a seventh of its largest weight. That takes an eighth of the memory of
// float32 weights (0.8 MB for the topic model rather than 1.6 MB at a
// byte each), and by cross-validation on the example bank it reads
// messages as well as weights of a byte each.
type Model struct {
	classes  []string
	weights  []byte    // vocabulary rows × stride: class 2i in the low half of byte i, 2i+1 in the high
	stride   int       // bytes per row: half the classes, rounded up
	rowScale []float32 // per vocabulary row: the weight that 1 stands for
	bias     []float32
}

// Classes returns the class names, in the order of Predict's
// probabilities.
func (m *Model) Classes() []string { return append([]string(nil), m.classes...) }

// minGradient is the smallest gradient of a class's score that training
// applies: smaller ones (a class already ruled out to within 1%) change
// the cross-validated figures by less than their noise and cost most of
// the time.
const minGradient = 1e-2

// Train fits a model over a vocabulary of rows to the samples. classes
// names the class indexes the samples use. Training is deterministic for
// the same samples and options.
//
// It runs stochastic gradient descent on the penalised log-loss, with the
// learning-rate schedule rate/(1+rate·L2·t) and the penalty applied by
// shrinking a common scale instead of every weight at every step.
func Train(rows int, classes []string, samples []Sample, opt Options) *Model {
	k := len(classes)
	m := &Model{classes: append([]string(nil), classes...), bias: make([]float32, k)}
	weights := make([]float32, rows*k)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	order := make([]int, len(samples))
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
			s := samples[i]
			rate := opt.Rate / (1 + opt.Rate*opt.L2*t)
			t++
			scores(weights, m.bias, s.X, float32(scale), probs)
			softmax(probs)
			scale *= 1 - rate*opt.L2
			step := rate / scale
			active = active[:0]
			for c := range k {
				g := probs[c]
				if c == s.Class {
					g--
				}
				if math.Abs(g) < minGradient {
					continue
				}
				active = append(active, update{c, float32(step * g)})
				m.bias[c] -= float32(rate * g * 0.1)
			}
			for j, r := range s.X.Rows {
				w := weights[int(r)*k : int(r)*k+k]
				x := s.X.Values[j]
				for _, u := range active {
					w[u.class] -= u.delta * x
				}
			}
			if scale < 1e-4 {
				for i := range weights {
					weights[i] *= float32(scale)
				}
				scale = 1
			}
		}
	}
	m.weights, m.rowScale = quantise(weights, k, float32(scale))
	m.stride = (k + 1) / 2
	return m
}

// weightLevels is the largest multiple of a row's scale a weight is
// stored as (four bits, signed).
const weightLevels = 7

// quantise turns float weights (rows of k, each multiplied by scale) into
// half bytes, two to a byte, and a scale per row.
func quantise(weights []float32, k int, scale float32) ([]byte, []float32) {
	stride := (k + 1) / 2
	rowScale := make([]float32, len(weights)/k)
	q := make([]byte, len(rowScale)*stride)
	for r := range rowScale {
		row := weights[r*k : r*k+k]
		var top float32
		for _, w := range row {
			top = max(top, w*scale, -w*scale)
		}
		if top == 0 {
			continue
		}
		rowScale[r] = top / weightLevels
		for c, w := range row {
			level := byte(int8(math.Round(float64(w*scale/rowScale[r])))) & 0x0f
			q[r*stride+c/2] |= level << (4 * (c % 2))
		}
	}
	return q, rowScale
}

// scores writes the linear scores of x under float weights (rows of
// len(bias) classes) multiplied by scale, into out.
func scores(weights, bias []float32, x Vector, scale float32, out []float64) {
	k := len(bias)
	var buf [64]float32
	acc := sums(&buf, k)
	for j, r := range x.Rows {
		w := weights[int(r)*k : int(r)*k+k]
		w = w[:len(acc)] // lets the compiler drop the bounds checks below
		xj := x.Values[j]
		for c, v := range w {
			acc[c] += v * xj
		}
	}
	for c := range k {
		out[c] = float64(acc[c]*scale + bias[c])
	}
}

// sums returns k zeroed sums: buf's first k when they fit (most models
// have a few dozen classes), else new ones.
func sums(buf *[64]float32, k int) []float32 {
	if k > len(buf) {
		return make([]float32, k)
	}
	return buf[:k]
}

// Predict returns the probability of each class (in the order of
// Classes) for an encoded text; a text with no known feature gets the
// classes' prior.
func (m *Model) Predict(x Vector) []float64 {
	k := len(m.classes)
	var buf [64]float32
	acc := sums(&buf, 2*m.stride) // even: a row's last half byte may be padding
	for j, r := range x.Rows {
		row := m.weights[int(r)*m.stride : int(r)*m.stride+m.stride]
		row = row[:len(acc)/2] // lets the compiler drop the bounds checks below
		xj := x.Values[j] * m.rowScale[r]
		for i, b := range row {
			acc[2*i] += float32(int8(b<<4)>>4) * xj
			acc[2*i+1] += float32(int8(b)>>4) * xj
		}
	}
	p := make([]float64, k)
	for c := range k {
		p[c] = float64(acc[c] + m.bias[c])
	}
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
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(probs[b], probs[a]) })
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

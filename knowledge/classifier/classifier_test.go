package classifier

import (
	"math"
	"slices"
	"strconv"
	"testing"
)

func TestTokens(t *testing.T) {
	got := Tokens("On m'a offert 3 000 € à Bruxelles, Übergröße!")
	want := []string{"on", "m", "a", "offert", "0", "000", "€", "a", "bruxelles", "ubergrosse"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestFeaturesShareGrams(t *testing.T) {
	shared := func(a, b string) int {
		fa, fb := Features(a), Features(b)
		n := 0
		for _, f := range fa {
			if slices.Contains(fb, f) {
				n++
			}
		}
		return n
	}
	// A typo, an inflection and an amount keep most of what a word says.
	for _, c := range []struct{ a, b string }{{"bribery", "bribry"}, {"bribe", "bribes"}, {"3000 euros", "5000 euros"}, {"député", "depute"}} {
		if shared(c.a, c.b) < 2 {
			t.Errorf("%q and %q share %d features", c.a, c.b, shared(c.a, c.b))
		}
	}
	if !slices.Equal(Features("5000 euros"), Features("3000 euros")) {
		t.Error("amounts should look alike")
	}
	if shared("embassy", "phishing") != 0 {
		t.Error("unrelated words share features")
	}
	if len(Features("")) != 0 {
		t.Error("empty text has features")
	}
	f := Features("bribe bribe bribe, a bribe")
	seen := map[Feature]bool{}
	for _, x := range f {
		if seen[x] {
			t.Fatalf("feature %x appears twice in %x", x, f)
		}
		seen[x] = true
	}
	if len(f) != len(Features("bribe bribe a bribe")) {
		t.Error("repeating a word pair added features")
	}
}

// toy is a small problem: money words are class 0, travel words class 1.
func toy() (*Vocabulary, []Sample) {
	texts := []string{"cash bribe money", "envelope with cash", "money for a vote", "paid trip to baku", "flight and hotel paid", "a trip abroad"}
	var feats [][]Feature
	for _, t := range texts {
		feats = append(feats, Features(t))
	}
	v, xs := NewVocabulary(feats, 1, 2)
	var samples []Sample
	for i, f := range feats {
		if !slices.Equal(xs[i].Rows, v.Encode(f).Rows) || !slices.Equal(xs[i].Values, v.Encode(f).Values) {
			panic("a training text is not encoded as Encode encodes it")
		}
		samples = append(samples, Sample{X: xs[i], Class: i / 3})
	}
	return v, samples
}

func TestTrainLearnsAndIsDeterministic(t *testing.T) {
	v, samples := toy()
	opt := DefaultOptions()
	opt.Epochs = 30
	m := Train(v.Size(), []string{"money", "travel"}, samples, opt)
	for _, c := range []struct {
		text string
		want int
	}{{"they offered cash", 0}, {"a paid trip", 1}, {"moneyy", 0}} {
		p := m.Predict(v.Encode(Features(c.text)))
		if Ranked(p)[0] != c.want || math.Abs(p[0]+p[1]-1) > 1e-9 {
			t.Errorf("%q: probabilities %v, want class %d", c.text, p, c.want)
		}
	}
	again := Train(v.Size(), []string{"money", "travel"}, samples, opt)
	if !slices.Equal(m.weights, again.weights) {
		t.Error("training twice on the same data gave different models")
	}
	if p := m.Predict(v.Encode(Features("zzzz qqqq"))); math.Abs(p[0]-p[1]) > 0.2 {
		t.Errorf("unknown words should give near the prior: %v", p)
	}
}

func TestEncodeIsUnitLength(t *testing.T) {
	v, _ := toy()
	for _, text := range []string{"cash bribe money", "a trip abroad with cash"} {
		for _, x := range []Vector{v.Encode(Features(text)), v.Words(v.Encode(Features(text)))} {
			var n float64
			for _, val := range x.Values {
				n += float64(val * val)
			}
			if math.Abs(n-1) > 1e-5 {
				t.Errorf("%q: squared length %v", text, n)
			}
		}
	}
}

func TestRescale(t *testing.T) {
	p := []float64{0.6, 0.3, 0.1}
	Rescale(p, 0.5)
	if p[0] <= 0.6 || math.Abs(p[0]+p[1]+p[2]-1) > 1e-9 {
		t.Errorf("a temperature below 1 should sharpen: %v", p)
	}
	q := []float64{0.6, 0.3, 0.1}
	Rescale(q, 2)
	if q[0] >= 0.6 {
		t.Errorf("a temperature above 1 should soften: %v", q)
	}
}

func TestTableKeepsEveryKeyAcrossGrowth(t *testing.T) {
	tb := newTable(2)
	const n = 5000
	key := func(i int) Feature { return Feature(uint64(i) << 20) } // equal low bits: every key collides
	for i := range n {
		if v, added := tb.add(key(i), int32(i)); !added || v != int32(i) {
			t.Fatalf("add %d = %d, %v", i, v, added)
		}
	}
	if v, added := tb.add(key(7), 99); added || v != 7 {
		t.Errorf("adding a key again = %d, %v; want the first value, not added", v, added)
	}
	for i := range n {
		if v, ok := tb.get(key(i)); !ok || v != int32(i) {
			t.Fatalf("get %d = %d, %v", i, v, ok)
		}
	}
	if _, ok := tb.get(key(n)); ok {
		t.Error("a key never added is found")
	}
	if _, ok := tb.get(wordFeature | 12345); ok {
		t.Error("a word feature never added is found")
	}
}

func TestWordsComeFirst(t *testing.T) {
	v, _ := toy()
	if v.WordRows() == 0 || v.WordRows() >= v.Size() {
		t.Fatalf("%d word rows of %d", v.WordRows(), v.Size())
	}
	x := v.Encode(Features("cash for a trip to baku"))
	w := v.Words(x)
	if len(w.Rows) == 0 || len(w.Rows) >= len(x.Rows) {
		t.Fatalf("words keep %d of %d rows", len(w.Rows), len(x.Rows))
	}
	for _, r := range w.Rows {
		if int(r) >= v.WordRows() {
			t.Errorf("word vector has row %d, past the %d word rows", r, v.WordRows())
		}
	}
	for i, y := range v.WordsOf([]Vector{x, x}) {
		if !slices.Equal(y.Rows, w.Rows) || !slices.Equal(y.Values, w.Values) {
			t.Errorf("WordsOf[%d] = %v, Words = %v", i, y, w)
		}
	}
}

func TestIndexFindsEveryFeatureAndNoOther(t *testing.T) {
	const n = 50000
	feats := make([]Feature, 0, 2*n)
	for i := range 2 * n {
		feats = append(feats, hash('t', strconv.Itoa(i), ""))
	}
	x := newIndex(n)
	for i, f := range feats[:n] {
		x.add(f, int32(i))
	}
	for i, f := range feats[:n] {
		if r, ok := x.get(f); !ok || r != int32(i) {
			t.Fatalf("feature %d: row %d, %v", i, r, ok)
		}
	}
	for i, f := range feats[n:] {
		if r, ok := x.get(f); ok {
			t.Errorf("feature %d never added is found, row %d", n+i, r)
		}
	}
	if got, want := len(x.keys), n*4/3; got > want+1 {
		t.Errorf("%d slots for %d features, want at most %d", got, n, want+1)
	}
}

func TestQuantiseKeepsEachWeightWithinHalfAStep(t *testing.T) {
	const k = 5 // odd: each row ends with half a byte of padding
	weights := []float32{0.9, -0.2, 0.05, 0, -0.45, 0, 0, 0, 0, 0, -3, 1.5, 0.7, -0.1, 2.2}
	q, rowScale := quantise(weights, k, 2)
	stride := (k + 1) / 2
	if len(q) != 3*stride {
		t.Fatalf("%d bytes for 3 rows of %d classes", len(q), k)
	}
	for r := range 3 {
		for c := range k {
			b := q[r*stride+c/2]
			level := int8(b<<4) >> 4
			if c%2 == 1 {
				level = int8(b) >> 4
			}
			got, want := float32(level)*rowScale[r], 2*weights[r*k+c]
			if math.Abs(float64(got-want)) > float64(rowScale[r])/2+1e-6 {
				t.Errorf("row %d class %d: %v stored as %v (step %v)", r, c, want, got, rowScale[r])
			}
		}
	}
	if rowScale[1] != 0 {
		t.Errorf("a row of zeros has scale %v", rowScale[1])
	}
}

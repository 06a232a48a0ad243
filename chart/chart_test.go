package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"sync"
	"testing"
)

// render draws s with opt and decodes the PNG it wrote.
func render(t testing.TB, s Stats, opt Options) *image.RGBA {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, s, opt); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return decode(t, &buf)
}

// decode reads a PNG from r as RGBA pixels.
func decode(t testing.TB, r io.Reader) *image.RGBA {
	t.Helper()
	img, err := png.Decode(r)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}

// run is a group of neighbouring pixel columns that hold a colour: a bar,
// a bar segment or a legend swatch.
type run struct {
	x0, x1 int // first and last column
	height int // most pixels of the colour in one of its columns
	top    int // highest row (smallest y) of the colour
	bottom int // lowest row (largest y) of the colour
}

func (r run) centre() float64 { return float64(r.x0+r.x1) / 2 }

// runs returns, left to right, the runs of colour c in img.
func runs(img *image.RGBA, c color.RGBA) []run {
	b := img.Bounds()
	var out []run
	var cur *run
	for x := b.Min.X; x < b.Max.X; x++ {
		n, top, bottom := 0, b.Max.Y, -1
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if img.RGBAAt(x, y) == c {
				n++
				top, bottom = min(top, y), max(bottom, y)
			}
		}
		switch {
		case n == 0:
			cur = nil
		case cur == nil:
			out = append(out, run{x0: x, x1: x, height: n, top: top, bottom: bottom})
			cur = &out[len(out)-1]
		default:
			cur.x1 = x
			cur.height = max(cur.height, n)
			cur.top, cur.bottom = min(cur.top, top), max(cur.bottom, bottom)
		}
	}
	return out
}

// near fails t unless got is within tol of want.
func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if got < want-tol || got > want+tol {
		t.Errorf("%s = %.1f, want %.1f ± %.1f", what, got, want, tol)
	}
}

// week returns a Week labelled label with the given counts.
func week(label string, counts map[string]int) Week { return Week{Label: label, Counts: counts} }

func TestRenderIsAPNGOfTheAskedSize(t *testing.T) {
	s := Stats{
		Title: "Reports",
		Weeks: []Week{week("2026-W46", map[string]int{Payment: 2, Cyber: 3}), week("2026-W47", map[string]int{Gift: 1})},
		Open:  OpenCases{Low: 1, Medium: 2, High: 1},
	}
	for _, tc := range []struct {
		opt  Options
		w, h int
	}{
		{Options{}, DefaultWidth, DefaultHeight},
		{Options{Width: 1600, Height: 800}, 1600, 800},
		{Options{Width: MinWidth, Height: MinHeight}, MinWidth, MinHeight},
		{Options{Width: 1000, Height: 1000}, 1000, 1000},
	} {
		img := render(t, s, tc.opt)
		if got := img.Bounds().Size(); got != image.Pt(tc.w, tc.h) {
			t.Errorf("%+v: size %v, want %dx%d", tc.opt, got, tc.w, tc.h)
		}
	}
}

func TestRenderIsNotBlank(t *testing.T) {
	s := Stats{
		Title: "Reports",
		Weeks: []Week{week("2026-W46", map[string]int{Payment: 2, Cyber: 3}), week("2026-W47", map[string]int{Gift: 1})},
		Open:  OpenCases{Low: 1, Medium: 2, High: 1},
	}
	img := render(t, s, Options{})
	b := img.Bounds()
	white, dark := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			px := img.RGBAAt(x, y)
			if px == (color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}) {
				white++
			}
			if (int(px.R)+int(px.G)+int(px.B))/3 < 0x40 {
				dark++
			}
		}
	}
	total := b.Dx() * b.Dy()
	if painted := total - white; painted < total/20 {
		t.Errorf("only %d of %d pixels painted", painted, total)
	}
	if dark < 500 {
		t.Errorf("only %d dark (text) pixels", dark)
	}
	for _, key := range []string{Payment, Cyber, Gift} {
		if len(runs(img, categoryColours[key])) == 0 {
			t.Errorf("no %s pixels", key)
		}
	}
	for _, key := range []string{Travel, Diplomat, Online, Pressure, Disinformation, Other} {
		if n := len(runs(img, categoryColours[key])); n != 0 {
			t.Errorf("%d runs of %s, which has no report", n, key)
		}
	}
}

func TestBarHeightsFollowTheCounts(t *testing.T) {
	s := Stats{Weeks: []Week{
		week("2026-W44", map[string]int{Payment: 2}),
		week("2026-W45", map[string]int{Payment: 4}),
		week("2026-W46", nil),
		week("2026-W47", map[string]int{Payment: 8}),
	}}
	img := render(t, s, Options{})
	got := runs(img, categoryColours[Payment])
	// Three bars (the empty week has none), then the legend swatch.
	if len(got) != 4 {
		t.Fatalf("%d runs of the payment colour, want 3 bars and a legend swatch: %+v", len(got), got)
	}
	b2, b4, b8, swatch := got[0], got[1], got[2], got[3]
	if b2.height < 40 {
		t.Fatalf("the 2-report bar is %d px tall: too small to measure", b2.height)
	}
	// The white outline takes a pixel or two off every bar, so the unit is
	// measured between two bars.
	unit := float64(b4.height-b2.height) / 2
	near(t, "height of the 2-report bar", float64(b2.height), 2*unit, 3)
	near(t, "8-report bar above the 4-report one", float64(b8.height-b4.height), 4*unit, 3)
	for _, b := range []run{b4, b8} {
		near(t, "bar bottom", float64(b.bottom), float64(b2.bottom), 1)
	}
	slot := b4.centre() - b2.centre()
	near(t, "distance over the empty week", b8.centre()-b4.centre(), 2*slot, 2)
	near(t, "bar width", float64(b4.x1-b4.x0+1), slot*barShare, 2)
	if swatch.height >= b2.height || swatch.x0 <= b8.x1 {
		t.Errorf("the last run %+v is not a legend swatch right of the bars", swatch)
	}
}

func TestBarsStackByCategory(t *testing.T) {
	s := Stats{Weeks: []Week{
		week("2026-W46", map[string]int{Payment: 3, Gift: 3}),
		week("2026-W47", map[string]int{Payment: 6}),
	}}
	img := render(t, s, Options{})
	pay, gift := runs(img, categoryColours[Payment]), runs(img, categoryColours[Gift])
	if len(pay) != 3 || len(gift) != 2 {
		t.Fatalf("%d payment and %d gift runs, want 2 bars + swatch and 1 bar + swatch", len(pay), len(gift))
	}
	low, high, alone := pay[0], gift[0], pay[1]
	near(t, "gift segment height", float64(high.height), float64(low.height), 2)
	if gap := low.top - high.bottom; gap < 1 || gap > 3 {
		t.Errorf("gift segment ends %d px above the payment segment, want it stacked right on it (1 to 3 px of outline)", gap)
	}
	near(t, "6-report bar against the 3+3 stack", float64(alone.height), float64(low.bottom-high.top+1), 3)
	near(t, "x of the stacked segments", high.centre(), low.centre(), 1)
}

func TestOpenCaseBarsFollowTheCounts(t *testing.T) {
	s := Stats{
		Weeks: []Week{week("2026-W47", map[string]int{Other: 1})},
		Open:  OpenCases{Low: 1, Medium: 2, High: 4},
	}
	img := render(t, s, Options{})
	var bars []run
	for i, c := range severityColours {
		got := runs(img, c)
		if len(got) != 1 {
			t.Fatalf("severity %d: %d runs of its colour, want 1 bar", i, len(got))
		}
		bars = append(bars, got[0])
	}
	low, medium, high := bars[0], bars[1], bars[2]
	if !(low.x1 < medium.x0 && medium.x1 < high.x0) {
		t.Errorf("severity bars not ordered low, medium, high: %+v", bars)
	}
	if low.x0 < img.Bounds().Dx()/2 {
		t.Errorf("severity bars start at x=%d, want them in the right panel", low.x0)
	}
	unit := float64(medium.height - low.height)
	near(t, "low bar", float64(low.height), unit, 3)
	near(t, "high bar above the medium one", float64(high.height-medium.height), 2*unit, 3)
}

func TestAYearOfWeeksDrawsEveryWeek(t *testing.T) {
	s := yearStats()
	img := render(t, s, Options{})
	// Every week has a payment report: 52 bars and the legend swatch.
	if n := len(runs(img, categoryColours[Payment])); n != 53 {
		t.Errorf("%d runs of the payment colour, want 52 bars and a swatch", n)
	}
}

func TestEmptyPeriodSaysSo(t *testing.T) {
	for name, s := range map[string]Stats{
		"no weeks":         {Title: "Reports"},
		"weeks, no report": {Title: "Reports", Weeks: []Week{week("2026-W46", nil), week("2026-W47", map[string]int{Cyber: 0})}},
	} {
		t.Run(name, func(t *testing.T) {
			img := render(t, s, Options{})
			if got := img.Bounds().Size(); got != image.Pt(DefaultWidth, DefaultHeight) {
				t.Errorf("size %v", got)
			}
			for key, c := range categoryColours {
				if n := len(runs(img, c)); n != 0 {
					t.Errorf("%d runs of the %s colour in an empty period", n, key)
				}
			}
			for i, c := range severityColours {
				if n := len(runs(img, c)); n != 0 {
					t.Errorf("%d runs of severity colour %d with no open case", n, i)
				}
			}
			// The message is drawn in the middle of the weekly panel:
			// another message changes that area and nothing else.
			other := render(t, s, Options{Labels: Labels{NoReports: "Keine Meldungen in diesem Zeitraum"}})
			centre := image.Rect(DefaultWidth/10, DefaultHeight/3, DefaultWidth*6/10, DefaultHeight*2/3)
			if d := differing(img, other, centre); d < 100 {
				t.Errorf("another NoReports text changed %d pixels around the weekly panel's centre", d)
			}
			if d := differing(img, other, img.Bounds()) - differing(img, other, centre); d != 0 {
				t.Errorf("another NoReports text changed %d pixels elsewhere", d)
			}
		})
	}
}

func TestNoReportsButOpenCases(t *testing.T) {
	s := Stats{Weeks: []Week{week("2026-W47", nil)}, Open: OpenCases{High: 3}}
	img := render(t, s, Options{})
	for key, c := range categoryColours {
		if n := len(runs(img, c)); n != 0 {
			t.Errorf("%d runs of the %s colour in an empty period", n, key)
		}
	}
	if n := len(runs(img, severityColours[2])); n != 1 {
		t.Errorf("%d high-severity bars, want 1", n)
	}
}

func TestTitleIsDrawn(t *testing.T) {
	s := Stats{Weeks: []Week{week("2026-W47", map[string]int{Gift: 2})}}
	bare := render(t, s, Options{})
	s.Title = "Vigil: reports in November"
	titled := render(t, s, Options{})
	top := image.Rect(0, 0, DefaultWidth, 30)
	if d := differing(bare, titled, top); d < 100 {
		t.Errorf("the title changed %d pixels at the top", d)
	}
}

// differing counts the pixels of r that differ between a and b.
func differing(a, b *image.RGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				n++
			}
		}
	}
	return n
}

func TestRenderRefusesWhatItCannotDraw(t *testing.T) {
	ok := []Week{week("2026-W47", map[string]int{Payment: 1})}
	for name, tc := range map[string]struct {
		s   Stats
		opt Options
	}{
		"unknown category":   {Stats{Weeks: []Week{week("2026-W47", map[string]int{"bribery": 1})}}, Options{}},
		"negative count":     {Stats{Weeks: []Week{week("2026-W47", map[string]int{Gift: -1})}}, Options{}},
		"huge count":         {Stats{Weeks: []Week{week("2026-W47", map[string]int{Gift: MaxCount + 1})}}, Options{}},
		"negative open":      {Stats{Weeks: ok, Open: OpenCases{Medium: -2}}, Options{}},
		"width only":         {Stats{Weeks: ok}, Options{Width: 1200}},
		"too small":          {Stats{Weeks: ok}, Options{Width: MinWidth - 1, Height: MinHeight}},
		"too large":          {Stats{Weeks: ok}, Options{Width: MaxWidth, Height: MaxHeight + 1}},
		"negative dimension": {Stats{Weeks: ok}, Options{Width: -1200, Height: -600}},
	} {
		var buf bytes.Buffer
		err := Render(&buf, tc.s, tc.opt)
		if !errors.Is(err, ErrInput) {
			t.Errorf("%s: err = %v, want ErrInput", name, err)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written despite the error", name, buf.Len())
		}
	}
}

// failingWriter refuses every write.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestRenderReportsAWriteError(t *testing.T) {
	full := errors.New("disk full")
	err := Render(failingWriter{full}, yearStats(), Options{})
	if !errors.Is(err, full) {
		t.Fatalf("err = %v, want it to wrap the writer's error", err)
	}
}

func TestRenderConcurrently(t *testing.T) {
	s := yearStats()
	var want bytes.Buffer
	if err := Render(&want, s, Options{}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]bytes.Buffer, 4)
	errs := make([]error, len(got))
	for i := range got {
		wg.Go(func() { errs[i] = Render(&got[i], s, Options{}) })
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if !bytes.Equal(got[i].Bytes(), want.Bytes()) {
			t.Errorf("goroutine %d drew another picture", i)
		}
	}
}

func TestCountStep(t *testing.T) {
	for _, tc := range []struct{ top, step int }{
		{1, 1}, {5, 1}, {6, 2}, {10, 2}, {11, 5}, {25, 5}, {26, 10}, {37, 10},
		{7000, 2000}, {MaxCount * 9, 2_000_000_000},
	} {
		if got := countStep(tc.top); got != tc.step {
			t.Errorf("countStep(%d) = %d, want %d", tc.top, got, tc.step)
		}
	}
}

func TestWeekTicksNameTheLastWeek(t *testing.T) {
	ticks := weekTicks{labels: []string{"W1", "W2", "W3", "W4", "W5"}, every: 2}.Ticks()
	var named []string
	for _, tk := range ticks {
		if tk.Label != "" {
			named = append(named, tk.Label)
		}
	}
	if fmt.Sprint(named) != "[W1 W3 W5]" || len(ticks) != 5 {
		t.Errorf("named %v of %d ticks, want [W1 W3 W5] of 5", named, len(ticks))
	}
}

// yearStats is 52 weeks with a payment report every week and a varying
// number of the other categories.
func yearStats() Stats {
	s := Stats{Title: "A year of reports", Open: OpenCases{Low: 14, Medium: 37, High: 6}}
	for i := range 52 {
		counts := map[string]int{Payment: 1 + i%3}
		for j, key := range Categories()[1:] {
			counts[key] = (i*(j+3) + j) % 4
		}
		s.Weeks = append(s.Weeks, week(fmt.Sprintf("2026-W%02d", i+1), counts))
	}
	return s
}

func BenchmarkRenderYear(b *testing.B) {
	s := yearStats()
	var size int64
	for b.Loop() {
		var cw countingWriter
		if err := Render(&cw, s, Options{}); err != nil {
			b.Fatal(err)
		}
		size = int64(cw)
	}
	b.ReportMetric(float64(size), "png-bytes")
}

// countingWriter counts the bytes written to it.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

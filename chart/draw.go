package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Layout, in points (1/72 inch) of a picture drawn at baseDPI: a
// DefaultWidth×DefaultHeight picture is 900×450 points. Another size is
// drawn at a resolution scaled to match, so that it is the same picture,
// sharper or coarser.
const (
	baseDPI     = 96
	margin      = vg.Length(12) // around the whole picture
	gap         = vg.Length(18) // between the panels and the legend
	leftShare   = 0.70          // of the width the two panels share
	barShare    = 0.72          // of a week's slot its bar fills
	sevBarShare = 0.60          // of a severity's slot its bar fills
	maxTotals   = 20            // above this many weeks, no total over each bar
	thumbWidth  = vg.Length(14) // legend colour swatch
)

// Text sizes, in points.
const (
	titleSize = vg.Length(15)
	panelSize = vg.Length(12)
	tickSize  = vg.Length(10)
	legendSz  = vg.Length(10.5)
	emptySize = vg.Length(13)
)

// picture draws s with the words of l into a width×height image.
func picture(s Stats, l Labels, width, height int) image.Image {
	dpi := baseDPI * min(float64(width)/DefaultWidth, float64(height)/DefaultHeight)
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	c := vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(int(math.Round(dpi))))
	dc := draw.New(c)
	area := draw.Crop(dc, margin, -margin, margin, -margin)

	if s.Title != "" {
		sty := textStyle(titleSize, true, ink)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		area.FillText(sty, vg.Point{X: area.Center().X, Y: area.Max.Y}, s.Title)
		area.Max.Y -= sty.Height(s.Title) + gap/2
	}

	weekly := weeklyPanel(s.Weeks, l)
	legendWidth := vg.Length(0)
	if weekly != nil {
		legendWidth = weekly.legendWidth + gap
	}
	shared := area.Max.X - area.Min.X - legendWidth - gap
	left := area
	left.Max.X = left.Min.X + shared*leftShare
	right := area
	right.Min.X = right.Max.X - (shared - shared*leftShare)

	if weekly == nil {
		empty(left, l.Weekly, l.NoReports)
	} else {
		data := weekly.fitWeeks(left, s.Weeks)
		weekly.plot.Draw(left)
		lc := area
		lc.Min.X = left.Max.X + gap
		lc.Max.X = lc.Min.X + weekly.legendWidth
		lc.Max.Y = data.Max.Y
		weekly.legend.Draw(lc)
	}

	if open := severityPanel(s.Open, l); open == nil {
		empty(right, l.Open, l.NoOpenCases)
	} else {
		open.fitBars(right, len(severityColours), sevBarShare)
		open.plot.Draw(right)
	}
	return c.Image()
}

// panel is one chart of the picture: a gonum plot, the bars in it (whose
// width is set once the panel's size is known) and, for the weekly panel,
// its legend and the width the legend needs.
type panel struct {
	plot        *plot.Plot
	bars        []*plotter.BarChart
	legend      plot.Legend
	legendWidth vg.Length
}

// weeklyPanel builds the stacked weekly bars and their legend, or returns
// nil when the weeks hold no report.
func weeklyPanel(weeks []Week, l Labels) *panel {
	totals := map[string]int{}
	perWeek := make([]int, len(weeks))
	for i, wk := range weeks {
		for key, n := range wk.Counts {
			totals[key] += n
			perWeek[i] += n
		}
	}
	top := 0
	for _, n := range perWeek {
		top = max(top, n)
	}
	if top == 0 {
		return nil
	}

	pn := &panel{plot: newPlot(l.Weekly, l.Reports), legend: plot.NewLegend()}
	p := pn.plot
	pn.legend.TextStyle = textStyle(legendSz, false, ink)
	pn.legend.Top, pn.legend.Left = true, true
	pn.legend.ThumbnailWidth = thumbWidth
	pn.legend.Padding = vg.Length(3)

	var below *plotter.BarChart
	var names []string
	for _, key := range Categories() {
		if totals[key] == 0 {
			continue
		}
		values := make(plotter.Values, len(weeks))
		for i, wk := range weeks {
			values[i] = float64(wk.Counts[key])
		}
		bar := &plotter.BarChart{Values: values, Width: 1, Color: categoryColours[key], LineStyle: separator}
		if below != nil {
			bar.StackOn(below)
		}
		below = bar
		p.Add(bar)
		pn.bars = append(pn.bars, bar)
		names = append(names, fmt.Sprintf("%s (%d)", l.category(key), totals[key]))
	}
	// The legend reads top-down like the stack.
	widest := vg.Length(0)
	for i := len(pn.bars) - 1; i >= 0; i-- {
		pn.legend.Add(names[i], pn.bars[i])
		widest = max(widest, pn.legend.TextStyle.Width(names[i]))
	}
	pn.legendWidth = thumbWidth + pn.legend.TextStyle.Width(" ") + widest

	if len(weeks) <= maxTotals {
		labels := plotter.XYLabels{XYs: make(plotter.XYs, len(weeks)), Labels: make([]string, len(weeks))}
		for i, n := range perWeek {
			labels.XYs[i] = plotter.XY{X: float64(i), Y: float64(n)}
			if n > 0 {
				labels.Labels[i] = strconv.Itoa(n)
			}
		}
		p.Add(valueLabels(labels))
	}

	p.X.Min, p.X.Max = -0.5, float64(len(weeks))-0.5
	p.Y.Min, p.Y.Max = 0, countAxis(&p.Y, top)
	return pn
}

// fitWeeks thins the week labels and sizes the weekly bars to the space
// the canvas c gives the panel, and returns the panel's data area.
func (pn *panel) fitWeeks(c draw.Canvas, weeks []Week) draw.Canvas {
	p := pn.plot
	labels := make([]string, len(weeks))
	widest := vg.Length(0)
	for i, wk := range weeks {
		labels[i] = wk.Label
		widest = max(widest, p.X.Tick.Label.Width(wk.Label))
	}
	p.X.Tick.Marker = weekTicks{labels: labels, every: 1}
	slot := width(p.DataCanvas(c)) / vg.Length(len(weeks))
	p.X.Tick.Marker = weekTicks{labels: labels, every: int(math.Ceil(float64((widest + tickSize) / slot)))}
	return pn.fitBars(c, len(weeks), barShare)
}

// fitBars sets the width of the panel's bars to share of the slot each of
// its n bar positions gets on canvas c, and returns the panel's data area.
func (pn *panel) fitBars(c draw.Canvas, n int, share float64) draw.Canvas {
	data := pn.plot.DataCanvas(c)
	for _, bar := range pn.bars {
		bar.Width = width(data) / vg.Length(n) * vg.Length(share)
	}
	return data
}

// severityPanel builds the open-case bars, or returns nil when no case is
// open.
func severityPanel(open OpenCases, l Labels) *panel {
	counts := []int{open.Low, open.Medium, open.High}
	top := max(open.Low, open.Medium, open.High)
	if top == 0 {
		return nil
	}
	pn := &panel{plot: newPlot(l.Open, l.Cases)}
	p := pn.plot
	labels := plotter.XYLabels{XYs: make(plotter.XYs, len(counts)), Labels: make([]string, len(counts))}
	for i, n := range counts {
		bar := &plotter.BarChart{
			Values: plotter.Values{float64(n)}, XMin: float64(i), Width: 1,
			Color: severityColours[i], LineStyle: separator,
		}
		p.Add(bar)
		pn.bars = append(pn.bars, bar)
		labels.XYs[i] = plotter.XY{X: float64(i), Y: float64(n)}
		labels.Labels[i] = strconv.Itoa(n)
	}
	p.Add(valueLabels(labels))
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: l.Low}, {Value: 1, Label: l.Medium}, {Value: 2, Label: l.High}}
	p.X.Min, p.X.Max = -0.5, float64(len(counts))-0.5
	p.Y.Min, p.Y.Max = 0, countAxis(&p.Y, top)
	return pn
}

// empty draws a panel titled title that says msg instead of bars.
func empty(c draw.Canvas, title, msg string) {
	head := textStyle(panelSize, true, ink)
	head.XAlign, head.YAlign = draw.XCenter, draw.YTop
	c.FillText(head, vg.Point{X: c.Center().X, Y: c.Max.Y}, title)
	c.Max.Y -= head.Height(title) + gap/2

	frame := draw.LineStyle{Color: gridColour, Width: vg.Length(1)}
	c.StrokeLines(frame, []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Min.Y},
	})
	say := textStyle(emptySize, false, muted)
	say.XAlign, say.YAlign = draw.XCenter, draw.YCenter
	c.FillText(say, c.Center(), msg)
}

// newPlot returns a plot titled title with a count axis labelled unit,
// light horizontal grid lines and the package's fonts.
func newPlot(title, unit string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(panelSize, true, ink)
	p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
	p.Title.Padding = gap / 2
	p.BackgroundColor = nil
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Tick.Label.Font = sans(tickSize, false)
		ax.Label.TextStyle.Font = sans(tickSize, false)
		ax.Padding = 0
	}
	p.Y.Label.Text = unit
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal = draw.LineStyle{Color: gridColour, Width: vg.Length(0.75)}
	p.Add(grid)
	return p
}

// valueLabels writes each count just above its bar.
func valueLabels(xy plotter.XYLabels) *plotter.Labels {
	sty := textStyle(tickSize, false, ink)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
	styles := make([]text.Style, len(xy.Labels))
	for i := range styles {
		styles[i] = sty
	}
	return &plotter.Labels{XYs: xy.XYs, Labels: xy.Labels, TextStyle: styles, Offset: vg.Point{Y: vg.Length(2)}}
}

// countAxis sets ax's ticks to whole numbers from zero, at most six of
// them one step of 1, 2 or 5 times a power of ten apart, and returns the
// axis top: the smallest tick at or above top.
func countAxis(ax *plot.Axis, top int) float64 {
	step := countStep(top)
	last := (top + step - 1) / step * step
	var ticks plot.ConstantTicks
	for v := 0; v <= last; v += step {
		ticks = append(ticks, plot.Tick{Value: float64(v), Label: strconv.Itoa(v)})
	}
	ax.Tick.Marker = ticks
	return float64(last)
}

// countStep returns the smallest step of 1, 2 or 5 times a power of ten
// that reaches top in at most five steps. top is at most a week's total,
// nine times MaxCount, so the steps stay well inside an int.
func countStep(top int) int {
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if step := m * mag; (top+step-1)/step <= 5 {
				return step
			}
		}
	}
}

// weekTicks labels every every-th week, counting back from the last one so
// that the latest week is always named; the others get an unlabelled tick.
type weekTicks struct {
	labels []string
	every  int
}

// Ticks implements plot.Ticker.
func (t weekTicks) Ticks(_, _ float64) []plot.Tick {
	ticks := make([]plot.Tick, len(t.labels))
	last := len(t.labels) - 1
	for i, label := range t.labels {
		ticks[i].Value = float64(i)
		if (last-i)%max(t.every, 1) == 0 {
			ticks[i].Label = label
		}
	}
	return ticks
}

// width returns the width of c.
func width(c draw.Canvas) vg.Length { return c.Max.X - c.Min.X }

// sans returns Liberation Sans at size, bold or regular.
func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// textStyle returns a plain text style in Liberation Sans.
func textStyle(size vg.Length, bold bool, c color.Color) text.Style {
	return text.Style{Color: c, Font: sans(size, bold), Handler: plot.DefaultTextHandler}
}

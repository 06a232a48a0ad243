package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
)

// panel is one bar chart of the picture: a title, a count axis and, along
// the horizontal axis, one slot per bar, named under it.
type panel struct {
	title, unit string
	names       []string    // of the slots, left to right
	thin        bool        // name only every n-th slot when names would overlap
	bars        [][]segment // of each slot, bottom first
	share       float64     // of its slot a bar fills
	totals      []string    // of each slot, written over its bar; "" for none
	counts      []tick      // of the count axis, the last one at its top
	legend      []entry     // the colours of the bars, top-down
}

// segment is one part of a bar: a count and its colour.
type segment struct {
	n      int
	colour color.RGBA
}

// entry is one line of a legend.
type entry struct {
	name   string
	colour color.RGBA
}

// weeklyPanel builds the weekly bars, stacked by category, and their
// legend, or returns nil when the weeks hold no report.
func weeklyPanel(weeks []Week, l Labels) *panel {
	p := &panel{title: l.Weekly, unit: l.Reports, thin: true, share: barShare, totals: make([]string, len(weeks))}
	totals := map[string]int{}
	top := 0
	for i, wk := range weeks {
		var bar []segment
		sum := 0
		for _, key := range Categories() {
			if n := wk.Counts[key]; n > 0 {
				bar = append(bar, segment{n: n, colour: categoryColours[key]})
				totals[key] += n
				sum += n
			}
		}
		p.names = append(p.names, wk.Label)
		p.bars = append(p.bars, bar)
		if sum > 0 && len(weeks) <= maxTotals {
			p.totals[i] = strconv.Itoa(sum)
		}
		top = max(top, sum)
	}
	if top == 0 {
		return nil
	}
	p.counts = countAxis(top)
	// The legend reads top-down like the stack.
	for _, key := range slices.Backward(Categories()) {
		if totals[key] > 0 {
			p.legend = append(p.legend, entry{name: fmt.Sprintf("%s (%d)", l.category(key), totals[key]), colour: categoryColours[key]})
		}
	}
	return p
}

// severityPanel builds the open-case bars, or returns nil when no case is
// open.
func severityPanel(open OpenCases, l Labels) *panel {
	counts := []int{open.Low, open.Medium, open.High}
	top := slices.Max(counts)
	if top == 0 {
		return nil
	}
	p := &panel{title: l.Open, unit: l.Cases, names: []string{l.Low, l.Medium, l.High}, share: sevBarShare, counts: countAxis(top)}
	for i, n := range counts {
		var bar []segment
		if n > 0 {
			bar = []segment{{n: n, colour: severityColours[i]}}
		}
		p.bars = append(p.bars, bar)
		p.totals = append(p.totals, strconv.Itoa(n))
	}
	return p
}

// draw draws the panel into r and returns its data area, the rectangle
// its bars stand in.
func (p *panel) draw(c canvas, f fonts, r image.Rectangle) image.Rectangle {
	r = heading(c, f, r, p.title)
	data := p.dataArea(c, f, r)
	pl := plane{data: data, top: p.counts[len(p.counts)-1].Value, slot: float64(data.Dx()) / float64(len(p.names))}
	for _, tk := range p.counts {
		c.hline(data.Min.X, data.Max.X, pl.y(tk.Value), gridColour)
	}
	p.drawBars(c, f, pl)
	p.drawAxes(c, f, pl)
	c.writeUp(f.tick, ink, p.unit, image.Pt(r.Min.X+lineHeight(f.tick)/2, centre(data).Y))
	return data
}

// drawBars draws the bars, segment by segment from the bottom, and the
// totals over them.
func (p *panel) drawBars(c canvas, f fonts, pl plane) {
	// Digits have no descent: a total's baseline stands pad over its bar.
	lift := c.px(pad) - f.tick.Metrics().Descent.Ceil()
	for i, bar := range p.bars {
		sum := 0
		for _, seg := range bar {
			c.box(image.Rect(pl.x(i, -p.share/2), pl.y(sum+seg.n), pl.x(i, p.share/2), pl.y(sum)), seg.colour)
			sum += seg.n
		}
		c.write(f.tick, ink, p.totals[i], image.Pt(pl.x(i, 0), pl.y(sum)-lift), 0.5, 1)
	}
}

// drawAxes draws the two axes along the data area, their tick marks and
// the words beside them.
func (p *panel) drawAxes(c canvas, f fonts, pl plane) {
	data, tickLen, space := pl.data, c.px(tickLength), c.px(pad)
	c.hline(data.Min.X, data.Max.X, data.Max.Y, ink)
	c.vline(data.Min.X, data.Min.Y, data.Max.Y, ink)
	for _, tk := range p.counts {
		c.hline(data.Min.X-tickLen, data.Min.X, pl.y(tk.Value), ink)
		c.write(f.tick, ink, tk.Label, image.Pt(data.Min.X-tickLen-space, pl.y(tk.Value)), 1, 0.5)
	}
	names := weekTicks{labels: p.names, every: p.every(c, f, pl.slot)}
	for _, tk := range names.Ticks() {
		c.vline(pl.x(tk.Value, 0), data.Max.Y, data.Max.Y+tickLen, ink)
		c.write(f.tick, ink, tk.Label, image.Pt(pl.x(tk.Value, 0), data.Max.Y+tickLen+space), 0.5, 0)
	}
}

// plane places counts and slots in a panel's data area.
type plane struct {
	data image.Rectangle
	top  int     // the count at the top of the area
	slot float64 // the width of a slot, in pixels
}

// y returns the row of count n.
func (pl plane) y(n int) int {
	return pl.data.Max.Y - int(math.Round(float64(n)/float64(pl.top)*float64(pl.data.Dy())))
}

// x returns the column off slots right of the centre of slot i.
func (pl plane) x(i int, off float64) int {
	return pl.data.Min.X + int(math.Round((float64(i)+0.5+off)*pl.slot))
}

// dataArea returns the part of r left to the bars once the axes, their
// words and the totals over the bars have their room.
func (p *panel) dataArea(c canvas, f fonts, r image.Rectangle) image.Rectangle {
	line, tickLen, space := lineHeight(f.tick), c.px(tickLength), c.px(pad)
	widest := 0
	for _, tk := range p.counts {
		widest = max(widest, textWidth(f.tick, tk.Label))
	}
	data := image.Rect(r.Min.X+line+space+widest+space+tickLen, r.Min.Y+line+space, r.Max.X, r.Max.Y-tickLen-space-line)
	// The last slot is always named: keep its name inside r.
	slot := data.Dx() / len(p.names)
	data.Max.X -= max(0, textWidth(f.tick, p.names[len(p.names)-1])/2-slot/2)
	return data
}

// every returns how many slots apart the named ones are: 1 unless the
// panel is thin and its names, tickSize apart, would not fit in slots of
// slot pixels.
func (p *panel) every(c canvas, f fonts, slot float64) int {
	if !p.thin {
		return 1
	}
	widest := 0
	for _, name := range p.names {
		widest = max(widest, textWidth(f.tick, name))
	}
	return int(math.Ceil(float64(widest+c.px(tickSize)) / slot))
}

package chart

import "image"

// Layout, in points (1/72 inch) of a picture drawn at baseDPI: a
// DefaultWidth×DefaultHeight picture is 900×450 points. Another size is
// drawn at a resolution scaled to match, so that it is the same picture,
// sharper or coarser.
const (
	baseDPI     = 96
	margin      = 12   // around the whole picture
	gap         = 18   // between the panels and the legend
	leftShare   = 0.70 // of the width the two panels share
	barShare    = 0.72 // of a week's slot its bar fills
	sevBarShare = 0.60 // of a severity's slot its bar fills
	maxTotals   = 20   // above this many weeks, no total over each bar
	thumbWidth  = 14   // legend colour swatch
	tickLength  = 5    // of an axis tick mark
	pad         = 3    // between a mark and its words, and between legend lines
	lineWidth   = 0.75 // of lines, axes and outlines
)

// picture draws s with the words of l into a width×height image.
func picture(s Stats, l Labels, width, height int) *image.RGBA {
	c := canvas{RGBA: image.NewRGBA(image.Rect(0, 0, width, height)),
		scale: baseDPI / 72.0 * min(float64(width)/DefaultWidth, float64(height)/DefaultHeight)}
	c.fill(c.Bounds(), paper)
	f := newFonts(c.scale)
	area := c.Bounds().Inset(c.px(margin))

	if s.Title != "" {
		c.write(f.title, ink, s.Title, image.Pt(centre(area).X, area.Min.Y), 0.5, 0)
		area.Min.Y += lineHeight(f.title) + c.px(gap/2)
	}

	weekly := weeklyPanel(s.Weeks, l)
	legendRoom := 0
	if weekly != nil {
		legendRoom = legendWidth(c, f, weekly.legend) + c.px(gap)
	}
	shared := area.Dx() - legendRoom - c.px(gap)
	left, right := area, area
	left.Max.X = left.Min.X + int(float64(shared)*leftShare)
	right.Min.X = right.Max.X - (shared - left.Dx())

	if weekly == nil {
		empty(c, f, left, l.Weekly, l.NoReports)
	} else {
		data := weekly.draw(c, f, left)
		drawLegend(c, f, image.Pt(left.Max.X+c.px(gap), data.Min.Y), weekly.legend)
	}
	if open := severityPanel(s.Open, l); open == nil {
		empty(c, f, right, l.Open, l.NoOpenCases)
	} else {
		open.draw(c, f, right)
	}
	return c.RGBA
}

// heading writes a panel's title at the top of r and returns the rest of
// r.
func heading(c canvas, f fonts, r image.Rectangle, title string) image.Rectangle {
	c.write(f.panel, ink, title, image.Pt(centre(r).X, r.Min.Y), 0.5, 0)
	r.Min.Y += lineHeight(f.panel) + c.px(gap/2)
	return r
}

// empty draws into r a panel titled title that says msg instead of bars.
func empty(c canvas, f fonts, r image.Rectangle, title, msg string) {
	r = heading(c, f, r, title)
	c.stroke(r, gridColour)
	c.write(f.empty, muted, msg, centre(r), 0.5, 0.5)
}

// centre returns the centre of r.
func centre(r image.Rectangle) image.Point {
	return r.Min.Add(r.Max).Div(2)
}

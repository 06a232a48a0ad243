package chart

import (
	"image"
	"image/color"
	"image/draw"
	"math"
)

// canvas is a picture being drawn: its pixels and its scale. Lengths are
// given in points (1/72 inch) and drawn in whole pixels, so that bars and
// lines stay crisp at any size.
type canvas struct {
	*image.RGBA
	scale float64 // pixels per point
}

// px returns a length in points as whole pixels, at least one.
func (c canvas) px(points float64) int {
	return max(1, int(math.Round(points*c.scale)))
}

// fill paints r in col.
func (c canvas) fill(r image.Rectangle, col color.Color) {
	draw.Draw(c.RGBA, r, image.NewUniform(col), image.Point{}, draw.Src)
}

// hline draws a line lineWidth thick along row y, from column x0 to x1;
// like every line, it is centred on its path and its ends are square.
func (c canvas) hline(x0, x1, y int, col color.Color) {
	c.fill(c.thicken(image.Rect(x0, y, x1, y)), col)
}

// vline draws a line lineWidth thick along column x, from row y0 to y1.
func (c canvas) vline(x, y0, y1 int, col color.Color) {
	c.fill(c.thicken(image.Rect(x, y0, x, y1)), col)
}

// thicken returns r grown by half of lineWidth on every side: the pixels
// a line along its edges covers.
func (c canvas) thicken(r image.Rectangle) image.Rectangle {
	t := c.px(lineWidth)
	return image.Rect(r.Min.X-t/2, r.Min.Y-t/2, r.Max.X+t-t/2, r.Max.Y+t-t/2)
}

// stroke draws the edges of r in col, each line lineWidth thick and
// centred on its edge.
func (c canvas) stroke(r image.Rectangle, col color.Color) {
	c.hline(r.Min.X, r.Max.X, r.Min.Y, col)
	c.hline(r.Min.X, r.Max.X, r.Max.Y, col)
	c.vline(r.Min.X, r.Min.Y, r.Max.Y, col)
	c.vline(r.Max.X, r.Min.Y, r.Max.Y, col)
}

// box paints r in col and outlines it with the separator, centred on its
// edges: boxes that share an edge, like the segments of a stacked bar,
// share one line between them.
func (c canvas) box(r image.Rectangle, col color.Color) {
	outer := c.thicken(r)
	c.fill(outer, separator)
	c.fill(outer.Inset(c.px(lineWidth)), col)
}

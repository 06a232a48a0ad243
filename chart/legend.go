package chart

import "image"

// legendWidth returns the width a legend of entries takes.
func legendWidth(c canvas, f fonts, entries []entry) int {
	widest := 0
	for _, e := range entries {
		widest = max(widest, textWidth(f.legend, e.name))
	}
	return nameOffset(c, f) + widest
}

// drawLegend draws entries one under the other from at, each a swatch of
// its colour, outlined like the bars, then its name.
func drawLegend(c canvas, f fonts, at image.Point, entries []entry) {
	line := lineHeight(f.legend)
	for _, e := range entries {
		c.box(image.Rect(at.X, at.Y, at.X+c.px(thumbWidth), at.Y+line), e.colour)
		c.write(f.legend, ink, e.name, image.Pt(at.X+nameOffset(c, f), at.Y), 0, 0)
		at.Y += line + c.px(pad)
	}
}

// nameOffset returns how far right of its swatch a legend name starts: the
// swatch and a space.
func nameOffset(c canvas, f fonts) int {
	return c.px(thumbWidth) + textWidth(f.legend, " ")
}

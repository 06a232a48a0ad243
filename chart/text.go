package chart

import (
	"image"
	"image/color"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text sizes, in points.
const (
	titleSize  = 15
	panelSize  = 12
	tickSize   = 10
	legendSize = 10.5
	emptySize  = 13
)

// The Go fonts, compiled into the binary and parsed once, on first use: a
// parsed font is safe for concurrent use.
var (
	regular = sync.OnceValue(func() *opentype.Font { return parse(goregular.TTF) })
	bold    = sync.OnceValue(func() *opentype.Font { return parse(gobold.TTF) })
)

// parse parses an embedded font, which cannot fail but for a broken build.
func parse(ttf []byte) *opentype.Font {
	f, err := opentype.Parse(ttf)
	if err != nil {
		panic("chart: embedded font: " + err.Error())
	}
	return f
}

// fonts are the faces of one picture at its scale. A face is not safe for
// concurrent use, so every picture has its own.
type fonts struct {
	title, panel, tick, legend, empty font.Face
}

// newFonts returns the faces of a picture of scale pixels per point.
func newFonts(scale float64) fonts {
	return fonts{
		title:  face(bold(), titleSize, scale),
		panel:  face(bold(), panelSize, scale),
		tick:   face(regular(), tickSize, scale),
		legend: face(regular(), legendSize, scale),
		empty:  face(regular(), emptySize, scale),
	}
}

// face returns f at size points, antialiased, for scale pixels per point.
func face(f *opentype.Font, size, scale float64) font.Face {
	// NewFace never fails: its error result is always nil.
	fc, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72 * scale, Hinting: font.HintingNone})
	return fc
}

// textWidth returns the width of s in f, in pixels.
func textWidth(f font.Face, s string) int {
	return font.MeasureString(f, s).Ceil()
}

// lineHeight returns the height of a line of f, ascent and descent, in
// pixels.
func lineHeight(f font.Face) int {
	m := f.Metrics()
	return m.Ascent.Ceil() + m.Descent.Ceil()
}

// write draws s in f and col so that the point at fraction (ax, ay) of
// its line's box falls on p: (0, 0) puts the box's top left corner there,
// (0.5, 0.5) its centre, (1, 1) its bottom right corner.
func (c canvas) write(f font.Face, col color.Color, s string, p image.Point, ax, ay float64) {
	at := p.Sub(image.Pt(int(ax*float64(textWidth(f, s))), int(ay*float64(lineHeight(f)))))
	d := font.Drawer{Dst: c.RGBA, Src: image.NewUniform(col), Face: f,
		Dot: fixed.P(at.X, at.Y+f.Metrics().Ascent.Ceil())}
	d.DrawString(s)
}

// writeUp draws s in f and col reading upwards, its line's box centred on
// p.
func (c canvas) writeUp(f font.Face, col color.Color, s string, p image.Point) {
	w, h := textWidth(f, s), lineHeight(f)
	flat := image.NewAlpha(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: flat, Src: image.Opaque, Face: f, Dot: fixed.P(0, f.Metrics().Ascent.Ceil())}
	d.DrawString(s)
	up := image.NewAlpha(image.Rect(0, 0, h, w))
	for y := range h {
		for x := range w {
			up.SetAlpha(y, w-1-x, flat.AlphaAt(x, y))
		}
	}
	r := up.Bounds().Add(p.Sub(image.Pt(h/2, w/2)))
	draw.DrawMask(c.RGBA, r, image.NewUniform(col), image.Point{}, up, image.Point{}, draw.Over)
}

package chart

import "image/color"

// Colours. The categories take Paul Tol's "muted" scheme, nine colours
// told apart under the common colour-vision deficiencies; the severities
// take his "high contrast" scheme (blue, yellow, red), which also reads in
// greyscale. https://personal.sron.nl/~pault/
var (
	categoryColours = map[string]color.RGBA{
		Payment:        rgb(0xCC6677), // rose
		Gift:           rgb(0x332288), // indigo
		Travel:         rgb(0xDDCC77), // sand
		Diplomat:       rgb(0x117733), // green
		Online:         rgb(0x88CCEE), // cyan
		Pressure:       rgb(0x882255), // wine
		Disinformation: rgb(0x44AA99), // teal
		Cyber:          rgb(0x999933), // olive
		Other:          rgb(0xAA4499), // purple
	}
	// severityColours are low, medium, high.
	severityColours = [3]color.RGBA{rgb(0x004488), rgb(0xDDAA33), rgb(0xBB5566)}

	paper      = rgb(0xFFFFFF) // background
	ink        = rgb(0x222222) // text and axes
	muted      = rgb(0x555555) // the "nothing here" message
	gridColour = rgb(0xDDDDDD)
	// separator outlines every bar segment, so that neighbouring segments
	// stay apart whatever the reader's colour vision.
	separator = paper
)

// rgb returns the opaque colour 0xRRGGBB.
func rgb(hex uint32) color.RGBA {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xFF}
}

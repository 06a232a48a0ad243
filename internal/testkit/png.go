package testkit

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"testing"
)

// DecodePNG decodes a PNG into RGBA pixels, failing the test when data is
// not a PNG; tests compare a chart that was sent with the one expected.
func DecodePNG(t testing.TB, data []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}

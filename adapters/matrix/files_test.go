package matrix

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

func TestPictureSize(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 120, 60))); err != nil {
		t.Fatal(err)
	}
	pic := buf.Bytes()
	tests := []struct {
		name, contentType string
		data              []byte
		w, h              int
		ok                bool
	}{
		{"a PNG", "image/png", pic, 120, 60, true},
		{"a PNG said to be a JPEG", "image/jpeg", pic, 0, 0, false},
		{"a CSV export", "text/csv", []byte("ref,category\n"), 0, 0, false},
		{"a PNG sent as a file", "application/octet-stream", pic, 0, 0, false},
		{"not a PNG", "image/png", []byte("\x89PNG but broken"), 0, 0, false},
	}
	for _, tt := range tests {
		w, h, ok := pictureSize(tt.contentType, tt.data)
		if w != tt.w || h != tt.h || ok != tt.ok {
			t.Errorf("%s: pictureSize = %d, %d, %v; want %d, %d, %v", tt.name, w, h, ok, tt.w, tt.h, tt.ok)
		}
	}
}

package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestPackKeepsTheMarkdownFilesAndIsReproducible(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"en/a.md":           "---\ntopic: a\nlang: en\n---\n",
		"written/x/fr/b.md": "---\ntopic: b\nlang: fr\n---\n- é\n",
		"en/.hidden.md":     "left out",
		"en/notes.txt":      "left out",
		"README.md":         "# the bank\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "bank.zip.gz")
	if err := pack(dir, out); err != nil {
		t.Fatal(err)
	}
	packed, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		t.Fatal(err)
	}
	zipped, err := io.ReadAll(gz)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name] = string(data)
	}
	want := map[string]string{"en/a.md": files["en/a.md"], "written/x/fr/b.md": files["written/x/fr/b.md"], "README.md": files["README.md"]}
	if len(got) != len(want) {
		t.Errorf("packed %d files, want %d: %v", len(got), len(want), got)
	}
	for name, text := range want {
		if got[name] != text {
			t.Errorf("%s packed as %q, want %q", name, got[name], text)
		}
	}
	again := filepath.Join(t.TempDir(), "bank.zip.gz")
	if err := pack(dir, again); err != nil {
		t.Fatal(err)
	}
	if second, _ := os.ReadFile(again); !bytes.Equal(second, packed) {
		t.Error("packing the same files twice gave different packs")
	}
}

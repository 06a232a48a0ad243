// Command packbank packs the example bank for embedding: every .md file
// under a directory, in name order, stored uncompressed in a zip (so that
// Vigil reads it as a file system) and the zip gzipped whole (so that it
// compresses across files: a third the size of the files, where
// compressing each file on its own leaves half).
//
// Usage (from the knowledge directory, as go generate runs it):
//
//	go run ./internal/packbank examples bank.zip.gz
package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: packbank DIR OUT.zip.gz")
		os.Exit(2)
	}
	if err := pack(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "packbank:", err)
		os.Exit(1)
	}
}

// pack writes the .md files under dir to out.
func pack(dir, out string) error {
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	fsys := os.DirFS(dir)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		// No time stamp: the same files give the same pack.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Store})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	var packed bytes.Buffer
	gw, err := gzip.NewWriterLevel(&packed, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := gw.Write(zipped.Bytes()); err != nil {
		return err
	}
	if err := gw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, packed.Bytes(), 0o644)
}

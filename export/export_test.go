package export_test

import (
	"bytes"
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"vigil/export"
	"vigil/export/internal/exporttest"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }

// run exports the samples in a format and returns the output.
func run(t *testing.T, format string, opts export.Options) []byte {
	t.Helper()
	if opts.Now == nil {
		opts.Now = fixedNow
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, exporttest.Seq(exporttest.Samples()), opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestWriteRejectsUnknownFormatBeforeWriting(t *testing.T) {
	for _, format := range []string{"xml", "", "csv2", "stix1"} {
		var buf bytes.Buffer
		err := export.Write(&buf, format, exporttest.Seq(exporttest.Samples()), export.Options{})
		if err == nil {
			t.Fatalf("Write(%q) succeeded", format)
		}
		for _, f := range export.Formats() {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("Write(%q) error %q does not list %q", format, err, f)
			}
		}
		if buf.Len() != 0 {
			t.Errorf("Write(%q) wrote %d bytes before failing", format, buf.Len())
		}
	}
}

func TestWriteAcceptsFormatInAnyCase(t *testing.T) {
	upper, lower := run(t, " CSV ", export.Options{}), run(t, "csv", export.Options{})
	if !bytes.Equal(upper, lower) {
		t.Error("format name is case-sensitive")
	}
}

func TestWriteRejectsUnknownTLP(t *testing.T) {
	var buf bytes.Buffer
	err := export.Write(&buf, "stix", exporttest.Seq(exporttest.Samples()), export.Options{TLP: "white-ish"})
	if err == nil || !strings.Contains(err.Error(), "amber+strict") {
		t.Fatalf("Write with a bad TLP: err = %v, want one listing the levels", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", buf.Len())
	}
}

func TestContentTypeAndFileExtension(t *testing.T) {
	want := map[string][2]string{
		"csv":  {"text/csv; charset=utf-8; header=present", "csv"},
		"json": {"application/x-ndjson", "jsonl"},
		"stix": {"application/stix+json;version=2.1", "stix.json"},
		"misp": {"application/x-ndjson", "misp.jsonl"},
		"pdf":  {"application/octet-stream", "bin"},
	}
	for _, f := range append(export.Formats(), "pdf") {
		w, ok := want[f]
		if !ok {
			t.Fatalf("format %q has no expectation", f)
		}
		if got := export.ContentType(f); got != w[0] {
			t.Errorf("ContentType(%q) = %q, want %q", f, got, w[0])
		}
		if got := export.FileExtension(f); got != w[1] {
			t.Errorf("FileExtension(%q) = %q, want %q", f, got, w[1])
		}
	}
}

var errStorage = errors.New("storage went away")

// failing yields the samples then an error.
func failing() iter.Seq2[export.Record, error] {
	return func(yield func(export.Record, error) bool) {
		for _, r := range exporttest.Samples() {
			if !yield(r, nil) {
				return
			}
		}
		yield(export.Record{}, errStorage)
	}
}

func TestIteratorErrorStopsExport(t *testing.T) {
	for _, f := range export.Formats() {
		var buf bytes.Buffer
		err := export.Write(&buf, f, failing(), export.Options{Now: fixedNow})
		if !errors.Is(err, errStorage) {
			t.Errorf("%s: err = %v, want the iterator's error", f, err)
			continue
		}
		for _, r := range exporttest.Samples() {
			if strings.Contains(err.Error(), r.Case.Report.Description) {
				t.Errorf("%s: error message contains report text", f)
			}
		}
	}
}

// TestWriterErrorStopsExport checks that a write error ends the export
// instead of draining the iterator.
func TestWriterErrorStopsExport(t *testing.T) {
	for _, f := range export.Formats() {
		pulled := 0
		records := func(yield func(export.Record, error) bool) {
			for i := 0; i < 100_000; i++ {
				pulled++
				if !yield(exporttest.Generate(i), nil) {
					return
				}
			}
		}
		err := export.Write(failWriter{}, f, records, export.Options{Now: fixedNow})
		if err == nil {
			t.Errorf("%s: no error from a failing writer", f)
		}
		if pulled == 100_000 {
			t.Errorf("%s: kept pulling records after the writer failed", f)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestAnonymousReporterNeverExported uses a sample whose anonymous case
// still carries a reporter (a data error upstream): no format may leak it.
func TestAnonymousReporterNeverExported(t *testing.T) {
	for _, f := range export.Formats() {
		out := run(t, f, export.Options{})
		for _, secret := range []string{exporttest.AnonymousName, "@zed:example.org"} {
			if bytes.Contains(out, []byte(secret)) {
				t.Errorf("%s export contains the anonymous reporter's %q", f, secret)
			}
		}
	}
}

// TestSharingFormatsOmitPeople checks that STIX and MISP, meant to be
// shared outside the team, name neither reporters nor team members, while
// the team's own CSV and JSON exports do.
func TestSharingFormatsOmitPeople(t *testing.T) {
	for f, want := range map[string]bool{"csv": true, "json": true, "stix": false, "misp": false} {
		out := run(t, f, export.Options{})
		for _, name := range []string{exporttest.NamedReporter, "U0NAMED", "Tess Team", "U0TEAM"} {
			if got := bytes.Contains(out, []byte(name)); got != want {
				t.Errorf("%s export contains %q: %v, want %v", f, name, got, want)
			}
		}
	}
}

func TestEmptyExportIsWellFormed(t *testing.T) {
	empty := func(func(export.Record, error) bool) {}
	for _, f := range export.Formats() {
		var buf bytes.Buffer
		if err := export.Write(&buf, f, empty, export.Options{Now: fixedNow}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		switch f {
		case "csv":
			if lines := strings.Count(buf.String(), "\r\n"); lines != 1 {
				t.Errorf("empty csv has %d lines, want the header only", lines)
			}
		case "json", "misp":
			if buf.Len() != 0 {
				t.Errorf("empty %s export is %q, want nothing", f, buf.String())
			}
		case "stix":
			b := parseBundle(t, buf.Bytes())
			if len(b.Objects) != 2 {
				t.Errorf("empty bundle has %d objects, want marking and identity", len(b.Objects))
			}
		}
	}
}

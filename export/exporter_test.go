package export_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigil/bot"
	"vigil/export"
	"vigil/export/internal/exporttest"
)

// source is an in-memory export.Source over the sample records.
type source struct {
	records []export.Record
	fail    error // returned by EachCase after the first case
	audit   []bot.AuditEntry
}

func (s *source) EachCase(_ context.Context, _ bot.CaseFilter, fn func(bot.Case, []bot.CaseEvent) error) error {
	for i, r := range s.records {
		if i > 0 && s.fail != nil {
			return s.fail
		}
		if err := fn(r.Case, r.Events); err != nil {
			return err
		}
	}
	return nil
}

func (s *source) Audit(_ context.Context, e bot.AuditEntry) error {
	s.audit = append(s.audit, e)
	return nil
}

var exporter = bot.User{Platform: "cli", ID: "operator"}

func newExporter(t *testing.T, src *source) *export.Exporter {
	t.Helper()
	e, err := export.NewExporter(src, export.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestExporterWritesAndAuditsOnce(t *testing.T) {
	src := &source{records: exporttest.Samples()}
	e := newExporter(t, src)
	for _, format := range export.Formats() {
		var buf bytes.Buffer
		if err := e.Export(context.Background(), &buf, format, bot.CaseFilter{}, exporter); err != nil {
			t.Fatal(err)
		}
		if want := run(t, format, export.Options{}); !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: the exporter wrote other bytes than Write", format)
		}
	}
	if len(src.audit) != len(export.Formats()) {
		t.Fatalf("audit = %+v", src.audit)
	}
	for i, a := range src.audit {
		if a.Action != "export" || a.Target != fmt.Sprintf("%s (%d cases)", export.Formats()[i], len(exporttest.Samples())) || a.Outcome != "ok" || a.Actor != exporter || !a.At.Equal(fixedNow()) {
			t.Errorf("audit entry %+v", a)
		}
	}

	src = &source{records: exporttest.Samples(), fail: errors.New("disk on fire")}
	e = newExporter(t, src)
	if err := e.Export(context.Background(), &bytes.Buffer{}, "csv", bot.CaseFilter{}, exporter); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("a failing source gave %v", err)
	}
	if len(src.audit) != 1 || src.audit[0].Outcome != "error" || src.audit[0].Target != "csv (1 case)" {
		t.Fatalf("failed export audited as %+v", src.audit)
	}
}

func TestExportFileIsPrivateAndNeverHalfWritten(t *testing.T) {
	dir := t.TempDir()
	src := &source{records: exporttest.Samples()}
	e := newExporter(t, src)
	path := filepath.Join(dir, "cases.csv")
	if err := e.ExportFile(context.Background(), path, "csv", bot.CaseFilter{}, exporter); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v, mode %v", err, st.Mode())
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, run(t, "csv", export.Options{})) {
		t.Error("the file is not the export")
	}

	src.fail = errors.New("connection lost")
	failed := filepath.Join(dir, "failed.json")
	if err := e.ExportFile(context.Background(), failed, "json", bot.CaseFilter{}, exporter); err == nil {
		t.Fatal("a failed export reported success")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("a failed export left files: %v", entries)
	}
	if last := src.audit[len(src.audit)-1]; last.Outcome != "error" || last.Target != "json (0 cases)" || len(src.audit) != 2 {
		t.Fatalf("audit = %+v", src.audit)
	}
}

func TestExporterChecksTheTLP(t *testing.T) {
	if _, err := export.NewExporter(&source{}, export.Options{TLP: "purple"}); err == nil || !strings.Contains(err.Error(), "amber+strict") {
		t.Fatalf("TLP purple: %v", err)
	}
	if export.CheckTLP("TLP:RED") != nil || export.CheckTLP("") != nil || export.CheckTLP("white") == nil {
		t.Fatal("CheckTLP")
	}
	if got := strings.Join(export.TLPLevels(), " "); got != "clear green amber amber+strict red" {
		t.Fatalf("TLPLevels = %s", got)
	}
}

package export_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/export"
	"vigil/internal/testkit/dbtest"
	"vigil/storage"
)

// cancelAfter is standard output that the operator interrupts (Ctrl-C)
// once the first block of the export has reached it.
type cancelAfter struct {
	bytes.Buffer
	cancel context.CancelFunc
}

func (w *cancelAfter) Write(p []byte) (int, error) {
	w.cancel()
	return w.Buffer.Write(p)
}

// fileCases files n cases with long descriptions in db.
func fileCases(t *testing.T, db *storage.DB, n int) {
	t.Helper()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		nc := bot.NewCase{Report: bot.Report{Category: bot.CategoryPayment, OccurredOn: at, Channel: bot.ChannelEmail,
			Approacher: fmt.Sprintf("Approacher %d", i), Description: strings.Repeat("Offered a paid trip for an amendment. ", 20),
			Accepted: bot.AcceptedNo}, Reporter: bot.User{Platform: "slack", ID: fmt.Sprintf("U%d", i), Name: "Staffer"},
			Severity: bot.SeverityHigh, FiledAt: at.Add(time.Duration(i) * time.Second)}
		if _, err := db.FileCase(t.Context(), nc); err != nil {
			t.Fatal(err)
		}
	}
}

// TestInterruptedExportIsAudited cancels an export from the real database
// while it streams, as Ctrl-C on `vigil export` does, and finds the export
// in the audit log with how many cases had gone out.
func TestInterruptedExportIsAudited(t *testing.T) {
	const total = 400 // about 300 kB of CSV, several blocks of the writer
	db := dbtest.Open(t, "")
	fileCases(t, db, total)
	e, err := export.NewExporter(db, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range export.Formats() {
		ctx, cancel := context.WithCancel(t.Context())
		out := &cancelAfter{cancel: cancel}
		err := e.Export(ctx, out, format, bot.CaseFilter{}, exporter)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: an interrupted export returned %v", format, err)
		}
		if out.Len() == 0 {
			t.Fatalf("%s: nothing went out before the interruption", format)
		}
		var audit []bot.AuditEntry
		if err := db.EachAudit(t.Context(), func(a bot.AuditEntry) error { audit = append(audit, a); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(audit) == 0 {
			t.Fatalf("%s: the interrupted export is not in the audit log", format)
		}
		last := audit[len(audit)-1]
		m := regexp.MustCompile(`^` + format + ` \((\d+) cases\)$`).FindStringSubmatch(last.Target)
		if last.Action != "export" || last.Outcome != "interrupted" || last.Actor != exporter || m == nil {
			t.Fatalf("%s: audited as %+v", format, last)
		}
		if n, _ := strconv.Atoi(m[1]); n < 1 || n >= total {
			t.Errorf("%s: audited %d cases out of %d for an export cut short", format, n, total)
		}
	}

	// A file export interrupted the same way keeps nothing and says so.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	path := t.TempDir() + "/cases.csv"
	if err := e.ExportFile(ctx, path, "csv", bot.CaseFilter{}, exporter); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled file export returned %v", err)
	}
	var last bot.AuditEntry
	db.EachAudit(t.Context(), func(a bot.AuditEntry) error { last = a; return nil })
	if last.Target != "csv (0 cases)" || last.Outcome != "interrupted" {
		t.Fatalf("the cancelled file export is audited as %+v", last)
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"
	"time"

	"vigil/bot"
	"vigil/export"
	"vigil/storage"
)

// caseExporter streams cases from the database into an export format. It
// implements bot.Exporter for the chat command.
type caseExporter struct {
	db   *storage.DB
	opts export.Options
}

// Formats implements bot.Exporter.
func (e caseExporter) Formats() []string { return export.Formats() }

// Export implements bot.Exporter.
func (e caseExporter) Export(ctx context.Context, w io.Writer, format string, f bot.CaseFilter) error {
	return export.Write(w, format, e.records(ctx, f), e.opts)
}

// FileName implements bot.Exporter.
func (e caseExporter) FileName(format string, at time.Time) (string, string) {
	return fmt.Sprintf("vigil-cases-%s.%s", at.UTC().Format("20060102-150405"), export.FileExtension(format)), export.ContentType(format)
}

// errStop ends a database walk early when the consumer stops.
var errStop = errors.New("export stopped")

// records adapts the database's streaming walk to an iterator.
func (e caseExporter) records(ctx context.Context, f bot.CaseFilter) iter.Seq2[export.Record, error] {
	return func(yield func(export.Record, error) bool) {
		err := e.db.EachCase(ctx, f, func(c bot.Case, evs []bot.CaseEvent) error {
			if !yield(export.Record{Case: c, Events: evs}, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			yield(export.Record{}, err)
		}
	}
}

// exportCommand implements `vigil export`.
func exportCommand(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vigil export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "csv, json, stix or misp")
	since := fs.String("since", "", "only cases filed since this date (2026-01-31) or period (30d, 12w)")
	until := fs.String("until", "", "only cases filed before this date (2026-12-31)")
	status := fs.String("status", "", "only cases with this status (new, triaged, investigating, escalated, closed) or \"open\"")
	out := fs.String("out", "", "write to this file instead of standard output")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	f, err := exportFilter(*since, *until, *status, time.Now())
	*format = strings.ToLower(*format)
	if err == nil && !slices.Contains(export.Formats(), *format) {
		err = fmt.Errorf("--format must be one of %s", strings.Join(export.Formats(), ", "))
	}
	if err != nil {
		fmt.Fprintln(stderr, "vigil export:", err)
		return 2
	}
	err = withStore(ctx, cfg, stderr, func(db *storage.DB) error {
		w := stdout
		var file *os.File
		tmp := *out + ".partial"
		if *out != "" {
			var err error
			// The export holds report text: readable by the owner only. It
			// is written aside and renamed, so a failed export leaves no
			// half-written file under the requested name.
			if file, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
				return err
			}
			w = file
		}
		e := caseExporter{db: db, opts: exportOptions(cfg)}
		err := e.Export(ctx, w, *format, f)
		if file != nil {
			if err == nil {
				err = file.Sync()
			}
			if cerr := file.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				err = os.Rename(tmp, *out)
			} else {
				os.Remove(tmp)
			}
		}
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		if aerr := db.Audit(ctx, bot.AuditEntry{At: time.Now().UTC(), Actor: operator, Action: "export", Target: *format, Outcome: outcome}); err == nil {
			err = aerr
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(stderr, "vigil export:", err)
		return 1
	}
	return 0
}

func exportOptions(cfg Config) export.Options {
	return export.Options{Producer: cfg.Export.Producer, TLP: cfg.Export.TLP}
}

// exportFilter turns the command-line filters into a case filter.
func exportFilter(since, until, status string, now time.Time) (bot.CaseFilter, error) {
	var f bot.CaseFilter
	if since != "" {
		t, ok := bot.ParseSince(since, now)
		if !ok {
			return f, fmt.Errorf("--since: %q is neither a date (2026-01-31) nor a period (30d, 12w)", since)
		}
		f.Since = t
	}
	if until != "" {
		t, err := time.Parse("2006-01-02", until)
		if err != nil {
			return f, fmt.Errorf("--until: %q is not a date such as 2026-12-31", until)
		}
		f.Until = t.AddDate(0, 0, 1) // the whole day is included
	}
	switch st := bot.Status(strings.ToLower(status)); {
	case status == "":
	case st == "open":
		f.OpenOnly = true
	case st.Valid():
		f.Status = st
	default:
		return f, fmt.Errorf("--status: %q is not one of new, triaged, investigating, escalated, closed, open", status)
	}
	return f, nil
}

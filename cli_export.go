package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"vigil/bot"
	"vigil/export"
	"vigil/storage"
)

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
		e, err := newExporter(db, cfg)
		switch {
		case err != nil:
			return err
		case *out != "":
			return e.ExportFile(ctx, *out, *format, f, operator)
		default:
			return e.Export(ctx, stdout, *format, f, operator)
		}
	})
	if err != nil {
		fmt.Fprintln(stderr, "vigil export:", err)
		return 1
	}
	return 0
}

// newExporter returns the exporter of db's cases with the configured
// producer and TLP marking, and the indicators of each case read as
// linking reads them.
func newExporter(db *storage.DB, cfg Config) (*export.Exporter, error) {
	x, common, err := cfg.linkReading()
	if err != nil {
		return nil, err
	}
	return export.NewExporter(db, export.Options{Producer: cfg.Export.Producer, TLP: cfg.Export.TLP, Extractor: x, Common: common})
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

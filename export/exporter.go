package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"time"

	"vigil/bot"
)

// Source streams cases with their history; storage.DB is one. Exports are
// recorded in its audit log.
type Source interface {
	// EachCase calls fn for every case matching f, oldest first, and stops
	// at the first error, which it returns.
	EachCase(ctx context.Context, f bot.CaseFilter, fn func(bot.Case, []bot.CaseEvent) error) error
	// Audit appends an entry to the audit log.
	Audit(ctx context.Context, e bot.AuditEntry) error
}

// Exporter streams cases from a Source into an export format and records
// every export, with its outcome, in the audit log. It implements
// bot.Exporter, for the chat command, and writes the files of
// `vigil export`.
type Exporter struct {
	src  Source
	opts Options
}

var _ bot.Exporter = (*Exporter)(nil)

// NewExporter returns an exporter of src's cases with opts; it checks opts
// (an unknown TLP level is an error listing the valid ones).
func NewExporter(src Source, opts Options) (*Exporter, error) {
	if _, err := opts.normalise(); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Exporter{src: src, opts: opts}, nil
}

// Formats implements bot.Exporter.
func (e *Exporter) Formats() []string { return Formats() }

// FileName implements bot.Exporter: a name with the export's time, and the
// format's media type.
func (e *Exporter) FileName(format string, at time.Time) (name, contentType string) {
	return fmt.Sprintf("vigil-cases-%s.%s", at.UTC().Format("20060102-150405"), FileExtension(format)), ContentType(format)
}

// Export implements bot.Exporter: it streams the cases matching f into w
// in format and audits the export as done by actor ("ok", or "error" when
// anything failed, the audit included). Whoever calls it must have checked
// that actor may export.
func (e *Exporter) Export(ctx context.Context, w io.Writer, format string, f bot.CaseFilter, actor bot.User) error {
	return e.audited(ctx, format, actor, Write(w, format, e.records(ctx, f), e.opts))
}

// ExportFile writes the export to path, readable by its owner only (mode
// 0600): it is written aside, synced and renamed, so that a failed export
// leaves no half-written file under that name. It is audited like Export.
func (e *Exporter) ExportFile(ctx context.Context, path, format string, f bot.CaseFilter, actor bot.User) error {
	return e.audited(ctx, format, actor, e.writeFile(ctx, path, format, f))
}

func (e *Exporter) writeFile(ctx context.Context, path, format string, f bot.CaseFilter) error {
	tmp := path + ".partial"
	file, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	err = Write(file, format, e.records(ctx, f), e.opts)
	if err == nil {
		err = file.Sync()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// audited records an export's outcome, err, and returns it (or the audit's
// failure).
func (e *Exporter) audited(ctx context.Context, format string, actor bot.User, err error) error {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	aerr := e.src.Audit(ctx, bot.AuditEntry{At: e.opts.Now().UTC(), Actor: actor, Action: "export", Target: normaliseFormat(format), Outcome: outcome})
	if err == nil && aerr != nil {
		return fmt.Errorf("export: audit: %w", aerr)
	}
	return err
}

// errStop ends a walk of the source early when the writer stops.
var errStop = errors.New("export stopped")

// records adapts the source's streaming walk to an iterator.
func (e *Exporter) records(ctx context.Context, f bot.CaseFilter) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		err := e.src.EachCase(ctx, f, func(c bot.Case, evs []bot.CaseEvent) error {
			if !yield(Record{Case: c, Events: evs}, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			yield(Record{}, err)
		}
	}
}

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

// LinkSource is a Source that also knows the links between cases;
// storage.DB is one. Exports from it carry each case's live links.
type LinkSource interface {
	Source
	// AllLinks returns every case with a live link, with its live links,
	// by case ID.
	AllLinks(ctx context.Context) (map[int64][]bot.CaseLink, error)
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
// in format and audits the export as done by actor, with the number of
// cases handed to w (when the export is cut short, an upper bound on what
// w delivered) and the outcome ("ok"; "interrupted" when ctx was
// cancelled; "error" when anything else failed). The audit is written even
// when ctx is cancelled; its failure is returned too. Whoever calls it must have
// checked that actor may export.
func (e *Exporter) Export(ctx context.Context, w io.Writer, format string, f bot.CaseFilter, actor bot.User) error {
	var n int
	return e.audited(ctx, format, actor, &n, Write(w, format, e.records(ctx, f, &n), e.opts))
}

// ExportFile writes the export to path, readable by its owner only (mode
// 0600): it is written aside, synced and renamed, so that a failed export
// leaves no half-written file under that name. It is audited like Export
// (a failed file export is audited with 0 cases: nothing is kept).
func (e *Exporter) ExportFile(ctx context.Context, path, format string, f bot.CaseFilter, actor bot.User) error {
	var n int
	return e.audited(ctx, format, actor, &n, e.writeFile(ctx, path, format, f, &n))
}

func (e *Exporter) writeFile(ctx context.Context, path, format string, f bot.CaseFilter, n *int) error {
	tmp := path + ".partial"
	file, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	err = Write(file, format, e.records(ctx, f, n), e.opts)
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
		*n = 0
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// auditTimeout bounds the audit of an export whose context was cancelled.
const auditTimeout = 10 * time.Second

// audited records an export's outcome, err, and the number of cases that
// went out, n, and returns err (or the audit's failure). The audit is
// written with a context that outlives ctx's cancellation: an interrupted
// export is audited too.
func (e *Exporter) audited(ctx context.Context, format string, actor bot.User, n *int, err error) error {
	outcome := "ok"
	switch {
	case err != nil && ctx.Err() != nil:
		outcome = "interrupted"
	case err != nil:
		outcome = "error"
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditTimeout)
	defer cancel()
	target := fmt.Sprintf("%s (%d cases)", normaliseFormat(format), *n)
	if *n == 1 {
		target = normaliseFormat(format) + " (1 case)"
	}
	aerr := e.src.Audit(actx, bot.AuditEntry{At: e.opts.Now().UTC(), Actor: actor, Action: "export", Target: target, Outcome: outcome})
	if aerr != nil {
		aerr = fmt.Errorf("export: audit: %w", aerr)
	}
	return errors.Join(err, aerr)
}

// errStop ends a walk of the source early when the writer stops.
var errStop = errors.New("export stopped")

// records adapts the source's streaming walk to an iterator; n counts the
// cases handed to the writer.
func (e *Exporter) records(ctx context.Context, f bot.CaseFilter, n *int) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		var links map[int64][]bot.CaseLink
		if ls, ok := e.src.(LinkSource); ok {
			var err error
			if links, err = ls.AllLinks(ctx); err != nil {
				yield(Record{}, err)
				return
			}
		}
		err := e.src.EachCase(ctx, f, func(c bot.Case, evs []bot.CaseEvent) error {
			if !yield(Record{Case: c, Events: evs, Links: links[c.ID]}, nil) {
				return errStop
			}
			*n++
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			yield(Record{}, err)
		}
	}
}

package bot

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNotFound is returned by stores when a case or session does not exist.
var ErrNotFound = errors.New("not found")

// CaseStore keeps filed reports.
type CaseStore interface {
	// FileCase stores a new case and its first "filed" event, deletes
	// the session named by SessionKey and writes the outbox items of
	// Messages, in one durable transaction, and returns the case with its
	// reference. Nothing changes when it returns an error.
	FileCase(ctx context.Context, c NewCase) (Case, error)
	// CaseByRef returns the case with the reference, or ErrNotFound.
	CaseByRef(ctx context.Context, ref string) (Case, error)
	// CaseByReceipt returns the anonymous case whose receipt code hashes to
	// receiptHash, or ErrNotFound.
	CaseByReceipt(ctx context.Context, receiptHash string) (Case, error)
}

// SessionStore keeps unfinished report conversations so that they survive
// a restart.
type SessionStore interface {
	// LoadSession returns the session with the key, or ErrNotFound.
	LoadSession(ctx context.Context, key string) (Session, error)
	// SaveSession creates or replaces the session.
	SaveSession(ctx context.Context, s Session) error
	// DeleteSession removes the session; removing a missing one is not an error.
	DeleteSession(ctx context.Context, key string) error
	// IdleSessions returns sessions last updated before the given time.
	IdleSessions(ctx context.Context, before time.Time) ([]Session, error)
}

// RetentionStore deletes old cases.
type RetentionStore interface {
	// PurgeClosed deletes the cases closed before closedBefore, with their
	// history, and returns their references. Open cases are never purged.
	PurgeClosed(ctx context.Context, closedBefore time.Time) ([]string, error)
}

// ScheduleStore remembers scheduled work that must run once per period
// (the weekly digest: once per ISO week), whatever the restarts and
// however many processes share the store. Periods are strings that sort
// in time order ("2026-W09" before "2026-W10").
type ScheduleStore interface {
	// LastRun returns the latest period of job recorded done, or "" when
	// none was.
	LastRun(ctx context.Context, job string) (string, error)
	// ClaimRun claims period of job for the caller until leaseUntil, in
	// one atomic step. It returns false, and claims nothing, when period
	// or a later one is recorded done, or when another claim on period
	// holds a lease past now; a claim whose lease ran out is taken over.
	ClaimRun(ctx context.Context, job, period string, now, leaseUntil time.Time) (bool, error)
	// RunDone records period of job as done and ends its claim. A later
	// period already recorded done stays recorded.
	RunDone(ctx context.Context, job, period string) error
}

// Store is everything the core needs from storage.
type Store interface {
	CaseStore
	SessionStore
	TeamStore
	RetentionStore
	ScheduleStore
	OutboxStore
	LinkStore
}

// CaseFilter selects cases for lists and exports. Zero fields match all.
type CaseFilter struct {
	OpenOnly bool     // only cases that are not closed
	Status   Status   // only this status
	Category Category // only this category
	Severity Severity // only this severity
	Since    time.Time
	Until    time.Time // exclusive
	Limit    int       // at most this many, newest first; 0 for no limit (oldest first)
	// OldestFirst makes a Limit keep the oldest cases instead of the
	// newest, still oldest first.
	OldestFirst bool
	// Linked keeps only the cases with a live link (see CaseLink.Live).
	Linked bool
}

// CaseUpdate is a change to a case recorded together with its event.
type CaseUpdate struct {
	Status     Status   // new status, or empty to keep it
	Resolution string   // resolution when closing
	Severity   Severity // new severity, or empty to keep it
	Assignee   string   // new assignee key, or empty to keep it
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	At      time.Time
	Actor   User
	Action  string // e.g. "view", "triage", "reply", "export", "refused"
	Target  string // case reference, export format, command...
	Outcome string // "ok", "refused", "error"
}

// Stats are case counts for a period.
type Stats struct {
	Since      time.Time
	Total      int
	ByCategory map[Category]int
	ByStatus   map[Status]int
	ByWeek     map[string]int // ISO week "2026-W47"
	// ByWeekCategory counts the cases of each ISO week by category.
	ByWeekCategory map[string]map[Category]int
	// OpenBySeverity counts the cases open now by severity, whenever
	// they were filed.
	OpenBySeverity map[Severity]int
}

// TeamStore is what the security team's commands need.
type TeamStore interface {
	// ListCases returns the cases matching f.
	ListCases(ctx context.Context, f CaseFilter) ([]Case, error)
	// CaseEvents returns the history of a case, oldest first.
	CaseEvents(ctx context.Context, caseID int64) ([]CaseEvent, error)
	// RecordEvent appends ev to the case and applies u in one transaction,
	// returning the updated case, or ErrNotFound.
	RecordEvent(ctx context.Context, caseID int64, ev CaseEvent, u CaseUpdate) (Case, error)
	// CaseStats counts cases filed since the given time.
	CaseStats(ctx context.Context, since time.Time) (Stats, error)
	// Audit appends an entry to the audit log.
	Audit(ctx context.Context, e AuditEntry) error
}

// Exporter writes cases in an export format; export.Exporter is one.
type Exporter interface {
	// Formats lists the supported formats ("csv", "json", ...).
	Formats() []string
	// Export writes the cases matching f to w in format and records the
	// export in the audit log as done by actor, with its outcome. The
	// caller must have checked that actor may export. It returns an error
	// when the cases could not be read or written.
	Export(ctx context.Context, w io.Writer, format string, f CaseFilter, actor User) error
	// FileName returns the attachment name and content type for a format.
	FileName(format string, at time.Time) (name, contentType string)
}

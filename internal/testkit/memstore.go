// Package testkit is Vigil's shared test kit: an in-memory store that
// satisfies the core's store interfaces, fakes of an adapter, a core,
// guidance and a clock, a log sink that catches leaked secrets, and a
// runner for an adapter's Run. It needs no cgo, so the core's unit tests
// and a new adapter's tests run anywhere; tests that need the real SQLite
// file use internal/testkit/dbtest.
package testkit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"vigil/bot"
)

// MemStore keeps cases, sessions and the audit log in memory, with the
// semantics of storage.DB (references per year, one transaction per
// change, the outbox, purges of closed cases). It implements
// bot.Store and export.Source. It is safe for concurrent use. The zero
// value is not ready: use NewMemStore.
type MemStore struct {
	memSchedule // the scheduled runs (bot.ScheduleStore)

	mu       sync.Mutex
	counters map[int]int // year -> last reference number
	cases    []*memCase  // in filing order
	nextID   int64
	sessions map[string]bot.Session
	audit    []bot.AuditEntry
	outbox   []bot.OutboxItem // in enqueue order (see memoutbox.go)
	nextItem int64
	linking  memLinks // the cases' hashed indicators and links (bot.LinkStore)
}

type memCase struct {
	c       bot.Case
	receipt string
	events  []bot.CaseEvent
	closed  time.Time // when it was closed; zero while open
}

var _ bot.Store = (*MemStore)(nil)

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{counters: map[int]int{}, sessions: map[string]bot.Session{}, linking: newMemLinks()}
}

// FileCase implements bot.CaseStore.
func (m *MemStore) FileCase(_ context.Context, nc bot.NewCase) (bot.Case, error) {
	r := nc.Report
	if r.Anonymous && (nc.Reporter.ID != "" || nc.ReceiptHash == "") {
		return bot.Case{}, errors.New("an anonymous case needs a receipt hash and no reporter")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if nc.ReceiptHash != "" {
		for _, mc := range m.cases {
			if mc.receipt == nc.ReceiptHash {
				return bot.Case{}, errors.New("file case: receipt hash already used")
			}
		}
	}
	filed := nc.FiledAt.UTC()
	m.counters[filed.Year()]++
	m.nextID++
	c := bot.Case{ID: m.nextID, Ref: bot.FormatRef(filed.Year(), m.counters[filed.Year()]), Report: r, Reporter: nc.Reporter,
		Status: bot.StatusNew, Severity: nc.Severity, FiledAt: filed, Updated: filed}
	mc := &memCase{c: c, receipt: nc.ReceiptHash}
	mc.c.Report.OccurredOn = day(r.OccurredOn) // stored as a day; the caller gets back what it gave
	m.nextID++
	mc.events = []bot.CaseEvent{{ID: m.nextID, CaseID: c.ID, At: filed, Kind: bot.EventFiled, Actor: nc.Reporter, Status: bot.StatusNew}}
	m.cases = append(m.cases, mc)
	if nc.Messages != nil && nc.Messages.Compose != nil {
		items := nc.Messages.Compose(c)
		for i := range items {
			items[i].CaseID = c.ID
		}
		written, err := m.enqueueLocked(items)
		if err != nil { // undo, as the transaction would roll back
			m.cases = m.cases[:len(m.cases)-1]
			m.counters[filed.Year()]--
			return bot.Case{}, fmt.Errorf("file case: %w", err)
		}
		nc.Messages.Written = written
	}
	m.indexLocked(mc.c, nc.Indicators, filed)
	if nc.SessionKey != "" {
		delete(m.sessions, nc.SessionKey)
	}
	return c, nil
}

// CaseByRef implements bot.CaseStore.
func (m *MemStore) CaseByRef(_ context.Context, ref string) (bot.Case, error) {
	return m.find(func(mc *memCase) bool { return mc.c.Ref == ref })
}

// CaseByReceipt implements bot.CaseStore.
func (m *MemStore) CaseByReceipt(_ context.Context, receiptHash string) (bot.Case, error) {
	return m.find(func(mc *memCase) bool { return mc.receipt != "" && mc.receipt == receiptHash })
}

func (m *MemStore) find(match func(*memCase) bool) (bot.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, mc := range m.cases {
		if match(mc) {
			return mc.c, nil
		}
	}
	return bot.Case{}, bot.ErrNotFound
}

func (m *MemStore) byID(id int64) *memCase {
	for _, mc := range m.cases {
		if mc.c.ID == id {
			return mc
		}
	}
	return nil
}

// LoadSession implements bot.SessionStore.
func (m *MemStore) LoadSession(_ context.Context, key string) (bot.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[key]
	if !ok {
		return bot.Session{}, bot.ErrNotFound
	}
	return copySession(s), nil
}

// SaveSession implements bot.SessionStore.
func (m *MemStore) SaveSession(_ context.Context, s bot.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[s.Key] = copySession(s)
	return nil
}

// DeleteSession implements bot.SessionStore.
func (m *MemStore) DeleteSession(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, key)
	return nil
}

// IdleSessions implements bot.SessionStore.
func (m *MemStore) IdleSessions(_ context.Context, before time.Time) ([]bot.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.Session
	for _, s := range m.sessions {
		if s.UpdatedAt.Before(before) {
			out = append(out, copySession(s))
		}
	}
	slices.SortFunc(out, func(a, b bot.Session) int { return a.UpdatedAt.Compare(b.UpdatedAt) })
	return out, nil
}

// copySession returns s with its own history, as a stored copy would be.
func copySession(s bot.Session) bot.Session {
	s.History = slices.Clone(s.History)
	s.UpdatedAt = s.UpdatedAt.UTC()
	return s
}

// ListCases implements bot.TeamStore.
func (m *MemStore) ListCases(_ context.Context, f bot.CaseFilter) ([]bot.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.Case
	for _, mc := range m.matching(f) {
		out = append(out, mc.c)
	}
	if f.Limit > 0 && f.OldestFirst {
		out = out[:min(f.Limit, len(out))]
	} else if f.Limit > 0 {
		slices.Reverse(out)
		out = out[:min(f.Limit, len(out))]
	}
	return out, nil
}

// EachCase calls fn for every case matching f, oldest first, with its
// history, as storage.DB.EachCase does; it stops at fn's first error.
func (m *MemStore) EachCase(_ context.Context, f bot.CaseFilter, fn func(bot.Case, []bot.CaseEvent) error) error {
	m.mu.Lock()
	matching := m.matching(f)
	type item struct {
		c   bot.Case
		evs []bot.CaseEvent
	}
	items := make([]item, len(matching))
	for i, mc := range matching {
		items[i] = item{mc.c, slices.Clone(mc.events)}
	}
	m.mu.Unlock()
	for _, it := range items {
		if err := fn(it.c, it.evs); err != nil {
			return err
		}
	}
	return nil
}

// matching returns the cases f selects, oldest first (m.mu held).
func (m *MemStore) matching(f bot.CaseFilter) []*memCase {
	var out []*memCase
	for _, mc := range m.cases {
		c := mc.c
		switch {
		case f.OpenOnly && c.Status == bot.StatusClosed,
			f.Status != "" && c.Status != f.Status,
			f.Category != "" && c.Report.Category != f.Category,
			f.Severity != "" && c.Severity != f.Severity,
			!f.Since.IsZero() && c.FiledAt.Before(f.Since),
			!f.Until.IsZero() && !c.FiledAt.Before(f.Until),
			f.Linked && !m.hasLiveLink(c.ID):
			continue
		}
		out = append(out, mc)
	}
	return out
}

// CaseEvents implements bot.TeamStore.
func (m *MemStore) CaseEvents(_ context.Context, caseID int64) ([]bot.CaseEvent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if mc := m.byID(caseID); mc != nil {
		return slices.Clone(mc.events), nil
	}
	return nil, nil
}

// RecordEvent implements bot.TeamStore.
func (m *MemStore) RecordEvent(_ context.Context, caseID int64, ev bot.CaseEvent, u bot.CaseUpdate) (bot.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	mc := m.byID(caseID)
	if mc == nil {
		return bot.Case{}, bot.ErrNotFound
	}
	at := ev.At.UTC()
	mc.c.Updated = at
	if u.Status != "" {
		mc.c.Status, mc.c.Resolution, mc.closed = u.Status, u.Resolution, time.Time{}
		if u.Status == bot.StatusClosed {
			mc.closed = at
		}
	}
	if u.Severity != "" {
		mc.c.Severity = u.Severity
	}
	if u.Assignee != "" {
		mc.c.Assignee = u.Assignee
	}
	m.nextID++
	ev.ID, ev.CaseID, ev.At = m.nextID, caseID, at
	mc.events = append(mc.events, ev)
	return mc.c, nil
}

// CaseStats implements bot.TeamStore.
func (m *MemStore) CaseStats(_ context.Context, since time.Time) (bot.Stats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := bot.Stats{Since: since, ByCategory: map[bot.Category]int{}, ByStatus: map[bot.Status]int{}, ByWeek: map[string]int{},
		ByWeekCategory: map[string]map[bot.Category]int{}, OpenBySeverity: map[bot.Severity]int{}}
	for _, mc := range m.cases {
		c := mc.c
		if c.Status != bot.StatusClosed {
			st.OpenBySeverity[c.Severity]++
		}
		if c.FiledAt.Before(since) {
			continue
		}
		y, w := c.FiledAt.UTC().ISOWeek()
		week := fmt.Sprintf("%d-W%02d", y, w)
		st.Total++
		st.ByCategory[c.Report.Category]++
		st.ByStatus[c.Status]++
		st.ByWeek[week]++
		if st.ByWeekCategory[week] == nil {
			st.ByWeekCategory[week] = map[bot.Category]int{}
		}
		st.ByWeekCategory[week][c.Report.Category]++
	}
	return st, nil
}

// Audit implements bot.TeamStore.
func (m *MemStore) Audit(_ context.Context, e bot.AuditEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e.At = e.At.UTC()
	m.audit = append(m.audit, e)
	return nil
}

// EachAudit calls fn for every audit entry, oldest first, as
// storage.DB.EachAudit does.
func (m *MemStore) EachAudit(_ context.Context, fn func(bot.AuditEntry) error) error {
	m.mu.Lock()
	entries := slices.Clone(m.audit)
	m.mu.Unlock()
	for _, e := range entries {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// AuditLog returns the audit log, oldest first.
func (m *MemStore) AuditLog() []bot.AuditEntry {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.audit)
}

// PurgeClosed implements bot.RetentionStore.
func (m *MemStore) PurgeClosed(_ context.Context, closedBefore time.Time) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var refs []string
	purged := map[int64]bool{}
	m.cases = slices.DeleteFunc(m.cases, func(mc *memCase) bool {
		old := mc.c.Status == bot.StatusClosed && !mc.closed.IsZero() && mc.closed.Before(closedBefore)
		if old {
			refs = append(refs, mc.c.Ref)
			purged[mc.c.ID] = true
			m.forgetLinks(mc.c.ID)
		}
		return old
	})
	m.dropOutboxOf(func(id int64) bool { return purged[id] })
	return refs, nil
}

// day returns the UTC calendar day of t, as storage keeps dates.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

package testkit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"vigil/bot"
)

// memOutbox is MemStore's durable outbox (bot.Outbox), with the semantics
// of storage.DB's, under the store's lock.
type memOutbox struct{ m *MemStore }

var _ bot.Outbox = memOutbox{}

// Outbox implements bot.OutboxStore.
func (m *MemStore) Outbox() bot.Outbox { return memOutbox{m} }

// enqueueLocked writes items (the caller holds m.mu) and returns them as
// stored, with their IDs; nothing is written when one is invalid.
func (m *MemStore) enqueueLocked(items []bot.OutboxItem) ([]bot.OutboxItem, error) {
	out := make([]bot.OutboxItem, 0, len(items))
	for _, it := range items {
		if it.Kind == "" {
			return nil, errors.New("enqueue: an outbox item needs a kind")
		}
		it.CaseRef = ""
		if it.CaseID != 0 {
			mc := m.byID(it.CaseID)
			if mc == nil {
				return nil, fmt.Errorf("enqueue: no case %d", it.CaseID)
			}
			it.CaseRef = mc.c.Ref
		}
		if it.CreatedAt.IsZero() {
			it.CreatedAt = time.Now()
		}
		if it.DueAt.IsZero() {
			it.DueAt = it.CreatedAt
		}
		it.CreatedAt, it.DueAt, it.ExpiresAt, it.LeaseUntil = utc(it.CreatedAt), utc(it.DueAt), utc(it.ExpiresAt), utc(it.LeaseUntil)
		it.Attempts = 0
		if !it.LeaseUntil.IsZero() {
			it.Attempts = 1
		}
		out = append(out, it)
	}
	for i := range out {
		m.nextItem++
		out[i].ID = m.nextItem
	}
	m.outbox = append(m.outbox, out...)
	return slices.Clone(out), nil
}

// Enqueue implements bot.Outbox.
func (o memOutbox) Enqueue(_ context.Context, items ...bot.OutboxItem) ([]bot.OutboxItem, error) {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	return o.m.enqueueLocked(items)
}

// leased reports whether it is claimed at now.
func leased(it bot.OutboxItem, now time.Time) bool {
	return !it.LeaseUntil.IsZero() && it.LeaseUntil.After(now)
}

// Claim implements bot.Outbox.
func (o memOutbox) Claim(_ context.Context, now time.Time, lease time.Duration, routes []string, limit int) ([]bot.OutboxItem, error) {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	now = now.UTC()
	var due []int
	for i, it := range o.m.outbox {
		expired := !it.ExpiresAt.IsZero() && !it.ExpiresAt.After(now)
		if !it.DueAt.After(now) && !leased(it, now) && !expired && slices.Contains(routes, it.Route) {
			due = append(due, i)
		}
	}
	slices.SortStableFunc(due, func(a, b int) int {
		return o.m.outbox[a].DueAt.Compare(o.m.outbox[b].DueAt)
	})
	var out []bot.OutboxItem
	for _, i := range due[:min(len(due), max(limit, 0))] {
		it := &o.m.outbox[i]
		it.LeaseUntil = now.Add(lease)
		it.Attempts++
		out = append(out, *it)
	}
	return out, nil
}

// Delivered implements bot.Outbox.
func (o memOutbox) Delivered(_ context.Context, id int64) error {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	o.m.outbox = slices.DeleteFunc(o.m.outbox, func(it bot.OutboxItem) bool { return it.ID == id })
	return nil
}

// Retry implements bot.Outbox.
func (o memOutbox) Retry(_ context.Context, claim bot.OutboxItem, due time.Time) error {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	for i := range o.m.outbox {
		it := &o.m.outbox[i]
		if it.ID == claim.ID && it.Attempts == claim.Attempts {
			it.DueAt, it.LeaseUntil = due.UTC(), time.Time{}
			return nil
		}
	}
	return bot.ErrNotFound
}

// Expire implements bot.Outbox.
func (o memOutbox) Expire(_ context.Context, now time.Time) ([]bot.OutboxItem, error) {
	o.m.mu.Lock()
	defer o.m.mu.Unlock()
	var out []bot.OutboxItem
	o.m.outbox = slices.DeleteFunc(o.m.outbox, func(it bot.OutboxItem) bool {
		gone := !it.ExpiresAt.IsZero() && !it.ExpiresAt.After(now) && !leased(it, now)
		if gone {
			it.To, it.Text = bot.Address{}, ""
			out = append(out, it)
		}
		return gone
	})
	return out, nil
}

// dropOutboxOf deletes the items about the cases for which gone is true
// (the caller holds m.mu), as deleting a case does in storage.
func (m *MemStore) dropOutboxOf(gone func(caseID int64) bool) {
	m.outbox = slices.DeleteFunc(m.outbox, func(it bot.OutboxItem) bool { return it.CaseID != 0 && gone(it.CaseID) })
}

// utc returns t in UTC, and the zero time unchanged.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

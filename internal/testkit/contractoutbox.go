package testkit

import (
	"context"
	"errors"
	"testing"
	"time"

	"vigil/bot"
)

// checkOutbox is the part of CheckStore about the durable outbox: items
// written with their case, claims and leases, routes, retries, delivery,
// expiry, and items deleted with their case.
func checkOutbox(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 19, 10, 0, 0, 123, time.UTC)
	lease := 3 * time.Minute
	alice := bot.User{Platform: "test", ID: "U1", Name: "Alice"}
	report := bot.Report{Category: bot.CategoryGift, OccurredOn: at, Channel: bot.ChannelEvent,
		Description: "A case of wine", Accepted: bot.AcceptedNo}
	to := bot.Address{ConversationID: "D1", UserID: alice.ID}

	// file files a case whose confirmation (expiring after a day) and
	// notice are written with it, claimed by the filer until at+lease.
	file := func(t *testing.T, s Store) (bot.Case, []bot.OutboxItem) {
		t.Helper()
		msgs := &bot.CaseMessages{Compose: func(c bot.Case) []bot.OutboxItem {
			return []bot.OutboxItem{
				{Kind: bot.OutboxMessage, Route: "test", To: to, Text: "Filed as " + c.Ref, CreatedAt: at,
					ExpiresAt: at.Add(24 * time.Hour), LeaseUntil: at.Add(lease)},
				{Kind: bot.OutboxNotice, CreatedAt: at, LeaseUntil: at.Add(lease)},
			}
		}}
		c, err := s.FileCase(ctx, bot.NewCase{Report: report, Reporter: alice, FiledAt: at, Messages: msgs})
		if err != nil {
			t.Fatal(err)
		}
		return c, msgs.Written
	}
	claim := func(t *testing.T, s Store, now time.Time, routes ...string) []bot.OutboxItem {
		t.Helper()
		items, err := s.Outbox().Claim(ctx, now, lease, routes, 10)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}

	t.Run("outbox", func(t *testing.T) {
		s := newStore(t)
		c, written := file(t, s)
		if len(written) != 2 || written[0].ID == 0 || written[0].ID == written[1].ID {
			t.Fatalf("written %+v", written)
		}
		msg, notice := written[0], written[1]
		if msg.CaseID != c.ID || msg.CaseRef != c.Ref || msg.Text != "Filed as "+c.Ref || msg.To != to ||
			msg.Attempts != 1 || !msg.LeaseUntil.Equal(at.Add(lease)) || notice.CaseRef != c.Ref {
			t.Fatalf("written %+v", written)
		}
		if got := claim(t, s, at.Add(time.Minute), "test", ""); len(got) != 0 {
			t.Fatalf("items claimed by their filer were claimed again: %+v", got)
		}
		// The filer's lease runs out (a crash): both are claimed once.
		later := at.Add(lease)
		got := claim(t, s, later, "test", "")
		if len(got) != 2 || got[0].ID != msg.ID || got[1].ID != notice.ID {
			t.Fatalf("claimed %+v", got)
		}
		if got[0].Text != msg.Text || got[0].To != to || got[0].Attempts != 2 || got[0].CaseRef != c.Ref ||
			!got[0].LeaseUntil.Equal(later.Add(lease)) || !got[0].ExpiresAt.Equal(msg.ExpiresAt) {
			t.Fatalf("claimed message %+v", got[0])
		}
		if again := claim(t, s, later.Add(lease-time.Nanosecond), "test", ""); len(again) != 0 {
			t.Fatalf("claimed twice within the lease: %+v", again)
		}
		// A stale claim cannot reschedule; the current one can.
		if err := s.Outbox().Retry(ctx, msg, later); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("retry on a stale claim: %v", err)
		}
		if err := s.Outbox().Retry(ctx, got[0], later.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Outbox().Delivered(ctx, got[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Outbox().Delivered(ctx, got[1].ID); err != nil {
			t.Fatalf("deleting a delivered item twice: %v", err)
		}
		if early := claim(t, s, later.Add(time.Hour-time.Second), "test", ""); len(early) != 0 {
			t.Fatalf("claimed before it was due: %+v", early)
		}
		if other := claim(t, s, later.Add(time.Hour), "elsewhere"); len(other) != 0 {
			t.Fatalf("claimed on another route: %+v", other)
		}
		third := claim(t, s, later.Add(time.Hour), "test")
		if len(third) != 1 || third[0].Attempts != 3 || third[0].Text != msg.Text {
			t.Fatalf("third claim %+v", third)
		}
		// An expired item is never claimed; expiry drops it, without its
		// text, once no lease holds it.
		expiry := at.Add(24 * time.Hour)
		if err := s.Outbox().Retry(ctx, third[0], expiry.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if late := claim(t, s, expiry, "test"); len(late) != 0 {
			t.Fatalf("an expired item was claimed: %+v", late)
		}
		if gone, err := s.Outbox().Expire(ctx, expiry.Add(-time.Second)); err != nil || len(gone) != 0 {
			t.Fatalf("expired early: %+v, %v", gone, err)
		}
		gone, err := s.Outbox().Expire(ctx, expiry)
		if err != nil || len(gone) != 1 || gone[0].ID != msg.ID || gone[0].CaseRef != c.Ref || gone[0].Kind != bot.OutboxMessage ||
			gone[0].Text != "" || gone[0].To != (bot.Address{}) || gone[0].Attempts != 3 {
			t.Fatalf("expired %+v, %v", gone, err)
		}
		if left := claim(t, s, expiry.Add(48*time.Hour), "test", ""); len(left) != 0 {
			t.Fatalf("left after delivery and expiry: %+v", left)
		}
	})

	t.Run("outbox without a case", func(t *testing.T) {
		s := newStore(t)
		items, err := s.Outbox().Enqueue(ctx,
			bot.OutboxItem{Kind: "advisory", Route: "test", Subject: "delivery:2", To: to, Text: "second", CreatedAt: at, DueAt: at.Add(time.Minute)},
			bot.OutboxItem{Kind: "advisory", Route: "test", Subject: "delivery:1", To: to, Text: "first", CreatedAt: at})
		if err != nil || len(items) != 2 || items[0].Attempts != 0 || items[0].CaseRef != "" {
			t.Fatalf("enqueued %+v, %v", items, err)
		}
		if _, err := s.Outbox().Enqueue(ctx, bot.OutboxItem{Route: "test", CreatedAt: at}); err == nil {
			t.Fatal("an item without a kind was enqueued")
		}
		if _, err := s.Outbox().Enqueue(ctx, bot.OutboxItem{Kind: "advisory", CaseID: 999, CreatedAt: at}); err == nil {
			t.Fatal("an item about a missing case was enqueued")
		}
		got, err := s.Outbox().Claim(ctx, at.Add(time.Hour), lease, []string{"test"}, 1)
		if err != nil || len(got) != 1 || got[0].Subject != "delivery:1" || got[0].Text != "first" {
			t.Fatalf("the item due first, alone: %+v, %v", got, err)
		}
		if gone, err := s.Outbox().Expire(ctx, at.AddDate(10, 0, 0)); err != nil || len(gone) != 0 {
			t.Fatalf("items without expiry expired: %+v, %v", gone, err)
		}
		// An item being sent is not dropped under its sender.
		if _, err := s.Outbox().Enqueue(ctx, bot.OutboxItem{Kind: "advisory", Route: "test", CreatedAt: at,
			ExpiresAt: at.Add(time.Hour), LeaseUntil: at.Add(2 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if gone, err := s.Outbox().Expire(ctx, at.Add(90*time.Minute)); err != nil || len(gone) != 0 {
			t.Fatalf("expired under its lease: %+v, %v", gone, err)
		}
		if gone, err := s.Outbox().Expire(ctx, at.Add(2*time.Hour)); err != nil || len(gone) != 1 || gone[0].Kind != "advisory" {
			t.Fatalf("expired once the lease ended: %+v, %v", gone, err)
		}
	})

	t.Run("outbox items go with their case", func(t *testing.T) {
		s := newStore(t)
		c, _ := file(t, s)
		closedAt := at.Add(time.Hour)
		if _, err := s.RecordEvent(ctx, c.ID, bot.CaseEvent{At: closedAt, Kind: bot.EventStatus, Status: bot.StatusClosed, Detail: bot.ResolutionDuplicate},
			bot.CaseUpdate{Status: bot.StatusClosed, Resolution: bot.ResolutionDuplicate}); err != nil {
			t.Fatal(err)
		}
		if purged, err := s.PurgeClosed(ctx, closedAt.Add(time.Second)); err != nil || len(purged) != 1 {
			t.Fatalf("purged %v, %v", purged, err)
		}
		if left := claim(t, s, at.Add(time.Hour), "test", ""); len(left) != 0 {
			t.Fatalf("items of a purged case: %+v", left)
		}
	})
}

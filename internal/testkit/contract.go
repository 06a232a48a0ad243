package testkit

import (
	"context"
	"errors"
	"testing"
	"time"

	"vigil/bot"
)

// Store is what a store must offer for CheckStore: the core's interfaces
// and the streaming walks of cases and of the audit log.
type Store interface {
	bot.Store
	EachCase(ctx context.Context, f bot.CaseFilter, fn func(bot.Case, []bot.CaseEvent) error) error
	EachAudit(ctx context.Context, fn func(bot.AuditEntry) error) error
}

// CheckStore checks that the stores newStore returns (each empty) behave
// as the core expects: references per year, the filed event, sessions
// closed with their report, receipts, updates with their events, lists,
// counts, the outbox, the audit log and purges. storage.DB and
// MemStore both pass it, so that tests on MemStore hold on SQLite.
func CheckStore(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := context.Background()
	at := time.Date(2026, 11, 19, 10, 0, 0, 123, time.UTC)
	alice := bot.User{Platform: "test", ID: "U1", Name: "Alice"}
	sam := bot.User{Platform: "test", ID: "SEC1"}
	report := bot.Report{Category: bot.CategoryGift, OccurredOn: time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC),
		Channel: bot.ChannelEvent, Approacher: "J. Doe", Description: "A case of wine", Accepted: bot.AcceptedNo, ContactAllowed: true}

	checkOutbox(t, newStore)

	t.Run("filing", func(t *testing.T) {
		s := newStore(t)
		draft := bot.Session{Key: alice.Key(), User: alice, Step: bot.StepConfirm, History: []bot.Step{bot.StepCategory}, Draft: report, UpdatedAt: at}
		if err := s.SaveSession(ctx, draft); err != nil {
			t.Fatal(err)
		}
		got, err := s.LoadSession(ctx, alice.Key())
		if err != nil || got.Step != bot.StepConfirm || len(got.History) != 1 || got.Draft != report || !got.UpdatedAt.Equal(at) {
			t.Fatalf("session = %+v, %v", got, err)
		}
		c, err := s.FileCase(ctx, bot.NewCase{Report: report, Reporter: alice, Severity: bot.SeverityLow, FiledAt: at, SessionKey: alice.Key()})
		if err != nil {
			t.Fatal(err)
		}
		want := report
		want.OccurredOn = time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
		if c.Ref != "VGL-2026-0001" || c.Status != bot.StatusNew || c.Report.Description != report.Description || c.Reporter != alice || !c.FiledAt.Equal(at) {
			t.Fatalf("filed %+v", c)
		}
		if _, err := s.LoadSession(ctx, alice.Key()); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("the session outlived its report: %v", err)
		}
		again, err := s.CaseByRef(ctx, c.Ref)
		if err != nil || again.Report != want || again.ID != c.ID {
			t.Fatalf("CaseByRef = %+v, %v", again, err)
		}
		evs, err := s.CaseEvents(ctx, c.ID)
		if err != nil || len(evs) != 1 || evs[0].Kind != bot.EventFiled || evs[0].Actor != alice {
			t.Fatalf("events = %+v, %v", evs, err)
		}
		next, _ := s.FileCase(ctx, bot.NewCase{Report: report, Reporter: alice, FiledAt: at})
		newYear, _ := s.FileCase(ctx, bot.NewCase{Report: report, Reporter: alice, FiledAt: at.AddDate(1, 0, 0)})
		if next.Ref != "VGL-2026-0002" || newYear.Ref != "VGL-2027-0001" {
			t.Fatalf("references %s, %s", next.Ref, newYear.Ref)
		}
		if _, err := s.CaseByRef(ctx, "VGL-2026-0999"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("missing case: %v", err)
		}
	})

	t.Run("anonymous", func(t *testing.T) {
		s := newStore(t)
		anon := report
		anon.Anonymous, anon.ContactAllowed = true, false
		if _, err := s.FileCase(ctx, bot.NewCase{Report: anon, Reporter: alice, ReceiptHash: "h1", FiledAt: at}); err == nil {
			t.Fatal("an anonymous case kept its reporter")
		}
		c, err := s.FileCase(ctx, bot.NewCase{Report: anon, ReceiptHash: "h1", FiledAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.CaseByReceipt(ctx, "h1"); err != nil || got.Ref != c.Ref || got.Reporter != (bot.User{}) {
			t.Fatalf("by receipt: %+v, %v", got, err)
		}
		if _, err := s.CaseByReceipt(ctx, "h2"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("unknown receipt: %v", err)
		}
	})

	t.Run("sessions", func(t *testing.T) {
		s := newStore(t)
		for i, key := range []string{"a", "b", "c"} {
			if err := s.SaveSession(ctx, bot.Session{Key: key, UpdatedAt: at.Add(time.Duration(i) * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		idle, err := s.IdleSessions(ctx, at.Add(90*time.Minute))
		if err != nil || len(idle) != 2 || idle[0].Key != "a" || idle[1].Key != "b" {
			t.Fatalf("idle = %+v, %v", idle, err)
		}
		if err := s.DeleteSession(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteSession(ctx, "missing"); err != nil {
			t.Fatalf("deleting a missing session: %v", err)
		}
		if _, err := s.LoadSession(ctx, "a"); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("deleted session: %v", err)
		}
	})

	t.Run("linking", func(t *testing.T) { checkLinks(t, newStore(t)) })

	t.Run("team work", func(t *testing.T) {
		s := newStore(t)
		first, _ := s.FileCase(ctx, bot.NewCase{Report: report, Reporter: alice, Severity: bot.SeverityLow, FiledAt: at})
		pay := report
		pay.Category = bot.CategoryPayment
		second, _ := s.FileCase(ctx, bot.NewCase{Report: pay, Reporter: alice, Severity: bot.SeverityHigh, FiledAt: at.Add(time.Hour)})
		later := at.Add(2 * time.Hour)
		c, err := s.RecordEvent(ctx, first.ID, bot.CaseEvent{At: later, Kind: bot.EventStatus, Actor: sam, Status: bot.StatusClosed,
			Detail: bot.ResolutionDuplicate, Text: "same as the other"}, bot.CaseUpdate{Status: bot.StatusClosed, Resolution: bot.ResolutionDuplicate})
		if err != nil || c.Status != bot.StatusClosed || c.Resolution != bot.ResolutionDuplicate || !c.Updated.Equal(later) {
			t.Fatalf("closed: %+v, %v", c, err)
		}
		c, err = s.RecordEvent(ctx, second.ID, bot.CaseEvent{At: later, Kind: bot.EventAssigned, Actor: sam, Detail: sam.Key()},
			bot.CaseUpdate{Severity: bot.SeverityMedium, Assignee: sam.Key()})
		if err != nil || c.Severity != bot.SeverityMedium || c.Assignee != sam.Key() || c.Status != bot.StatusNew {
			t.Fatalf("assigned: %+v, %v", c, err)
		}
		if _, err := s.RecordEvent(ctx, 9999, bot.CaseEvent{At: later, Kind: bot.EventNote}, bot.CaseUpdate{}); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("event on a missing case: %v", err)
		}
		evs, _ := s.CaseEvents(ctx, first.ID)
		if len(evs) != 2 || evs[1].Text != "same as the other" || evs[1].Actor != sam || evs[1].CaseID != first.ID {
			t.Fatalf("history %+v", evs)
		}
		refs := func(f bot.CaseFilter) (out []string) {
			cases, err := s.ListCases(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				out = append(out, c.Ref)
			}
			return out
		}
		if got := refs(bot.CaseFilter{OpenOnly: true}); len(got) != 1 || got[0] != second.Ref {
			t.Errorf("open cases %v", got)
		}
		if got := refs(bot.CaseFilter{Limit: 1}); len(got) != 1 || got[0] != second.Ref {
			t.Errorf("newest case %v", got)
		}
		if got := refs(bot.CaseFilter{}); len(got) != 2 || got[0] != first.Ref {
			t.Errorf("all cases, oldest first: %v", got)
		}
		if got := refs(bot.CaseFilter{Category: bot.CategoryGift, Since: at, Until: at.Add(time.Minute)}); len(got) != 1 || got[0] != first.Ref {
			t.Errorf("gifts filed in the first minute: %v", got)
		}
		walked := 0
		if err := s.EachCase(ctx, bot.CaseFilter{Status: bot.StatusClosed}, func(c bot.Case, evs []bot.CaseEvent) error {
			walked++
			if c.Ref != first.Ref || len(evs) != 2 {
				t.Errorf("walked %s with %d events", c.Ref, len(evs))
			}
			return nil
		}); err != nil || walked != 1 {
			t.Fatalf("walk: %d, %v", walked, err)
		}
		if got := refs(bot.CaseFilter{Severity: bot.SeverityMedium}); len(got) != 1 || got[0] != second.Ref {
			t.Errorf("medium-severity cases %v", got)
		}
		if got := refs(bot.CaseFilter{Limit: 1, OldestFirst: true}); len(got) != 1 || got[0] != first.Ref {
			t.Errorf("oldest case %v", got)
		}
		st, err := s.CaseStats(ctx, at)
		if err != nil || st.Total != 2 || st.ByCategory[bot.CategoryPayment] != 1 || st.ByStatus[bot.StatusClosed] != 1 || st.ByWeek["2026-W47"] != 2 {
			t.Fatalf("stats %+v, %v", st, err)
		}
		if w := st.ByWeekCategory["2026-W47"]; len(w) != 2 || w[bot.CategoryPayment] != 1 || w[bot.CategoryGift] != 1 {
			t.Errorf("week 47 by category %v", w)
		}
		// Open cases count whenever they were filed: the open one is
		// counted even in stats of a later period.
		next, err2 := s.CaseStats(ctx, at.AddDate(0, 1, 0))
		if err2 != nil || next.Total != 0 || len(next.OpenBySeverity) != 1 || next.OpenBySeverity[bot.SeverityMedium] != 1 {
			t.Errorf("stats of a later period %+v, %v", next, err2)
		}
		if err := s.Audit(ctx, bot.AuditEntry{At: later, Actor: sam, Action: "view", Target: first.Ref, Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
		var audit []bot.AuditEntry
		if err := s.EachAudit(ctx, func(e bot.AuditEntry) error { audit = append(audit, e); return nil }); err != nil ||
			len(audit) != 1 || audit[0].Actor != sam || audit[0].Target != first.Ref || !audit[0].At.Equal(later) {
			t.Fatalf("audit %+v, %v", audit, err)
		}

		purged, err := s.PurgeClosed(ctx, later)
		if err != nil || len(purged) != 0 {
			t.Fatalf("purged %v, %v: closed exactly at the cutoff", purged, err)
		}
		purged, err = s.PurgeClosed(ctx, later.Add(time.Second))
		if err != nil || len(purged) != 1 || purged[0] != first.Ref {
			t.Fatalf("purged %v, %v", purged, err)
		}
		if _, err := s.CaseByRef(ctx, first.Ref); !errors.Is(err, bot.ErrNotFound) {
			t.Fatalf("purged case still there: %v", err)
		}
		if _, err := s.CaseByRef(ctx, second.Ref); err != nil {
			t.Fatalf("open case purged: %v", err)
		}
	})

	t.Run("scheduled runs", func(t *testing.T) {
		s := newStore(t)
		lease := 10 * time.Minute
		if last, err := s.LastRun(ctx, "digest"); err != nil || last != "" {
			t.Fatalf("last run of a new store = %q, %v", last, err)
		}
		claim := func(period string, now time.Time) bool {
			t.Helper()
			ok, err := s.ClaimRun(ctx, "digest", period, now, now.Add(lease))
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !claim("2026-W48", at) {
			t.Fatal("first claim refused")
		}
		if claim("2026-W48", at.Add(lease-time.Second)) {
			t.Fatal("a period claimed twice within the lease")
		}
		if !claim("2026-W48", at.Add(lease)) {
			t.Fatal("a claim whose lease ran out was not taken over")
		}
		if ok, err := s.ClaimRun(ctx, "other job", "2026-W48", at, at.Add(lease)); err != nil || !ok {
			t.Fatalf("another job's claim = %v, %v", ok, err)
		}
		if err := s.RunDone(ctx, "digest", "2026-W48"); err != nil {
			t.Fatal(err)
		}
		if last, err := s.LastRun(ctx, "digest"); err != nil || last != "2026-W48" {
			t.Fatalf("last run = %q, %v", last, err)
		}
		if claim("2026-W48", at.Add(time.Hour)) || claim("2026-W47", at.Add(time.Hour)) {
			t.Fatal("a period done (or an earlier one) was claimed")
		}
		if err := s.RunDone(ctx, "digest", "2026-W40"); err != nil {
			t.Fatal(err)
		}
		if last, _ := s.LastRun(ctx, "digest"); last != "2026-W48" {
			t.Fatalf("an earlier period replaced the later one: %q", last)
		}
		if !claim("2026-W49", at.Add(time.Hour)) {
			t.Fatal("the next period was refused")
		}
	})
}

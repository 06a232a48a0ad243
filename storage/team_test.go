package storage_test

import (
	"path/filepath"
	"testing"
	"time"

	"vigil/bot"
	"vigil/storage"
)

func TestPurgeOnlyOldClosedCases(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "v.db"), storage.Options{})
	old := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var cases []bot.Case
	for i := 0; i < 4; i++ {
		c, err := db.FileCase(ctx, sampleCase("case text"))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	closeAt := func(c bot.Case, at time.Time) {
		if _, err := db.RecordEvent(ctx, c.ID, bot.CaseEvent{At: at, Kind: bot.EventStatus, Status: bot.StatusClosed, Detail: "resolved"},
			bot.CaseUpdate{Status: bot.StatusClosed, Resolution: "resolved"}); err != nil {
			t.Fatal(err)
		}
	}
	closeAt(cases[0], old)                                          // old and closed: purged
	closeAt(cases[1], time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) // recently closed: kept
	closeAt(cases[2], old)                                          // closed long ago, then reopened: kept
	if _, err := db.RecordEvent(ctx, cases[2].ID, bot.CaseEvent{At: old.Add(time.Hour), Kind: bot.EventStatus, Status: bot.StatusInvestigating},
		bot.CaseUpdate{Status: bot.StatusInvestigating}); err != nil {
		t.Fatal(err)
	}
	// cases[3] is open: never purged.
	refs, err := db.PurgeClosed(ctx, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(refs) != 1 || refs[0] != cases[0].Ref {
		t.Fatalf("purged %v, %v", refs, err)
	}
	left, err := db.ListCases(ctx, bot.CaseFilter{})
	if err != nil || len(left) != 3 {
		t.Fatalf("left %d cases, %v", len(left), err)
	}
	if evs, _ := db.CaseEvents(ctx, cases[0].ID); len(evs) != 0 {
		t.Fatalf("purged case kept %d events", len(evs))
	}
	if c, _ := db.CaseByRef(ctx, cases[2].Ref); c.Status != bot.StatusInvestigating || c.Resolution != "" {
		t.Fatalf("reopened case = %s %q", c.Status, c.Resolution)
	}
}

func TestEachCaseStreamsCasesWithTheirHistory(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "v.db"), storage.Options{})
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		c, err := db.FileCase(ctx, sampleCase("text"))
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < i; j++ {
			if _, err := db.RecordEvent(ctx, c.ID, bot.CaseEvent{At: at, Kind: bot.EventNote, Actor: bot.User{Platform: "slack", ID: "S"}, Text: "note"}, bot.CaseUpdate{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var counts []int
	err := db.EachCase(ctx, bot.CaseFilter{}, func(c bot.Case, evs []bot.CaseEvent) error {
		for _, ev := range evs {
			if ev.CaseID != c.ID {
				t.Fatalf("event of case %d given with case %d", ev.CaseID, c.ID)
			}
		}
		counts = append(counts, len(evs))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []int{1, 2, 3, 4, 5}
	for i := range want {
		if i >= len(counts) || counts[i] != want[i] {
			t.Fatalf("events per case = %v, want %v", counts, want)
		}
	}
	// A filter that skips some cases keeps the histories aligned.
	all, _ := db.ListCases(ctx, bot.CaseFilter{})
	for _, i := range []int{0, 2} {
		if _, err := db.RecordEvent(ctx, all[i].ID, bot.CaseEvent{At: at, Kind: bot.EventStatus, Status: bot.StatusClosed}, bot.CaseUpdate{Status: bot.StatusClosed}); err != nil {
			t.Fatal(err)
		}
	}
	counts = nil
	err = db.EachCase(ctx, bot.CaseFilter{OpenOnly: true}, func(c bot.Case, evs []bot.CaseEvent) error {
		counts = append(counts, len(evs))
		return nil
	})
	if err != nil || len(counts) != 3 || counts[0] != 2 || counts[1] != 4 || counts[2] != 5 {
		t.Fatalf("open cases' event counts = %v, %v; want [2 4 5]", counts, err)
	}
}

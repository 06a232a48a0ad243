package bot_test

import (
	"context"
	"testing"
	"time"

	"vigil/bot"
)

func TestRetentionPurgesOldClosedCasesAndAuditsIt(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{RetentionDays: 30})
	old := refRE.FindString(h.fullReport(alice, false))
	open := refRE.FindString(h.fullReport(bot.User{Platform: "test", ID: "U2", Name: "Bob"}, false))
	mustContain(t, h.dm(sec, "triage "+old+" closed resolved"), "is now closed")
	h.clock.Add(31 * 24 * time.Hour)
	recent := refRE.FindString(h.fullReport(bot.User{Platform: "test", ID: "U3"}, false))
	mustContain(t, h.dm(sec, "triage "+recent+" closed duplicate"), "is now closed")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.bot.RunMaintenance(ctx, time.Hour); close(done) }()
	waitFor(t, func() bool {
		_, err := h.store.CaseByRef(context.Background(), old)
		return err != nil
	})
	cancel()
	<-done
	for _, ref := range []string{open, recent} {
		if _, err := h.store.CaseByRef(context.Background(), ref); err != nil {
			t.Errorf("%s purged: %v", ref, err)
		}
	}
	var purges []bot.AuditEntry
	for _, e := range h.audit() {
		if e.Action == "purge" {
			purges = append(purges, e)
		}
	}
	if len(purges) != 1 || purges[0].Target != "1 cases" || purges[0].Outcome != "ok" || purges[0].Actor.ID != "retention" {
		t.Fatalf("purge audit = %+v", purges)
	}

	// Without retention nothing is purged, even on demand.
	h.rebuild(bot.Options{})
	if n, err := h.bot.PurgeClosed(context.Background(), sec); n != 0 || err != nil {
		t.Fatalf("purged %d, %v without retention", n, err)
	}
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met in time")
}

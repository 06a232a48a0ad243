package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"vigil/bot"
)

// TestFormRefusedByTheLimitAdvisesWhenToReopen: after the hourly limit
// refused a form's report, the reporter is told when the form can be
// opened again with the kept answers, which are kept from then on; opening
// it then is not refused.
func TestFormRefusedByTheLimitAdvisesWhenToReopen(t *testing.T) {
	h, fr, u := formHarness(t)
	ctx := context.Background()
	report := bot.Report{Category: bot.CategoryGift, OccurredOn: h.clock.Now().Truncate(24 * time.Hour), Channel: bot.ChannelEvent,
		Description: "A case of wine", Accepted: bot.AcceptedNo}
	if _, err := h.bot.SubmitReport(ctx, u, report, "en"); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(40 * time.Minute)
	report.Description = "Two cases of wine"
	if _, err := h.bot.SubmitReport(ctx, u, report, "en"); !errors.Is(err, bot.ErrTooManyReports) {
		t.Fatalf("second report: %v", err)
	}
	mustContain(t, fr.All()[len(fr.All())-1].Reply.Text, "several reports in the last hour",
		"Your answers are kept for 30 minutes from the end of the hourly limit: in 20 minutes, type `/form report`")

	// The limit ends 20 minutes later; the answers are still there 29
	// minutes after that.
	h.clock.Add(49 * time.Minute)
	if _, err := h.bot.ExpireSessions(ctx); err != nil {
		t.Fatal(err)
	}
	opened := len(fr.opened())
	h.bot.Respond(ctx, bot.Message{Platform: "forms", Sender: u, Text: "report"})
	if len(fr.opened()) != opened+1 || fr.lastPrefill().Description != "Two cases of wine" {
		t.Fatalf("the advised form did not open with the kept answers: %v, %+v", fr.opened(), fr.lastPrefill())
	}
	if _, err := h.bot.SubmitReport(ctx, u, fr.lastPrefill(), "en"); err != nil {
		t.Fatalf("the advised form's report was refused: %v", err)
	}
}

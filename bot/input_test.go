package bot_test

import (
	"context"
	"testing"
	"time"

	"vigil/bot"
)

func TestCleanReport(t *testing.T) {
	in := bot.Report{Approacher: " J. Doe\x1b\a\nAcme\t ", ApproacherCountry: "\u202eFreedonia\x00", SourceLink: "https://x.test/\u2028a",
		Description: "line 1\x1b[0m\r\nline\u200b 2\x07", AcceptedDetail: "\u009ba watch", Evidence: "\ufeffe-mails\xff"}
	got := bot.CleanReport(in)
	want := bot.Report{Approacher: "J. Doe Acme", ApproacherCountry: "Freedonia", SourceLink: "https://x.test/ a",
		Description: "line 1[0m\nline 2", AcceptedDetail: "a watch", Evidence: "e-mails\uFFFD"}
	if got != want {
		t.Errorf("CleanReport = %+v\nwant %+v", got, want)
	}
}

// TestSubmittedReportIsCleaned: the core cleans a form's answers before
// filing them, whichever adapter sent them.
func TestSubmittedReportIsCleaned(t *testing.T) {
	h := newHarness(t)
	r := bot.Report{Category: bot.CategoryGift, OccurredOn: h.clock.Now().Truncate(24 * time.Hour), Channel: bot.ChannelEvent,
		Approacher: "Embassy\x1b]0;x\a", Description: "A case of wine\u202e\x00", Accepted: bot.AcceptedNo}
	f, err := h.bot.SubmitReport(context.Background(), alice, r, "en")
	if err != nil {
		t.Fatal(err)
	}
	c, err := h.store.CaseByRef(context.Background(), f.Case.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if c.Report.Approacher != "Embassy]0;x" || c.Report.Description != "A case of wine" {
		t.Errorf("filed %q and %q", c.Report.Approacher, c.Report.Description)
	}
}

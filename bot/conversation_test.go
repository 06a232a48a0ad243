package bot_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
)

var refRE = regexp.MustCompile(`VGL-\d{4}-\d{4}`)

func TestFullReportIsFiledAndNotified(t *testing.T) {
	h := newHarness(t)
	out := h.fullReport(alice, false)
	ref := refRE.FindString(out)
	if ref == "" {
		t.Fatalf("no reference in %q", out)
	}
	if ref != "VGL-2026-0001" {
		t.Fatalf("first reference = %s, want VGL-2026-0001", ref)
	}
	c, err := h.store.CaseByRef(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	want := bot.Report{Category: bot.CategoryPayment, OccurredOn: time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC),
		Channel: bot.ChannelEmail, Approacher: "J. Doe, Example Media", ApproacherCountry: "Examplestan",
		Description: "Offered 2000 euros to table an amendment", Accepted: bot.AcceptedNo, Evidence: "the e-mails",
		ContactAllowed: true}
	if c.Report != want {
		t.Fatalf("stored report = %+v\nwant %+v", c.Report, want)
	}
	if c.Reporter != alice || c.Status != bot.StatusNew || c.Severity != bot.SeverityHigh {
		t.Fatalf("case = %+v", c)
	}
	evs, err := h.store.CaseEvents(context.Background(), c.ID)
	if err != nil || len(evs) != 1 || evs[0].Kind != bot.EventFiled {
		t.Fatalf("events = %+v, %v", evs, err)
	}
	// The security notice has the reference but never the description.
	notice := h.securityNotice()
	mustContain(t, notice, ref, "Offer of payment", "high", "Alice")
	if strings.Contains(notice, "2000 euros") {
		t.Fatalf("notice leaks the description: %s", notice)
	}
	// The session is gone: a new message is a normal command again.
	mustContain(t, h.dm(alice, "status "+ref), ref, "new")
}

func TestAnonymousReportGetsReceiptAndNoIdentity(t *testing.T) {
	h := newHarness(t)
	out := h.fullReport(alice, true)
	mustContain(t, out, "receipt code")
	receipt := regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`).FindString(out)
	if receipt == "" {
		t.Fatalf("no receipt in %q", out)
	}
	ref := refRE.FindString(out)
	c, err := h.store.CaseByRef(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if c.Reporter != (bot.User{}) || !c.Report.Anonymous || c.Report.ContactAllowed {
		t.Fatalf("anonymous case keeps identity: %+v", c)
	}
	for _, s := range h.rec.All() {
		if s.To.ConversationID == "SEC" && strings.Contains(s.Reply.Text, "Alice") {
			t.Fatalf("notice names the anonymous reporter: %s", s.Reply.Text)
		}
	}
	// Only the receipt finds it; the reference alone does not, even for
	// the same chat user.
	mustContain(t, h.dm(alice, "status "+ref), "could not find")
	mustContain(t, h.dm(bot.User{Platform: "test", ID: "U9"}, "status "+strings.ToLower(receipt)), ref, "new")
}

func TestStatusOnlyForTheReporter(t *testing.T) {
	h := newHarness(t)
	ref := refRE.FindString(h.fullReport(alice, false))
	bob := bot.User{Platform: "test", ID: "U2", Name: "Bob"}
	mustContain(t, h.dm(bob, "status "+ref), "could not find")
	mustContain(t, h.dm(bob, "status VGL-2026-9999"), "could not find")
	mustContain(t, h.dm(alice, "STATUS "+strings.ToLower(ref)), ref)
	mustContain(t, h.dm(alice, "status"), "Usage")
}

func TestEveryStepBackSkipCancelEdit(t *testing.T) {
	h := newHarness(t)
	mustContain(t, h.dm(alice, "report"), "What kind of approach")
	mustContain(t, h.dm(alice, "back"), "first question")
	mustContain(t, h.dm(alice, "42"), "number from 1 to 9")
	mustContain(t, h.dm(alice, "skip"), "cannot be skipped")
	mustContain(t, h.dm(alice, "gift"), "When did it happen")
	mustContain(t, h.dm(alice, "tomorrow"), "did not understand")
	mustContain(t, h.dm(alice, "2030-01-01"), "future")
	mustContain(t, h.dm(alice, "back"), "What kind of approach")
	mustContain(t, h.dm(alice, "3"), "When did it happen")
	mustContain(t, h.dm(alice, "last tuesday"), "How were you approached")
	mustContain(t, h.dm(alice, "8"), "number from 1 to 7")
	mustContain(t, h.dm(alice, "6"), "Who approached")
	mustContain(t, h.dm(alice, "skip"), "Which country")
	mustContain(t, h.dm(alice, "skip"), "What happened")
	mustContain(t, h.dm(alice, "skip"), "cannot be skipped")
	mustContain(t, h.dm(alice, strings.Repeat("x", bot.MaxLongField+1)), "under 4000")
	mustContain(t, h.dm(alice, "Invited to a conference in Examplestan, all paid"), "accepted or promised")
	mustContain(t, h.dm(alice, "perhaps later"), "`no`, `yes` or `not sure`")
	mustContain(t, h.dm(alice, "yes"), "What was accepted")
	mustContain(t, h.dm(alice, "I said I would think about it"), "What evidence")
	mustContain(t, h.dm(alice, "skip"), "name or anonymously")
	mustContain(t, h.dm(alice, "1"), "May the security team contact you")
	mustContain(t, h.dm(alice, "maybe"), "`yes` or `no`")
	sum := h.dm(alice, "no")
	mustContain(t, sum, "Category: Sponsored travel", "When: Tuesday 17 November 2026", "How: Event",
		"Who: (not given)", "Accepted or promised: Yes: I said I would think about it", "please do not contact me")
	mustContain(t, h.dm(alice, "whatever"), "`submit`, `edit` or `cancel`")
	mustContain(t, h.dm(alice, "edit"), "Which answer")
	mustContain(t, h.dm(alice, "10"), "number from 1 to 9")
	mustContain(t, h.dm(alice, "4"), "Who approached")
	sum = h.dm(alice, "Mr X of the Examplestan embassy")
	mustContain(t, sum, "Please check your report", "Who: Mr X of the Examplestan embassy")
	// Editing "accepted" to no drops the detail and returns to the summary.
	h.dm(alice, "edit")
	h.dm(alice, "7")
	sum = h.dm(alice, "no")
	mustContain(t, sum, "Accepted or promised: No\n")
	// Editing identity to anonymous skips the contact question.
	h.dm(alice, "edit")
	h.dm(alice, "9")
	mustContain(t, h.dm(alice, "2"), "Identity: Anonymous")
	mustContain(t, h.dm(alice, "cancel"), "Nothing was filed")
	mustContain(t, h.dm(alice, "status VGL-2026-0001"), "could not find")
	mustContain(t, h.dm(alice, "cancel"), "no report in progress")
}

func TestUnfinishedReportSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	h.dm(alice, "report")
	h.dm(alice, "1")
	h.dm(alice, "today")

	h2 := newHarnessOn(t, h.store) // a new process on the same database
	mustContain(t, h2.dm(alice, "3"), "Who approached")
	mustContain(t, h2.dm(alice, "back"), "How were you approached")
}

func TestIdleReportExpiresWithANote(t *testing.T) {
	h := newHarness(t)
	h.dm(alice, "report")
	h.dm(alice, "1")
	h.clock.Add(31 * time.Minute)
	n, err := h.bot.ExpireSessions(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("expired %d, %v", n, err)
	}
	notes := h.rec.All()
	if len(notes) == 0 || !strings.Contains(notes[len(notes)-1].Reply.Text, "discarded") || notes[len(notes)-1].To.ConversationID != "D-U1" {
		t.Fatalf("no expiry note to the reporter: %+v", notes)
	}
	if _, err := h.store.LoadSession(context.Background(), alice.Key()); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("session still stored: %v", err)
	}
	// An expired session found on the next message is dropped with a note.
	h.dm(alice, "report")
	h.clock.Add(31 * time.Minute)
	mustContain(t, h.dm(alice, "1"), "discarded", "Guidance is not loaded")
}

func TestReportFromGroupMovesToDirect(t *testing.T) {
	h := newHarness(t)
	out := h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "C1", ThreadID: "T1", Sender: alice, Text: "report"})
	if len(out) != 2 {
		t.Fatalf("replies = %+v", out)
	}
	if out[0].To.ConversationID != "C1" || !strings.Contains(out[0].Reply.Text, "direct message") {
		t.Fatalf("group reply = %+v", out[0])
	}
	if out[1].To != bot.DirectTo("U1") || !strings.Contains(out[1].Reply.Text, "What kind of approach") {
		t.Fatalf("direct reply = %+v", out[1])
	}
	// Answers in the group are not taken as report answers.
	group := joinReplies(h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "C1", Sender: alice, Text: "1"}))
	if strings.Contains(group, "When did it happen") {
		t.Fatalf("group message advanced the report: %s", group)
	}
	mustContain(t, h.dm(alice, "1"), "When did it happen")
}

func TestSubmitReportValidatesAndConfirmsByDM(t *testing.T) {
	h := newHarness(t)
	_, err := h.bot.SubmitReport(context.Background(), alice, bot.Report{Description: "  "}, "")
	var verr *bot.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v, want ValidationError", err)
	}
	for _, f := range []string{"category", "occurred_on", "channel", "description", "accepted"} {
		if verr.Fields[f] == "" {
			t.Errorf("no error for %s: %v", f, verr.Fields)
		}
	}
	f, err := h.bot.SubmitReport(context.Background(), alice, bot.Report{Category: bot.CategoryGift,
		OccurredOn: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Channel: bot.ChannelInPerson,
		Description: "A case of wine from an embassy", Accepted: bot.AcceptedYes}, "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Case.Severity != bot.SeverityHigh {
		t.Errorf("accepted gift severity = %s, want high", f.Case.Severity)
	}
	h.drain()
	var dm bool
	for _, s := range h.rec.All() {
		if s.To == bot.DirectTo("U1") && strings.Contains(s.Reply.Text, f.Case.Ref) {
			dm = true
		}
	}
	if !dm {
		t.Fatalf("no DM with the reference: %+v", h.rec.All())
	}
}

func TestReferencesAreSequentialUnderConcurrency(t *testing.T) {
	h := newHarness(t)
	const n = 20
	refs := make(chan string, n)
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			u := bot.User{Platform: "test", ID: "W" + string(rune('a'+i))}
			f, err := h.bot.SubmitReport(context.Background(), u, bot.Report{Category: bot.CategoryOther,
				OccurredOn: h.clock.Now(), Channel: bot.ChannelOther, Description: "d", Accepted: bot.AcceptedNo}, "")
			refs <- f.Case.Ref
			errs <- err
		}(i)
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		seen[<-refs] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[bot.FormatRef(2026, i)] {
			t.Fatalf("missing %s in %v", bot.FormatRef(2026, i), seen)
		}
	}
}

func TestLostNoticesAreSentAgain(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.rec.SetDown(true)
	f, err := h.bot.SubmitReport(ctx, alice, bot.Report{Category: bot.CategoryPressure,
		OccurredOn: h.clock.Now(), Channel: bot.ChannelPhone, Description: "threatening call", Accepted: bot.AcceptedNo}, "")
	if err != nil {
		t.Fatalf("filing must not depend on the notice: %v", err)
	}
	if err := h.bot.Drain(ctx); err != nil { // the notice and the reference, tried once in the background
		t.Fatal(err)
	}
	h.rec.SetDown(false)
	if n, err := h.bot.DeliverOutbox(ctx); err != nil || n != 0 {
		t.Fatalf("sent again before the wait after a failure: %d, %v", n, err)
	}
	for i := 0; i < 3; i++ {
		h.clock.Add(time.Minute)
		if _, err := h.bot.DeliverOutbox(ctx); err != nil {
			t.Fatal(err)
		}
	}
	notices, references := 0, 0
	for _, s := range h.rec.All() {
		if s.To.ConversationID == testkit.SecurityRoom && strings.Contains(s.Reply.Text, f.Case.Ref) {
			notices++
		}
		if s.To.UserID == alice.ID && strings.Contains(s.Reply.Text, f.Case.Ref) {
			references++
		}
	}
	if notices != 1 || references != 1 {
		t.Fatalf("notice delivered %d times and reference %d times, want once each", notices, references)
	}
}

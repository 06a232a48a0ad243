package slack

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/export"
)

// dirty holds what must never reach a terminal or a spreadsheet: ESC,
// BEL, NUL, a right-to-left override, a zero-width space.
const dirty = "\x1b\a\x00\u202e\u200b"

// TestFormAnswersAreCleaned submits the report form with control and
// direction characters in every text answer: the case is stored without
// them, and neither the team's `case` view nor the CSV export has them.
func TestFormAnswersAreCleaned(t *testing.T) {
	h := newHarness(t, nil)
	h.newCore(bot.Options{Roles: bot.StaticRoles{Users: map[string]bool{"slack:" + userMallory: true}}})
	h.startSocket()
	f := h.fake
	view := openModalWith(t, f, userAlice, "trigger-clean", "report")
	f.send(interactiveEnvelope("env-clean", submission(t, userAlice, view, map[string]any{
		"category": "payment", "occurred_on": daysAgo(1), "channel": "email",
		"approacher":         "J. Doe" + dirty + "\nAcme",
		"approacher_country": dirty + "Freedonia",
		"description":        "Offered \x1b[31mcash" + dirty + "\nfor an amendment\r\n" + dirty,
		"accepted":           "yes",
		"accepted_detail":    "a watch" + dirty,
		"evidence":           "e-mails" + dirty,
	})))
	f.waitAck("env-clean")

	var c bot.Case
	deadline := time.Now().Add(waitLimit)
	for {
		cases, err := h.db.ListCases(t.Context(), bot.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) == 1 {
			c = cases[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the report was not filed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	r := c.Report
	want := bot.Report{Approacher: "J. Doe Acme", ApproacherCountry: "Freedonia", Description: "Offered [31mcash\nfor an amendment",
		AcceptedDetail: "a watch", Evidence: "e-mails"}
	if r.Approacher != want.Approacher || r.ApproacherCountry != want.ApproacherCountry || r.Description != want.Description ||
		r.AcceptedDetail != want.AcceptedDetail || r.Evidence != want.Evidence {
		t.Errorf("stored answers %q %q %q %q %q, want %q %q %q %q %q", r.Approacher, r.ApproacherCountry, r.Description, r.AcceptedDetail, r.Evidence,
			want.Approacher, want.ApproacherCountry, want.Description, want.AcceptedDetail, want.Evidence)
	}

	caseView := h.core.Respond(context.Background(), bot.Message{Platform: bot.PlatformSlack, ConversationID: "D" + userMallory,
		Sender: bot.User{Platform: bot.PlatformSlack, ID: userMallory}, Direct: true, Text: "case " + c.Ref})
	if len(caseView) == 0 || !strings.Contains(caseView[0].Reply.Text, "Offered [31mcash") {
		t.Fatalf("case view: %+v", caseView)
	}
	var csv bytes.Buffer
	records := func(yield func(export.Record, error) bool) {
		err := h.db.EachCase(t.Context(), bot.CaseFilter{}, func(c bot.Case, evs []bot.CaseEvent) error {
			yield(export.Record{Case: c, Events: evs}, nil)
			return nil
		})
		if err != nil {
			yield(export.Record{}, err)
		}
	}
	if err := export.Write(&csv, "csv", records, export.Options{}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"case view": caseView[0].Reply.Text, "CSV": csv.String()} {
		if i := strings.IndexFunc(out, func(r rune) bool {
			return r == 0x1b || r == 0x07 || r == 0 || r == '\u202e' || r == '\u200b'
		}); i >= 0 {
			t.Errorf("%s holds %q at %d: %q", name, out[i], i, out)
		}
	}
}

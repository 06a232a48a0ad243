package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
)

// formRecorder is an adapter with a report form: it records the language
// and the prefill of each form it opened, or fails with unavailable.
type formRecorder struct {
	testkit.Recorder
	mu          sync.Mutex
	langs       []string
	prefills    []bot.Report
	unavailable bool
}

func (f *formRecorder) OpenReportForm(_ context.Context, _ bot.Message, prefill bot.Report, lang string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.unavailable {
		return bot.ErrFormUnavailable
	}
	f.langs = append(f.langs, lang)
	f.prefills = append(f.prefills, prefill)
	return nil
}

func (f *formRecorder) FormCommand(word string) string { return "/form " + word }

func (f *formRecorder) lastPrefill() bot.Report {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.prefills[len(f.prefills)-1]
}

func (f *formRecorder) opened() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.langs...)
}

// TestFormOpensInTheConversationLanguage checks that each language's
// word for `report` opens the form in that language, that the language is
// then remembered for the user, and that `report` follows it.
func TestFormOpensInTheConversationLanguage(t *testing.T) {
	h := newHarness(t)
	fr := &formRecorder{Recorder: testkit.Recorder{Name: "forms"}}
	h.bot.Register(fr)
	for i, lang := range bot.Languages() {
		u := bot.User{Platform: "forms", ID: "F" + lang}
		if got := h.bot.Language(u); got != "en" {
			t.Fatalf("%s: a new user's language is %q, want en", lang, got)
		}
		say := func(text string) {
			if out := h.bot.Respond(context.Background(), bot.Message{Platform: "forms", ConversationID: "C1", Sender: u, Text: text}); len(out) != 0 {
				t.Fatalf("%s: %q answered %q instead of opening the form", lang, text, joinReplies(out))
			}
		}
		say(map[string]string{"en": "report", "fr": "signaler", "de": "melden"}[lang])
		if got := h.bot.Language(u); got != lang {
			t.Errorf("%s: remembered language after the form opened = %q", lang, got)
		}
		say("report")
		opened := fr.opened()
		if len(opened) != 2*(i+1) || opened[2*i] != lang || opened[2*i+1] != lang {
			t.Errorf("%s: forms opened in %v, want two more in %s", lang, opened, lang)
		}
	}
}

// TestSubmitReportSpeaksTheFormLanguage checks the validation messages and
// the confirmation of a form's report in its language, English by default.
func TestSubmitReportSpeaksTheFormLanguage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, err := h.bot.SubmitReport(ctx, alice, bot.Report{Description: strings.Repeat("x", bot.MaxLongField+1)}, "de")
	var verr *bot.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v, want ValidationError", err)
	}
	want := map[string]string{"category": "Wählen Sie eine Kategorie.", "occurred_on": "Geben Sie an, wann es passiert ist.",
		"description": "Bitte bleiben Sie unter 4000 Zeichen (Ihre Antwort hat 4001)."}
	for field, msg := range want {
		if verr.Fields[field] != msg {
			t.Errorf("German message for %s = %q, want %q", field, verr.Fields[field], msg)
		}
	}
	if english := (bot.Report{}).Validate(h.clock.Now(), "xx").(*bot.ValidationError); english.Fields["category"] != "Choose a category." {
		t.Errorf("unknown language gave %q, want English", english.Fields["category"])
	}

	report := bot.Report{Category: bot.CategoryGift, OccurredOn: h.clock.Now().Truncate(24 * time.Hour), Channel: bot.ChannelEvent,
		Description: "Une caisse de vin", Accepted: bot.AcceptedNo}
	for _, tc := range []struct{ lang, text string }{
		{"fr", "Merci. Votre signalement est enregistré sous la référence "},
		{"", "Thank you. Your report is filed as "},
	} {
		f, err := h.bot.SubmitReport(ctx, alice, report, tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		h.drain()
		var dm string
		for _, s := range h.rec.All() {
			if s.To == bot.DirectTo(alice.ID) && strings.Contains(s.Reply.Text, f.Case.Ref) {
				dm = s.Reply.Text
			}
		}
		if !strings.HasPrefix(dm, tc.text+f.Case.Ref) {
			t.Errorf("lang %q: DM = %q, want it to start with %q", tc.lang, dm, tc.text+f.Case.Ref)
		}
		if want := map[string]string{"fr": "fr", "": "en"}[tc.lang]; h.bot.Language(alice) != want {
			t.Errorf("lang %q: remembered language %q, want %q", tc.lang, h.bot.Language(alice), want)
		}
	}
}

// formHarness is a bot with a form adapter and a limit of one report an
// hour, and the user of that adapter.
func formHarness(t *testing.T) (*harness, *formRecorder, bot.User) {
	h := newHarness(t)
	h.rebuild(bot.Options{Limits: bot.RateLimits{ReportsPerHour: 1}})
	fr := &formRecorder{Recorder: testkit.Recorder{Name: "forms"}}
	h.bot.Register(fr)
	return h, fr, bot.User{Platform: "forms", ID: "F1"}
}

// TestFormFailuresAreToldByTheCoreAndTheAnswersKept checks what the core
// does when a form's report is not filed: it tells the reporter why in the
// form's language, naming the platform's command, keeps the answers
// (stored like a conversation's draft) for the next form, drops them once
// filed, and lets them expire without a note.
func TestFormFailuresAreToldByTheCoreAndTheAnswersKept(t *testing.T) {
	h, fr, u := formHarness(t)
	ctx := context.Background()
	report := bot.Report{Category: bot.CategoryGift, OccurredOn: h.clock.Now().Truncate(24 * time.Hour), Channel: bot.ChannelEvent,
		Description: "Une caisse de vin", Accepted: bot.AcceptedNo}
	if _, err := h.bot.SubmitReport(ctx, u, report, "fr"); err != nil {
		t.Fatal(err)
	}
	second := report
	second.Description = "Deux caisses de vin"
	if _, err := h.bot.SubmitReport(ctx, u, second, "fr"); !errors.Is(err, bot.ErrTooManyReports) {
		t.Fatalf("second report: %v", err)
	}
	if err := h.bot.Drain(ctx); err != nil { // the first report's confirmation and notice go out in the background
		t.Fatal(err)
	}
	var told testkit.Sent
	for _, o := range fr.All() {
		if strings.Contains(o.Reply.Text, "plusieurs signalements") {
			told = o
		}
	}
	if told.To != bot.DirectTo("F1") {
		t.Fatalf("told %+v, want a direct message", told)
	}
	mustContain(t, told.Reply.Text, "plusieurs signalements", "conservées pendant 30 minutes", "`/form signaler`")
	if kept, err := h.store.LoadSession(ctx, "form:"+u.Key()); err != nil || kept.Draft.Description != "Deux caisses de vin" {
		t.Fatalf("kept answers = %+v, %v", kept, err)
	}
	if _, err := h.store.LoadSession(ctx, u.Key()); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("the kept answers took the conversation's place: %v", err)
	}

	// The next form, an hour later, opens with them.
	h.clock.Add(time.Hour)
	h.bot.Respond(ctx, bot.Message{Platform: "forms", Sender: u, Text: "report"})
	if got := fr.lastPrefill(); got.Description != "Deux caisses de vin" {
		t.Errorf("the form opened with %+v, not the kept answers", got)
	}

	// Filed, they are gone; kept again and left, they expire without a note.
	if _, err := h.bot.SubmitReport(ctx, u, second, "fr"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.LoadSession(ctx, "form:"+u.Key()); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("kept answers outlived the filing: %v", err)
	}
	if _, err := h.bot.SubmitReport(ctx, u, bot.Report{Description: "x"}, "de"); err == nil {
		t.Fatal("an incomplete report was filed")
	}
	mustContain(t, fr.All()[len(fr.All())-1].Reply.Text, "Einige Antworten müssen korrigiert werden", "Wählen Sie eine Kategorie.", "`/form melden`")
	if err := h.bot.Drain(ctx); err != nil { // the filed report's notice goes out in the background
		t.Fatal(err)
	}
	before := len(fr.All())
	h.clock.Add(31 * time.Minute)
	if n, err := h.bot.ExpireSessions(ctx); err != nil || n != 0 || len(fr.All()) != before {
		t.Fatalf("expiry: %d, %v, %d notes", n, err, len(fr.All())-before)
	}
	if _, err := h.store.LoadSession(ctx, "form:"+u.Key()); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("kept answers did not expire: %v", err)
	}
}

// TestReportMessageGoesThroughTheCore checks a platform's shortcut: the
// form opens in the user's language with the prefill, the hourly limit is
// the core's, and the user is told when no form can open.
func TestReportMessageGoesThroughTheCore(t *testing.T) {
	h, fr, u := formHarness(t)
	ctx := context.Background()
	msg := bot.Message{Platform: "forms", ConversationID: "C1", Sender: u}
	h.bot.Respond(ctx, bot.Message{Platform: "forms", Sender: u, Text: "melden"})
	h.bot.ReportMessage(ctx, msg, bot.Report{Description: "the message"})
	if got := fr.opened(); len(got) != 2 || got[1] != "de" || fr.lastPrefill().Description != "the message" {
		t.Fatalf("forms opened %v with %+v", got, fr.lastPrefill())
	}

	fr.mu.Lock()
	fr.unavailable = true
	fr.mu.Unlock()
	h.bot.ReportMessage(ctx, msg, bot.Report{Description: "the message"})
	mustContain(t, fr.All()[len(fr.All())-1].Reply.Text, "konnte das Meldeformular nicht rechtzeitig öffnen", "`/form melden`")

	report := bot.Report{Category: bot.CategoryGift, OccurredOn: h.clock.Now().Truncate(24 * time.Hour), Channel: bot.ChannelEvent,
		Description: "wine", Accepted: bot.AcceptedNo}
	if _, err := h.bot.SubmitReport(ctx, u, report, "de"); err != nil {
		t.Fatal(err)
	}
	fr.mu.Lock()
	fr.unavailable = false
	fr.mu.Unlock()
	h.bot.ReportMessage(ctx, msg, bot.Report{Description: "the message"})
	if got := fr.opened(); len(got) != 2 {
		t.Errorf("a form opened over the limit: %v", got)
	}
	mustContain(t, fr.All()[len(fr.All())-1].Reply.Text, "mehrere Meldungen abgegeben")
}

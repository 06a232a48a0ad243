package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
)

// formRecorder is an adapter with a report form: it records the language
// each form was opened in.
type formRecorder struct {
	recorder
	mu    sync.Mutex
	langs []string
}

func (f *formRecorder) OpenReportForm(_ context.Context, _ bot.Message, _ bot.Report, lang string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.langs = append(f.langs, lang)
	return nil
}

func (f *formRecorder) opened() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.langs...)
}

// TestFormOpensInTheConversationLanguage checks that each language's
// ReportWord opens the form in that language, that the language is then
// remembered for the user, and that `report` follows it.
func TestFormOpensInTheConversationLanguage(t *testing.T) {
	h := newHarness(t, "")
	fr := &formRecorder{recorder: recorder{platform: "forms"}}
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
		say(bot.FormTextIn(lang).ReportWord)
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
	h := newHarness(t, "")
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
		var dm string
		for _, s := range h.rec.all() {
			if s.to == bot.DirectTo(alice.ID) && strings.Contains(s.reply.Text, f.Case.Ref) {
				dm = s.reply.Text
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

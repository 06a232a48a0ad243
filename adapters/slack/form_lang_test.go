package slack

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil/bot"
)

// block returns the block of a view with the given block ID.
func block(t *testing.T, view map[string]any, id string) map[string]any {
	t.Helper()
	for _, b := range view["blocks"].([]any) {
		if b := b.(map[string]any); b["block_id"] == id {
			return b
		}
	}
	t.Fatalf("the modal has no block %q", id)
	return nil
}

// text returns the text of a plain_text object held under key.
func text(obj map[string]any, key string) string {
	o, _ := obj[key].(map[string]any)
	s, _ := o["text"].(string)
	return s
}

// optionTexts returns the texts of a block element's options.
func optionTexts(b map[string]any) []string {
	var out []string
	for _, o := range b["element"].(map[string]any)["options"].([]any) {
		out = append(out, text(o.(map[string]any), "text"))
	}
	return out
}

// TestModalFollowsTheCommandLanguage opens the modal with the English,
// French and German command words, checks the texts of the views.open
// payload, files a report and checks that its DM is in the same language.
func TestModalFollowsTheCommandLanguage(t *testing.T) {
	for _, tc := range []struct {
		word, lang, title, category, dm string
		accepted                        []string
	}{
		{"report", "en", "Report an approach", "Gift or hospitality", "Thank you. Your report is filed as ", []string{"No", "Yes", "Not sure"}},
		{"signaler", "fr", "Signaler une approche", "Cadeau ou hospitalité", "Merci. Votre signalement est enregistré sous la référence ", []string{"Non", "Oui", "Pas sûr"}},
		{"melden", "de", "Kontaktaufnahme melden", "Geschenk oder Bewirtung", "Danke. Ihre Meldung ist unter ", []string{"Nein", "Ja", "Weiß nicht"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarness(t, nil)
			h.startSocket()
			f := h.fake
			view := openModalWith(t, f, userAlice, "trigger-"+tc.lang, tc.word)
			ft := bot.FormTextIn(tc.lang)
			if got := text(view, "title"); got != tc.title {
				t.Errorf("title = %q, want %q", got, tc.title)
			}
			if text(view, "submit") != ft.Submit || text(view, "close") != ft.Close || view["private_metadata"] != tc.lang {
				t.Errorf("submit %q, close %q, private_metadata %v; want %q, %q, %s",
					text(view, "submit"), text(view, "close"), view["private_metadata"], ft.Submit, ft.Close, tc.lang)
			}
			category := block(t, view, "category")
			if text(category, "label") != ft.Category || !strings.Contains(strings.Join(optionTexts(category), "|"), tc.category) {
				t.Errorf("category block: label %q, options %q", text(category, "label"), optionTexts(category))
			}
			if got := optionTexts(block(t, view, "accepted")); strings.Join(got, "|") != strings.Join(tc.accepted, "|") {
				t.Errorf("accepted options = %q, want %q", got, tc.accepted)
			}
			if got := text(block(t, view, "description"), "hint"); got != ft.DescriptionHint {
				t.Errorf("description hint = %q, want %q", got, ft.DescriptionHint)
			}

			f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
				"category": "gift", "occurred_on": daysAgo(1), "channel": "event", "description": "A case of wine", "accepted": "no",
			})))
			shown, closeLabel := confirmation(t, f.waitAck("env-submit"))
			dm := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice }).Form.Get("text")
			if ref := refPattern.FindString(dm); ref == "" || !strings.HasPrefix(dm, tc.dm+ref) {
				t.Errorf("DM = %q, want it to start with %q and the reference", dm, tc.dm)
			}
			if !strings.HasPrefix(shown, tc.dm+refPattern.FindString(dm)) || closeLabel != ft.Done {
				t.Errorf("the form shows %q with %q, want the DM's reference with %q", shown, closeLabel, ft.Done)
			}
		})
	}
}

func TestGermanSubmissionGetsGermanErrors(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	view := openModalWith(t, f, userAlice, "trigger-de", "melden")
	f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
		"occurred_on": daysAgo(1), "channel": "phone", "description": "  ", "accepted": "unsure",
	})))
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(f.waitAck("env-submit"), &resp); err != nil {
		t.Fatalf("ack payload: %v", err)
	}
	want := map[string]string{"category": "Wählen Sie eine Kategorie.", "description": "Beschreiben Sie, was passiert ist."}
	if resp.ResponseAction != "errors" || len(resp.Errors) != len(want) {
		t.Fatalf("response = %+v, want errors on %v", resp, want)
	}
	for field, msg := range want {
		if resp.Errors[field] != msg {
			t.Errorf("error on %s = %q, want %q", field, resp.Errors[field], msg)
		}
	}
}

func TestFailedFilingIsExplainedInTheFormLanguage(t *testing.T) {
	h := newHarness(t, nil)
	h.failFiling()
	h.startSocket()
	f := h.fake
	view := openModalWith(t, f, userAlice, "trigger-de", "melden")
	f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
		"category": "pressure", "occurred_on": daysAgo(1), "channel": "phone", "description": "Drohanruf", "accepted": "no",
	})))
	sorry := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice }).Form.Get("text")
	if !strings.HasPrefix(sorry, "Entschuldigung, Ihre Meldung konnte wegen eines technischen Problems nicht erfasst werden") ||
		!strings.Contains(sorry, "1 Stunde lang erhalten") || !strings.Contains(sorry, "`/vigil melden`") {
		t.Errorf("reporter told %q, want the German apology naming `/vigil melden`", sorry)
	}
}

// TestShortcutUsesTheRememberedLanguage opens a French modal with
// `/vigil signaler`; the message shortcut then opens a French modal too,
// and the note when it cannot open is in French.
func TestShortcutUsesTheRememberedLanguage(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	openModalWith(t, f, userAlice, "trigger-fr", "signaler")
	f.set(func() { f.viewErrs = "expired_trigger_id" })
	f.send(interactiveEnvelope("env-shortcut", map[string]any{
		"type": "message_action", "callback_id": shortcutCallbackID, "trigger_id": "trigger-sc",
		"team": map[string]any{"id": "TTEAM"}, "channel": map[string]any{"id": generalCh, "name": "general"},
		"user": map[string]any{"id": userAlice, "name": "alice"}, "message_ts": "1700000000.000200",
		"message": map[string]any{"type": "message", "user": userMallory, "ts": "1700000000.000200", "text": "Je paierai bien"},
	}))
	open := f.waitCall("views.open", func(c apiCall) bool { return c.JSON["trigger_id"] == "trigger-sc" })
	if view := open.JSON["view"].(map[string]any); text(view, "title") != "Signaler une approche" || view["private_metadata"] != "fr" {
		t.Errorf("shortcut modal title %q, private_metadata %v; want the French form", text(view, "title"), view["private_metadata"])
	}
	note := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice }).Form.Get("text")
	if !strings.HasPrefix(note, "Désolé, je n'ai pas pu ouvrir le formulaire") || !strings.Contains(note, "`/vigil signaler`") {
		t.Errorf("note = %q, want it in French", note)
	}
}

// Slack's limits on the texts of a modal, in characters.
const (
	maxViewButton  = 24   // title, submit and close
	maxLabel       = 2000 // input labels and hints
	maxPlaceholder = 150
	maxOptionText  = 75
	maxSectionText = 3000
	maxMetadata    = 3000
)

// TestModalTextsInEveryLanguage builds the modal, with every answer filled
// in, in every language: each text is present and within Slack's limits,
// and no French or German text is left in English.
func TestModalTextsInEveryLanguage(t *testing.T) {
	prefill := bot.Report{Category: bot.CategoryDisinformation, OccurredOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
		Channel: bot.ChannelSocial, Approacher: "x", ApproacherCountry: "x", Description: "x", Accepted: bot.AcceptedUnsure,
		AcceptedDetail: "x", Evidence: "x", SourceLink: "x", ContactAllowed: true}
	texts := func(lang string) map[string]string {
		data, err := json.Marshal(reportView(prefill, bot.FormTextIn(lang)))
		if err != nil {
			t.Fatal(err)
		}
		var view map[string]any
		if err := json.Unmarshal(data, &view); err != nil {
			t.Fatal(err)
		}
		if m, _ := view["private_metadata"].(string); m != lang || len(m) > maxMetadata {
			t.Errorf("%s: private_metadata = %q", lang, m)
		}
		out := map[string]string{}
		collectTexts(view, "", out)
		return out
	}
	english := texts("en")
	if len(english) < 40 {
		t.Fatalf("only %d texts found in the English modal", len(english))
	}
	for _, lang := range bot.Languages() {
		got := texts(lang)
		if len(got) != len(english) {
			t.Errorf("%s: %d texts, English has %d", lang, len(got), len(english))
		}
		for path, s := range got {
			if n := len([]rune(s)); n == 0 || n > limitOf(path) {
				t.Errorf("%s: %s has %d characters (limit %d): %q", lang, path, n, limitOf(path), s)
			}
			if lang != "en" && s == english[path] && s != "E-mail" { // "E-mail" is French too
				t.Errorf("%s: %s is the English %q", lang, path, s)
			}
		}
	}
}

// collectTexts records the text of every plain_text object under v by its
// JSON path (e.g. "blocks.1.label").
func collectTexts(v any, path string, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		if v["type"] == "plain_text" {
			out[path], _ = v["text"].(string)
			return
		}
		for k, child := range v {
			collectTexts(child, strings.TrimPrefix(path+"."+k, "."), out)
		}
	case []any:
		for i, child := range v {
			collectTexts(child, path+"."+strconv.Itoa(i), out)
		}
	}
}

// limitOf returns Slack's limit for the text at path.
func limitOf(path string) int {
	switch {
	case path == "title" || path == "submit" || path == "close":
		return maxViewButton
	case strings.Contains(path, "option"): // options, initial_option(s)
		return maxOptionText
	case strings.HasSuffix(path, "placeholder"):
		return maxPlaceholder
	case strings.HasSuffix(path, "label") || strings.HasSuffix(path, "hint"):
		return maxLabel
	}
	return maxSectionText
}

func TestReportLimitIsExplainedInTheFormLanguage(t *testing.T) {
	h := newHarness(t, nil)
	h.newCore(bot.Options{Limits: bot.RateLimits{ReportsPerHour: 1}})
	h.startSocket()
	f := h.fake
	answers := func() map[string]any {
		return map[string]any{"category": "gift", "occurred_on": daysAgo(1), "channel": "event", "description": "Du vin", "accepted": "no"}
	}
	// Two forms opened before either is submitted: the limit is met only
	// when the second is filed.
	first := openModalWith(t, f, userAlice, "trigger-1", "signaler")
	second := openModalWith(t, f, userAlice, "trigger-2", "signaler")
	f.send(interactiveEnvelope("env-1", submission(t, userAlice, first, answers())))
	f.waitCall("chat.postMessage", func(c apiCall) bool { return refPattern.MatchString(c.Form.Get("text")) })
	f.send(interactiveEnvelope("env-2", submission(t, userAlice, second, answers())))
	refused := f.waitCall("chat.postMessage", func(c apiCall) bool {
		return c.Form.Get("channel") == "D"+userAlice && !refPattern.MatchString(c.Form.Get("text"))
	}).Form.Get("text")
	if !strings.HasPrefix(refused, "Vous avez fait plusieurs signalements") || !strings.Contains(refused, "`/vigil signaler`") {
		t.Errorf("second report answered %q, want the French limit note", refused)
	}
}

package bot_test

import (
	"context"
	"strings"
	"testing"

	"vigil/bot"
)

// scriptedGuidance answers from a table of answers by question; Topic
// answers with the topic's id.
type scriptedGuidance map[string]bot.Answer

func (g scriptedGuidance) Answer(_ context.Context, q, _ string) (bot.Answer, error) {
	a, ok := g[q]
	if !ok {
		return bot.Answer{Question: q, Lang: "en", Text: "no guidance"}, nil
	}
	return a, nil
}
func (scriptedGuidance) Topic(id, lang string) (bot.Answer, bool) {
	if strings.HasPrefix(id, "unknown") {
		return bot.Answer{}, false
	}
	return bot.Answer{Lang: lang, Confident: true, Text: "article " + id + " in " + lang}, true
}
func (scriptedGuidance) TopicList(lang string, reviewed bool) string {
	if reviewed {
		return "topics in " + lang + " with review dates"
	}
	return "topics in " + lang
}

func TestSuggestionPickedByNumber(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{Guidance: scriptedGuidance{
		"unsure": {Lang: "fr", Text: "closest: 1, 2", Results: []bot.Result{{ID: "gifts"}, {ID: "travel"}}},
		"sure":   {Lang: "en", Confident: true, Text: "gift article", Results: []bot.Result{{ID: "gifts"}}},
	}})
	out := h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "D-U1", Sender: alice, Direct: true, Text: "unsure"})
	if len(out) != 1 || !strings.Contains(out[0].Reply.Text, "closest") || len(out[0].Reply.Choices) != 2 || out[0].Reply.Choices[1].Reply != "2" {
		t.Fatalf("suggestions without choices: %+v", out)
	}
	mustContain(t, h.dm(alice, "2"), "article travel in fr")
	mustContain(t, h.dm(alice, "1."), "article gifts in fr")
	if got := h.dm(alice, "3"); !strings.Contains(got, "1 à 2") {
		t.Errorf("a number out of range should say which numbers work (in French): %q", got)
	}
	// A confident answer leaves nothing to pick: a number is a question again.
	h.dm(alice, "sure")
	if got := h.dm(alice, "2"); got != "no guidance" {
		t.Errorf("after a confident answer, %q", got)
	}
	// Suggestions are remembered for each user alone.
	h.dm(alice, "unsure")
	bob := bot.User{Platform: "test", ID: "U2", Name: "Bob"}
	if got := h.dm(bob, "1"); got != "no guidance" {
		t.Errorf("Bob picked Alice's suggestion: %q", got)
	}
	// They expire.
	h.clock.Add(31 * 60e9)
	if got := h.dm(alice, "1"); got != "no guidance" {
		t.Errorf("an expired suggestion was picked: %q", got)
	}
}

func TestReportStartsWithGuessedCategory(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{Guidance: scriptedGuidance{
		"a man offered me 3000 euros": {Lang: "en", Confident: true, OfferReport: true, Category: bot.CategoryPayment,
			Intent: bot.IntentIncident, Text: "payment article", Results: []bot.Result{{ID: "offers-of-payment"}}},
	}})
	h.dm(alice, "a man offered me 3000 euros")
	got := h.dm(alice, "report")
	mustContain(t, got, "I have filled in: Offer of payment or paid work", "`yes`")
	mustContain(t, h.dm(alice, "yes"), "When did it happen?")
	h.dm(alice, "today")
	// The guessed category is in the draft: the summary shows it.
	for _, a := range []string{"1", "Mr X", "skip", "He offered money for a question", "no", "skip", "1", "no"} {
		got = h.dm(alice, a)
	}
	mustContain(t, got, "Offer of payment or paid work")
	mustContain(t, h.dm(alice, "submit"), "VGL-")

	// The guess is used once: the next report asks for the category.
	if got := h.dm(alice, "report"); strings.Contains(got, "filled in") {
		t.Errorf("the guess was used twice: %s", got)
	}
	h.dm(alice, "cancel")

	// The reporter can change the guess.
	h.dm(alice, "a man offered me 3000 euros")
	h.dm(alice, "report")
	h.dm(alice, "2")
	mustContain(t, h.dm(alice, "back"), "I have filled in: Gift or hospitality")
}

func TestTeamSeesReviewDates(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{Guidance: scriptedGuidance{}})
	if got := h.dm(alice, "topics"); got != "topics in " {
		t.Errorf("staff topics: %q", got)
	}
	team := bot.User{Platform: "test", ID: "SEC1", Name: "Sec"}
	if got := h.dm(team, "topics fr"); got != "topics in fr with review dates" {
		t.Errorf("team topics: %q", got)
	}
}

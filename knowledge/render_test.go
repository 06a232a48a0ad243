package knowledge

import (
	"context"
	"strings"
	"testing"

	"vigil/bot"
)

func TestAnswerRendering(t *testing.T) {
	b := loadBase(t)
	ctx := context.Background()
	cases := []struct {
		q, lang, id string
		report      bool
	}{
		{"can I accept a dinner invitation from an embassy", "en", "gifts-and-hospitality", false},
		{"someone offered me 2000 euros to table an amendment", "en", "offers-of-payment", true},
		{"on m'a proposé de l'argent pour un amendement", "fr", "offers-of-payment", true},
		{"jemand bedroht mich nach meiner Abstimmung", "de", "pressure-threats-and-blackmail", true},
	}
	for _, c := range cases {
		a, err := b.Answer(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Confident || a.Lang != c.lang || len(a.Results) == 0 || a.Results[0].ID != c.id {
			t.Errorf("%q: got lang %s confident %v results %+v", c.q, a.Lang, a.Confident, a.Results)
			continue
		}
		art, _ := b.Article(c.id, c.lang)
		m := phrasesFor(c.lang)
		for _, want := range []string{art.Title, art.Summary, m.whatToDo, "1. " + art.Steps[0], m.sources, art.Sources[0].URL} {
			if !strings.Contains(a.Text, want) {
				t.Errorf("%q: answer lacks %q:\n%s", c.q, want, a.Text)
			}
		}
		if (a.Intent == bot.IntentReport) != c.report || strings.Contains(a.Text, m.reportOffer) != c.report {
			t.Errorf("%q: intent %s, report offer shown %v, want %v", c.q, a.Intent, strings.Contains(a.Text, m.reportOffer), c.report)
		}
		if n := visualLines(a.Text); n > screenLines {
			t.Errorf("%q: answer takes %d lines, want <= %d:\n%s", c.q, n, screenLines, a.Text)
		}
	}
}

// TestEveryAnswerFitsOneScreen renders every article, with the report
// offer, and checks the length and that no Markdown link is left; and
// the out-of-scope reply in every language.
func TestEveryAnswerFitsOneScreen(t *testing.T) {
	b := loadBase(t)
	for _, l := range Languages {
		for _, in := range []bot.Intent{bot.IntentQuestion, bot.IntentReport} {
			if n := visualLines(b.renderAnswer(lookupResult{lang: l, intent: in})); n > screenLines {
				t.Errorf("%s out-of-scope reply (%s): %d lines", l, in, n)
			}
		}
	}
	for k := range b.articles {
		r := lookupResult{lang: k.lang, intent: bot.IntentReport, confident: true,
			results: []bot.Result{{ID: k.id, Lang: k.lang, Score: 1}}}
		text := b.renderAnswer(r)
		if n := visualLines(text); n > screenLines {
			t.Errorf("%s/%s: %d lines, want <= %d:\n%s", k.lang, k.id, n, screenLines, text)
		}
		if mdLink.MatchString(text) || strings.Contains(text, "**") {
			t.Errorf("%s/%s: Markdown left in answer:\n%s", k.lang, k.id, text)
		}
		if strings.Count(text, phrasesFor(k.lang).related) > 1 {
			t.Errorf("%s/%s: related line repeated", k.lang, k.id)
		}
	}
}

func TestOutOfScopeAnswer(t *testing.T) {
	b := loadBase(t)
	for _, c := range []struct{ q, lang string }{
		{"where is the nearest pharmacy", "en"},
		{"où est la cantine du bâtiment", "fr"},
		{"wann fährt der nächste Zug nach Straßburg", "de"},
		{"", "en"},
	} {
		a, err := b.Answer(context.Background(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		m := phrasesFor(c.lang)
		if a.Confident || len(a.Results) != 0 || a.Lang != c.lang {
			t.Errorf("%q: confident %v results %v lang %s", c.q, a.Confident, a.Results, a.Lang)
		}
		// The report command in the user's language (the core accepts all).
		reportWord := map[string]string{"en": "`report`", "fr": "`signaler`", "de": "`melden`"}[c.lang]
		for _, want := range []string{m.noMatch, reportWord, b.title("how-to-report", c.lang), b.title("gifts-and-hospitality", c.lang)} {
			if !strings.Contains(a.Text, want) {
				t.Errorf("%q: out-of-scope answer lacks %q:\n%s", c.q, want, a.Text)
			}
		}
		if n := visualLines(a.Text); n > screenLines {
			t.Errorf("%q: %d lines", c.q, n)
		}
	}
}

func TestTopicList(t *testing.T) {
	b := loadBase(t)
	for _, c := range []struct{ arg, lang string }{
		{"", "en"}, {"fr", "fr"}, {"Deutsch", "de"}, {"français", "fr"}, {"xx", "en"},
	} {
		text := b.TopicList(c.arg)
		if !strings.HasPrefix(text, phrasesFor(c.lang).topicsHeader) {
			t.Errorf("TopicList(%q) not in %s: %q", c.arg, c.lang, text)
		}
		for _, tp := range b.Topics() {
			if !strings.Contains(text, "• "+b.title(tp.ID, c.lang)+"\n") {
				t.Errorf("TopicList(%q) lacks %s", c.arg, tp.ID)
			}
		}
	}
}

func TestPlain(t *testing.T) {
	got := plain("See **the rules** at [EP site](https://europarl.europa.eu/x) and type `report`.")
	want := "See the rules at EP site (https://europarl.europa.eu/x) and type `report`."
	if got != want {
		t.Errorf("plain = %q, want %q", got, want)
	}
}

// FuzzAnswer checks that no input makes Answer fail or panic, and that
// every answer fits one screen. Seeds run with go test; explore with
//
//	go test -run '^$' -fuzz FuzzAnswer -fuzztime 30s ./knowledge
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{"", " ", "\x00\xff\xfe", "🙂🙂🙂", "ask ask ask", strings.Repeat("a", 5000),
		"on m'a proposé", "Übergriff ß", "<b>bribe</b> [x](http://y)", "report", "\u202etrilogue"} {
		f.Add(s)
	}
	b := loadBase(f)
	f.Fuzz(func(t *testing.T, q string) {
		a, err := b.Answer(context.Background(), q)
		if err != nil {
			t.Fatalf("Answer(%q): %v", q, err)
		}
		if !knownLang(a.Lang) || a.Text == "" || visualLines(a.Text) > screenLines {
			t.Fatalf("Answer(%q): lang %q, %d lines", q, a.Lang, visualLines(a.Text))
		}
	})
}

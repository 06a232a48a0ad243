package knowledge

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestAnswerRendering(t *testing.T) {
	b := loadBase(t)
	ctx := context.Background()
	cases := []struct {
		q, lang, id string
		offer       bool
	}{
		{"can I accept a dinner invitation from an embassy", "en", "gifts-and-hospitality", false},
		{"someone offered me 2000 euros to table an amendment", "en", "offers-of-payment", true},
		{"on m'a proposé de l'argent pour déposer un amendement", "fr", "offers-of-payment", true},
		{"jemand bedroht mich nach meiner Abstimmung", "de", "pressure-threats-and-blackmail", true},
	}
	for _, c := range cases {
		a, err := b.Answer(ctx, c.q, "")
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
		offer := fmt.Sprintf(m.reportOfferCategory, topicCategory[c.id].LabelIn(c.lang))
		if a.OfferReport != c.offer || strings.Contains(a.Text, offer) != c.offer {
			t.Errorf("%q: report offered %v (shown %v), want %v:\n%s", c.q, a.OfferReport, strings.Contains(a.Text, offer), c.offer, a.Text)
		}
		if c.offer && a.Category != topicCategory[c.id] {
			t.Errorf("%q: category %q, want %q", c.q, a.Category, topicCategory[c.id])
		}
		if n := visualLines(a.Text); n > screenLines {
			t.Errorf("%q: answer takes %d lines, want <= %d:\n%s", c.q, n, screenLines, a.Text)
		}
	}
}

// TestPlaceAndBrandNames checks that naming a place, a platform or a
// product does not sink a question (the old retrieval answered "a paid
// trip" but not "a paid trip to Paris"): with the name, the answer is as
// sure as without it and its first result is still one of the right
// topics.
func TestPlaceAndBrandNames(t *testing.T) {
	b := loadBase(t)
	trip := []string{"sponsored-travel", "diplomats-and-intelligence-officers"}
	for _, c := range []struct {
		plain, named string
		right        []string
	}{
		{"A diplomat offered me a paid trip. Can I accept?", "A diplomat offered me a paid trip to Paris. Can I accept?", trip},
		{"Un diplomate m'a proposé un voyage payé. Puis-je accepter ?", "Un diplomate m'a proposé un voyage payé à Paris. Puis-je accepter ?", trip},
		{"Ein Diplomat hat mir eine bezahlte Reise angeboten. Darf ich annehmen?", "Ein Diplomat hat mir eine bezahlte Reise nach Paris angeboten. Darf ich annehmen?", trip},
		{"someone sent me a link to a fake login page", "someone sent me a link to a fake login page on WhatsApp", []string{"phishing-and-account-security"}},
	} {
		p, _ := b.Answer(context.Background(), c.plain, "")
		n, _ := b.Answer(context.Background(), c.named, "")
		if len(p.Results) == 0 || len(n.Results) == 0 || n.Confident != p.Confident ||
			!slices.Contains(c.right, p.Results[0].ID) || !slices.Contains(c.right, n.Results[0].ID) {
			t.Errorf("%q: confident %v %+v\n%q: confident %v %+v", c.plain, p.Confident, p.Results, c.named, n.Confident, n.Results)
		}
	}
}

// TestEveryAnswerFitsOneScreen renders every article with the report
// offer, every suggestion and the out-of-scope reply in every language,
// and checks the length and that no Markdown link is left.
func TestEveryAnswerFitsOneScreen(t *testing.T) {
	b := loadBase(t)
	for _, l := range Languages {
		for _, flag := range []bool{false, true} {
			if n := visualLines(b.renderAnswer(lookupResult{lang: l, decision: decision{flag: flag}})); n > screenLines {
				t.Errorf("%s out-of-scope reply (offer %v): %d lines", l, flag, n)
			}
		}
	}
	for k := range b.articles {
		r := lookupResult{lang: k.lang, decision: decision{confident: true, flag: true, topics: []scored{{k.id, 1}}}}
		r.results = b.resultsFor(r.lang, r.decision.topics)
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

func TestSuggestionsAnswer(t *testing.T) {
	b := loadBase(t)
	for _, l := range Languages {
		topics := []scored{{"gifts-and-hospitality", 0.4}, {"sponsored-travel", 0.3}, {"offers-of-payment", 0.2}}
		r := lookupResult{lang: l, decision: decision{suggest: true, topics: topics}}
		r.results = b.resultsFor(l, topics)
		text := b.renderAnswer(r)
		m := phrasesFor(l)
		for i, tp := range topics {
			if want := fmt.Sprintf("%d. %s\n", i+1, b.title(tp.id, l)); !strings.Contains(text, want) {
				t.Errorf("%s: suggestions lack %q:\n%s", l, want, text)
			}
		}
		if !strings.HasPrefix(text, m.suggestIntro) || !strings.Contains(text, m.suggestFooter) || strings.Contains(text, m.noMatch) {
			t.Errorf("%s: suggestion text:\n%s", l, text)
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
		{"2", "en"},
		{"3000 !!", "en"},
	} {
		a, err := b.Answer(context.Background(), c.q, "")
		if err != nil {
			t.Fatal(err)
		}
		m := phrasesFor(c.lang)
		if a.Confident || len(a.Results) != 0 || a.Lang != c.lang {
			t.Errorf("%q: confident %v results %v lang %s", c.q, a.Confident, a.Results, a.Lang)
		}
		reportWord := map[string]string{"en": "`report`", "fr": "`signaler`", "de": "`melden`"}[c.lang]
		for _, want := range []string{m.noMatch, reportWord, b.title("how-to-report", c.lang), b.title("gifts-and-hospitality", c.lang)} {
			if !strings.Contains(a.Text, want) {
				t.Errorf("%q: out-of-scope answer lacks %q:\n%s", c.q, want, a.Text)
			}
		}
	}
}

func TestSmallTalk(t *testing.T) {
	b := loadBase(t)
	for _, c := range []struct{ q, lang, want string }{
		{"hello", "en", phrasesFor("en").hello},
		{"thank you, that helps", "en", phrasesFor("en").thanks},
		{"merci beaucoup", "fr", phrasesFor("fr").thanks},
		{"Guten Morgen!", "de", phrasesFor("de").hello},
	} {
		a, err := b.Answer(context.Background(), c.q, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if a.Text != c.want || a.Confident || len(a.Results) != 0 || a.OfferReport {
			t.Errorf("%q: %+v", c.q, a)
		}
	}
}

// TestShortMessagesFollowTheHint checks the language fallback: a message
// too short to tell gets the user's last language.
func TestShortMessagesFollowTheHint(t *testing.T) {
	b := loadBase(t)
	for _, hint := range Languages {
		a, err := b.Answer(context.Background(), "ok", hint)
		if err != nil {
			t.Fatal(err)
		}
		if a.Lang != hint {
			t.Errorf("\"ok\" with hint %s answered in %s", hint, a.Lang)
		}
	}
	a, _ := b.Answer(context.Background(), "Darf ich ein Geschenk einer Botschaft annehmen?", "fr")
	if a.Lang != "de" {
		t.Errorf("a clearly German question followed the hint: %s", a.Lang)
	}
}

func TestTopicAnswer(t *testing.T) {
	b := loadBase(t)
	a, ok := b.Topic("sponsored-travel", "de")
	art, _ := b.Article("sponsored-travel", "de")
	if !ok || !a.Confident || a.Lang != "de" || !strings.HasPrefix(a.Text, art.Title) {
		t.Errorf("Topic: %+v", a)
	}
	if _, ok := b.Topic("no-such-topic", "en"); ok {
		t.Error("an unknown topic was answered")
	}
}

func TestTopicList(t *testing.T) {
	b := loadBase(t)
	for _, c := range []struct{ arg, lang string }{
		{"", "en"}, {"fr", "fr"}, {"Deutsch", "de"}, {"français", "fr"}, {"xx", "en"},
	} {
		text := b.TopicList(c.arg, false)
		if strings.Contains(text, "2026-") {
			t.Errorf("TopicList(%q) shows review dates to staff", c.arg)
		}
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

func TestTopicListWithReviewDates(t *testing.T) {
	b := loadBase(t)
	text := b.TopicList("de", true)
	a, _ := b.Article("sponsored-travel", "de")
	if want := "• " + a.Title + " (geprüft am " + a.Reviewed + ")\n"; !strings.Contains(text, want) {
		t.Errorf("team topic list lacks %q:\n%s", want, text)
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
		"on m'a proposé", "Übergriff ß", "<b>bribe</b> [x](http://y)", "report", "\u202etrilogue", "1"} {
		f.Add(s)
	}
	b := loadBase(f)
	f.Fuzz(func(t *testing.T, q string) {
		a, err := b.Answer(context.Background(), q, "fr")
		if err != nil {
			t.Fatalf("Answer(%q): %v", q, err)
		}
		if !knownLang(a.Lang) || a.Text == "" || visualLines(a.Text) > screenLines {
			t.Fatalf("Answer(%q): lang %q, %d lines", q, a.Lang, visualLines(a.Text))
		}
	})
}

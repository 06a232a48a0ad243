package knowledge

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"vigil/bot"
	"vigil/knowledge/classifier"
)

// maxRelated is how many related topics an answer names.
const maxRelated = 2

// renderAnswer writes the chat reply for a lookup, in the lookup's
// language: the article of a clear topic (title, summary, steps, sources,
// related topics), the closest topics to choose from by number, a short
// reply to small talk, or, outside the guidance, an honest "no guidance"
// with the list of covered topics. A message that tells of an incident
// gets an offer to report first, naming the category guessed from a
// clear topic.
func (b *Base) renderAnswer(r lookupResult) string {
	m := phrasesFor(r.lang)
	d := r.decision
	if d.smallTalk {
		if isThanks(r.question) {
			return m.thanks
		}
		return m.hello
	}
	offer := ""
	if d.flag {
		offer = m.reportOffer
		if c, ok := topicCategory[firstID(r.results)]; ok && d.confident {
			offer = fmt.Sprintf(m.reportOfferCategory, c.LabelIn(r.lang))
		}
		offer += "\n\n"
	}
	switch {
	case d.confident:
		a := b.articles[key{r.results[0].ID, r.lang}]
		return offer + b.fitCached(a, m, b.related(a, r.results), screenLines-visualLines(offer))
	case d.suggest:
		var sb strings.Builder
		sb.WriteString(offer + m.suggestIntro + "\n")
		for i, res := range r.results {
			fmt.Fprintf(&sb, "%d. %s\n", i+1, res.Title)
		}
		sb.WriteString(m.suggestFooter)
		return sb.String()
	}
	titles := make([]string, 0, len(b.topics))
	for _, t := range b.topics {
		titles = append(titles, b.title(t.ID, r.lang))
	}
	return offer + m.noMatch + " " + m.covered + " " + strings.Join(titles, "; ") + ".\n\n" + m.outOfScopeHelp
}

// firstID returns the first result's topic id, "" when there is none.
func firstID(results []bot.Result) string {
	if len(results) == 0 {
		return ""
	}
	return results[0].ID
}

// thanksWords are words of thanks in the three languages.
var thanksWords = map[string]bool{"thank": true, "thanks": true, "thx": true, "ty": true, "cheers": true,
	"merci": true, "danke": true, "dankeschon": true, "vielen": true}

// isThanks reports whether small talk is a thank-you rather than a
// greeting.
func isThanks(text string) bool {
	for _, w := range classifier.Tokens(text) {
		if thanksWords[w] {
			return true
		}
	}
	return false
}

// Screen size an answer must fit: lines of up to screenWidth characters
// (a longer line counts as several).
const (
	screenLines = 20
	screenWidth = 120
)

// fitArticle renders an article's part of an answer within lines screen
// lines (what a report offer leaves of one screen). It drops, in turn,
// extra sources, blank lines, the related topics and then the last steps
// until the text fits; the title, summary, first step and first source
// always stay.
func fitArticle(a *Article, m messages, related []string, lines int) string {
	type layout struct {
		blanks, related bool
		sources, steps  int
	}
	var tries []layout
	for _, blanks := range []bool{true, false} {
		for n := min(3, len(a.Sources)); n >= 1; n-- {
			tries = append(tries, layout{blanks, true, n, len(a.Steps)})
		}
	}
	for n := len(a.Steps); n >= 1; n-- {
		tries = append(tries, layout{false, false, 1, n})
	}
	var text string
	for _, l := range tries {
		var sb strings.Builder
		blank := func() {
			if l.blanks {
				sb.WriteString("\n")
			}
		}
		sb.WriteString(a.Title + "\n" + a.Summary + "\n")
		blank()
		sb.WriteString(m.whatToDo + "\n")
		for i, st := range a.Steps[:l.steps] {
			sb.WriteString(strconv.Itoa(i+1) + ". " + st + "\n")
		}
		blank()
		sb.WriteString(m.sources + "\n")
		for _, src := range a.Sources[:l.sources] {
			sb.WriteString("• " + src.Title + " — " + src.URL + "\n")
		}
		if l.related && len(related) > 0 {
			blank()
			sb.WriteString(m.related + " " + strings.Join(related, "; ") + "\n")
		}
		text = strings.TrimRight(sb.String(), "\n")
		if visualLines(text) <= lines {
			break
		}
	}
	return text
}

// maxCachedAnswers bounds the cache of rendered articles.
const maxCachedAnswers = 4096

// fitCached is fitArticle, remembered: the same article, related topics
// and room give the same text, and most questions land on a few dozen.
func (b *Base) fitCached(a *Article, m messages, related []string, lines int) string {
	k := fmt.Sprint(a.ID, "|", a.Lang, "|", lines, "|", strings.Join(related, "|"))
	if text, ok := b.rendered.Load(k); ok {
		return text.(string)
	}
	text := fitArticle(a, m, related, lines)
	if b.renderedCount.Add(1) <= maxCachedAnswers {
		b.rendered.Store(k, text)
	}
	return text
}

// visualLines counts the screen lines text takes.
func visualLines(text string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		n += max(1, (utf8.RuneCountInString(l)+screenWidth-1)/screenWidth)
	}
	return n
}

// related names up to maxRelated other topics: a runner-up result that
// scored close to the best first, then the article's own related list.
func (b *Base) related(a *Article, results []bot.Result) []string {
	var ids []string
	add := func(id string) {
		if id == a.ID || len(ids) == maxRelated {
			return
		}
		for _, seen := range ids {
			if seen == id {
				return
			}
		}
		ids = append(ids, id)
	}
	for _, r := range results[1:] {
		if r.Score >= relatedMinScore {
			add(r.ID)
		}
	}
	for _, id := range a.Related {
		add(id)
	}
	titles := make([]string, 0, len(ids))
	for _, id := range ids {
		titles = append(titles, b.title(id, a.Lang))
	}
	return titles
}

// relatedMinScore is the probability from which a runner-up result is
// named as a related topic.
const relatedMinScore = 0.15

// title returns a topic's title in lang, falling back to the topic list.
func (b *Base) title(id, lang string) string {
	if a, ok := b.articles[key{id, lang}]; ok {
		return a.Title
	}
	for _, t := range b.topics {
		if t.ID == id {
			return t.Title
		}
	}
	return id
}

// TopicList returns the covered topics as chat text in lang (en, fr or
// de; a language name such as "français" or "Deutsch" works too; anything
// else gives English), with the date each article was last reviewed when
// reviewed is set (for the security team). Anyone may call it; it cannot
// fail.
func (b *Base) TopicList(lang string, reviewed bool) string {
	lang = langCode(lang)
	m := phrasesFor(lang)
	var sb strings.Builder
	sb.WriteString(m.topicsHeader + "\n")
	for _, t := range b.topics {
		sb.WriteString("• " + b.title(t.ID, lang))
		if a, ok := b.articles[key{t.ID, lang}]; ok && reviewed {
			sb.WriteString(" (" + fmt.Sprintf(m.reviewedOn, a.Reviewed) + ")")
		}
		sb.WriteString("\n")
	}
	sb.WriteString("\n" + m.topicsFooter)
	return sb.String()
}

// langCode maps a language code or name to en, fr or de (default en).
func langCode(s string) string {
	switch strings.Join(classifier.Tokens(s), " ") {
	case "fr", "french", "francais", "fra":
		return "fr"
	case "de", "german", "deutsch", "allemand", "deu", "ger":
		return "de"
	}
	return "en"
}

package knowledge

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"vigil/bot"
	"vigil/knowledge/classifier"
)

// maxQuestionRunes bounds the work done for one question; longer text is
// cut (the start of a message carries its topic).
const maxQuestionRunes = 600

// maxResults is how many ranked topics a lookup returns.
const maxResults = 3

// Base is the loaded knowledge base: articles, and the models learned
// from them and from the example bank. It is safe for concurrent use. It
// implements bot.Guidance.
type Base struct {
	topics   []Topic
	articles map[key]*Article
	models   *models

	rendered      sync.Map     // rendered article answers (see fitCached)
	renderedCount atomic.Int64 // entries stored in rendered
}

var _ bot.Guidance = (*Base)(nil)

// newBase learns the models from the articles and the example bank.
func newBase(topics []Topic, articles map[key]*Article, examples []Example) *Base {
	ids := make([]string, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	return &Base{topics: topics, articles: articles, models: trainModels(ids, trainingTexts(articles, examples))}
}

// Topics returns the covered topics in the order of the topic list.
func (b *Base) Topics() []Topic {
	return append([]Topic(nil), b.topics...)
}

// Article returns the article for a topic in a language, if any.
func (b *Base) Article(id, lang string) (*Article, bool) {
	a, ok := b.articles[key{id, lang}]
	return a, ok
}

// lookupResult is what the knowledge base made of a message.
type lookupResult struct {
	question string
	lang     string
	kind     bot.Intent
	decision decision
	results  []bot.Result // the answer's topic and runners-up, or the suggestions
}

// langMinP is the language model's probability under which a message is
// taken to be in the language hint (the user's last language), if any:
// very short or mixed messages ("ok", "Voice of Europe?") say little
// about their language.
const langMinP = 0.8

// A message of at most shortWords words ("ok", "merci", "Voice of
// Europe?") takes the language hint unless the language model is at least
// shortLangMinP sure.
const (
	shortWords    = 3
	shortLangMinP = 0.97
)

// lookup reads a message with the learned models and decides what to do:
// answer, suggest topics, reply to small talk, or say that it is outside
// the guidance. langHint is the user's last language ("" if unknown).
func (b *Base) lookup(ctx context.Context, question, langHint string) (lookupResult, error) {
	if err := ctx.Err(); err != nil {
		return lookupResult{}, fmt.Errorf("looking up guidance: %w", err)
	}
	q := strings.TrimSpace(question)
	if utf8.RuneCountInString(q) > maxQuestionRunes {
		q = string([]rune(q)[:maxQuestionRunes])
	}
	if !strings.ContainsFunc(q, unicode.IsLetter) {
		// Nothing to read: an empty message, a stray number ("2" after a
		// confident answer), punctuation or emoji.
		return lookupResult{question: question, lang: langCode(langHint), kind: bot.IntentQuestion}, nil
	}
	rd := b.models.read(q)
	r := lookupResult{question: question, lang: rd.lang, kind: rd.kind, decision: decide(rd, chosenThresholds)}
	if knownLang(langHint) && (rd.langP < langMinP || len(classifier.Tokens(q)) <= shortWords && rd.langP < shortLangMinP) {
		r.lang = langHint
	}
	r.results = b.resultsFor(r.lang, r.decision.topics)
	return r, nil
}

// resultsFor turns scored topics into results in lang.
func (b *Base) resultsFor(lang string, topics []scored) []bot.Result {
	out := make([]bot.Result, 0, len(topics))
	for _, t := range topics {
		if a, ok := b.articles[key{t.id, lang}]; ok {
			out = append(out, bot.Result{ID: t.id, Lang: lang, Title: a.Title, Score: t.p})
		}
	}
	return out
}

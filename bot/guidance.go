package bot

import "context"

// Intent is what a free-text message seems to want.
type Intent string

// Intents recognised in questions.
const (
	IntentQuestion Intent = "question" // looking for guidance
	IntentReport   Intent = "report"   // describing something that happened to them
)

// Guidance answers staff questions from the knowledge base.
type Guidance interface {
	// Answer finds guidance for a question in the language it was asked.
	Answer(ctx context.Context, question string) (Answer, error)
	// TopicList returns the list of covered topics as chat text in lang
	// (en, fr or de; other values fall back to English).
	TopicList(lang string) string
}

// Answer is the knowledge base's response to one question.
type Answer struct {
	Question  string
	Lang      string // detected language: en, fr or de
	Intent    Intent
	Confident bool     // false when nothing matched well enough
	Results   []Result // best first; empty when out of scope
	Text      string   // the chat reply, rendered in Lang
}

// Result is one matching guidance article.
type Result struct {
	ID    string  // topic id
	Lang  string  // article language
	Title string  // article title
	Score float64 // relevance, higher is better
}

package bot

import "context"

// Intent is what a free-text message seems to want.
type Intent string

// Intents recognised in messages.
const (
	IntentQuestion Intent = "question" // looking for guidance
	IntentIncident Intent = "incident" // tells of something that happened to them
	IntentReport   Intent = "report"   // wants to report something that happened
)

// Guidance answers staff questions from the knowledge base.
type Guidance interface {
	// Answer finds guidance for a message. lang is the language the user
	// last used ("" if unknown): the answer's language when the message
	// itself is too short to tell.
	Answer(ctx context.Context, question, lang string) (Answer, error)
	// Topic returns the answer for one topic in lang, as if asked about
	// it (a suggestion the user chose); false for an unknown topic.
	Topic(id, lang string) (Answer, bool)
	// TopicList returns the list of covered topics as chat text in lang
	// (en, fr or de; other values fall back to English), with the date each
	// article was last reviewed when reviewed is set.
	TopicList(lang string, reviewed bool) string
}

// Answer is the knowledge base's response to one message.
type Answer struct {
	Question string
	Lang     string // the answer's language: en, fr or de
	Intent   Intent
	// Confident is true when Results[0] is the answer. When it is false,
	// Results holds the topics the message may be about (the user picks
	// one by number), or nothing when it is outside the guidance.
	Confident bool
	Results   []Result
	// OfferReport is true when the message tells of an incident or asks to
	// report one; Category is then the report category guessed from the
	// topic ("" when none fits).
	OfferReport bool
	Category    Category
	Text        string // the chat reply, rendered in Lang
}

// Result is one matching guidance article.
type Result struct {
	ID    string  // topic id
	Lang  string  // article language
	Title string  // article title
	Score float64 // relevance: the model's probability
}

package knowledge

import (
	"context"

	"vigil/bot"
)

// Answer finds guidance for a question in the language it was asked and
// renders the chat reply. Anyone may call it. When nothing matches well
// enough the answer is not confident, has no results, and its text says
// so honestly. It fails only when ctx is done or the index fails.
func (b *Base) Answer(ctx context.Context, question string) (bot.Answer, error) {
	r, err := b.lookup(ctx, question)
	if err != nil {
		return bot.Answer{}, err
	}
	return bot.Answer{
		Question:  question,
		Lang:      r.lang,
		Intent:    r.intent,
		Confident: r.confident,
		Results:   r.results,
		Text:      b.renderAnswer(r),
	}, nil
}

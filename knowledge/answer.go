package knowledge

import (
	"context"

	"vigil/bot"
)

// Answer reads a message and renders the chat reply: the article of a
// clear topic, the closest topics when none is clear, a short reply to
// small talk, or an honest "no guidance" outside the guidance; with an
// offer to report (category guessed) when the message tells of an
// incident. langHint is the user's last language, used when the message
// is too short to tell. Anyone may call it. It fails only when ctx is
// done.
func (b *Base) Answer(ctx context.Context, question, langHint string) (bot.Answer, error) {
	r, err := b.lookup(ctx, question, langHint)
	if err != nil {
		return bot.Answer{}, err
	}
	a := bot.Answer{
		Question:    question,
		Lang:        r.lang,
		Intent:      r.kind,
		Confident:   r.decision.confident,
		Results:     r.results,
		OfferReport: r.decision.flag,
		Text:        b.renderAnswer(r),
	}
	if a.OfferReport && a.Confident {
		a.Category = topicCategory[r.results[0].ID]
	}
	return a, nil
}

// Topic returns the answer for one topic in lang (a suggestion the user
// picked). Anyone may call it; it is false for an unknown topic.
func (b *Base) Topic(id, lang string) (bot.Answer, bool) {
	lang = langCode(lang)
	a, ok := b.articles[key{id, lang}]
	if !ok {
		return bot.Answer{}, false
	}
	r := lookupResult{question: a.Title, lang: lang, kind: bot.IntentQuestion,
		decision: decision{confident: true, topics: []scored{{id: id, p: 1}}},
		results:  []bot.Result{{ID: id, Lang: lang, Title: a.Title, Score: 1}}}
	return bot.Answer{Question: a.Title, Lang: lang, Intent: bot.IntentQuestion, Confident: true,
		Results: r.results, Text: b.renderAnswer(r)}, true
}

// topicCategory is the report category each built-in topic suggests when
// a message about it tells of an incident. Topics about reporting itself,
// the EU's response or the aftermath have none: the reporter chooses.
var topicCategory = map[string]bot.Category{
	"recognising-interference":                       bot.CategoryOther,
	"offers-of-payment":                              bot.CategoryPayment,
	"gifts-and-hospitality":                          bot.CategoryGift,
	"sponsored-travel":                               bot.CategoryTravel,
	"diplomats-and-intelligence-officers":            bot.CategoryDiplomat,
	"online-approaches-and-fake-recruiters":          bot.CategoryOnline,
	"staff-placement-and-insider-risk":               bot.CategoryOther,
	"disinformation-narratives":                      bot.CategoryDisinformation,
	"disinformation-for-hire":                        bot.CategoryDisinformation,
	"deepfakes-and-impersonation":                    bot.CategoryDisinformation,
	"phishing-and-account-security":                  bot.CategoryCyber,
	"cyberattacks-after-public-stances":              bot.CategoryCyber,
	"devices-and-apps":                               bot.CategoryCyber,
	"travel-security":                                bot.CategoryTravel,
	"covert-funding-and-donations":                   bot.CategoryPayment,
	"election-period-risks":                          bot.CategoryDisinformation,
	"social-media-manipulation":                      bot.CategoryDisinformation,
	"front-media-and-think-tanks":                    bot.CategoryPayment,
	"pressure-threats-and-blackmail":                 bot.CategoryPressure,
	"strategic-infrastructure-and-economic-leverage": bot.CategoryOther,
}

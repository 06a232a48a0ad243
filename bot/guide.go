package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// guide answers questions from the guidance and remembers, for a while,
// what each user's last answer suggested.
type guide struct {
	*env
	guidance Guidance // nil until a knowledge base is loaded
	recent   *recentAnswers
}

func (g *guide) commands() []command {
	return []command{{name: "ask", listed: true, run: g.ask}, {name: "topics", listed: true, run: g.topics}}
}

// ask answers a question with the guidance, in the language of the
// question (or the user's last language when it is too short to tell).
func (g *guide) ask(ctx context.Context, r request) []Outgoing {
	x := g.lang(r.msg.Sender)
	if r.args == "" {
		return say(r.msg, true, x.askEmpty)
	}
	if g.guidance == nil {
		return say(r.msg, false, x.noGuidance)
	}
	a, err := g.guidance.Answer(ctx, r.args, g.langs.lang(r.msg.Sender.Key()))
	if err != nil {
		g.log.Error("guidance failed", "err", err)
		return say(r.msg, false, x.guidanceDown)
	}
	g.langs.remember(r.msg.Sender.Key(), a.Lang)
	g.recent.remember(r.msg.Sender.Key(), a, g.now())
	out := say(r.msg, false, a.Text)
	if !a.Confident {
		for i, res := range a.Results {
			n := strconv.Itoa(i + 1)
			out[0].Reply.Choices = append(out[0].Reply.Choices, Choice{Label: n + ". " + res.Title, Reply: n})
		}
	}
	return out
}

// topics lists the guidance topics; the security team also sees when each
// article was last reviewed.
func (g *guide) topics(ctx context.Context, r request) []Outgoing {
	if g.guidance == nil {
		return say(r.msg, true, g.lang(r.msg.Sender).noTopics)
	}
	if g.isTeam(ctx, r.msg.Sender) {
		return say(r.msg, true, g.guidance.TopicList(r.args, true)) // the review dates are for the team
	}
	return say(r.msg, false, g.guidance.TopicList(r.args, false))
}

// pickSuggestion answers a bare number that picks one of the topics the
// sender's last answer suggested. ok is false when the message is not
// such a pick.
func (g *guide) pickSuggestion(msg Message) (out []Outgoing, ok bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(msg.Text), "."))
	if err != nil || g.guidance == nil {
		return nil, false
	}
	last, ok := g.recent.get(msg.Sender.Key(), g.now())
	if !ok || len(last.suggestions) == 0 {
		return nil, false
	}
	if n < 1 || n > len(last.suggestions) {
		return say(msg, true, fmt.Sprintf(tr(last.lang).numberRange, len(last.suggestions))), true
	}
	a, ok := g.guidance.Topic(last.suggestions[n-1], last.lang)
	if !ok {
		return nil, false
	}
	return say(msg, false, a.Text), true
}

// guessedReport is the prefill of a report the sender's last answer
// offered: its guessed category, if any. The guess is used once.
func (g *guide) guessedReport(u User) Report {
	last, ok := g.recent.get(u.Key(), g.now())
	if !ok {
		return Report{}
	}
	g.recent.forgetCategory(u.Key())
	return Report{Category: last.category}
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"vigil/awareness"
)

// practice gives staff short awareness scenarios: a situation from one of
// the guidance topics with numbered choices, answered by number (buttons
// where the adapter has them), then feedback that links the topic. It
// keeps each staffer's progress (topics done, right first time) under a
// keyed hash, and prefers topics not yet done.
type practice struct {
	*env
	store ScenarioStore  // nil when the deployment keeps no progress
	set   *awareness.Set // nil when no scenarios are loaded
	guide *guide         // whose number suggestions compete for a bare number
}

// commands are `scenario`, `practice` and the French and German words
// (exercice, Übung), which give the scenario in their language, and the
// team's `scenarios`, the aggregate practice.
func (p *practice) commands() []command {
	cmds := []command{{name: "scenario", listed: true, run: p.giveIn("")}, {name: "practice", run: p.giveIn("")},
		{name: "scenarios", listed: true, team: true, run: p.stats}}
	for _, lang := range spoken {
		for _, w := range catalogue[lang].outreachWords.scenario {
			cmds = append(cmds, command{name: w, run: p.giveIn(lang)})
		}
	}
	return cmds
}

// giveIn returns the command that gives the sender a scenario in lang (""
// for the sender's latest language). Followed by more text the word opens
// a question for the guidance instead ("practice of gifts in Brussels?").
func (p *practice) giveIn(lang string) func(ctx context.Context, r request) []Outgoing {
	return func(ctx context.Context, r request) []Outgoing {
		if r.args != "" {
			r.name, r.args = "ask", r.msg.Text
			return p.guide.ask(ctx, r)
		}
		if lang == "" {
			lang = p.langs.lang(r.msg.Sender.Key())
		} else {
			p.langs.remember(r.msg.Sender.Key(), lang)
		}
		x := tr(lang)
		if p.store == nil || p.set == nil {
			return say(r.msg, true, x.outreachOff)
		}
		done, _, _, err := p.store.ScenarioProgress(ctx, r.msg.Sender)
		if err != nil {
			p.log.Error("scenario progress not read", "err", err)
			return say(r.msg, true, x.storageTrouble)
		}
		sc := p.set.Pick(x.code, done)
		if err := p.store.ScenarioAsked(ctx, r.msg.Sender, sc.ID, sc.Lang, p.now().UTC()); err != nil {
			p.log.Error("scenario not recorded", "err", err)
			return say(r.msg, true, x.storageTrouble)
		}
		return []Outgoing{{To: r.msg.ReplyAddress(), Reply: scenarioMessage(sc, x.scenarioIntro)}}
	}
}

// scenarioMessage is a scenario as sent: intro (a format taking the topic's
// title), the situation and the numbered choices, how to answer, and a
// button per choice.
func scenarioMessage(sc awareness.Scenario, intro string) Reply {
	x := tr(sc.Lang)
	return Reply{Text: fmt.Sprintf(intro, sc.Title) + "\n\n" + sc.Text() + "\n\n" + x.scenarioHow, Private: true,
		Choices: scenarioChoices(sc)}
}

// scenarioChoices are a scenario's buttons, one per choice.
func scenarioChoices(sc awareness.Scenario) []Choice {
	out := make([]Choice, len(sc.Choices))
	for i, c := range sc.Choices {
		n := strconv.Itoa(i + 1)
		out[i] = Choice{Label: n + ". " + c, Reply: n}
	}
	return out
}

// answer judges a bare number sent by someone who was given a scenario and
// has not answered it. ok is false when the message is not such an answer
// (not a number, no scenario waiting, or a guidance answer offered topics
// by number since the scenario was given).
func (p *practice) answer(ctx context.Context, msg Message) (out []Outgoing, ok bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(msg.Text), "."))
	if err != nil || p.store == nil || p.set == nil {
		return nil, false
	}
	pending, err := p.store.PendingScenario(ctx, msg.Sender)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, false
	case err != nil:
		p.log.Error("pending scenario not read", "err", err)
		return nil, false
	}
	if last, ok := p.guide.recent.get(msg.Sender.Key(), p.now()); ok && len(last.suggestions) > 0 && last.at.After(pending.AskedAt) {
		return nil, false
	}
	sc, found := p.set.Lookup(pending.ScenarioID, pending.Lang)
	if !found {
		return nil, false // an operator removed it since
	}
	x := tr(sc.Lang)
	right, feedback := p.set.Judge(sc.ID, sc.Lang, n)
	if feedback == "" {
		return say(msg, true, fmt.Sprintf(x.numberRange, len(sc.Choices))), true
	}
	if err := p.store.ScenarioAnswered(ctx, msg.Sender, sc.ID, sc.Topic, right, p.now().UTC()); err != nil {
		p.log.Error("scenario answer not recorded", "err", err)
		return say(msg, true, feedback+"\n\n"+x.storageTrouble), true
	}
	return say(msg, true, feedback+"\n\n"+p.progress(ctx, msg.Sender, x)), true
}

// progress tells u how far they are: topics practised, answers right
// first time, and how to go on.
func (p *practice) progress(ctx context.Context, u User, x *texts) string {
	done, answered, right, err := p.store.ScenarioProgress(ctx, u)
	if err != nil {
		p.log.Error("scenario progress not read", "err", err)
		return x.scenarioNext
	}
	topics := p.set.Topics()
	practised := 0
	for _, t := range topics {
		if done[t] {
			practised++
		}
	}
	return fmt.Sprintf(x.scenarioProgress, practised, len(topics), right, answered) + " " + x.scenarioNext
}

// minPractice is how many people must have answered before their answers
// are shown to the team, in all or for a topic: fewer could be told apart.
const minPractice = 5

// stats answers the team's `scenarios [period]` (default 90 days): how
// many people practised and the share right first time, in all and per
// topic, each only when at least minPractice people answered. No one's
// answers are shown.
func (p *practice) stats(ctx context.Context, r request) []Outgoing {
	x := p.lang(r.msg.Sender)
	if p.store == nil || p.set == nil {
		return say(r.msg, true, x.outreachOff)
	}
	period := r.args
	if period == "" {
		period = "90d"
	}
	since, ok := ParseSince(period, p.now())
	if !ok {
		return say(r.msg, true, fmt.Sprintf(x.statsPeriod, period))
	}
	topics, all, err := p.store.ScenarioStats(ctx, since)
	if err != nil {
		p.log.Error("practice not counted", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	p.audit(ctx, r.msg.Sender, "scenarios", period, "ok")
	if all.People < minPractice {
		return say(r.msg, true, fmt.Sprintf(x.practiceTooFew, x.date(since), minPractice))
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, x.practiceHeader, x.date(since), all.People, all.Answers, percent(all.Right, all.Answers))
	hidden := 0
	for _, t := range topics {
		if t.People < minPractice {
			hidden++
			continue
		}
		title := t.Topic
		if scs := p.set.List(t.Topic, x.code); len(scs) > 0 {
			title = scs[0].Title
		}
		sb.WriteString("\n• " + fmt.Sprintf(x.practiceTopic, title, t.People, percent(t.Right, t.Answers)))
	}
	if hidden > 0 {
		sb.WriteString("\n" + fmt.Sprintf(x.practiceHidden, hidden, minPractice))
	}
	return say(r.msg, true, sb.String())
}

// percent is n of total in whole per cent.
func percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return (100*n + total/2) / total
}

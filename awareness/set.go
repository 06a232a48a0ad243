package awareness

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Scenario is one awareness scenario in one language.
type Scenario struct {
	ID        string   // the scenario id, the same in every language
	Topic     string   // the guidance topic id
	Lang      string   // en, fr or de
	Title     string   // the guidance topic's title in Lang
	Situation string   // the situation, one paragraph of plain text
	Choices   []string // three or four choices; choice n is Choices[n-1]
	Right     int      // the number of the right choice, from 1
	Feedback  string   // why the right choice is right; paragraphs separated by a blank line
	File      string   // where it was read from
}

// Text returns the scenario as a chat message: the situation, then the
// numbered choices. The chat core adds how to answer.
func (sc Scenario) Text() string {
	var sb strings.Builder
	sb.WriteString(sc.Situation + "\n")
	for i, c := range sc.Choices {
		sb.WriteString("\n" + strconv.Itoa(i+1) + ". " + c)
	}
	return sb.String()
}

// clone returns a copy that shares no slice with sc.
func (sc Scenario) clone() Scenario {
	sc.Choices = slices.Clone(sc.Choices)
	return sc
}

// key identifies a scenario in one language.
type key struct{ id, lang string }

// topicLang identifies a scenario file: a topic in one language.
type topicLang struct{ topic, lang string }

// Set is a validated collection of scenarios: every topic in every
// language. It is safe for concurrent use.
type Set struct {
	topics  []string                  // topic ids, sorted
	byTopic map[topicLang][]*Scenario // in file order
	byID    map[key]*Scenario

	mu  *sync.Mutex // guards rnd
	rnd *rand.Rand  // nil: the package's random source
}

// newSet indexes validated files.
func newSet(files map[topicLang]*file) *Set {
	s := &Set{byTopic: map[topicLang][]*Scenario{}, byID: map[key]*Scenario{}, mu: &sync.Mutex{}}
	for tl, f := range files {
		if !slices.Contains(s.topics, tl.topic) {
			s.topics = append(s.topics, tl.topic)
		}
		for i := range f.scenarios {
			sc := &f.scenarios[i]
			s.byTopic[tl] = append(s.byTopic[tl], sc)
			s.byID[key{sc.ID, sc.Lang}] = sc
		}
	}
	slices.Sort(s.topics)
	return s
}

// WithSource returns a Set with the same scenarios whose Pick draws from
// src, so that a given source gives the same sequence of picks. The
// returned Set serialises its use of src; s is unchanged.
func (s *Set) WithSource(src rand.Source) *Set {
	c := *s
	c.mu, c.rnd = &sync.Mutex{}, rand.New(src)
	return &c
}

// Topics returns the topic ids, sorted.
func (s *Set) Topics() []string { return slices.Clone(s.topics) }

// Languages returns the languages every scenario is written in: en, fr, de.
func (s *Set) Languages() []string { return slices.Clone(languages) }

// List returns the scenarios of a topic in lang, in file order; nil for an
// unknown topic or language.
func (s *Set) List(topic, lang string) []Scenario {
	var out []Scenario
	for _, sc := range s.byTopic[topicLang{topic, lang}] {
		out = append(out, sc.clone())
	}
	return out
}

// Lookup returns scenario id in lang (English when lang is not one of
// Languages); false when there is no such scenario.
func (s *Set) Lookup(id, lang string) (Scenario, bool) {
	sc, ok := s.byID[key{id, s.lang(lang)}]
	if !ok {
		return Scenario{}, false
	}
	return sc.clone(), true
}

// lang returns lang if the set has it, else English.
func (s *Set) lang(lang string) string {
	if slices.Contains(languages, lang) {
		return lang
	}
	return "en"
}

// Pick returns a scenario in lang (English when lang is not one of
// Languages) for someone who has done what done holds: topic ids and
// scenario ids. It prefers a topic not in done, and within a topic a
// scenario not in done; in turn: an undone topic's undone scenario, any
// scenario of an undone topic, an undone scenario of any topic, any
// scenario. Within that preference the topic, then the scenario, is drawn
// at random, from the source given to WithSource if any. An empty Set
// returns the zero Scenario.
func (s *Set) Pick(lang string, done map[string]bool) Scenario {
	lang = s.lang(lang)
	fresh := func(sc *Scenario) bool { return !done[sc.ID] }
	all := func(*Scenario) bool { return true }
	undoneTopic := func(t string) bool { return !done[t] }
	anyTopic := func(string) bool { return true }
	tiers := []struct {
		topic func(string) bool
		sc    func(*Scenario) bool
	}{
		{undoneTopic, fresh},
		{undoneTopic, all},
		{anyTopic, fresh},
		{anyTopic, all},
	}
	for _, tier := range tiers {
		cands := map[string][]*Scenario{}
		var topics []string
		for _, t := range s.topics {
			if !tier.topic(t) {
				continue
			}
			for _, sc := range s.byTopic[topicLang{t, lang}] {
				if tier.sc(sc) {
					cands[t] = append(cands[t], sc)
				}
			}
			if len(cands[t]) > 0 {
				topics = append(topics, t)
			}
		}
		if len(topics) == 0 {
			continue
		}
		scs := cands[topics[s.intN(len(topics))]]
		return scs[s.intN(len(scs))].clone()
	}
	return Scenario{}
}

// intN returns a random number in [0, n).
func (s *Set) intN(n int) int {
	if s.rnd == nil {
		return rand.IntN(n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rnd.IntN(n)
}

// Judge tells whether choice (from 1) is the right answer to scenario id
// and returns the feedback to show in lang (English when lang is not one
// of Languages): whether it was right (and if not, which choice was), the
// scenario's explanation, and the command that opens the guidance topic.
// For an unknown scenario or a number that is not one of its choices it
// returns false and an empty feedback, so that the caller can ask again.
func (s *Set) Judge(id, lang string, choice int) (right bool, feedback string) {
	sc, ok := s.byID[key{id, s.lang(lang)}]
	if !ok || choice < 1 || choice > len(sc.Choices) {
		return false, ""
	}
	m := messages[sc.Lang]
	verdict := m.right
	if choice != sc.Right {
		verdict = fmt.Sprintf(m.wrong, sc.Right, sc.Choices[sc.Right-1])
	}
	return choice == sc.Right, verdict + "\n\n" + sc.Feedback + "\n\n" + fmt.Sprintf(m.guidance, sc.Title)
}

package knowledge

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"vigil/bot"

	"gopkg.in/yaml.v3"
)

// Example is one message of the example bank: something staff might
// write, labelled with its topic, language and kind. The topic and intent
// models learn from the bank (and from the articles).
type Example struct {
	Text  string
	Topic string // a topic id, or outOfScope or smallTalk
	Lang  string
	Kind  bot.Intent
	Also  []string // other topics that would be as right a first answer
	File  string   // where it was read from (for error messages)
}

// Reserved topic ids of the example bank: messages outside the guidance,
// and greetings, thanks and other small talk.
const (
	outOfScope = "out-of-scope"
	smallTalk  = "small-talk"
)

// exampleFront is the front matter of an example file.
type exampleFront struct {
	Topic string `yaml:"topic"`
	Lang  string `yaml:"lang"`
}

// plainExampleFront reads the front matter most example files have, the
// two lines "topic: <id>" and "lang: <code>" with plain lower-case
// values, as YAML would, without a YAML parser (which took a tenth of
// start-up with 1,300 files). ok is false for any other front matter.
func plainExampleFront(front []byte) (f exampleFront, ok bool) {
	plain := func(line, key string) (string, bool) {
		v, ok := strings.CutPrefix(line, key+": ")
		if !ok || v == "" {
			return "", false
		}
		for _, c := range v {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
				return "", false
			}
		}
		return v, true
	}
	topicLine, langLine, ok := strings.Cut(string(front), "\n")
	if !ok {
		return f, false
	}
	if f.Topic, ok = plain(topicLine, "topic"); !ok {
		return f, false
	}
	f.Lang, ok = plain(strings.TrimSuffix(langLine, "\n"), "lang")
	return f, ok
}

// isExampleFile reports whether a Markdown file is an example-bank file
// (its front matter has a top-level topic field) rather than an article.
// It reads the lines rather than the YAML: the front matter is parsed
// once, by parseExamples or parseArticle.
func isExampleFile(data []byte) bool {
	front, _, err := splitFrontMatter(data)
	if err != nil {
		return false
	}
	for line := range bytes.Lines(front) {
		if bytes.HasPrefix(line, []byte("topic:")) {
			return true
		}
	}
	return false
}

// splitFrontMatter separates the YAML front matter between "---" lines
// from the Markdown body.
func splitFrontMatter(data []byte) (front, body []byte, err error) {
	if bytes.Contains(data, []byte("\r\n")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, nil, errNoFrontMatter
	}
	front, body, ok = bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		front, ok = bytes.CutSuffix(rest, []byte("\n---"))
		if !ok {
			return nil, nil, errors.New("front matter is not closed by a line \"---\"")
		}
		body = nil
	}
	return front, body, nil
}

// cutAlso separates a message from a closing "[also: id, id]" that names
// other topics any of which would be as right a first answer (the models
// learn the file's topic; cross-validation counts these as right too).
func cutAlso(line string, topics map[string]bool) (string, []string, error) {
	body, ok := strings.CutSuffix(line, "]")
	if !ok {
		return line, nil, nil
	}
	i := strings.LastIndex(body, "[also:")
	if i < 0 {
		return line, nil, nil
	}
	var also []string
	for id := range strings.SplitSeq(body[i+len("[also:"):], ",") {
		id = strings.TrimSpace(id)
		if !topics[id] {
			return "", nil, fmt.Errorf("[also: %s] is not a known topic id", id)
		}
		also = append(also, id)
	}
	return strings.TrimSpace(body[:i]), also, nil
}

// parseExamples reads an example file: front matter with the topic and
// language, then sections "## question", "## incident" and "## report"
// holding one message per "- " line, which may end with "[also: ...]"
// (cutAlso). topics holds the known topic ids.
func parseExamples(data []byte, topics map[string]bool) ([]Example, error) {
	front, body, err := splitFrontMatter(data)
	if err != nil {
		return nil, err
	}
	f, plain := plainExampleFront(front)
	if !plain {
		dec := yaml.NewDecoder(bytes.NewReader(front))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("front matter: %w", err)
		}
	}
	switch {
	case f.Topic == "":
		return nil, errors.New("missing required field \"topic\"")
	case !topics[f.Topic] && f.Topic != outOfScope && f.Topic != smallTalk:
		return nil, fmt.Errorf("topic %q is not a known topic id (nor %s or %s)", f.Topic, outOfScope, smallTalk)
	case !knownLang(f.Lang):
		return nil, fmt.Errorf("unknown language %q (want en, fr or de)", f.Lang)
	}
	var (
		out  []Example
		kind bot.Intent
	)
	n := 0
	for raw := range strings.Lines(string(body)) { // one copy of the body; the messages share it
		n++
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
		case strings.HasPrefix(line, "## "):
			kind = bot.Intent(strings.ToLower(strings.TrimSpace(line[3:])))
			if kind != bot.IntentQuestion && kind != bot.IntentIncident && kind != bot.IntentReport {
				return nil, fmt.Errorf("body line %d: section %q is not one of question, incident, report", n, kind)
			}
		case strings.HasPrefix(line, "- "):
			if kind == "" {
				return nil, fmt.Errorf("body line %d: message before the first section", n)
			}
			text, also, err := cutAlso(strings.TrimSpace(line[2:]), topics)
			if err != nil {
				return nil, fmt.Errorf("body line %d: %w", n, err)
			}
			if text != "" {
				out = append(out, Example{Text: text, Topic: f.Topic, Lang: f.Lang, Kind: kind, Also: also})
			}
		default:
			return nil, fmt.Errorf("body line %d: expected a section heading or a \"- \" message", n)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no messages")
	}
	return out, nil
}

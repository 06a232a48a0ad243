package awareness

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Limits on a scenario's parts, in characters, so that it fits a chat
// message.
const (
	minChoices   = 3
	maxChoices   = 4
	maxSituation = 700
	maxChoice    = 300
	maxFeedback  = 1000
)

// file is one parsed scenario file: the scenarios of a topic in one
// language.
type file struct {
	Topic    string `yaml:"topic"`
	Lang     string `yaml:"lang"`
	Title    string `yaml:"title"`
	Reviewed string `yaml:"reviewed"`

	name      string // where it was read from, for errors
	scenarios []Scenario
}

// languages are the languages every topic is written in, in display order.
var languages = []string{"en", "fr", "de"}

// answerLine matches a file's answer line, per language. French typography
// puts a (possibly non-breaking) space before the colon.
var answerLine = map[string]*regexp.Regexp{
	"en": regexp.MustCompile(`(?i)^answer[ \x{00A0}\x{202F}]*:[ \x{00A0}\x{202F}]*(.*)$`),
	"fr": regexp.MustCompile(`(?i)^réponse[ \x{00A0}\x{202F}]*:[ \x{00A0}\x{202F}]*(.*)$`),
	"de": regexp.MustCompile(`(?i)^antwort[ \x{00A0}\x{202F}]*:[ \x{00A0}\x{202F}]*(.*)$`),
}

// answerExample is the answer line as the error messages show it.
var answerExample = map[string]string{"en": "Answer: N", "fr": "Réponse : N", "de": "Antwort: N"}

// idPattern is the shape of topic and scenario ids.
var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// lineError is a problem at a line of a file (line 0: the whole file).
type lineError struct {
	file string
	line int
	msg  string
	err  error
}

func (e *lineError) Error() string {
	var sb strings.Builder
	sb.WriteString(e.file)
	if e.line > 0 {
		sb.WriteString(":" + strconv.Itoa(e.line))
	}
	sb.WriteString(": " + e.msg)
	if e.err != nil {
		sb.WriteString(": " + e.err.Error())
	}
	return sb.String()
}

func (e *lineError) Unwrap() error { return e.err }

// parseFile reads a scenario file. name is used in errors. It returns
// every problem found in the file, joined; a file with problems in its
// front matter is not read further.
func parseFile(name string, data []byte) (*file, error) {
	if !utf8.Valid(data) {
		return nil, &lineError{file: name, msg: "not UTF-8 text"}
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	front, body, bodyLine, err := splitFrontMatter(text)
	if err != nil {
		return nil, &lineError{file: name, msg: err.Error()}
	}
	f := &file{name: name}
	dec := yaml.NewDecoder(strings.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil {
		return nil, &lineError{file: name, msg: "front matter", err: err}
	}
	if err := f.checkFront(); err != nil {
		return nil, err
	}
	p := parser{f: f, answer: answerLine[f.Lang]}
	for i, line := range strings.Split(body, "\n") {
		p.line(bodyLine+i, strings.TrimSpace(line))
	}
	p.finish()
	if len(f.scenarios) == 0 && len(p.errs) == 0 {
		p.errs = append(p.errs, &lineError{file: name, msg: "no scenarios (each starts with a heading \"## <scenario-id>\")"})
	}
	return f, errors.Join(p.errs...)
}

// splitFrontMatter returns the front matter, the body and the body's first
// line number.
func splitFrontMatter(text string) (front, body string, bodyLine int, err error) {
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return "", "", 0, errors.New("missing YAML front matter (the file must start with a line \"---\")")
	}
	end := strings.Index(rest, "\n---\n")
	switch {
	case strings.HasPrefix(rest, "---\n"):
		return "", "", 0, errors.New("empty front matter")
	case end < 0 && strings.HasSuffix(rest, "\n---"):
		end = len(rest) - len("\n---")
		return rest[:end], "", 0, nil
	case end < 0:
		return "", "", 0, errors.New("front matter is not closed by a line \"---\"")
	}
	front, body = rest[:end+1], rest[end+len("\n---\n"):]
	return front, body, strings.Count(front, "\n") + 3, nil
}

// checkFront checks the front matter fields.
func (f *file) checkFront() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, &lineError{file: f.name, msg: fmt.Sprintf(format, args...)})
	}
	for _, fld := range []struct{ name, value string }{
		{"topic", f.Topic}, {"lang", f.Lang}, {"title", f.Title}, {"reviewed", f.Reviewed},
	} {
		if strings.TrimSpace(fld.value) == "" {
			bad("missing required field %q", fld.name)
		}
	}
	if f.Topic != "" && !idPattern.MatchString(f.Topic) {
		bad("topic %q is not an id (lower-case letters, digits and hyphens)", f.Topic)
	}
	if f.Lang != "" && !slices.Contains(languages, f.Lang) {
		bad("unknown language %q (want en, fr or de)", f.Lang)
	}
	if f.Reviewed != "" {
		if _, err := time.Parse(time.DateOnly, f.Reviewed); err != nil {
			bad("reviewed %q is not a date like 2026-01-31", f.Reviewed)
		}
	}
	return errors.Join(errs...)
}

// parser reads a file's body line by line.
type parser struct {
	f      *file
	answer *regexp.Regexp
	errs   []error

	cur       *Scenario // the scenario being read, nil before the first heading
	curLine   int       // its heading's line
	state     int
	situation []string
	paragraph []string    // the feedback paragraph being read
	feedback  []string    // finished feedback paragraphs
	blank     bool        // the previous line was blank
	answered  bool        // the answer line was read
	numbered  bool        // and it held a number
	choiceAt  map[int]int // choice number -> line, for errors
}

// Where the parser is in a scenario block.
const (
	inSituation = iota
	inChoices
	inFeedback
)

func (p *parser) fail(line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.cur != nil {
		msg = "scenario " + p.cur.ID + ": " + msg
	}
	p.errs = append(p.errs, &lineError{file: p.f.name, line: line, msg: msg})
}

// line handles one trimmed line of the body.
func (p *parser) line(n int, line string) {
	defer func() { p.blank = line == "" }()
	if id, ok := strings.CutPrefix(line, "## "); ok {
		p.finish()
		p.start(n, strings.TrimSpace(id))
		return
	}
	if h := strings.TrimLeft(line, "#"); h != line && (h == "" || h[0] == ' ') {
		p.fail(n, "only level-2 headings (\"## <scenario-id>\") are allowed, got %q", clip(line))
		return
	}
	if p.cur == nil {
		if line != "" {
			p.fail(n, "text before the first scenario heading: %q", clip(line))
		}
		return
	}
	if line == "" {
		if p.state == inFeedback && len(p.paragraph) > 0 {
			p.feedback = append(p.feedback, strings.Join(p.paragraph, " "))
			p.paragraph = nil
		}
		return
	}
	if m := p.answer.FindStringSubmatch(line); m != nil {
		p.readAnswer(n, m[1])
		return
	}
	num, text, isChoice := cutNumber(line)
	switch p.state {
	case inSituation:
		if !isChoice {
			p.situation = append(p.situation, line)
			return
		}
		p.state = inChoices
		p.addChoice(n, num, text)
	case inChoices:
		switch {
		case isChoice:
			p.addChoice(n, num, text)
		case !p.blank && len(p.cur.Choices) > 0:
			p.cur.Choices[len(p.cur.Choices)-1] += " " + line
		default:
			p.fail(n, "expected a numbered choice or the line %q, got %q", answerExample[p.f.Lang], clip(line))
		}
	case inFeedback:
		p.paragraph = append(p.paragraph, line)
	}
}

// start begins a scenario block at its heading.
func (p *parser) start(n int, id string) {
	p.cur = &Scenario{ID: id, Topic: p.f.Topic, Lang: p.f.Lang, Title: p.f.Title, File: p.f.name}
	p.curLine, p.state = n, inSituation
	p.situation, p.paragraph, p.feedback = nil, nil, nil
	p.answered, p.numbered, p.choiceAt = false, false, map[int]int{}
	if !idPattern.MatchString(id) {
		p.fail(n, "the heading is not a scenario id (lower-case letters, digits and hyphens)")
	}
}

// addChoice appends choice number num.
func (p *parser) addChoice(n, num int, text string) {
	if want := len(p.cur.Choices) + 1; num != want {
		p.fail(n, "choice numbered %d, want %d (choices are numbered 1, 2, 3, 4 in order)", num, want)
	}
	p.choiceAt[len(p.cur.Choices)+1] = n
	p.cur.Choices = append(p.cur.Choices, text)
}

// readAnswer handles the answer line.
func (p *parser) readAnswer(n int, value string) {
	switch {
	case p.answered:
		p.fail(n, "a second answer line (is a \"## <scenario-id>\" heading missing above it?)")
		return
	case p.state == inSituation:
		p.fail(n, "answer line before any choice")
	}
	p.answered, p.state = true, inFeedback
	v, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil {
		p.fail(n, "answer %q is not a choice number", clip(value))
		return
	}
	p.cur.Right, p.numbered = v, true
}

// finish checks and stores the scenario being read, if any.
func (p *parser) finish() {
	sc := p.cur
	if sc == nil {
		return
	}
	if len(p.paragraph) > 0 {
		p.feedback = append(p.feedback, strings.Join(p.paragraph, " "))
	}
	sc.Situation = strings.Join(p.situation, " ")
	sc.Feedback = strings.Join(p.feedback, "\n\n")
	n := p.curLine
	switch {
	case sc.Situation == "":
		p.fail(n, "no situation text below the heading")
	case utf8.RuneCountInString(sc.Situation) > maxSituation:
		p.fail(n, "situation is %d characters, at most %d", utf8.RuneCountInString(sc.Situation), maxSituation)
	}
	if c := len(sc.Choices); c < minChoices || c > maxChoices {
		p.fail(n, "%d choices, want %d or %d", c, minChoices, maxChoices)
	}
	for i, c := range sc.Choices {
		switch {
		case c == "":
			p.fail(p.choiceAt[i+1], "choice %d is empty", i+1)
		case utf8.RuneCountInString(c) > maxChoice:
			p.fail(p.choiceAt[i+1], "choice %d is %d characters, at most %d", i+1, utf8.RuneCountInString(c), maxChoice)
		case slices.Index(sc.Choices, c) < i:
			p.fail(p.choiceAt[i+1], "choice %d repeats choice %d", i+1, slices.Index(sc.Choices, c)+1)
		}
	}
	switch {
	case !p.answered:
		p.fail(n, "missing the answer line %q after the choices", answerExample[p.f.Lang])
	case p.numbered && (sc.Right < 1 || sc.Right > len(sc.Choices)):
		p.fail(n, "answer %d is not one of the choices 1 to %d", sc.Right, len(sc.Choices))
	}
	switch {
	case p.answered && sc.Feedback == "":
		p.fail(n, "no feedback after the answer line")
	case utf8.RuneCountInString(sc.Feedback) > maxFeedback:
		p.fail(n, "feedback is %d characters, at most %d", utf8.RuneCountInString(sc.Feedback), maxFeedback)
	}
	for _, prev := range p.f.scenarios {
		if prev.ID == sc.ID {
			p.fail(n, "duplicate scenario id in this file")
		}
	}
	p.f.scenarios = append(p.f.scenarios, *sc)
	p.cur = nil
}

// cutNumber splits a Markdown ordered-list line ("2. text" or "2) text").
func cutNumber(line string) (int, string, bool) {
	i := 0
	for i < len(line) && i < 3 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i == 0 || i >= len(line) || (line[i] != '.' && line[i] != ')') {
		return 0, "", false
	}
	rest := line[i+1:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return 0, "", false
	}
	n, _ := strconv.Atoi(line[:i])
	return n, strings.TrimSpace(rest), true
}

// clip shortens s for an error message.
func clip(s string) string {
	r := []rune(s)
	if len(r) <= 40 {
		return s
	}
	return string(r[:40]) + "…"
}

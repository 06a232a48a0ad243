package knowledge

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Article is one guidance article: a topic in one language.
type Article struct {
	ID        string   `yaml:"id"`
	Lang      string   `yaml:"lang"`
	Title     string   `yaml:"title"`
	Summary   string   `yaml:"summary"`
	Keywords  []string `yaml:"keywords"`
	Questions []string `yaml:"questions"`
	Related   []string `yaml:"related"`
	Sources   []Source `yaml:"sources"`
	Reviewed  string   `yaml:"reviewed"`

	// Signs, Steps and Rules come from the Markdown body: the
	// "what it looks like" lines, the numbered "what to do" steps and the
	// "rules that apply" text.
	Signs []string `yaml:"-"`
	Steps []string `yaml:"-"`
	Rules string   `yaml:"-"`

	// File is where the article was read from (for error messages).
	File string `yaml:"-"`
}

// Source is a public reference cited by an article.
type Source struct {
	Title string `yaml:"title"`
	URL   string `yaml:"url"`
}

// Section kinds of an article body.
const (
	sectionSigns = "signs"
	sectionSteps = "steps"
	sectionRules = "rules"
)

// sectionHeadings maps each language's level-2 headings to section kinds.
var sectionHeadings = map[string]map[string]string{
	"en": {"what it looks like": sectionSigns, "what to do": sectionSteps, "rules that apply": sectionRules},
	"fr": {"à quoi cela ressemble": sectionSigns, "que faire": sectionSteps, "règles applicables": sectionRules},
	"de": {"woran man es erkennt": sectionSigns, "was tun": sectionSteps, "geltende regeln": sectionRules},
}

var errNoFrontMatter = errors.New("missing YAML front matter (the file must start with a line \"---\")")

// parseArticle reads an article file: YAML front matter between "---"
// lines, then the Markdown body. It checks the syntax and the body
// sections; validate checks the fields.
func parseArticle(data []byte) (*Article, error) {
	front, body, err := splitFrontMatter(data)
	if err != nil {
		return nil, err
	}
	var a Article
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	if err := a.parseBody(string(body)); err != nil {
		return nil, err
	}
	a.toPlainText()
	a.pack()
	return &a, nil
}

// pack copies the article's texts into one string and its lists into one
// array, so that a loaded article is a few blocks of memory rather than a
// hundred small ones scattered among the parser's garbage (which would
// keep partly used memory pages from being handed back).
func (a *Article) pack() {
	texts := []*string{&a.ID, &a.Lang, &a.Title, &a.Summary, &a.Reviewed, &a.Rules}
	lists := []*[]string{&a.Keywords, &a.Questions, &a.Related, &a.Signs, &a.Steps}
	items := 0
	for _, l := range lists {
		items += len(*l)
		for i := range *l {
			texts = append(texts, &(*l)[i])
		}
	}
	for i := range a.Sources {
		texts = append(texts, &a.Sources[i].Title, &a.Sources[i].URL)
	}
	var b strings.Builder
	for _, t := range texts {
		b.WriteString(*t)
	}
	all, at := b.String(), 0
	for _, t := range texts {
		*t, at = all[at:at+len(*t)], at+len(*t)
	}
	array := make([]string, 0, items)
	for _, l := range lists {
		from := len(array)
		array = append(array, *l...)
		if *l != nil {
			*l = array[from:len(array):len(array)]
		}
	}
	a.Sources = slices.Clone(a.Sources)
}

// toPlainText removes the little Markdown the displayed fields may use,
// once, so that answers are plain text (chat adapters escape it).
func (a *Article) toPlainText() {
	a.Title, a.Summary, a.Rules = plain(a.Title), plain(a.Summary), plain(a.Rules)
	for i := range a.Signs {
		a.Signs[i] = plain(a.Signs[i])
	}
	for i := range a.Steps {
		a.Steps[i] = plain(a.Steps[i])
	}
	for i := range a.Sources {
		a.Sources[i].Title = plain(a.Sources[i].Title)
	}
}

var (
	mdLink = regexp.MustCompile(`\[([^\]]+)\]\((https?://[^)\s]+)\)`)
	mdBold = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)
)

// plain turns Markdown links into "text (URL)" and drops bold markers.
// Backticks around commands stay, as in the rest of Vigil's replies.
func plain(s string) string {
	s = mdLink.ReplaceAllString(s, "$1 ($2)")
	s = mdBold.ReplaceAllString(s, "$1$2")
	return strings.TrimSpace(s)
}

// parseBody splits the Markdown body into its sections. The headings must
// be the ones of the article's language.
func (a *Article) parseBody(body string) error {
	headings, ok := sectionHeadings[a.Lang]
	if !ok {
		return fmt.Errorf("unknown language %q (want en, fr or de)", a.Lang)
	}
	var current string
	var rules []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if h, ok := strings.CutPrefix(line, "## "); ok {
			kind, known := headings[strings.ToLower(strings.TrimSpace(h))]
			if !known {
				return fmt.Errorf("unknown section heading %q for language %s", h, a.Lang)
			}
			if seen[kind] {
				return fmt.Errorf("section %q appears twice", h)
			}
			seen[kind], current = true, kind
			continue
		}
		if line == "" {
			continue
		}
		switch current {
		case "":
			return fmt.Errorf("text before the first section heading: %q", truncate(line, 40))
		case sectionSigns:
			a.Signs = append(a.Signs, strings.TrimSpace(strings.TrimLeft(line, "-*")))
		case sectionSteps:
			if step, ok := cutNumber(line); ok {
				a.Steps = append(a.Steps, step)
			} else if n := len(a.Steps); n > 0 {
				a.Steps[n-1] += " " + line
			} else {
				return fmt.Errorf("the steps section must be a numbered list, got %q", truncate(line, 40))
			}
		case sectionRules:
			rules = append(rules, line)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading body: %w", err)
	}
	for _, kind := range []string{sectionSigns, sectionSteps, sectionRules} {
		if !seen[kind] {
			return fmt.Errorf("missing section %q", headingFor(a.Lang, kind))
		}
	}
	if len(a.Steps) == 0 {
		return fmt.Errorf("section %q has no numbered steps", headingFor(a.Lang, sectionSteps))
	}
	a.Rules = strings.Join(rules, " ")
	return nil
}

// cutNumber strips a Markdown ordered-list marker ("1. " or "1) ").
func cutNumber(line string) (string, bool) {
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(line) || (line[i] != '.' && line[i] != ')') || line[i+1] != ' ' {
		return "", false
	}
	return strings.TrimSpace(line[i+2:]), true
}

// headingFor returns the heading text of a section kind in lang.
func headingFor(lang, kind string) string {
	for h, k := range sectionHeadings[lang] {
		if k == kind {
			r := []rune(h)
			return "## " + strings.ToUpper(string(r[0])) + string(r[1:])
		}
	}
	return kind
}

// truncate shortens s to at most n runes for error messages.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

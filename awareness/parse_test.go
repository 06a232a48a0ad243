package awareness

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// answerWord is the answer line's keyword per language, for fixtures.
var answerWord = map[string]string{"en": "Answer:", "fr": "Réponse :", "de": "Antwort:"}

// block returns a scenario block with n choices and right answer right.
func block(lang, id string, n, right int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "## %s\n\nSituation of %s in %s. Something happens.\n\n", id, id, lang)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sb, "%d. Choice %d of %s.\n", i, i, id)
	}
	fmt.Fprintf(&sb, "\n%s %d\n\nFeedback of %s in %s.\n\n", answerWord[lang], right, id, lang)
	return sb.String()
}

// fileText returns a scenario file for topic in lang with the blocks.
func fileText(topic, lang string, blocks ...string) string {
	return fmt.Sprintf("---\ntopic: %s\nlang: %s\ntitle: Title of %s\nreviewed: 2026-11-30\n---\n\n", topic, lang, topic) +
		strings.Join(blocks, "")
}

func TestParseFile(t *testing.T) {
	text := "---\ntopic: gifts\nlang: en\ntitle: Gifts, dinners\nreviewed: 2026-11-30\n---\n\n" +
		"## gifts-1\n\nA delegation sends a watch.\nIt is expensive.\n\n" +
		"1. Keep it.\n2. Report it,\n   keeping the packaging.\n3) Send it back.\n\n" +
		"Answer: 2\n\nFirst paragraph\nof feedback.\n\nSecond paragraph.\n\n" +
		block("en", "gifts-2", 4, 4)
	f, err := parseFile("x/gifts.md", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if f.Topic != "gifts" || f.Lang != "en" || f.Title != "Gifts, dinners" || len(f.scenarios) != 2 {
		t.Fatalf("front matter or count wrong: %+v", f)
	}
	sc := f.scenarios[0]
	want := Scenario{
		ID: "gifts-1", Topic: "gifts", Lang: "en", Title: "Gifts, dinners", File: "x/gifts.md",
		Situation: "A delegation sends a watch. It is expensive.",
		Choices:   []string{"Keep it.", "Report it, keeping the packaging.", "Send it back."},
		Right:     2,
		Feedback:  "First paragraph of feedback.\n\nSecond paragraph.",
	}
	if sc.ID != want.ID || sc.Topic != want.Topic || sc.Lang != want.Lang || sc.Title != want.Title ||
		sc.File != want.File || sc.Situation != want.Situation || !slices.Equal(sc.Choices, want.Choices) ||
		sc.Right != want.Right || sc.Feedback != want.Feedback {
		t.Errorf("got %+v\nwant %+v", sc, want)
	}
	if got := f.scenarios[1]; got.Right != 4 || len(got.Choices) != 4 {
		t.Errorf("second scenario: %+v", got)
	}
}

func TestParseFileLanguagesAndLineEnds(t *testing.T) {
	fr := fileText("t", "fr", block("fr", "a-1", 3, 1))
	// French typography: a non-breaking space before the colon.
	fr = strings.Replace(fr, "Réponse : 1", "Réponse\u00a0: 1", 1)
	de := strings.ReplaceAll(fileText("t", "de", block("de", "a-1", 3, 3)), "\n", "\r\n")
	for name, text := range map[string]string{"fr.md": fr, "de.md": de} {
		f, err := parseFile(name, []byte(text))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(f.scenarios) != 1 || f.scenarios[0].Right == 0 || strings.Contains(f.scenarios[0].Feedback, "\r") {
			t.Errorf("%s: %+v", name, f.scenarios)
		}
	}
}

func TestParseFileErrors(t *testing.T) {
	front := "---\ntopic: t\nlang: en\ntitle: T\nreviewed: 2026-11-30\n---\n"
	// Line numbers: the front matter takes lines 1-6, the body starts at 7.
	tests := []struct {
		name string
		text string
		want []string // substrings of the error
	}{
		{"no front matter", "## a-1\n", []string{"f.md: missing YAML front matter"}},
		{"unclosed front matter", "---\ntopic: t\n", []string{"f.md: front matter is not closed"}},
		{"unknown field", "---\ntopic: t\nlang: en\ntitle: T\nreviewed: 2026-11-30\nauthor: x\n---\n" + block("en", "a-1", 3, 1),
			[]string{"f.md: front matter", "author"}},
		{"missing fields", "---\ntopic: t\n---\n", []string{`f.md: missing required field "lang"`, `missing required field "title"`, `missing required field "reviewed"`}},
		{"unknown language", "---\ntopic: t\nlang: es\ntitle: T\nreviewed: 2026-11-30\n---\n", []string{`f.md: unknown language "es"`}},
		{"bad date", "---\ntopic: t\nlang: en\ntitle: T\nreviewed: 30/11/2026\n---\n", []string{`f.md: reviewed "30/11/2026" is not a date`}},
		{"bad topic", "---\ntopic: Gifts And\nlang: en\ntitle: T\nreviewed: 2026-11-30\n---\n", []string{`f.md: topic "Gifts And" is not an id`}},
		{"no scenarios", front + "\n", []string{"f.md: no scenarios"}},
		{"text before heading", front + "Intro text\n" + block("en", "a-1", 3, 1), []string{`f.md:7: text before the first scenario heading: "Intro text"`}},
		{"other heading level", front + block("en", "a-1", 3, 1) + "### notes\n", []string{`f.md:19: scenario a-1: only level-2 headings`}},
		{"bad id", front + block("en", "A 1", 3, 1), []string{"f.md:7: scenario A 1: the heading is not a scenario id"}},
		{"duplicate id", front + block("en", "a-1", 3, 1) + block("en", "a-1", 3, 1), []string{"f.md:19: scenario a-1: duplicate scenario id in this file"}},
		{"two choices", front + block("en", "a-1", 2, 1), []string{"f.md:7: scenario a-1: 2 choices, want 3 or 4"}},
		{"five choices", front + block("en", "a-1", 5, 1), []string{"f.md:7: scenario a-1: 5 choices, want 3 or 4"}},
		{"numbering", front + "## a-1\n\nS.\n\n1. x\n3. y\n4. z\n\nAnswer: 1\n\nF.\n",
			[]string{"f.md:12: scenario a-1: choice numbered 3, want 2"}},
		{"answer out of range", front + block("en", "a-1", 3, 4), []string{"f.md:7: scenario a-1: answer 4 is not one of the choices 1 to 3"}},
		{"answer zero", front + block("en", "a-1", 3, 0), []string{"f.md:7: scenario a-1: answer 0 is not one of the choices 1 to 3"}},
		{"answer not a number", front + "## a-1\n\nS.\n\n1. x\n2. y\n3. z\n\nAnswer: two\n\nF.\n", []string{`f.md:15: scenario a-1: answer "two" is not a choice number`}},
		{"missing answer", front + "## a-1\n\nS.\n\n1. x\n2. y\n3. z\n", []string{`f.md:7: scenario a-1: missing the answer line "Answer: N"`}},
		{"answer of another language", front + "## a-1\n\nS.\n\n1. x\n2. y\n3. z\n\nRéponse : 1\n\nF.\n",
			[]string{`f.md:15: scenario a-1: expected a numbered choice or the line "Answer: N", got "Réponse : 1"`}},
		{"second answer", front + "## a-1\n\nS.\n\n1. x\n2. y\n3. z\n\nAnswer: 1\n\nF.\n\nAnswer: 2\n",
			[]string{"f.md:19: scenario a-1: a second answer line"}},
		{"answer before choices", front + "## a-1\n\nS.\n\nAnswer: 1\n\nF.\n", []string{"f.md:11: scenario a-1: answer line before any choice"}},
		{"no situation", front + "## a-1\n\n1. x\n2. y\n3. z\n\nAnswer: 1\n\nF.\n", []string{"f.md:7: scenario a-1: no situation text"}},
		{"no feedback", front + "## a-1\n\nS.\n\n1. x\n2. y\n3. z\n\nAnswer: 1\n", []string{"f.md:7: scenario a-1: no feedback after the answer line"}},
		{"repeated choice", front + "## a-1\n\nS.\n\n1. x\n2. y\n3. x\n\nAnswer: 1\n\nF.\n", []string{"f.md:13: scenario a-1: choice 3 repeats choice 1"}},
		{"empty choice", front + "## a-1\n\nS.\n\n1. x\n2.\n3. z\n\nAnswer: 1\n\nF.\n", []string{"f.md:12: scenario a-1: choice 2 is empty"}},
		{"long situation", front + "## a-1\n\n" + strings.Repeat("word ", 150) + "\n\n1. x\n2. y\n3. z\n\nAnswer: 1\n\nF.\n",
			[]string{"f.md:7: scenario a-1: situation is 749 characters, at most 700"}},
		{"long feedback", front + "## a-1\n\nS.\n\n1. x\n2. y\n3. z\n\nAnswer: 1\n\n" + strings.Repeat("word ", 210) + "\n",
			[]string{"f.md:7: scenario a-1: feedback is 1049 characters, at most 1000"}},
		{"not utf-8", front + "## a-1\n\xff\n", []string{"f.md: not UTF-8 text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseFile("f.md", []byte(tt.text))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

func TestParseFileReportsEveryProblem(t *testing.T) {
	front := "---\ntopic: t\nlang: en\ntitle: T\nreviewed: 2026-11-30\n---\n"
	_, err := parseFile("f.md", []byte(front+block("en", "a-1", 2, 1)+block("en", "a-2", 3, 9)))
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{"scenario a-1: 2 choices", "scenario a-2: answer 9"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
}

func TestText(t *testing.T) {
	sc := Scenario{Situation: "Something happens.", Choices: []string{"A.", "B.", "C."}}
	want := "Something happens.\n\n1. A.\n2. B.\n3. C."
	if got := sc.Text(); got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
}

func FuzzParseFile(f *testing.F) {
	f.Add([]byte(fileText("t", "en", block("en", "a-1", 3, 2), block("en", "a-2", 4, 4))))
	f.Add([]byte(fileText("t", "fr", block("fr", "a-1", 3, 1))))
	f.Add([]byte("---\ntopic: t\nlang: de\ntitle: T\nreviewed: 2026-11-30\n---\n## x\n1. a\nAntwort: 1\n## y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := parseFile("f.md", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.md") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for _, sc := range file.scenarios {
			if len(sc.Choices) < minChoices || len(sc.Choices) > maxChoices || sc.Right < 1 || sc.Right > len(sc.Choices) ||
				sc.Situation == "" || sc.Feedback == "" || !idPattern.MatchString(sc.ID) {
				t.Errorf("accepted an invalid scenario: %+v", sc)
			}
		}
	})
}

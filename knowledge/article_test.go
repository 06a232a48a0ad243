package knowledge

import (
	"strings"
	"testing"
)

func TestParseArticle(t *testing.T) {
	for _, lang := range Languages {
		a, err := parseArticle([]byte(fixtureArticle("gifts-and-hospitality", lang)))
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if err := a.validate(map[string]bool{"gifts-and-hospitality": true, "offers-of-payment": true}); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		if len(a.Signs) != 1 || len(a.Steps) != 2 || a.Rules == "" {
			t.Errorf("%s: sections not parsed: %+v", lang, a)
		}
		if !strings.HasSuffix(a.Steps[1], "Continued line of step two.") {
			t.Errorf("%s: continuation line not joined to its step: %q", lang, a.Steps[1])
		}
		if a.Reviewed != "2026-01-31" || len(a.Sources) != 1 || a.Sources[0].URL == "" {
			t.Errorf("%s: front matter not decoded: %+v", lang, a)
		}
	}
}

func TestParseArticleCRLF(t *testing.T) {
	text := strings.ReplaceAll(fixtureArticle("offers-of-payment", "en"), "\n", "\r\n")
	if _, err := parseArticle([]byte(text)); err != nil {
		t.Fatal(err)
	}
}

func TestParseArticleErrors(t *testing.T) {
	good := fixtureArticle("gifts-and-hospitality", "en")
	cases := []struct {
		name, text, want string
	}{
		{"no front matter", "# Title\n", "missing YAML front matter"},
		{"unclosed front matter", "---\nid: x\n", "not closed"},
		{"bad yaml", strings.Replace(good, "title: Test", "title: [Test", 1), "front matter"},
		{"unknown field", strings.Replace(good, "reviewed:", "reviewd:", 1), "reviewd"},
		{"unknown language", withLine(good, "lang:", "lang: es"), `unknown language "es"`},
		{"wrong heading", strings.Replace(good, "## What to do", "## Steps", 1), `unknown section heading "Steps"`},
		{"missing section", strings.Replace(good, "## Rules that apply\nSome rules about wine.\n", "", 1), `missing section "## Rules that apply"`},
		{"steps not numbered", strings.Replace(good, "1. First step", "First step", 1), "numbered list"},
		{"text before heading", strings.Replace(good, "---\n\n## What it looks like", "---\nIntro\n## What it looks like", 1), "before the first section"},
	}
	for _, c := range cases {
		_, err := parseArticle([]byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestValidateErrors(t *testing.T) {
	known := map[string]bool{"gifts-and-hospitality": true, "offers-of-payment": true}
	good := fixtureArticle("gifts-and-hospitality", "en")
	cases := []struct {
		name, text, want string
	}{
		{"unknown id", withLine(good, "id:", "id: gifts"), `id "gifts" is not a known topic id`},
		{"missing title", withLine(good, "title:", "title: ''"), `missing required field "title"`},
		{"missing keywords", withLine(good, "keywords:", "keywords: []"), `missing required field "keywords"`},
		{"bad date", withLine(good, "reviewed:", "reviewed: last week"), "not a date"},
		{"bad url", withLine(good, "    url:", "    url: example.org/x"), "no valid http(s) URL"},
		{"related to itself", withLine(good, "related:", "related: [gifts-and-hospitality]"), `related "gifts-and-hospitality"`},
		{"related unknown", withLine(good, "related:", "related: [nope]"), `related "nope"`},
	}
	for _, c := range cases {
		a, err := parseArticle([]byte(c.text))
		if err == nil {
			err = a.validate(known)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

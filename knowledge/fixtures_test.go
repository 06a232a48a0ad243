package knowledge

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// fixtureTopics is a small topic list for loader tests.
var fixtureTopics = []Topic{
	{ID: "gifts-and-hospitality", Title: "Gifts"},
	{ID: "offers-of-payment", Title: "Offers of money"},
}

// fixtureText holds per-language wording for generated test articles.
var fixtureText = map[string]struct{ signs, steps, rules, word string }{
	"en": {"## What it looks like", "## What to do", "## Rules that apply", "wine"},
	"fr": {"## À quoi cela ressemble", "## Que faire", "## Règles applicables", "vin"},
	"de": {"## Woran man es erkennt", "## Was tun", "## Geltende Regeln", "Wein"},
}

// fixtureArticle returns a valid article for id and lang; the gifts
// articles talk about wine, the payment ones about bribes.
func fixtureArticle(id, lang string) string {
	ft := fixtureText[lang]
	topicWord := ft.word
	related := "offers-of-payment"
	if id == "offers-of-payment" {
		topicWord, related = "bribe", "gifts-and-hospitality"
	}
	return fmt.Sprintf(`---
id: %[1]s
lang: %[2]s
title: Test article about %[3]s
summary: >-
  This is about %[3]s. Do the right thing.
keywords: [%[3]s, test]
questions:
  - what about %[3]s
related: [%[4]s]
sources:
  - title: Example source
    url: https://example.org/%[1]s
reviewed: 2026-01-31
---

%[5]s
- A sign involving %[3]s.

%[6]s
1. First step about %[3]s.
2. Report it with Vigil: type `+"`report`"+`.
   Continued line of step two.

%[7]s
Some rules about %[3]s.
`, id, lang, topicWord, related, ft.signs, ft.steps, ft.rules)
}

// fixtureFS returns a complete article tree for fixtureTopics.
func fixtureFS() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, t := range fixtureTopics {
		for _, l := range Languages {
			fsys[l+"/"+t.ID+".md"] = &fstest.MapFile{Data: []byte(fixtureArticle(t.ID, l))}
		}
	}
	return fsys
}

// loadFixtures builds a Base from the fixture tree and overrideDir.
func loadFixtures(t *testing.T, overrideDir string) (*Base, error) {
	t.Helper()
	return load(fixtureFS(), noBank, overrideDir, fixtureTopics)
}

// writeFile creates dir/rel with content.
func writeFile(t *testing.T, dir, rel, content string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// withLine replaces the front matter line starting with prefix.
func withLine(article, prefix, replacement string) string {
	lines := strings.Split(article, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = replacement
			return strings.Join(lines, "\n")
		}
	}
	panic("no line " + prefix)
}

// embeddedSub returns the embedded article tree.
func embeddedSub(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(embedded, "articles")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// noBank opens an empty example bank.
func noBank() (fs.FS, error) { return fstest.MapFS{}, nil }

// examplesSub is the embedded example bank.
func examplesSub(t testing.TB) fs.FS {
	t.Helper()
	zipped, err := gunzipBank(packedBank)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// mustTopics returns the embedded topic list.
func mustTopics(t testing.TB) []Topic {
	t.Helper()
	ts, err := parseTopics()
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

package awareness

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

// knowledgeDir is the guidance knowledge base, read (not imported) to
// check that the scenarios cover its topics and name its titles.
const knowledgeDir = "../knowledge"

// guidanceTopics returns the topic ids of knowledge/topics.yaml.
func guidanceTopics(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(knowledgeDir, "topics.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var topics []struct{ ID string }
	if err := yaml.Unmarshal(data, &topics); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tp := range topics {
		ids = append(ids, tp.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestLoadEmbedded(t *testing.T) {
	s, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	topics := guidanceTopics(t)
	if len(topics) == 0 {
		t.Fatal("no guidance topics read")
	}
	if got := s.Topics(); !slices.Equal(got, topics) {
		t.Errorf("scenario topics %v\nwant the guidance topics %v", got, topics)
	}
	for _, topic := range topics {
		var ids []string
		for _, lang := range s.Languages() {
			list := s.List(topic, lang)
			if len(list) < minPerTopic {
				t.Errorf("%s/%s: %d scenarios", lang, topic, len(list))
			}
			var langIDs []string
			for _, sc := range list {
				langIDs = append(langIDs, sc.ID)
				if sc.Topic != topic || sc.Lang != lang {
					t.Errorf("%s listed under %s/%s", sc.ID, lang, topic)
				}
			}
			if ids == nil {
				ids = langIDs
			} else if !slices.Equal(ids, langIDs) {
				t.Errorf("%s: ids %v in %s, %v in en", topic, langIDs, lang, ids)
			}
		}
	}
}

// TestTitlesMatchArticles checks that every scenario file names its topic
// as the guidance article does, so that the feedback's `ask <title>` link
// finds the article.
func TestTitlesMatchArticles(t *testing.T) {
	s, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, topic := range s.Topics() {
		for _, lang := range s.Languages() {
			path := filepath.Join(knowledgeDir, "articles", lang, topic+".md")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Error(err)
				continue
			}
			front, _, _, err := splitFrontMatter(string(data))
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			var art struct{ Title string }
			if err := yaml.Unmarshal([]byte(front), &art); err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if got := s.List(topic, lang)[0].Title; got != art.Title {
				t.Errorf("%s/%s: title %q, the article's is %q", lang, topic, got, art.Title)
			}
		}
	}
}

// tree returns an embedded-style file system with topic "t" (ids t-1 and
// t-2, answers 1 and 3) in every language, with the given files replaced
// or added (a nil value removes a file).
func tree(changes map[string]*string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, l := range languages {
		fsys["scenarios/"+l+"/t.md"] = &fstest.MapFile{Data: []byte(fileText("t", l, block(l, "t-1", 3, 1), block(l, "t-2", 4, 3)))}
	}
	for name, text := range changes {
		if text == nil {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(*text)}
	}
	return fsys
}

func ptr(s string) *string { return &s }

func TestLoadConsistency(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]*string
		want    []string
	}{
		{"consistent", nil, nil},
		{"different answer", map[string]*string{"scenarios/fr/t.md": ptr(fileText("t", "fr", block("fr", "t-1", 3, 2), block("fr", "t-2", 4, 3)))},
			[]string{"a/scenarios/fr/t.md: scenario t-1: the answer is 2, but 1 in a/scenarios/en/t.md"}},
		{"different number of choices", map[string]*string{"scenarios/de/t.md": ptr(fileText("t", "de", block("de", "t-1", 3, 1), block("de", "t-2", 3, 3)))},
			[]string{"a/scenarios/de/t.md: scenario t-2 has 3 choices, but 4 in a/scenarios/en/t.md"}},
		{"missing and extra id", map[string]*string{"scenarios/de/t.md": ptr(fileText("t", "de", block("de", "t-1", 3, 1), block("de", "t-9", 4, 3)))},
			[]string{"a/scenarios/de/t.md: scenario t-2 of a/scenarios/en/t.md is missing", "a/scenarios/de/t.md: scenario t-9 is not in a/scenarios/en/t.md"}},
		{"missing language", map[string]*string{"scenarios/fr/t.md": nil},
			[]string{`a/scenarios/en/t.md: topic "t" has no fr version`}},
		{"missing English", map[string]*string{"scenarios/en/t.md": nil},
			[]string{`a/scenarios/fr/t.md: topic "t" has no en version`}},
		{"one scenario", map[string]*string{"scenarios/en/t.md": ptr(fileText("t", "en", block("en", "t-1", 3, 1)))},
			[]string{`a/scenarios/en/t.md: topic "t" has 1 scenario(s) in en, want at least 2`}},
		{"id reused across topics", map[string]*string{"scenarios/en/u.md": ptr(fileText("u", "en", block("en", "t-1", 3, 1), block("en", "u-2", 3, 1)))},
			[]string{`a/scenarios/en/u.md: scenario id "t-1" is also used in a/scenarios/en/t.md`}},
		{"id is a topic id", map[string]*string{"scenarios/en/t-2.md": ptr(fileText("t-2", "en", block("en", "x-1", 3, 1), block("en", "x-2", 3, 1)))},
			[]string{`scenario id "t-2" is also a topic id`}},
		{"file in the wrong place", map[string]*string{"scenarios/en/t.md": nil, "scenarios/en/other.md": ptr(fileText("t", "en", block("en", "t-1", 3, 1), block("en", "t-2", 4, 3)))},
			[]string{`a/scenarios/en/other.md: should be scenarios/en/t.md for topic "t" and lang "en"`}},
		{"a file's own problem", map[string]*string{"scenarios/fr/t.md": ptr(fileText("t", "fr", block("fr", "t-1", 3, 1), block("fr", "t-2", 5, 3)))},
			[]string{"a/scenarios/fr/t.md:20: scenario t-2: 5 choices, want 3 or 4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := load(tree(tt.changes), "a", nil, "")
			if tt.want == nil {
				if err != nil || len(s.Topics()) != 1 {
					t.Fatalf("load: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), filepath.FromSlash(w)) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

// writeFiles writes files (relative path -> text) under a new directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// replacement returns gifts-and-hospitality in lang with the embedded ids
// and answers and new texts.
func replacement(t *testing.T, lang string) string {
	t.Helper()
	s, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, sc := range s.List("gifts-and-hospitality", lang) {
		b := block(lang, sc.ID, len(sc.Choices), sc.Right)
		blocks = append(blocks, strings.Replace(b, "Feedback of", "Operator feedback of", 1))
	}
	return fileText("gifts-and-hospitality", lang, blocks...)
}

func TestLoadOverride(t *testing.T) {
	added := func(lang string) string {
		return fileText("local-topic", lang, block(lang, "local-1", 3, 2), block(lang, "local-2", 3, 3))
	}
	t.Run("replace a file", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"any/where/gifts.md": replacement(t, "fr")})
		s, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := s.Lookup("gifts-1", "fr")
		_, fb := s.Judge("gifts-1", "fr", sc.Right)
		if !strings.Contains(fb, "Operator feedback of gifts-1 in fr") {
			t.Errorf("French feedback not replaced: %q", fb)
		}
		if sc.File != filepath.Join(dir, "any", "where", "gifts.md") {
			t.Errorf("File = %q", sc.File)
		}
		if _, fb := s.Judge("gifts-1", "en", 1); strings.Contains(fb, "Operator") {
			t.Errorf("English replaced too: %q", fb)
		}
	})
	t.Run("add a topic", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"en.md": added("en"), "fr.md": added("fr"), "de/x.md": added("de"),
			".hidden.md": "not a scenario file", ".git/x.md": "nor this", "notes.txt": "nor this"})
		s, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(s.Topics(), "local-topic") || len(s.Topics()) != len(guidanceTopics(t))+1 {
			t.Errorf("topics %v", s.Topics())
		}
		if right, _ := s.Judge("local-2", "de", 3); !right {
			t.Error("added scenario not judged")
		}
	})
	errTests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"added topic lacks a language", map[string]string{"en.md": added("en"), "fr.md": added("fr")},
			[]string{`en.md: topic "local-topic" has no de version`}},
		{"replacement changes an answer", map[string]string{"g.md": strings.Replace(replacement(t, "de"), "Antwort: 3", "Antwort: 1", 1)},
			[]string{"g.md: scenario gifts-1: the answer is 1, but 3 in " + filepath.FromSlash("awareness/scenarios/en/gifts-and-hospitality.md")}},
		{"two files for one topic and language", map[string]string{"a.md": replacement(t, "en"), "b.md": replacement(t, "en")},
			[]string{`b.md: topic "gifts-and-hospitality" lang "en" is also in`}},
		{"invalid file", map[string]string{"bad.md": "no front matter"},
			[]string{"bad.md: missing YAML front matter"}},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			_, err := Load(dir)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) || !strings.Contains(err.Error(), dir) {
					t.Errorf("error %q\nlacks %q or the directory", err, w)
				}
			}
		})
	}
	t.Run("missing directory", func(t *testing.T) {
		if _, err := Load(filepath.Join(t.TempDir(), "nope")); err == nil || !strings.Contains(err.Error(), "nope") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("not a directory", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"f.md": "x"})
		if _, err := Load(filepath.Join(dir, "f.md")); err == nil || !strings.Contains(err.Error(), "not a directory") {
			t.Errorf("err = %v", err)
		}
	})
}

// BenchmarkLoad measures reading and validating the embedded scenarios,
// which Vigil does at start-up.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(""); err != nil {
			b.Fatal(err)
		}
	}
}

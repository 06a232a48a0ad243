package knowledge

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadEmbedded(t *testing.T) {
	b, err := Load("")
	if err != nil {
		t.Fatalf("embedded articles do not load: %v", err)
	}
	topics := b.Topics()
	if len(topics) == 0 {
		t.Fatal("no topics")
	}
	for _, tp := range topics {
		for _, l := range Languages {
			a, ok := b.Article(tp.ID, l)
			if !ok {
				t.Errorf("missing %s/%s", l, tp.ID)
				continue
			}
			if a.Lang != l || a.ID != tp.ID {
				t.Errorf("%s: wrong id or lang", a.File)
			}
		}
	}
}

// TestPackedBankIsCurrent holds the packed bank that Vigil embeds to the
// files under examples/, which are what people review and edit.
func TestPackedBankIsCurrent(t *testing.T) {
	read := func(fsys fs.FS) map[string]string {
		files := map[string]string{}
		if err := walkMarkdown(fsys, "", func(p, _ string, data []byte) error {
			files[p] = string(data)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return files
	}
	onDisk, packed := read(os.DirFS("examples")), read(examplesSub(t))
	if len(onDisk) < 100 {
		t.Fatalf("only %d example files under examples/", len(onDisk))
	}
	for p, data := range onDisk {
		if got, ok := packed[p]; !ok || got != data {
			t.Errorf("examples/%s is not packed as it is: run go generate ./knowledge", p)
		}
	}
	for p := range packed {
		if _, ok := onDisk[p]; !ok {
			t.Errorf("the packed bank has %s, no longer under examples/: run go generate ./knowledge", p)
		}
	}
}

func TestLoadFixtures(t *testing.T) {
	b, err := loadFixtures(t, "")
	if err != nil {
		t.Fatal(err)
	}
	a, ok := b.Article("gifts-and-hospitality", "fr")
	if !ok || !strings.Contains(a.Title, "vin") {
		t.Fatalf("fr article not loaded: %+v", a)
	}
}

func TestLoadOverrides(t *testing.T) {
	dir := t.TempDir()
	replaced := withLine(fixtureArticle("gifts-and-hospitality", "de"), "title:", "title: Eigene Regeln für Geschenke")
	writeFile(t, dir, "local/geschenke.md", replaced) // any layout is accepted in the override directory
	writeFile(t, dir, "README.txt", "not an article")
	b, err := loadFixtures(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := b.Article("gifts-and-hospitality", "de")
	if a.Title != "Eigene Regeln für Geschenke" {
		t.Errorf("override not applied: title %q", a.Title)
	}
	if !strings.HasPrefix(a.File, dir) {
		t.Errorf("override file not recorded: %q", a.File)
	}
	other, _ := b.Article("gifts-and-hospitality", "en")
	if strings.HasPrefix(other.File, dir) {
		t.Error("override replaced another language")
	}
}

func TestLoadAddsOperatorTopics(t *testing.T) {
	dir := t.TempDir()
	for _, l := range Languages {
		a := withLine(fixtureArticle("offers-of-payment", l), "id:", "id: local-lobby-register")
		if l == "en" {
			a = withLine(a, "title:", "title: The national lobby register")
		}
		writeFile(t, dir, l+"/register.md", a)
	}
	b, err := loadFixtures(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, tp := range b.Topics() {
		titles = append(titles, tp.ID+"="+tp.Title)
	}
	if got := strings.Join(titles, ","); !strings.Contains(got, "local-lobby-register=The national lobby register") {
		t.Fatalf("added topic missing: %s", got)
	}
	for _, l := range Languages {
		if _, ok := b.Article("local-lobby-register", l); !ok {
			t.Errorf("added topic has no %s article", l)
		}
	}
}

func TestLoadOverrideErrors(t *testing.T) {
	good := fixtureArticle("offers-of-payment", "en")
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"bad front matter", map[string]string{"x.md": strings.Replace(good, "keywords: [", "keywords: [[", 1)}, "front matter"},
		{"unknown language", map[string]string{"x.md": withLine(good, "lang:", "lang: it")}, `unknown language "it"`},
		{"new topic in one language only", map[string]string{"x.md": withLine(good, "id:", "id: lunch-orders")}, "articles missing for: de/lunch-orders, fr/lunch-orders"},
		{"badly formed topic id", map[string]string{"x.md": withLine(good, "id:", "id: Lunch Orders")}, "not a known topic id"},
		{"bad related", map[string]string{"x.md": withLine(good, "related:", "related: [nowhere]")}, `related "nowhere"`},
		{"duplicate", map[string]string{"a.md": good, "b.md": good}, "duplicate article id"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		var last string
		for name, text := range c.files {
			last = writeFile(t, dir, name, text)
		}
		_, err := loadFixtures(t, dir)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
			continue
		}
		if c.name != "duplicate" && c.name != "new topic in one language only" && !strings.Contains(err.Error(), last) {
			t.Errorf("%s: error %q does not name the file %s", c.name, err, last)
		}
		if c.name == "duplicate" && !(strings.Contains(err.Error(), filepath.Join(dir, "a.md")) && strings.Contains(err.Error(), filepath.Join(dir, "b.md"))) {
			t.Errorf("duplicate: error %q does not name both files", err)
		}
	}
}

func TestLoadOverrideDirMissing(t *testing.T) {
	if _, err := loadFixtures(t, filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("missing override directory accepted")
	}
	file := writeFile(t, t.TempDir(), "file.md", "x")
	if _, err := loadFixtures(t, file); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("file as override directory: %v", err)
	}
}

func TestLoadIncomplete(t *testing.T) {
	fsys := fixtureFS()
	delete(fsys, "de/offers-of-payment.md")
	_, err := load(fsys, noBank, "", fixtureTopics)
	if !errors.Is(err, errIncomplete) || !strings.Contains(err.Error(), "de/offers-of-payment") {
		t.Errorf("got %v, want the missing de article named", err)
	}
}

func TestLoadEmbeddedPathMustMatch(t *testing.T) {
	fsys := fixtureFS()
	fsys["en/gifts.md"] = fsys["en/gifts-and-hospitality.md"]
	delete(fsys, "en/gifts-and-hospitality.md")
	_, err := load(fsys, noBank, "", fixtureTopics)
	if err == nil || !strings.Contains(err.Error(), "en/gifts.md") || !strings.Contains(err.Error(), "should be en/gifts-and-hospitality.md") {
		t.Errorf("got %v", err)
	}
}

func TestLoadFixtureParseErrorNamesFile(t *testing.T) {
	fsys := fixtureFS()
	fsys["fr/offers-of-payment.md"] = &fstest.MapFile{Data: []byte("no front matter")}
	_, err := load(fsys, noBank, "", fixtureTopics)
	if err == nil || !strings.Contains(err.Error(), "knowledge/articles/fr/offers-of-payment.md") {
		t.Errorf("got %v", err)
	}
}

// TestOperatorExamples checks that example files in the operator's
// directory extend the bank: the models learn a word they taught.
func TestOperatorExamples(t *testing.T) {
	dir := t.TempDir()
	ex := "---\ntopic: gifts-and-hospitality\nlang: en\n---\n\n## incident\n- the zorblax hamper arrived again\n- another zorblax hamper at reception\n- zorblax sent us a hamper\n\n## question\n- can we keep a zorblax hamper\n"
	writeFile(t, dir, "extra/zorblax.md", ex)
	b, err := loadFixtures(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	before, err := loadFixtures(t, "")
	if err != nil {
		t.Fatal(err)
	}
	p := func(b *Base) float64 {
		for _, s := range b.models.read("zorblax").topics {
			if s.id == "gifts-and-hospitality" {
				return s.p
			}
		}
		return 0
	}
	if p(b) <= p(before) {
		t.Errorf("the operator's examples were not learned: p=%.2f with them, %.2f without", p(b), p(before))
	}
	writeFile(t, dir, "extra/bad.md", "---\ntopic: no-such-topic\nlang: en\n---\n\n## question\n- hello\n")
	if _, err := loadFixtures(t, dir); err == nil || !strings.Contains(err.Error(), "bad.md") || !strings.Contains(err.Error(), "no-such-topic") {
		t.Errorf("a bad example file: %v", err)
	}
}

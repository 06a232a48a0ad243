package knowledge

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
)

// embedded holds the articles, articles/<lang>/<topic-id>.md.
//
//go:embed articles
var embedded embed.FS

// packedBank is the example bank, the files under examples/, packed by
// go generate (internal/packbank): compressed, it takes 0.6 MB of the
// binary and of a running Vigil's memory rather than 2.1 MB.
// TestPackedBankIsCurrent fails when it differs from examples/.
//
//go:generate go run ./internal/packbank examples bank.zip.gz
//go:embed bank.zip.gz
var packedBank []byte

// key identifies an article: a topic in one language.
type key struct{ id, lang string }

// Load reads the embedded articles, then the operator's article files
// from overrideDir ("" for none), which replace articles by id and
// language or add new topics, and builds the search index. Every topic,
// including an added one, must end up with an article in English, French
// and German. An invalid file is an error naming the file and the problem.
func Load(overrideDir string) (*Base, error) {
	topics, err := parseTopics()
	if err != nil {
		return nil, err
	}
	arts, err := fs.Sub(embedded, "articles")
	if err != nil {
		return nil, fmt.Errorf("embedded articles: %w", err)
	}
	// The bank is unpacked on the other core while the articles are read:
	// one buffer, which shares no memory page with the articles' strings.
	type unpacked struct {
		zipped []byte
		err    error
	}
	bank := make(chan unpacked, 1)
	go func() {
		zipped, err := gunzipBank(packedBank)
		bank <- unpacked{zipped, err}
	}()
	b, err := load(arts, func() (fs.FS, error) {
		u := <-bank
		if u.err != nil {
			return nil, u.err
		}
		return zip.NewReader(bytes.NewReader(u.zipped), int64(len(u.zipped)))
	}, overrideDir, topics)
	// Learning leaves tens of megabytes of garbage behind; hand it back
	// to the system, so that an idle Vigil stays small. That takes a few
	// milliseconds of a full collection, which need not delay start-up.
	// (The articles and the bank are read one after the other: read on
	// two cores at once, their kept strings and their garbage share more
	// memory pages, and an idle Vigil holds about 1 MB more.)
	go debug.FreeOSMemory()
	return b, err
}

// gunzipBank returns the zip of the example bank that internal/packbank
// packed and gzipped.
func gunzipBank(packed []byte) ([]byte, error) {
	gz, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return nil, err
	}
	// A gzip stream ends with its unpacked size: read into one buffer of
	// that size rather than one that doubles (and leaves garbage).
	if len(packed) < 4 {
		return nil, io.ErrUnexpectedEOF
	}
	zipped := make([]byte, binary.LittleEndian.Uint32(packed[len(packed)-4:]))
	if _, err := io.ReadFull(gz, zipped); err != nil {
		return nil, err
	}
	return zipped, nil
}

// load builds a Base from the articles in base (laid out as
// <lang>/<id>.md), the example bank that openBank opens once the articles
// are read (same layout), the operator files in overrideDir (articles and
// example files, told apart by their front matter) and the topic list.
func load(base fs.FS, openBank func() (fs.FS, error), overrideDir string, topics []Topic) (*Base, error) {
	known := make(map[string]bool, len(topics))
	for _, t := range topics {
		known[t.ID] = true
	}
	articles, err := readTree(base, "knowledge/articles/", known, true)
	if err != nil {
		return nil, err
	}
	if overrideDir != "" {
		info, err := os.Stat(overrideDir)
		if err != nil {
			return nil, fmt.Errorf("article override directory: %w", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("article override directory %s is not a directory", overrideDir)
		}
		dir := os.DirFS(overrideDir)
		for _, t := range addedTopics(dir, known) {
			topics = append(topics, t)
			known[t.ID] = true
		}
		extra, err := readTree(dir, overrideDir+string(filepath.Separator), known, false)
		if err != nil {
			return nil, err
		}
		for k, a := range extra {
			articles[k] = a
		}
	}
	if err := checkComplete(articles, topics); err != nil {
		return nil, err
	}
	examples, err := openBank()
	if err != nil {
		return nil, fmt.Errorf("embedded examples: %w", err)
	}
	bank, err := readExamples(examples, "knowledge/examples/", known)
	if err != nil {
		return nil, err
	}
	if overrideDir != "" {
		extra, err := readExamples(os.DirFS(overrideDir), overrideDir+string(filepath.Separator), known)
		if err != nil {
			return nil, err
		}
		bank = append(bank, extra...)
	}
	return newBase(topics, articles, bank), nil
}

// topicID is the shape of a topic id: lower-case words joined by hyphens.
var topicID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// addedTopics returns the topics that operator files in fsys introduce:
// ids not in known, titled by their English article (or the first one
// found). Files that do not parse are left to readTree to report.
func addedTopics(fsys fs.FS, known map[string]bool) []Topic {
	titles := map[string]string{}
	var order []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		a, err := parseArticle(data)
		if err != nil || known[a.ID] || !topicID.MatchString(a.ID) {
			return nil
		}
		if _, seen := titles[a.ID]; !seen {
			order = append(order, a.ID)
			titles[a.ID] = a.Title
		}
		if a.Lang == "en" {
			titles[a.ID] = a.Title
		}
		return nil
	})
	out := make([]Topic, 0, len(order))
	for _, id := range order {
		out = append(out, Topic{ID: id, Title: titles[id]})
	}
	return out
}

// readTree parses and validates every .md file under fsys. prefix is put
// before file names in errors. When strictPath is set, a file must be
// stored as <lang>/<id>.md.
func readTree(fsys fs.FS, prefix string, known map[string]bool, strictPath bool) (map[key]*Article, error) {
	out := map[key]*Article{}
	err := walkMarkdown(fsys, prefix, func(p, name string, data []byte) error {
		if isExampleFile(data) {
			return nil // read by readExamples
		}
		a, err := parseArticle(data)
		if err == nil {
			err = a.validate(known)
		}
		if err == nil && strictPath && p != path.Join(a.Lang, a.ID+".md") {
			err = fmt.Errorf("file should be %s/%s.md for id %q and lang %q", a.Lang, a.ID, a.ID, a.Lang)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		a.File = name
		k := key{a.ID, a.Lang}
		if prev, dup := out[k]; dup {
			return fmt.Errorf("%s: duplicate article id %q lang %q (also in %s)", name, a.ID, a.Lang, prev.File)
		}
		out[k] = a
		return nil
	})
	return out, err
}

// checkComplete requires an article in every language for every topic.
func checkComplete(articles map[key]*Article, topics []Topic) error {
	var missing []string
	for _, t := range topics {
		for _, l := range Languages {
			if _, ok := articles[key{t.ID, l}]; !ok {
				missing = append(missing, l+"/"+t.ID)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("%w: %s", errIncomplete, strings.Join(missing, ", "))
}

var errIncomplete = errors.New("articles missing for")

// readExamples parses every example file (a .md file whose front matter
// has a topic) under fsys. prefix is put before file names in errors.
func readExamples(fsys fs.FS, prefix string, known map[string]bool) ([]Example, error) {
	var out []Example
	err := walkMarkdown(fsys, prefix, func(_, name string, data []byte) error {
		if !isExampleFile(data) {
			return nil // an article
		}
		exs, err := parseExamples(data, known)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for i := range exs {
			exs[i].File = name
		}
		out = append(out, exs...)
		return nil
	})
	return out, err
}

// walkMarkdown calls fn with the path, the name for errors (prefix before
// it) and the content of every visible .md file under fsys.
func walkMarkdown(fsys fs.FS, prefix string, fn func(p, name string, data []byte) error) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s%s: %w", prefix, p, err)
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		name := prefix + filepath.FromSlash(p)
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return fn(p, name, data)
	})
}

package awareness

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// embedded holds scenarios/<lang>/<topic>.md.
//
//go:embed scenarios
var embedded embed.FS

// embeddedDir is the directory embedded files are named from in errors.
const embeddedDir = "awareness"

// minPerTopic is how many scenarios each topic needs in each language.
const minPerTopic = 2

// Load reads the embedded scenarios, then the operator's scenario files
// under dir ("" for none; every .md file below it, in any layout, except
// hidden files and directories), validates them and returns the set. An operator file
// replaces the embedded file of the same topic and language; a new topic
// needs files in all of en, fr and de. Any problem is an error that names
// the file, and all problems found are returned together.
func Load(dir string) (*Set, error) {
	var over fs.FS
	if dir != "" {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("scenario directory: %w", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("scenario directory %s is not a directory", dir)
		}
		over = os.DirFS(dir)
	}
	return load(embedded, embeddedDir, over, dir)
}

// load builds a Set from the files in base, laid out as
// scenarios/<lang>/<topic>.md, and the files anywhere in over (nil for
// none). Errors name files by baseDir or overDir joined with their path.
func load(base fs.FS, baseDir string, over fs.FS, overDir string) (*Set, error) {
	files, errs := readTree(base, "scenarios", baseDir, true)
	if over != nil {
		extra, overErrs := readTree(over, ".", overDir, false)
		errs = append(errs, overErrs...)
		for tl, f := range extra {
			files[tl] = f
		}
	}
	if len(errs) == 0 {
		errs = checkSet(files)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return newSet(files), nil
}

// readTree parses every .md file under root in fsys; dir joined with a
// file's path names it in errors. When strict is set a file must be stored
// as root/<lang>/<topic>.md.
func readTree(fsys fs.FS, root, dir string, strict bool) (map[topicLang]*file, []error) {
	out := map[topicLang]*file{}
	var errs []error
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		hidden := p != root && strings.HasPrefix(d.Name(), ".")
		if d.IsDir() && hidden {
			return fs.SkipDir
		}
		if d.IsDir() || hidden || !strings.HasSuffix(p, ".md") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		f, err := parseFile(name, data)
		if err != nil {
			errs = append(errs, err)
			if f == nil {
				return nil
			}
		}
		if want := path.Join(root, f.Lang, f.Topic+".md"); strict && p != want {
			errs = append(errs, &lineError{file: name, msg: fmt.Sprintf("should be %s for topic %q and lang %q", want, f.Topic, f.Lang)})
		}
		tl := topicLang{f.Topic, f.Lang}
		if prev, dup := out[tl]; dup {
			errs = append(errs, &lineError{file: name, msg: fmt.Sprintf("topic %q lang %q is also in %s", f.Topic, f.Lang, prev.name)})
			return nil
		}
		out[tl] = f
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return out, errs
}

// checkSet checks the files as a whole: every topic in every language
// with at least minPerTopic scenarios, the same ids, numbers of choices
// and right answers in every language, and scenario ids unique across
// topics and distinct from topic ids.
func checkSet(files map[topicLang]*file) []error {
	var errs []error
	bad := func(f *file, format string, args ...any) {
		errs = append(errs, &lineError{file: f.name, msg: fmt.Sprintf(format, args...)})
	}
	var topics []string
	for tl := range files {
		if !slices.Contains(topics, tl.topic) {
			topics = append(topics, tl.topic)
		}
	}
	slices.Sort(topics)
	if len(topics) == 0 {
		return []error{errors.New("no scenario files")}
	}
	owner := map[key]*file{} // scenario id and lang -> the file that has it
	for _, t := range topics {
		var ref *file // the first language present, English when there
		for _, l := range languages {
			f, ok := files[topicLang{t, l}]
			if !ok {
				continue
			}
			if ref == nil {
				ref = f
			}
			if len(f.scenarios) < minPerTopic {
				bad(f, "topic %q has %d scenario(s) in %s, want at least %d", t, len(f.scenarios), l, minPerTopic)
			}
			for _, sc := range f.scenarios {
				if slices.Contains(topics, sc.ID) {
					bad(f, "scenario id %q is also a topic id", sc.ID)
				}
				if prev, dup := owner[key{sc.ID, l}]; dup {
					bad(f, "scenario id %q is also used in %s", sc.ID, prev.name)
				}
				owner[key{sc.ID, l}] = f
			}
		}
		for _, l := range languages {
			f, ok := files[topicLang{t, l}]
			switch {
			case !ok:
				bad(ref, "topic %q has no %s version (a file with \"topic: %s\" and \"lang: %s\")", t, l, t, l)
			case f != ref:
				errs = append(errs, compare(ref, f)...)
			}
		}
	}
	return errs
}

// compare checks that f has the same scenarios as ref: the same ids, the
// same number of choices and the same right answer.
func compare(ref, f *file) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, &lineError{file: f.name, msg: fmt.Sprintf(format, args...)})
	}
	for _, want := range ref.scenarios {
		i := slices.IndexFunc(f.scenarios, func(sc Scenario) bool { return sc.ID == want.ID })
		if i < 0 {
			bad("scenario %s of %s is missing", want.ID, ref.name)
			continue
		}
		got := f.scenarios[i]
		if len(got.Choices) != len(want.Choices) {
			bad("scenario %s has %d choices, but %d in %s", got.ID, len(got.Choices), len(want.Choices), ref.name)
		}
		if got.Right != want.Right {
			bad("scenario %s: the answer is %d, but %d in %s", got.ID, got.Right, want.Right, ref.name)
		}
	}
	for _, got := range f.scenarios {
		if !slices.ContainsFunc(ref.scenarios, func(sc Scenario) bool { return sc.ID == got.ID }) {
			bad("scenario %s is not in %s", got.ID, ref.name)
		}
	}
	return errs
}

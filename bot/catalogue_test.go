package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var fmtVerb = regexp.MustCompile(`%(\[\d+\])?[a-z]`)

// TestCatalogueIsComplete checks that every language has every text, with
// the same fmt verbs as English, a label for every category, channel and
// status, a help line for every listed command, and the words the report
// conversation needs.
func TestCatalogueIsComplete(t *testing.T) {
	listed := New(Options{}).listed
	for _, lang := range spoken {
		x := catalogue[lang]
		if x.code != lang {
			t.Errorf("%s: the texts say they are %q", lang, x.code)
		}
		compareTexts(t, lang, "", reflect.ValueOf(*x), reflect.ValueOf(english))
		for _, c := range Categories() {
			if l := c.LabelIn(lang); l == "" || l == string(c) {
				t.Errorf("%s: no label for category %s", lang, c)
			}
		}
		for _, c := range Channels() {
			if l := c.LabelIn(lang); l == "" || l == string(c) {
				t.Errorf("%s: no label for channel %s", lang, c)
			}
		}
		for _, s := range Statuses() {
			if _, ok := x.statuses[s]; !ok {
				t.Errorf("%s: no label for status %s", lang, s)
			}
		}
		for _, c := range listed {
			if h := x.commands[c.name]; h.usage == "" || h.summary == "" {
				t.Errorf("%s: no help line for the command %s", lang, c.name)
			}
		}
		w := x.words
		for name, list := range map[string][]string{"back": w.back, "skip": w.skip, "cancel": w.cancel, "help": w.help,
			"submit": w.submit, "edit": w.edit, "yes": w.yes, "no": w.no, "unsure": w.unsure, "anonymous": w.anonymous} {
			if len(list) == 0 {
				t.Errorf("%s: no words for %s", lang, name)
			}
		}
		if len(w.recentDays) == 0 || w.daysAgo == "" {
			t.Errorf("%s: no words for recent days", lang)
		}
	}
	if Category("nonsense").LabelIn(langFR) != "nonsense" || CategoryGift.LabelIn("xx") != CategoryGift.Label() {
		t.Error("unknown codes or languages are not handled")
	}
}

// compareTexts checks the texts of one language (got) against English
// (want), field by field: every string is set and has the same fmt verbs,
// every map has the same keys. The vocabulary differs between languages
// and is checked on its own, and so is the form (TestFormTextIsComplete).
func compareTexts(t *testing.T, lang, path string, got, want reflect.Value) {
	t.Helper()
	switch got.Kind() {
	case reflect.Struct:
		if got.Type() == reflect.TypeOf(vocabulary{}) || got.Type() == reflect.TypeOf(FormText{}) {
			return // checked on their own
		}
		for i := 0; i < got.NumField(); i++ {
			compareTexts(t, lang, path+"."+got.Type().Field(i).Name, got.Field(i), want.Field(i))
		}
	case reflect.String:
		if got.String() == "" {
			t.Errorf("%s: %s is empty", lang, path)
		}
		g, w := fmtVerb.FindAllString(got.String(), -1), fmtVerb.FindAllString(want.String(), -1)
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			t.Errorf("%s: %s has verbs %v, English has %v", lang, path, g, w)
		}
	case reflect.Array:
		for j := 0; j < got.Len(); j++ {
			compareTexts(t, lang, path+"["+strconv.Itoa(j)+"]", got.Index(j), want.Index(j))
		}
	case reflect.Map:
		if got.Len() != want.Len() {
			t.Errorf("%s: %s has %d entries, English has %d", lang, path, got.Len(), want.Len())
		}
		for _, k := range want.MapKeys() {
			v := got.MapIndex(k)
			if !v.IsValid() {
				t.Errorf("%s: %s has no entry %v", lang, path, k)
				continue
			}
			compareTexts(t, lang, path+"["+k.String()+"]", v, want.MapIndex(k))
		}
	}
}

// prose matches a string literal that reads as words: two words of two
// letters or more in a row.
var prose = regexp.MustCompile(`\p{L}{2,}[ ,;:']+\p{L}{2,}`)

// TestRepliesComeFromTheCatalogue fails when a reply could be built from a
// literal outside the catalogue: the only literals of the core's code that
// read as words are log messages and errors (never shown to users).
func TestRepliesComeFromTheCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "messages_") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		allowed := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Name.Name == "Error" { // an error's text
					ast.Inspect(n, func(m ast.Node) bool { markLits(m, allowed); return true })
				}
			case *ast.CompositeLit:
				if id, ok := n.Type.(*ast.Ident); ok && (id.Name == "User" || id.Name == "AuditEntry") { // who did what, for the audit log
					ast.Inspect(n, func(m ast.Node) bool { markLits(m, allowed); return true })
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && notForUsers(sel) {
					for _, a := range n.Args {
						ast.Inspect(a, func(m ast.Node) bool { markLits(m, allowed); return true })
					}
				}
			case *ast.BasicLit:
				if n.Kind == token.STRING && !allowed[n] && prose.MatchString(n.Value) {
					t.Errorf("%s: %s reads as words but is not in the catalogue", fset.Position(n.Pos()), n.Value)
				}
			}
			return true
		})
	}
}

// notForUsers reports whether a call's text is for operators or code:
// a log line, an audit entry, an error or a regular expression.
func notForUsers(sel *ast.SelectorExpr) bool {
	switch sel.Sel.Name {
	case "Error", "Warn", "Info", "Debug", "audit": // slog, the audit log
		return true
	}
	if pkg, ok := sel.X.(*ast.Ident); ok {
		switch pkg.Name + "." + sel.Sel.Name {
		case "errors.New", "fmt.Errorf", "regexp.MustCompile":
			return true
		}
	}
	return false
}

func markLits(n ast.Node, allowed map[*ast.BasicLit]bool) {
	if lit, ok := n.(*ast.BasicLit); ok {
		allowed[lit] = true
	}
}

// TestFormTextIsComplete checks that the report form has every text in
// every language, with the same fmt verbs as English, translated (no
// French or German text is left in English), and that unknown languages
// get English.
func TestFormTextIsComplete(t *testing.T) {
	en := reflect.ValueOf(FormTextIn(langEN))
	for _, lang := range Languages() {
		v := reflect.ValueOf(FormTextIn(lang))
		for i := 0; i < v.NumField(); i++ {
			name, got, want := v.Type().Field(i).Name, v.Field(i).String(), en.Field(i).String()
			if got == "" {
				t.Errorf("%s: form %s is empty", lang, name)
			}
			if lang != langEN && got == want {
				t.Errorf("%s: form %s is the English %q", lang, name, got)
			}
			gotVerbs, wantVerbs := fmtVerb.FindAllString(got, -1), fmtVerb.FindAllString(want, -1)
			slices.Sort(gotVerbs)
			slices.Sort(wantVerbs)
			if !slices.Equal(gotVerbs, wantVerbs) {
				t.Errorf("%s: form %s has verbs %v, English has %v", lang, name, gotVerbs, wantVerbs)
			}
		}
	}
	if f := FormTextIn("xx"); f != FormTextIn(langEN) || f.Lang != langEN {
		t.Errorf("unknown language gave %+v, want English", f)
	}
}

package knowledge

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestLanguagesStateTheSameFacts checks that the French and German
// article of every topic cite the same sources as the English one, in the
// same order, and contain the same numbers (dates, counts, amounts,
// article numbers) in the text Vigil shows: title, summary, signs, steps
// and rules. A translation that drops or changes a fact usually drops or
// changes a number or a source.
func TestLanguagesStateTheSameFacts(t *testing.T) {
	b := loadBase(t)
	for _, tp := range b.Topics() {
		en, _ := b.Article(tp.ID, "en")
		for _, lang := range Languages {
			if lang == "en" {
				continue
			}
			a, _ := b.Article(tp.ID, lang)
			if diff := sourceDiff(a, en); diff != "" {
				t.Errorf("%s: %s cites other sources than en: %s", tp.ID, lang, diff)
			}
			if diff := numberDiff(numbersIn(a), numbersIn(en)); diff != "" {
				t.Errorf("%s: %s has other numbers than en: %s", tp.ID, lang, diff)
			}
		}
	}
}

// urlLang matches a language code as a path segment or before ".html"
// ("/fr/", "_FR.html"): multilingual EU sites give each language version
// of a document its own URL.
var urlLang = regexp.MustCompile(`(?i)([/_])(?:en|fr|de)(/|\.html|$)`)

// sameDocument reports whether two source URLs point to the same
// document, possibly in different languages.
func sameDocument(u, v string) bool {
	return urlLang.ReplaceAllString(u, "$1{lang}$2") == urlLang.ReplaceAllString(v, "$1{lang}$2")
}

// sourceDiff describes the first difference between the sources of a and
// of en, or returns "" if a cites the same documents in the same order.
func sourceDiff(a, en *Article) string {
	for i := range max(len(a.Sources), len(en.Sources)) {
		switch {
		case i == len(a.Sources):
			return fmt.Sprintf("source %d is missing, en cites %s", i+1, en.Sources[i].URL)
		case i == len(en.Sources):
			return fmt.Sprintf("source %d, %s, is not in en", i+1, a.Sources[i].URL)
		case !sameDocument(a.Sources[i].URL, en.Sources[i].URL):
			return fmt.Sprintf("source %d is %s, en cites %s", i+1, a.Sources[i].URL, en.Sources[i].URL)
		}
	}
	return ""
}

var (
	// urlPattern matches URLs, whose digits are not facts of the text.
	urlPattern = regexp.MustCompile(`https?://[^\s)]+`)
	// numberPattern matches digit groups joined by a thousands separator
	// or decimal mark: "1,000", "1 000", "1.000", "6.5", "6,5".
	numberPattern = regexp.MustCompile(`\d+(?:[.,\x{00A0}\x{202F} ]\d+)*`)
	// groupSep splits such a match into its digit groups.
	groupSep = regexp.MustCompile(`[.,\x{00A0}\x{202F} ]`)
)

// numbersIn counts the numbers in the displayed text of an article,
// outside URLs. They are normalised so that the languages agree: after a
// leading group of one to three digits, a separator followed by exactly
// three digits groups thousands (1,000 = 1 000 = 1.000 = "1000");
// otherwise "." or "," is a decimal mark (6.5 = 6,5 = "6.5") and a space
// separates two numbers ("2024 300"). Ordinals count as their number
// ("14th", "14e", "14." = 14), and units and currency signs are ignored
// ("€150" = "150 €" = 150).
func numbersIn(a *Article) map[string]int {
	parts := append([]string{a.Title, a.Summary, a.Rules}, a.Signs...)
	text := urlPattern.ReplaceAllString(strings.Join(append(parts, a.Steps...), "\n"), " ")
	counts := map[string]int{}
	for _, m := range numberPattern.FindAllString(text, -1) {
		groups := groupSep.Split(m, -1)
		seps := groupSep.FindAllString(m, -1)
		num, lead, decimal := groups[0], len(groups[0]), false
		for i, g := range groups[1:] {
			switch {
			case len(g) == 3 && lead <= 3 && !decimal:
				num += g
			case (seps[i] == "." || seps[i] == ",") && !decimal:
				num, decimal = num+"."+g, true
			default:
				counts[trimZeros(num)]++
				num, lead, decimal = g, len(g), false
			}
		}
		counts[trimZeros(num)]++
	}
	return counts
}

// trimZeros drops leading zeros ("0042" = "42").
func trimZeros(s string) string {
	if t := strings.TrimLeft(s, "0"); t != "" && t[0] != '.' {
		return t
	}
	return s
}

// numberDiff describes how the counted numbers got differ from want, or
// returns "" if they are the same.
func numberDiff(got, want map[string]int) string {
	var extra, missing []string
	for _, n := range slices.Sorted(maps.Keys(got)) {
		for range got[n] - want[n] {
			extra = append(extra, n)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(want)) {
		for range want[n] - got[n] {
			missing = append(missing, n)
		}
	}
	var diff []string
	if len(extra) > 0 {
		diff = append(diff, "it has "+strings.Join(extra, ", ")+" that en lacks")
	}
	if len(missing) > 0 {
		diff = append(diff, "it lacks "+strings.Join(missing, ", ")+" that en has")
	}
	return strings.Join(diff, "; ")
}

// TestNumbersIn checks the normalisation of numbers on the forms the
// three languages write.
func TestNumbersIn(t *testing.T) {
	cases := []struct{ text, want string }{
		{"gifts worth ~€150 or more", "150"},
		{"des cadeaux d'une valeur d'environ 150 € ou plus", "150"},
		{"1,000 and 1 000 and 1.000 and 1\u202f000", "1000 1000 1000 1000"},
		{"6.5% or 6,5 %", "6.5 6.5"},
		{"the 14th package, le 14e paquet, das 14. Paket", "14 14 14"},
		{"Articles 22a and 22b of Decision 2024/2643", "2024 22 22 2643"},
		{"on 1 June 2023 (https://example.org/TA-9-2023-0219_EN.html)", "1 2023"},
		{"from 05 to 2024 300 people", "2024 300 5"},
		{"12.500,75 € and 3.2.1", "1 12500.75 3.2"},
	}
	for _, c := range cases {
		counts := numbersIn(&Article{Summary: c.text})
		var got []string
		for _, n := range slices.Sorted(maps.Keys(counts)) {
			for range counts[n] {
				got = append(got, n)
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("numbersIn(%q) = %q, want %q", c.text, s, c.want)
		}
	}
}

// TestSameDocument checks that language versions of one document count
// as the same source, and other pages do not.
func TestSameDocument(t *testing.T) {
	cases := []struct {
		u, v string
		same bool
	}{
		{"https://www.europarl.europa.eu/doceo/document/TA-9-2023-0219_EN.html", "https://www.europarl.europa.eu/doceo/document/TA-9-2023-0219_FR.html", true},
		{"https://eur-lex.europa.eu/legal-content/EN/ALL/?uri=CELEX:31962R0031", "https://eur-lex.europa.eu/legal-content/DE/ALL/?uri=CELEX:31962R0031", true},
		{"https://digital-strategy.ec.europa.eu/en/policies/112", "https://digital-strategy.ec.europa.eu/fr/policies/112", true},
		{"https://euvsdisinfo.eu/", "https://euvsdisinfo.eu/fr/", false},
		{"https://www.vsse.be/", "https://www.dgsi.interieur.gouv.fr/", false},
	}
	for _, c := range cases {
		if got := sameDocument(c.u, c.v); got != c.same {
			t.Errorf("sameDocument(%s, %s) = %v, want %v", c.u, c.v, got, c.same)
		}
	}
}

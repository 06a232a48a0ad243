package indicators

import (
	"slices"
	"strings"
	"testing"
)

// FuzzExtract checks that any text gives well-formed indicators: sorted,
// each once, of a known kind, and values in their normal form (which
// Extract finds again, unchanged, where the kind allows).
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Jan Novák (Voice of Europe), jan.novak+x@Voice-EU.com, +32 470 12 34 56",
		"0470/123456 0032470123456 22.11.2026 BE68 5390 0754 7034",
		"https://www.voice-eu.com/a/(b)?utm_source=x&id=1#top t.me/ivan @ivan:matrix.org wa.me/32470123456",
		"NOVÁK, Jan; someone called Ivan Petrov from the Russian embassy",
		"пример.рф/путь info@bücher.de",
	} {
		f.Add(s)
	}
	x := extractor(f, "BE")
	f.Fuzz(func(t *testing.T, text string) {
		got := x.Extract(Fields{Approacher: text, Description: text})
		if !slices.IsSortedFunc(got, func(a, b Indicator) int {
			if r := a.Kind.rank() - b.Kind.rank(); r != 0 {
				return r
			}
			return strings.Compare(a.Value, b.Value)
		}) {
			t.Errorf("not sorted: %v", got)
		}
		for i, ind := range got {
			if ind.Kind.rank() > 8 || ind.Value == "" || strings.TrimSpace(ind.Value) != ind.Value {
				t.Errorf("malformed indicator %+v", ind)
			}
			if i > 0 && got[i-1] == ind {
				t.Errorf("%+v twice", ind)
			}
			var again []Indicator
			switch ind.Kind {
			case Phone, Email, IBAN:
				again = x.Extract(Fields{Description: ind.Value})
			case Name, Org:
				if n := normName(ind.Value); n != ind.Value {
					t.Errorf("%s %q normalises again to %q", ind.Kind, ind.Value, n)
				}
				continue
			default:
				continue
			}
			if !slices.Contains(again, ind) {
				t.Errorf("%s %q is not found again in itself: %v", ind.Kind, ind.Value, again)
			}
		}
	})
}

package export

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// countryCode maps what a reporter typed as the approacher's country to an
// ISO 3166-1 alpha-2 code: a code in capitals ("RU"; "no" or "it" typed in
// lower case are words, not Norway or Italy), or a country name in
// English, French or German, in any case and with or without accents
// ("Russia", "Russie", "Russland"). Demonyms and free text ("Chinese
// embassy") do not map; ok is false then.
func countryCode(s string) (code string, ok bool) {
	key := countryKey(s)
	if key == "" {
		return "", false
	}
	if t := strings.TrimSpace(s); len(t) == 2 && strings.ToUpper(t) == t {
		if r, err := language.ParseRegion(t); err == nil {
			if r = r.Canonicalize(); r.IsCountry() && len(r.String()) == 2 {
				return r.String(), true
			}
		}
	}
	code, ok = countryNames()[key]
	return code, ok
}

// countryName returns the English name of an ISO 3166-1 alpha-2 code.
func countryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

// countryAliases are common names CLDR does not list.
var countryAliases = map[string]string{
	"uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
	"usa": "US", "u.s.": "US", "u.s.a.": "US", "america": "US", "united states of america": "US",
	"russian federation": "RU", "prc": "CN", "holland": "NL", "czech republic": "CZ", "turkey": "TR", "türkiye": "TR",
	"ivory coast": "CI", "republic of korea": "KR",
}

// countryNames builds, once, the table of normalised country names in
// English, French and German to ISO codes. Deprecated codes (DD, SU, YU...)
// are left out so that their old names map to nothing rather than to a
// country that no longer exists.
var countryNames = sync.OnceValue(func() map[string]string {
	names := make(map[string]string, 1024)
	dicts := []*display.Dictionary{display.English, display.French, display.German}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.Canonicalize() != r || r.String() != string([]rune{a, b}) {
				continue
			}
			for _, d := range dicts {
				if n := countryKey(d.Regions().Name(r)); n != "" {
					if _, taken := names[n]; !taken {
						names[n] = r.String()
					}
				}
			}
		}
	}
	for name, code := range countryAliases {
		names[countryKey(name)] = code
	}
	return names
})

// countryKey normalises a country name for lookup: lower case, accents
// removed, inner spaces collapsed.
func countryKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.TrimSpace(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

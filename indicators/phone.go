package indicators

import (
	"regexp"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// phoneRe finds runs that could hold phone numbers: an optional "+", then
// at least 7 digits with up to three separators between two digits. The
// runs are only candidates; the phone number library decides.
var phoneRe = regexp.MustCompile(`\+?\(?\d(?:[ \t\x{00A0}.\-/()]{0,3}\d){6,}`)

// maxPhoneTries bounds the numbers that phones asks the library to parse
// in one field (about 40 µs each): a report has a few, and a field of
// digits separated by spaces would otherwise hold thousands of windows.
const maxPhoneTries = 100

// phones adds the phone numbers in b in E.164 form. A run of digits may
// hold several numbers or a number beside a date ("0470 12 34 56 02 512
// 34 56"): when the whole run is not one valid number, the longest valid
// numbers made of whole groups of digits are taken, from left to right.
func (x *Extractor) phones(b []byte, add func(Kind, string)) {
	if countDigits(b) < 7 {
		return // no run of seven digits: spare the search
	}
	tries := 0
	for _, m := range phoneRe.FindAllIndex(b, -1) {
		if m[0] > 0 {
			if r, _ := utf8.DecodeLastRune(b[:m[0]]); isWordRune(r) {
				continue
			}
		}
		if r, _ := utf8.DecodeRune(b[m[1]:]); isWordRune(r) {
			continue // letters follow: an identifier, not a number
		}
		groups := digitGroups(b[m[0]:m[1]])
		// cum[k] is the number of digits in groups[:k].
		cum := make([]int, len(groups)+1)
		for k, g := range groups {
			cum[k+1] = cum[k] + countDigits(b[m[0]+g.start:m[0]+g.end])
		}
		for i := 0; i < len(groups); i++ {
			for j := len(groups) - 1; j >= i; j-- {
				n := cum[j+1] - cum[i]
				if n > 17 {
					continue
				}
				if n < 7 {
					break
				}
				if tries++; tries > maxPhoneTries {
					return
				}
				start, end := m[0]+groups[i].start, m[0]+groups[j].end
				if v := x.e164(string(b[start:end])); v != "" {
					add(Phone, v)
					mask(b, start, end)
					i = j
					break
				}
			}
		}
	}
}

type span struct{ start, end int }

// digitGroups returns the runs of digits in s, each with the "+" or "("
// just before it.
func digitGroups(s []byte) []span {
	var out []span
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		start := i
		for start > 0 && (s[start-1] == '+' || s[start-1] == '(') {
			start--
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		out = append(out, span{start, i})
	}
	return out
}

func countDigits(s []byte) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n++
		}
	}
	return n
}

// e164 returns s as an E.164 number ("+32470123456"), or "" when it is
// not a valid number. A number without country code is read as one of
// the Extractor's region and must then carry that region's trunk prefix
// where it needs one ("0470...", not "470..."), which keeps dates and
// amounts ("22.11.2026", "1.500.000") from passing as numbers.
func (x *Extractor) e164(s string) string {
	n, err := phonenumbers.ParseAndKeepRawInput(s, x.region)
	if err != nil || !phonenumbers.IsValidNumber(n) || !phonenumbers.IsNationalPrefixPresentIfRequired(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

package indicators

import "testing"

// TestPrechecksKeepEveryMatch checks the tests that spare a regular
// expression search: they say no only where the expression cannot match.
func TestPrechecksKeepEveryMatch(t *testing.T) {
	for _, c := range []struct {
		text      string
		dot, fold bool
	}{
		{"voice-eu.com", true, false},
		{"Voir bücher.de et WWW.Example.org", true, true},
		{"a sentence. Another one, 12 345.", false, false},
		{"HTTPS://x.example", true, true},
		{"call 0470 12 34 56", false, false},
		{"+32470123456", false, false},
		{"12 34 56", false, false},
	} {
		b := []byte(c.text)
		if got := hasDotLetter(b); got != c.dot {
			t.Errorf("hasDotLetter(%q) = %v", c.text, got)
		}
		if got := containsFold(b, "www.") || containsFold(b, "http"); got != c.fold {
			t.Errorf("containsFold(%q) = %v", c.text, got)
		}
		if got := phoneRe.FindAllIndex(b, -1); len(got) > 0 && countDigits(b) < 7 {
			t.Errorf("%q: a phone candidate with fewer than 7 digits", c.text)
		}
	}
	x, err := NewExtractor("BE")
	if err != nil {
		t.Fatal(err)
	}
	got := x.Extract(Fields{Description: "Mail J.Novak@Voice-EU.com, site WWW.voice-eu.com/Join, bücher.de, 0470 12 34 56"})
	want := map[Indicator]bool{{Email, "j.novak@voice-eu.com"}: true, {URL, "voice-eu.com/Join"}: true, {Phone, "+32470123456"}: true,
		{Domain, "xn--bcher-kva.de"}: true}
	for _, ind := range got {
		delete(want, ind)
	}
	if len(want) > 0 {
		t.Errorf("Extract lost %v (got %v)", want, got)
	}
}

package indicators

import (
	"strings"
	"testing"
)

func TestCommon(t *testing.T) {
	c, err := NewCommon("Bundestag.DE", "org: Example Parliament", "handle: @vigil_bot", "phone: +32 2 284 21 11")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ind  Indicator
		want bool
	}{
		{Indicator{EmailDomain, "gmail.com"}, true},
		{Indicator{Domain, "gmail.com"}, true},
		{Indicator{Domain, "proton.me"}, true},
		{Indicator{EmailDomain, "europarl.europa.eu"}, true},
		{Indicator{EmailDomain, "ext.europarl.europa.eu"}, true}, // under a listed domain
		{Indicator{Domain, "europa.eu"}, true},
		{Indicator{Domain, "linkedin.com"}, true},
		{Indicator{Domain, "t.me"}, true},
		{Indicator{Org, "european parliament"}, true},
		{Indicator{Org, normName("Parlement Européen")}, true},
		{Indicator{Handle, "@channel"}, true},
		// The operator's entries.
		{Indicator{EmailDomain, "bundestag.de"}, true},
		{Indicator{EmailDomain, "mail.bundestag.de"}, true},
		{Indicator{Org, "example parliament"}, true},
		{Indicator{Handle, "@vigil_bot"}, true},
		{Indicator{Phone, "+3222842111"}, true},
		// What links reports is never common.
		{Indicator{Email, "ivan@gmail.com"}, false},
		{Indicator{URL, "linkedin.com/in/jan-novak"}, false},
		{Indicator{Handle, "@ivan_petrov"}, false},
		{Indicator{Domain, "voice-eu.com"}, false},
		{Indicator{Domain, "notgmail.com"}, false},
		{Indicator{Domain, "gmail.com.evil.example"}, false},
		{Indicator{Org, "europe voice"}, false},
		{Indicator{Name, "european parliament"}, false}, // listed as org, not name
	}
	for _, tt := range tests {
		if got := c.Has(tt.ind); got != tt.want {
			t.Errorf("Has(%v) = %v, want %v", tt.ind, got, tt.want)
		}
	}
	d, err := NewCommon()
	if err != nil {
		t.Fatal(err)
	}
	if d.Has(Indicator{EmailDomain, "bundestag.de"}) {
		t.Error("an operator's entry leaked into another list")
	}
}

func TestCommonListIsReviewable(t *testing.T) {
	lines := strings.Split(commonList, "\n")
	if !strings.HasPrefix(lines[0], "#") {
		t.Error("common.txt does not start with its comment header")
	}
	seen := map[string]bool{}
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if seen[l] {
			t.Errorf("common.txt line %d: %q listed twice", i+1, l)
		}
		seen[l] = true
	}
	for _, d := range []string{"gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "proton.me", "protonmail.com",
		"gmx.de", "web.de", "orange.fr", "linkedin.com", "t.me", "europarl.europa.eu", "ec.europa.eu", "consilium.europa.eu"} {
		if !seen[d] {
			t.Errorf("common.txt lacks %s", d)
		}
	}
}

func TestCommonRejectsBadEntries(t *testing.T) {
	for _, e := range []string{"not a domain", "localhost", "example.invalidtld", "https://example.com", "colour: blue",
		"org: the", "phone: 12", "domain: example.com", "iban: BE68 5390 0754 7035"} {
		if _, err := NewCommon(e); err == nil {
			t.Errorf("NewCommon(%q) accepted it", e)
		} else if !strings.Contains(err.Error(), e) {
			t.Errorf("NewCommon(%q): error does not name the entry: %v", e, err)
		}
	}
}

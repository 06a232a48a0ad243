package export

import "testing"

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{
		"Russia": "RU", "russie": "RU", "Russland": "RU", " RU ": "RU", "ru": "", "no": "", "NO": "NO", "UK": "GB", "Russian Federation": "RU",
		"China": "CN", "Chine": "CN", "États-Unis": "US", "Etats-Unis": "US", "USA": "US",
		"Vereinigtes Königreich": "GB", "Türkiye": "TR", "Turkey": "TR",
		"united   kingdom": "GB", "Deutschland": "DE", "Iran": "IR",
		"": "", "Chinese embassy": "", "EU": "", "Europe": "", "ZZ": "", "somewhere": "",
	} {
		got, ok := countryCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("countryCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if n := countryName("RU"); n != "Russia" {
		t.Errorf("countryName(RU) = %q", n)
	}
}

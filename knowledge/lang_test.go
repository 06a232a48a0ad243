package knowledge

import (
	"testing"
)

func TestDetectLanguage(t *testing.T) {
	d := newLangDetector(defaultConfig().lowAccuracy, defaultConfig().stopWeight)
	cases := []struct{ text, want string }{
		{"someone offered me money to table an amendment", "en"},
		{"is the usb stick from the lobbyist safe", "en"},
		{"on m'a proposé de l'argent", "fr"},
		{"un attaché me pose des questions bizarres", "fr"},
		{"jemand bedroht mich", "de"},
		{"darf ich das Geschenk behalten", "de"},
		{"wie erkenne ich Desinformaton", "de"}, // typo
		{"", "en"},                              // nothing to go on: English
		{"???", "en"},                           // no letters
		{"12345 !!", "en"},                      // no letters
		{"TikTok", "en"},                        // a single brand name: whatever lingua says is one of the three
		{"Привет, как дела?", "en"},             // other language: English
	}
	for _, c := range cases {
		got := d.detect(c.text)
		if c.text == "TikTok" {
			if !knownLang(got) {
				t.Errorf("detect(%q) = %q", c.text, got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("detect(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestDetectLanguageOnArticleQuestions checks detection on every example
// question of the embedded articles (several hundred short, informal
// questions in the three languages).
func TestDetectLanguageOnArticleQuestions(t *testing.T) {
	b := loadBase(t)
	var n, ok int
	for k, a := range b.articles {
		for _, q := range a.Questions {
			n++
			if got := b.langs.detect(q); got == k.lang {
				ok++
			} else {
				t.Logf("%s question detected as %s: %q", k.lang, got, q)
			}
		}
	}
	pct := 100 * float64(ok) / float64(n)
	t.Logf("language detection on article questions: %d/%d = %.1f%%", ok, n, pct)
	if pct < 98 {
		t.Errorf("language detection %.1f%%, want at least 98%%", pct)
	}
}

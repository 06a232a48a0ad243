package knowledge

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"vigil/bot"
)

func TestParseExamples(t *testing.T) {
	known := map[string]bool{"gifts-and-hospitality": true}
	good := "---\ntopic: gifts-and-hospitality\nlang: fr\n---\n\n## question\n- puis-je garder ce vin ?\n\n## incident\n- on m'a livré une caisse de vin\n## report\n- je veux signaler un cadeau\n"
	exs, err := parseExamples([]byte(good), known)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 3 || exs[1].Kind != bot.IntentIncident || exs[2].Kind != bot.IntentReport || exs[0].Lang != "fr" || exs[0].Text != "puis-je garder ce vin ?" {
		t.Errorf("parsed %+v", exs)
	}
	also, err := parseExamples([]byte(strings.Replace(good, "caisse de vin", "caisse de vin [also: gifts-and-hospitality]", 1)), known)
	if err != nil || also[1].Text != "on m'a livré une caisse de vin" || len(also[1].Also) != 1 || also[1].Also[0] != "gifts-and-hospitality" || also[0].Also != nil {
		t.Errorf("a message with [also: ...]: %+v, %v", also, err)
	}
	if !isExampleFile([]byte(good)) || isExampleFile([]byte(fixtureArticle("gifts-and-hospitality", "en"))) {
		t.Error("example files and articles are not told apart")
	}
	for _, c := range []struct{ name, text, want string }{
		{"no front matter", "## question\n- x\n", "front matter"},
		{"unknown topic", strings.Replace(good, "gifts-and-hospitality", "wine", 1), `topic "wine"`},
		{"unknown language", strings.Replace(good, "lang: fr", "lang: it", 1), `language "it"`},
		{"unknown field", strings.Replace(good, "lang: fr", "lang: fr\nsource: x", 1), "source"},
		{"unknown section", strings.Replace(good, "## report", "## rumour", 1), `section "rumour"`},
		{"message before a section", strings.Replace(good, "## question\n", "", 1), "before the first section"},
		{"stray text", strings.Replace(good, "- on m'a", "on m'a", 1), "body line"},
		{"unknown also", strings.Replace(good, "vin ?", "vin ? [also: wine]", 1), "[also: wine]"},
		{"empty", "---\ntopic: small-talk\nlang: en\n---\n", "no messages"},
	} {
		if _, err := parseExamples([]byte(c.text), known); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestExampleBank holds the embedded bank to its promised size: at least
// 40 messages per topic and language, 300 outside the guidance and small
// talk, 600 labelled incident or report.
func TestExampleBank(t *testing.T) {
	ids, _, bank := bankData(t)
	per := map[string]int{}
	outside, incidents := 0, 0
	for _, e := range bank {
		per[e.Topic+"/"+e.Lang]++
		if e.Topic == outOfScope || e.Topic == smallTalk {
			outside++
		}
		if e.Kind != bot.IntentQuestion {
			incidents++
		}
	}
	for _, id := range ids {
		for _, l := range Languages {
			if n := per[id+"/"+l]; n < 40 {
				t.Errorf("%s/%s: %d examples, want at least 40", l, id, n)
			}
		}
	}
	if outside < 300 || incidents < 600 {
		t.Errorf("%d messages outside the guidance (want 300), %d incidents and report requests (want 600)", outside, incidents)
	}
}

func TestPlainExampleFrontAgreesWithYAML(t *testing.T) {
	for _, front := range []string{
		"topic: offers-of-payment\nlang: en",
		"topic: out-of-scope\nlang: de\n",
		"lang: fr\ntopic: small-talk",
		"topic: \"offers-of-payment\"\nlang: en",
		"topic: offers-of-payment\nlang: en\nextra: x",
		"topic: Offers\nlang: en",
		"topic: offers-of-payment # comment\nlang: en",
	} {
		var want exampleFront
		yamlErr := yaml.Unmarshal([]byte(front), &want)
		got, ok := plainExampleFront([]byte(front))
		if !ok {
			continue // read by the YAML parser
		}
		if yamlErr != nil || got != want {
			t.Errorf("%q: read as %+v, YAML reads %+v (%v)", front, got, want, yamlErr)
		}
	}
	if _, ok := plainExampleFront([]byte("topic: offers-of-payment\nlang: en")); !ok {
		t.Error("the usual front matter is not read without YAML")
	}
}

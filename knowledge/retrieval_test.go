package knowledge

import (
	"context"
	"slices"
	"testing"
)

func TestGermanCompoundsSplit(t *testing.T) {
	li := loadBase(t).indexes["de"]
	cases := []struct{ compound, part string }{
		{"Auslandsspenden", "Spenden"},
		{"Diensthandy", "Handy"},
	}
	for _, c := range cases {
		part := li.analyze(c.part)
		if len(part) != 1 {
			t.Fatalf("analyze(%q) = %v", c.part, part)
		}
		if got := li.analyze(c.compound); !slices.Contains(got, part[0]) {
			t.Errorf("analyze(%q) = %v, want it to contain %q", c.compound, got, part[0])
		}
	}
}

// TestTypos checks that misspelt questions, not taken from the eval sets,
// still find their topic.
func TestTypos(t *testing.T) {
	b := loadBase(t)
	cases := []struct{ q, id string }{
		{"someone is blakmailing me with fotos", "pressure-threats-and-blackmail"},
		{"fishing email with a fake login", "phishing-and-account-security"},
		{"can I acept a bottel of wine from an embasy", "gifts-and-hospitality"},
		{"une ambasade m'offre un cadaeu", "gifts-and-hospitality"},
		{"Erpresung mit Fotos", "pressure-threats-and-blackmail"},
	}
	for _, c := range cases {
		r, err := b.lookup(context.Background(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !r.confident || r.results[0].ID != c.id {
			t.Errorf("%q: confident %v results %v, want %s", c.q, r.confident, r.results, c.id)
		}
	}
}

func TestJargonExpansion(t *testing.T) {
	got := expand("the attaché asked about the trilogue", "en")
	if got == "the attaché asked about the trilogue" {
		t.Error("trilogue not expanded")
	}
	if got := expand("what is foreign interference", "en"); got != "what is foreign interference" {
		t.Errorf("plain question changed: %q", got)
	}
	if got := expand("Trilog", "fr"); got != "Trilog" {
		t.Errorf("German jargon expanded for French: %q", got)
	}
}

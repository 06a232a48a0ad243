package bot

import (
	"testing"

	"vigil/indicators"
)

// TestEveryKindAndLinkStateHasWords checks that every language names every
// kind of indicator, as a reason for a link and as a value's label, and
// every link state (TestCatalogueIsComplete checks the other languages
// against English; this checks English against the kinds).
func TestEveryKindAndLinkStateHasWords(t *testing.T) {
	for _, lang := range spoken {
		x := catalogue[lang]
		for _, k := range indicators.Kinds() {
			if x.sameKind[k] == "" || x.kindName[k] == "" {
				t.Errorf("%s: no words for the kind %s", lang, k)
			}
		}
		for _, s := range []LinkState{LinkSuggested, LinkConfirmed, LinkRejected} {
			if x.linkStates[s] == "" {
				t.Errorf("%s: no word for the link state %s", lang, s)
			}
		}
	}
}

// TestLinkedNoteNamesKindsNeverValues checks the notice's line on its own:
// live links only, the first reference and how many more, each kind once
// and most specific first.
func TestLinkedNoteNamesKindsNeverValues(t *testing.T) {
	x := tr(langEN)
	links := []CaseLink{
		{Ref: "VGL-2026-0012", Kinds: []indicators.Kind{indicators.EmailDomain}, State: LinkSuggested},
		{Ref: "VGL-2026-0003", Kinds: []indicators.Kind{indicators.Phone, indicators.EmailDomain}, State: LinkConfirmed},
		{Ref: "VGL-2026-0001", State: LinkConfirmed},
		{Ref: "VGL-2026-0009", Kinds: []indicators.Kind{indicators.IBAN}, State: LinkRejected},
	}
	want := "\nPossibly linked to VGL-2026-0012 and 2 more (same phone number, same e-mail domain)."
	if got := linkedNote(x, links); got != want {
		t.Errorf("linkedNote = %q, want %q", got, want)
	}
	if got := linkedNote(x, links[3:]); got != "" {
		t.Errorf("a rejected link gives a note: %q", got)
	}
	if got := linkedNote(x, links[2:3]); got != "\nPossibly linked to VGL-2026-0001 (linked by the team)." {
		t.Errorf("a link made by the team: %q", got)
	}
}

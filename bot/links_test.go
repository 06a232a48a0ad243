package bot_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"vigil/bot"
	"vigil/indicators"
)

// testLinking is linking as main.go sets it up: the blind-index key from a
// (test) data key, phone numbers read as Belgian, the built-in common list.
func testLinking(t testing.TB, extraCommon ...string) bot.Linking {
	t.Helper()
	key, err := indicators.NewKey(bytes.Repeat([]byte{9}, indicators.DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	x, err := indicators.NewExtractor("BE")
	if err != nil {
		t.Fatal(err)
	}
	common, err := indicators.NewCommon(extraCommon...)
	if err != nil {
		t.Fatal(err)
	}
	return bot.Linking{Key: key, Extractor: x, Common: common}
}

// newLinkingHarness is a harness whose bot links cases.
func newLinkingHarness(t testing.TB, extraCommon ...string) *harness {
	t.Helper()
	h := newHarness(t)
	h.rebuild(bot.Options{Linking: testLinking(t, extraCommon...)})
	return h
}

var (
	bob   = bot.User{Platform: "test", ID: "U2", Name: "Bob"}
	carol = bot.User{Platform: "test", ID: "U3", Name: "Carol"}
)

// submit files a report from u through the form path and returns its
// reference and the security notice about it.
func (h *harness) submit(u bot.User, who, description string) (ref, notice string) {
	h.t.Helper()
	r := bot.Report{Category: bot.CategoryOnline, OccurredOn: h.clock.Now().AddDate(0, 0, -1), Channel: bot.ChannelEmail,
		Approacher: who, Description: description, Accepted: bot.AcceptedNo}
	f, err := h.bot.SubmitReport(context.Background(), u, r, "en")
	if err != nil {
		h.t.Fatalf("file the report of %s: %v", u.ID, err)
	}
	return f.Case.Ref, h.securityNotice()
}

// linksOf returns the links of the case with the reference, from the store.
func (h *harness) linksOf(ref string) []bot.CaseLink {
	h.t.Helper()
	ctx := context.Background()
	c, err := h.store.CaseByRef(ctx, ref)
	if err != nil {
		h.t.Fatal(err)
	}
	links, err := h.store.CaseLinks(ctx, c.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return links
}

func mustNotContain(t testing.TB, s string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(strings.ToLower(s), strings.ToLower(u)) {
			t.Fatalf("text contains %q:\n%s", u, s)
		}
	}
}

// TestReportsThatShareIndicatorsAreLinked files reports from three users
// who wrote the same phone number three ways, the same e-mail address in
// another case, and the same name with and without accents and in another
// order: each is linked to the earlier ones, and the notices name the
// kinds that matched, never the values.
func TestReportsThatShareIndicatorsAreLinked(t *testing.T) {
	h := newLinkingHarness(t)
	first, notice := h.submit(alice, "Dr. Jan Novák, Voice of Europe Consulting",
		"He called me from +32 470 12 34 56 and then wrote from J.Novak@Voice-EU.com about a paid trip.")
	mustNotContain(t, notice, "Possibly linked")

	second, notice := h.submit(bob, "NOVAK Jan", "A man rang from 0470/123456 and offered money for a question.")
	mustContain(t, notice, "New report "+second, "Possibly linked to "+first+" (same phone number, same name).")
	mustNotContain(t, notice, "470", "novak", "voice-eu")
	if got := h.linksOf(second); len(got) != 1 || got[0].Ref != first ||
		!slices.Equal(got[0].Kinds, []indicators.Kind{indicators.Phone, indicators.Name}) || got[0].State != bot.LinkSuggested {
		t.Fatalf("links of %s: %+v", second, got)
	}

	third, notice := h.submit(carol, "", "Mail from j.novak@voice-eu.com, then a call from 0032470123456.")
	mustContain(t, notice, "Possibly linked to "+first+" and 1 more (same e-mail address, same phone number, same e-mail domain, same web domain).")
	mustNotContain(t, notice, "470", "novak", "voice-eu")
	got := h.linksOf(third)
	if len(got) != 2 || got[0].Ref != first || got[1].Ref != second ||
		!slices.Equal(got[0].Kinds, []indicators.Kind{indicators.Email, indicators.Phone, indicators.EmailDomain, indicators.Domain}) ||
		!slices.Equal(got[1].Kinds, []indicators.Kind{indicators.Phone}) {
		t.Fatalf("links of %s: %+v", third, got)
	}

	// The team sees the values in a direct conversation, read from the
	// decrypted cases, with the kinds; the case and the list show the links.
	out := h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "C-team", Sender: sec, Text: "links " + third})
	if len(out) != 2 || out[0].To.ConversationID != "C-team" || strings.Contains(out[0].Reply.Text, "+32") || out[1].To != bot.DirectTo(sec.ID) {
		t.Fatalf("links from a group: %+v", out)
	}
	mustContain(t, out[1].Reply.Text, "Cases linked to "+third+":",
		"• "+first+": same e-mail address, same phone number, same e-mail domain, same web domain (suggested by Vigil on 19 November 2026)",
		"e-mail address: j.novak@voice-eu.com", "phone number: +32470123456", "e-mail domain: voice-eu.com",
		"• "+second+": same phone number (suggested by Vigil on 19 November 2026)")
	mustContain(t, h.dm(sec, "links "+second), "name: jan novak", "phone number: +32470123456")
	mustContain(t, h.dm(sec, "case "+first), "Linked cases: "+third+" (same e-mail address, same phone number, same e-mail domain, same web domain; suggested); "+
		second+" (same phone number, same name; suggested). Details: `links "+first+"`.")
	linked := h.dm(sec, "cases linked")
	mustContain(t, linked, "3 most recent matching cases", third+" · ", "linked to "+first+", "+second)
	mustContain(t, h.dm(sec, "links VGL-2026-0999"), "There is no case VGL-2026-0999")
	mustContain(t, h.dm(sec, "links"), "Usage: `links <reference>`, for example `links VGL-2026-0042`.")
}

// TestCommonValuesNeverLinkOnTheirOwn files two reports that share only
// gmail.com, and two that share only the operator's own domain: none is
// linked.
func TestCommonValuesNeverLinkOnTheirOwn(t *testing.T) {
	h := newLinkingHarness(t, "example-parliament.eu")
	first, _ := h.submit(alice, "", "An offer came from anna.k@gmail.com and a colleague at staff@example-parliament.eu.")
	second, notice := h.submit(bob, "", "Someone wrote from peter.m@gmail.com, copying press@example-parliament.eu.")
	mustNotContain(t, notice, "Possibly linked")
	if got := h.linksOf(second); len(got) != 0 {
		t.Fatalf("reports that share only common domains are linked: %+v", got)
	}
	mustContain(t, h.dm(sec, "links "+first), first+" is not linked to any other case.")
	mustContain(t, h.dm(sec, "cases linked"), "No cases match")
}

// TestLinkAndUnlinkAreAuditedAndForTheTeamOnly has the team confirm and
// reject links, and a staffer try to: every attempt is in the audit log,
// the staffer's is refused and changes nothing.
func TestLinkAndUnlinkAreAuditedAndForTheTeamOnly(t *testing.T) {
	h := newLinkingHarness(t)
	first, _ := h.submit(alice, "", "The IBAN was BE71 0961 2345 6769.")
	second, _ := h.submit(bob, "", "They asked me to pay into BE71096123456769.")
	third, _ := h.submit(carol, "", "Nothing in common.")

	for _, cmd := range []string{"link " + first + " " + third, "unlink " + first + " " + second, "links " + first} {
		mustContain(t, h.dm(alice, cmd), "reserved for the security team")
	}
	if got := h.linksOf(first); len(got) != 1 || got[0].State != bot.LinkSuggested {
		t.Fatalf("a staffer's attempt changed the links: %+v", got)
	}

	mustContain(t, h.dm(sec, "unlink "+first+" "+second), "The link between "+first+" and "+second+" is rejected")
	mustContain(t, h.dm(sec, "link "+third+" "+first), third+" and "+first+" are linked: confirmed.")
	mustContain(t, h.dm(sec, "link "+first+" "+first), "cannot be linked to itself")
	mustContain(t, h.dm(sec, "link "+first), "Usage: `link <reference> <reference>`, for example `link VGL-2026-0042 VGL-2026-0017`.")
	mustContain(t, h.dm(sec, "link "+first+" VGL-2026-0999"), "There is no case VGL-2026-0999")

	got := h.linksOf(first)
	if len(got) != 2 || got[0].Ref != third || got[0].State != bot.LinkConfirmed || got[0].DecidedBy != sec || len(got[0].Kinds) != 0 ||
		got[1].Ref != second || got[1].State != bot.LinkRejected || got[1].DecidedBy != sec ||
		!slices.Equal(got[1].Kinds, []indicators.Kind{indicators.IBAN}) {
		t.Fatalf("links after the team's decisions: %+v", got)
	}
	mustContain(t, h.dm(sec, "links "+first),
		"• "+third+": linked by the team (confirmed by Sam Security on 19 November 2026)",
		"• "+second+": same bank account (IBAN) (rejected by Sam Security on 19 November 2026)", "IBAN: BE71096123456769")
	linked := h.dm(sec, "cases linked")
	mustContain(t, linked, "2 most recent matching cases", "linked to "+third, "linked to "+first)
	if strings.Contains(linked, second+" · ") {
		t.Fatalf("a case with a rejected link only is listed as linked:\n%s", linked)
	}

	var audited []string
	for _, e := range h.audit() {
		if e.Action == "link" || e.Action == "unlink" || e.Action == "links" {
			audited = append(audited, e.Actor.ID+" "+e.Action+" "+e.Target+" "+e.Outcome)
		}
	}
	want := []string{"U1 link " + first + " refused", "U1 unlink " + first + " refused", "U1 links " + first + " refused",
		"SEC1 unlink " + first + " " + second + " ok", "SEC1 link " + third + " " + first + " ok", "SEC1 link VGL-2026-0999 not found",
		"SEC1 links " + first + " ok"}
	if !slices.Equal(audited, want) {
		t.Fatalf("audit of link commands:\n got %q\nwant %q", audited, want)
	}
}

// TestAdditionsLinkTheCase adds a phone number to a report with `add`: the
// case is linked to the earlier one that has it, and the team's notice of
// the addition says so, without the number.
func TestAdditionsLinkTheCase(t *testing.T) {
	h := newLinkingHarness(t)
	first, _ := h.submit(alice, "", "A caller from +49 30 1234567 offered a trip.")
	second, _ := h.submit(bob, "", "An approach at a reception.")
	if got := h.linksOf(second); len(got) != 0 {
		t.Fatalf("links before the addition: %+v", got)
	}
	mustContain(t, h.dm(bob, "add "+second+" He gave me his number: +49 30 1234567"), "added to "+second)
	mustContain(t, h.securityNotice(), "The reporter added information to "+second, "Possibly linked to "+first+" (same phone number).")
	mustNotContain(t, h.securityNotice(), "1234567")
	if got := h.linksOf(first); len(got) != 1 || got[0].Ref != second {
		t.Fatalf("links after the addition: %+v", got)
	}
	mustContain(t, h.dm(sec, "links "+first), "phone number: +49301234567")
}

// TestLinkingOffStoresNoIndicators checks that a bot without linking
// configured links nothing, and that the team's commands still answer.
func TestLinkingOffStoresNoIndicators(t *testing.T) {
	h := newHarness(t)
	first, _ := h.submit(alice, "", "Call from +32 470 12 34 56.")
	second, notice := h.submit(bob, "", "Call from +32 470 12 34 56.")
	mustNotContain(t, notice, "Possibly linked")
	if got := h.linksOf(second); len(got) != 0 {
		t.Fatalf("linked without linking configured: %+v", got)
	}
	mustContain(t, h.dm(sec, "links "+first), "is not linked to any other case")
}

// TestLinkRepliesInEveryLanguage checks the notice in the team's
// language and the link replies in each team member's language.
func TestLinkRepliesInEveryLanguage(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{Linking: testLinking(t), TeamLanguage: "fr", Guidance: langGuidance{"que faire ?": "fr", "was tun?": "de"}})
	first, _ := h.submit(alice, "", "Appel du 0470 12 34 56.")
	second, notice := h.submit(bob, "", "Appel du +32470123456.")
	mustContain(t, notice, "Peut-être lié à "+first+" (même numéro de téléphone).")
	samFR := bot.User{Platform: "test", ID: "SEC1", Name: "Sam"}
	h.dm(samFR, "que faire ?")
	mustContain(t, h.dm(samFR, "links "+second), "Dossiers liés à "+second+" :", "• "+first+" : même numéro de téléphone (suggéré par Vigil le 19 novembre 2026)",
		"numéro de téléphone : +32470123456", "Confirmez un lien avec `link "+second+" <référence>`")
	mustContain(t, h.dm(samFR, "unlink "+first+" "+second), "Le lien entre "+first+" et "+second+" est rejeté")
	h.dm(samFR, "was tun?")
	mustContain(t, h.dm(samFR, "links "+second), "Mit "+second+" verknüpfte Fälle:", "gleiche Telefonnummer (abgelehnt von Sam am 19. November 2026)",
		"Telefonnummer: +32470123456")
	mustContain(t, h.dm(samFR, "link "+first+" "+second), first+" und "+second+" sind verknüpft: bestätigt.")
	mustContain(t, h.dm(samFR, "link "+first), "Verwendung: `link <Referenz> <Referenz>`, zum Beispiel `link VGL-2026-0042 VGL-2026-0017`.")
}

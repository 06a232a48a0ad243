package bot_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"vigil/bot"
)

var receiptPattern = regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`)

// TestFailedLookupsAreAuditedAndSlowedDown: a look-up that matches none of
// the user's reports is audited without the code typed; after five in
// fifteen minutes the user's look-ups are refused for fifteen minutes,
// even with a right code, in their language; then they work again.
func TestFailedLookupsAreAuditedAndSlowedDown(t *testing.T) {
	h := newHarness(t)
	receipt := receiptPattern.FindString(h.fullReport(alice, true))
	if receipt == "" {
		t.Fatal("no receipt")
	}
	bob := bot.User{Platform: "test", ID: "U2", Name: "Bob"}
	const wrong = "7KQ2M-9XH4T-PW3ZD-1RC8B"
	guesses := []string{"status " + wrong, "add " + wrong + " more", "status VGL-2026-0001", "status " + strings.ToLower(wrong)}
	for i, g := range guesses {
		out := h.dm(bob, g)
		mustContain(t, out, "I could not find a report")
		if strings.Contains(out, "will not look any up") {
			t.Fatalf("paused after %d failures", i+1)
		}
	}
	mustContain(t, h.dm(bob, "status "+wrong), "I could not find a report", "will not look any up for 15 minutes")
	refused := h.dm(bob, "status "+receipt)
	mustContain(t, refused, "will not look any up for 15 minutes")
	if strings.Contains(refused, "VGL-") {
		t.Fatalf("a paused user got a case: %q", refused)
	}

	var failed, paused int
	for _, a := range h.audit() {
		if strings.Contains(a.Target, "9XH4T") || strings.Contains(a.Target, strings.ToLower("9XH4T")) || strings.Contains(a.Target, receipt[:5]) {
			t.Errorf("the audit log holds a receipt code: %+v", a)
		}
		if a.Actor != bob {
			continue
		}
		switch {
		case a.Outcome == "not found" && (a.Target == "VGL-2026-0001" || regexp.MustCompile(`^receipt [0-9a-f]{8}$`).MatchString(a.Target)):
			failed++
		case a.Outcome == "refused" && a.Action == "status":
			paused++
		default:
			t.Errorf("unexpected audit entry %+v", a)
		}
	}
	if failed != 5 || paused != 1 {
		t.Errorf("audited %d failed and %d refused look-ups, want 5 and 1", failed, paused)
	}

	h.clock.Add(15 * time.Minute)
	mustContain(t, h.dm(bob, "status "+receipt), "VGL-")

	// Failures more than fifteen minutes apart do not add up.
	carol := bot.User{Platform: "test", ID: "U3"}
	for range 4 {
		h.dm(carol, "status "+wrong)
	}
	h.clock.Add(16 * time.Minute)
	if out := h.dm(carol, "status "+wrong); strings.Contains(out, "will not look any up") {
		t.Errorf("old failures counted: %q", out)
	}
}

// TestLookupPauseIsInTheUsersLanguage: the refusal is in French for a
// French speaker.
func TestLookupPauseIsInTheUsersLanguage(t *testing.T) {
	h := newHarness(t)
	denis := bot.User{Platform: "test", ID: "U4"}
	h.dm(denis, "signaler")
	h.dm(denis, "annuler")
	for range 5 {
		h.dm(denis, "status 7KQ2M-9XH4T-PW3ZD-1RC8B")
	}
	mustContain(t, h.dm(denis, "status 7KQ2M-9XH4T-PW3ZD-1RC8B"), "je n'en vérifierai plus pendant 15 minutes")
}

// TestRefusedTeamCommandNamesTheCase: a refused team command is audited
// with the case it targeted.
func TestRefusedTeamCommandNamesTheCase(t *testing.T) {
	h := newHarness(t)
	h.dm(alice, "triage vgl-2026-0007 closed resolved")
	h.dm(alice, "stats")
	var targets []string
	for _, a := range h.audit() {
		if a.Outcome == "refused" {
			targets = append(targets, a.Action+":"+a.Target)
		}
	}
	if got := strings.Join(targets, " "); got != "triage:VGL-2026-0007 stats:" {
		t.Errorf("refused commands audited as %q", got)
	}
}

package bot

import (
	"context"
	"slices"
	"strings"
	"time"

	"vigil/indicators"
)

// LinkState is where a link between two cases stands.
type LinkState string

// Link states.
const (
	LinkSuggested LinkState = "suggested" // Vigil found shared indicators; nobody decided yet
	LinkConfirmed LinkState = "confirmed" // a team member confirmed it
	LinkRejected  LinkState = "rejected"  // a team member rejected it; Vigil never suggests it again
)

// CaseLink is a link from one case to another, seen from the first: the
// other case, what kinds of indicator they share (never the values), and
// the team's decision.
type CaseLink struct {
	CaseID    int64             // the other case
	Ref       string            // the other case's reference
	Kinds     []indicators.Kind // the kinds that matched, most specific first; none for a link the team made
	State     LinkState
	LinkedAt  time.Time // when Vigil or the team linked them
	DecidedAt time.Time // when a team member confirmed or rejected it; zero while suggested
	DecidedBy User      // who did; zero while suggested
}

// Live reports whether the link counts: suggested or confirmed, not
// rejected.
func (l CaseLink) Live() bool { return l.State != LinkRejected }

// LinkDecision is a team member's decision on a link.
type LinkDecision struct {
	State LinkState // LinkConfirmed or LinkRejected
	By    User
	At    time.Time
}

// LinkStore keeps the indicators of each case, as keyed hashes only (see
// package indicators), and the links between cases. Two cases are linked
// when they share an indicator that is not common; a case is never linked
// to itself.
type LinkStore interface {
	// IndexCase records the hashed indicators of a case (all of them, from
	// its report and additions; rows already stored are kept) and links
	// the case to every other case sharing one that is not common, or
	// updates the kinds of an existing link, keeping the team's decision.
	// It returns the links it created, in SortLinks order, ErrNotFound
	// for an unknown case, or another error, and then changes nothing.
	IndexCase(ctx context.Context, caseID int64, hashed []indicators.Hashed, at time.Time) ([]CaseLink, error)
	// CaseLinks returns the links of a case, rejected ones included, in
	// SortLinks order; none for an unknown case.
	CaseLinks(ctx context.Context, caseID int64) ([]CaseLink, error)
	// DecideLink records a team member's decision on the link between two
	// cases, creating the link (with no kinds) when there was none, and
	// returns it as seen from caseID. Only the core's team commands call
	// it, after checking the member. It returns ErrNotFound when either
	// case does not exist, and an error when the cases are the same or
	// the decision is not LinkConfirmed or LinkRejected.
	DecideLink(ctx context.Context, caseID, otherID int64, d LinkDecision) (CaseLink, error)
	// AllLinks returns every case that has a live link, with its live
	// links in SortLinks order, by case ID: what exports carry. Its size
	// grows with the number of links, not of cases.
	AllLinks(ctx context.Context) (map[int64][]CaseLink, error)
}

// SortLinks orders links as stores return them: confirmed, then suggested,
// then rejected; within each, by their most specific kind (links the team
// made without one last), then by the number of kinds, then by reference.
func SortLinks(links []CaseLink) {
	state := map[LinkState]int{LinkConfirmed: 0, LinkSuggested: 1, LinkRejected: 2}
	slices.SortFunc(links, func(a, b CaseLink) int {
		if r := state[a.State] - state[b.State]; r != 0 {
			return r
		}
		switch {
		case len(a.Kinds) == 0 && len(b.Kinds) > 0:
			return 1
		case len(b.Kinds) == 0 && len(a.Kinds) > 0:
			return -1
		case len(a.Kinds) > 0:
			if r := indicators.CompareKinds(a.Kinds[0], b.Kinds[0]); r != 0 {
				return r
			}
		}
		if r := len(b.Kinds) - len(a.Kinds); r != 0 {
			return r
		}
		return strings.Compare(a.Ref, b.Ref)
	})
}

// IndicatorFields returns what linking reads in a case: who approached,
// the claimed country, the description with what was accepted, and the
// evidence with the information the reporter added later (the additions
// among evs). Exports read the same, so that they carry the indicators
// the links rest on.
func IndicatorFields(r Report, evs []CaseEvent) indicators.Fields {
	evidence := r.Evidence
	for _, ev := range evs {
		if ev.Kind == EventAddition && ev.Text != "" {
			evidence += "\n" + ev.Text
		}
	}
	return indicators.Fields{Approacher: r.Approacher, Country: r.ApproacherCountry,
		Description: r.Description + "\n" + r.AcceptedDetail, Evidence: evidence}
}

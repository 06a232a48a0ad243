package bot

import (
	"context"

	"vigil/indicators"
)

// Linking configures linked cases. Linking is on when all three are set;
// main.go derives the key from the data key and builds the others from
// the configuration (the phone region, the operator's common values).
type Linking struct {
	// Key is the blind-index key: the database holds the indicators'
	// hashes under it, never the values.
	Key *indicators.Key
	// Extractor finds the indicators of a report; its region is the one
	// of phone numbers written without a country code.
	Extractor *indicators.Extractor
	// Common lists the values that never link on their own (gmail.com,
	// the parliament's own domain).
	Common *indicators.Common
}

// linker turns reports into indicators: their keyed hashes for the store,
// and their values, from the decrypted case, for the team's eyes only.
// A nil *linker is off: it finds nothing.
type linker struct {
	*env
	key    *indicators.Key
	x      *indicators.Extractor
	common *indicators.Common
}

// newLinker returns the linker of l, or nil when linking is off.
func newLinker(e *env, l Linking) *linker {
	if l.Key == nil || l.Extractor == nil || l.Common == nil {
		return nil
	}
	return &linker{env: e, key: l.Key, x: l.Extractor, common: l.Common}
}

// indicators returns the indicators of a report and of the information
// added to it later (the additions among evs): every one, common ones
// included.
func (l *linker) indicators(r Report, evs []CaseEvent) []indicators.Indicator {
	if l == nil {
		return nil
	}
	return l.x.Extract(IndicatorFields(r, evs))
}

// hashes returns the keyed hashes of the indicators of a report and its
// additions, common ones marked: what the store keeps.
func (l *linker) hashes(r Report, evs []CaseEvent) []indicators.Hashed {
	if l == nil {
		return nil
	}
	return l.key.HashAll(l.indicators(r, evs), l.common)
}

// shared returns the values that two cases share and that are not
// common, most specific first: what a link rests on.
func (l *linker) shared(a, b []indicators.Indicator) []indicators.Indicator {
	if l == nil {
		return nil
	}
	in := map[indicators.Indicator]bool{}
	for _, ind := range b {
		in[ind] = true
	}
	var out []indicators.Indicator
	for _, ind := range a {
		if in[ind] && !l.common.Has(ind) {
			out = append(out, ind)
		}
	}
	return out
}

// reindex extracts again the indicators of a case with its additions and
// has the store record them and link the case; it returns the new links.
// Failures are logged: the addition itself is stored already.
func (l *linker) reindex(ctx context.Context, c Case) []CaseLink {
	if l == nil {
		return nil
	}
	evs, err := l.store.CaseEvents(ctx, c.ID)
	if err != nil {
		l.log.Error("case history for linking failed", "ref", c.Ref, "err", err)
		return nil
	}
	links, err := l.store.IndexCase(ctx, c.ID, l.hashes(c.Report, evs), l.now().UTC())
	if err != nil {
		l.log.Error("case indicators not stored", "ref", c.Ref, "err", err)
		return nil
	}
	return links
}

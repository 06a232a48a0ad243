package indicators

import (
	"slices"
	"strings"
)

// Hashed is one indicator of the report being filed, as a hash. Common
// ones are stored like the others but never looked up or linked.
type Hashed struct {
	Kind   Kind
	Hash   []byte
	Common bool
}

// Entry is one stored indicator of an earlier case: a row of the
// storage side's index (see the package documentation).
type Entry struct {
	Case string // the case's reference, e.g. "VGL-2026-0012"
	Kind Kind
	Hash []byte
}

// Link is an earlier case that shares indicators with the new one.
type Link struct {
	Case  string
	Kinds []Kind // the kinds that matched, most specific first, each once
}

// LookupHashes returns the hashes of current worth looking up: all but
// the common ones, whose rows (every case with a Gmail address) would
// only be fetched to be ignored.
func LookupHashes(current []Hashed) [][]byte {
	var out [][]byte
	for _, h := range current {
		if !h.Common {
			out = append(out, h.Hash)
		}
	}
	return out
}

// Links returns the earlier cases that share an indicator with current,
// the new case's hashed indicators, each with the kinds that matched.
// earlier holds the stored entries that share a hash with current (what
// the storage side finds for LookupHashes) or any superset of them;
// entries of the case self, and matches on common indicators, are
// ignored, so two reports that share only gmail.com are not linked. The
// links come strongest first: by their most specific kind, then by the
// number of kinds, then by reference. Links is a pure function: it costs
// one map look-up per entry of earlier.
func Links(self string, current []Hashed, earlier []Entry) []Link {
	want := make(map[string]Kind, len(current))
	for _, h := range current {
		if !h.Common {
			want[string(h.Hash)] = h.Kind
		}
	}
	byCase := map[string]*Link{}
	var out []*Link
	for _, e := range earlier {
		k, ok := want[string(e.Hash)]
		if !ok || k != e.Kind || e.Case == self {
			continue
		}
		l := byCase[e.Case]
		if l == nil {
			l = &Link{Case: e.Case}
			byCase[e.Case] = l
			out = append(out, l)
		}
		if !slices.Contains(l.Kinds, k) {
			l.Kinds = append(l.Kinds, k)
		}
	}
	if len(out) == 0 {
		return nil
	}
	links := make([]Link, len(out))
	for i, l := range out {
		slices.SortFunc(l.Kinds, func(a, b Kind) int { return a.rank() - b.rank() })
		links[i] = *l
	}
	slices.SortFunc(links, func(a, b Link) int {
		if r := a.Kinds[0].rank() - b.Kinds[0].rank(); r != 0 {
			return r
		}
		if r := len(b.Kinds) - len(a.Kinds); r != 0 {
			return r
		}
		return strings.Compare(a.Case, b.Case)
	})
	return links
}

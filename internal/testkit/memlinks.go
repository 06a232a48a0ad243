package testkit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vigil/bot"
	"vigil/indicators"
)

// memLinks is the in-memory side of linked cases: the hashed indicators
// of each case and the links between cases, as storage keeps them in
// case_indicators and case_links.
type memLinks struct {
	byHash map[string][]memIndicator  // hash -> the cases that have it
	links  map[[2]int64]*bot.CaseLink // (lower ID, higher ID) -> the link, seen from the lower
}

type memIndicator struct {
	caseID int64
	kind   indicators.Kind
}

func newMemLinks() memLinks {
	return memLinks{byHash: map[string][]memIndicator{}, links: map[[2]int64]*bot.CaseLink{}}
}

func linkKey(x, y int64) [2]int64 {
	if x < y {
		return [2]int64{x, y}
	}
	return [2]int64{y, x}
}

// IndexCase implements bot.LinkStore.
func (m *MemStore) IndexCase(_ context.Context, caseID int64, hashed []indicators.Hashed, at time.Time) ([]bot.CaseLink, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	mc := m.byID(caseID)
	if mc == nil {
		return nil, bot.ErrNotFound
	}
	return m.indexLocked(mc.c, hashed, at), nil
}

// indexLocked stores the hashed indicators of c and links it, as
// storage's indexCase does (m.mu held).
func (m *MemStore) indexLocked(c bot.Case, hashed []indicators.Hashed, at time.Time) []bot.CaseLink {
	for _, h := range hashed {
		ind := memIndicator{caseID: c.ID, kind: h.Kind}
		rows := m.linking.byHash[string(h.Hash)]
		if !containsIndicator(rows, ind) {
			m.linking.byHash[string(h.Hash)] = append(rows, ind)
		}
	}
	var entries []indicators.Entry
	for _, h := range indicators.LookupHashes(hashed) {
		for _, row := range m.linking.byHash[string(h)] {
			if other := m.byID(row.caseID); other != nil && row.caseID != c.ID {
				entries = append(entries, indicators.Entry{Case: other.c.Ref, Kind: row.kind, Hash: h})
			}
		}
	}
	var created []bot.CaseLink
	for _, l := range indicators.Links(c.Ref, hashed, entries) {
		other := m.byRef(l.Case)
		key := linkKey(c.ID, other.c.ID)
		if existing := m.linking.links[key]; existing != nil {
			existing.Kinds = l.Kinds
			continue
		}
		m.linking.links[key] = &bot.CaseLink{Kinds: l.Kinds, State: bot.LinkSuggested, LinkedAt: at.UTC()}
		created = append(created, bot.CaseLink{CaseID: other.c.ID, Ref: other.c.Ref, Kinds: l.Kinds, State: bot.LinkSuggested, LinkedAt: at.UTC()})
	}
	bot.SortLinks(created)
	return created
}

func containsIndicator(rows []memIndicator, ind memIndicator) bool {
	for _, r := range rows {
		if r == ind {
			return true
		}
	}
	return false
}

func (m *MemStore) byRef(ref string) *memCase {
	for _, mc := range m.cases {
		if mc.c.Ref == ref {
			return mc
		}
	}
	return nil
}

// seen returns the link stored under key as seen from the case self.
func (m *MemStore) seen(key [2]int64, self int64) bot.CaseLink {
	l := *m.linking.links[key]
	l.Kinds = append([]indicators.Kind(nil), l.Kinds...)
	l.CaseID = key[0]
	if key[0] == self {
		l.CaseID = key[1]
	}
	l.Ref = m.byID(l.CaseID).c.Ref
	return l
}

// CaseLinks implements bot.LinkStore.
func (m *MemStore) CaseLinks(_ context.Context, caseID int64) ([]bot.CaseLink, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.CaseLink
	for key := range m.linking.links {
		if key[0] == caseID || key[1] == caseID {
			out = append(out, m.seen(key, caseID))
		}
	}
	bot.SortLinks(out)
	return out, nil
}

// DecideLink implements bot.LinkStore.
func (m *MemStore) DecideLink(_ context.Context, caseID, otherID int64, d bot.LinkDecision) (bot.CaseLink, error) {
	if caseID == otherID {
		return bot.CaseLink{}, errors.New("decide link: a case cannot be linked to itself")
	}
	if d.State != bot.LinkConfirmed && d.State != bot.LinkRejected {
		return bot.CaseLink{}, fmt.Errorf("decide link: %q is not a decision", d.State)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byID(caseID) == nil || m.byID(otherID) == nil {
		return bot.CaseLink{}, bot.ErrNotFound
	}
	key := linkKey(caseID, otherID)
	l := m.linking.links[key]
	if l == nil {
		l = &bot.CaseLink{LinkedAt: d.At.UTC()}
		m.linking.links[key] = l
	}
	l.State, l.DecidedAt, l.DecidedBy = d.State, d.At.UTC(), d.By
	return m.seen(key, caseID), nil
}

// AllLinks implements bot.LinkStore.
func (m *MemStore) AllLinks(context.Context) (map[int64][]bot.CaseLink, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[int64][]bot.CaseLink{}
	for key, l := range m.linking.links {
		if !l.Live() {
			continue
		}
		out[key[0]] = append(out[key[0]], m.seen(key, key[0]))
		out[key[1]] = append(out[key[1]], m.seen(key, key[1]))
	}
	for _, links := range out {
		bot.SortLinks(links)
	}
	return out, nil
}

// hasLiveLink reports whether the case has a link that is not rejected
// (m.mu held).
func (m *MemStore) hasLiveLink(caseID int64) bool {
	for key, l := range m.linking.links {
		if (key[0] == caseID || key[1] == caseID) && l.Live() {
			return true
		}
	}
	return false
}

// forgetLinks drops the indicators and links of a purged case, as the
// database's foreign keys do (m.mu held).
func (m *MemStore) forgetLinks(caseID int64) {
	for h, rows := range m.linking.byHash {
		kept := rows[:0]
		for _, r := range rows {
			if r.caseID != caseID {
				kept = append(kept, r)
			}
		}
		if len(kept) == 0 {
			delete(m.linking.byHash, h)
		} else {
			m.linking.byHash[h] = kept
		}
	}
	for key := range m.linking.links {
		if key[0] == caseID || key[1] == caseID {
			delete(m.linking.links, key)
		}
	}
}

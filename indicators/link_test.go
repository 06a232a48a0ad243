package indicators

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// filer files reports the way the core and storage are meant to: extract,
// hash, look up the stored rows that share a hash, link, then store.
type filer struct {
	x      *Extractor
	key    *Key
	common *Common
	rows   []Entry // the storage side's table
}

func newFiler(t testing.TB, extra ...string) *filer {
	t.Helper()
	common, err := NewCommon(extra...)
	if err != nil {
		t.Fatal(err)
	}
	return &filer{x: extractor(t, "BE"), key: testKey(t, 42), common: common}
}

func (f *filer) file(ref string, fields Fields) []Link {
	hashed := f.key.HashAll(f.x.Extract(fields), f.common)
	var found []Entry
	for _, h := range LookupHashes(hashed) {
		for _, r := range f.rows {
			if bytes.Equal(r.Hash, h) {
				found = append(found, r)
			}
		}
	}
	for _, h := range hashed {
		f.rows = append(f.rows, Entry{Case: ref, Kind: h.Kind, Hash: h.Hash})
	}
	return Links(ref, hashed, found)
}

func TestLinkedReports(t *testing.T) {
	f := newFiler(t)
	steps := []struct {
		ref    string
		fields Fields
		want   []Link
	}{
		{"VGL-1", Fields{Approacher: "Jan Novák, jan.novak@voice-eu.com", Description: "He called me on +32 470 12 34 56."}, nil},
		// Same phone (other form) and same name without accents, in another order.
		{"VGL-2", Fields{Approacher: "NOVAK Jan", Description: "calls from 0470/123456"}, []Link{{"VGL-1", []Kind{Phone, Name}}}},
		// Same e-mail address in capitals and the same phone, a third way.
		{"VGL-3", Fields{Evidence: "mail from JAN.NOVAK@VOICE-EU.COM, missed call 0032470123456"},
			[]Link{{"VGL-1", []Kind{Email, Phone, EmailDomain, Domain}}, {"VGL-2", []Kind{Phone}}}},
		// Only gmail.com in common with anyone: no link.
		{"VGL-4", Fields{Approacher: "ivan.petrov@gmail.com"}, nil},
		{"VGL-5", Fields{Approacher: "olga.smirnova@gmail.com", Evidence: "https://mail.google.com/mail/u/0"}, nil},
		// The site of the outlet links, as a domain, to the e-mail domain's reports.
		{"VGL-6", Fields{Description: "an invitation from https://www.voice-eu.com/events/2026"}, []Link{{"VGL-1", []Kind{Domain}}, {"VGL-3", []Kind{Domain}}}},
		// The same Gmail address does link.
		{"VGL-7", Fields{Evidence: "I.van.Petrov@gmail.com"}, []Link{{"VGL-4", []Kind{Email}}}},
	}
	for _, s := range steps {
		got := f.file(s.ref, s.fields)
		if fmt.Sprint(got) != fmt.Sprint(s.want) {
			t.Errorf("%s links %v, want %v", s.ref, got, s.want)
		}
	}
}

func TestOperatorCommonDomain(t *testing.T) {
	// Two reports whose only shared value is the parliament's own domain.
	for _, tt := range []struct {
		extra []string
		want  int
	}{{nil, 1}, {[]string{"bundestag.de"}, 0}} {
		f := newFiler(t, tt.extra...)
		f.file("VGL-1", Fields{Description: "forwarded by anna.schmidt@bundestag.de"})
		if got := f.file("VGL-2", Fields{Description: "my colleague max.weber@bundestag.de was asked too"}); len(got) != tt.want {
			t.Errorf("common %v: links %v, want %d", tt.extra, got, tt.want)
		}
	}
}

func TestLinks(t *testing.T) {
	k := testKey(t, 3)
	h := func(kind Kind, v string) []byte { return k.Hash(kind, v) }
	current := []Hashed{
		{Kind: Phone, Hash: h(Phone, "+32470123456")},
		{Kind: Domain, Hash: h(Domain, "voice-eu.com")},
		{Kind: Name, Hash: h(Name, "jan novak")},
		{Kind: EmailDomain, Hash: h(EmailDomain, "gmail.com"), Common: true},
	}
	earlier := []Entry{
		{"VGL-9", Domain, h(Domain, "voice-eu.com")},
		{"VGL-3", EmailDomain, h(EmailDomain, "gmail.com")}, // common: ignored
		{"VGL-5", Name, h(Name, "jan novak")},
		{"VGL-5", Domain, h(Domain, "voice-eu.com")},
		{"VGL-5", Domain, h(Domain, "voice-eu.com")}, // a kind counts once
		{"VGL-2", Phone, h(Phone, "+32470123456")},
		{"VGL-8", Phone, h(Phone, "+32470000000")}, // another value
		{"VGL-7", Name, h(Phone, "+32470123456")},  // a hash under another kind
		{"VGL-1", Phone, h(Phone, "+32470123456")}, // the new case itself
		{"VGL-6", Domain, h(Domain, "voice-eu.com")},
	}
	got := Links("VGL-1", current, earlier)
	want := []Link{
		{"VGL-2", []Kind{Phone}},
		{"VGL-5", []Kind{Name, Domain}},
		{"VGL-6", []Kind{Domain}},
		{"VGL-9", []Kind{Domain}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Links =\n%v\nwant\n%v", got, want)
	}
	if got := Links("VGL-1", current[3:], earlier); got != nil {
		t.Errorf("only a common value: links %v", got)
	}
	if got := LookupHashes(current); len(got) != 3 || slices.ContainsFunc(got, func(b []byte) bool { return bytes.Equal(b, current[3].Hash) }) {
		t.Errorf("LookupHashes returned %d hashes, or a common one", len(got))
	}
}

func TestKindsComeMostSpecificFirst(t *testing.T) {
	kinds := Kinds()
	for i, k := range kinds {
		if k.rank() != i {
			t.Errorf("Kinds()[%d] = %s, whose rank is %d", i, k, k.rank())
		}
		if i > 0 && CompareKinds(kinds[i-1], k) >= 0 {
			t.Errorf("CompareKinds(%s, %s) = %d, want < 0", kinds[i-1], k, CompareKinds(kinds[i-1], k))
		}
	}
	if CompareKinds(Phone, Phone) != 0 || CompareKinds("unknown", Domain) <= 0 {
		t.Error("CompareKinds: equal kinds or an unknown kind misordered")
	}
}

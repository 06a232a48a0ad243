package indicators

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Fields are the parts of a report that Extract reads, as the reporter
// wrote them.
type Fields struct {
	Approacher  string // who approached: name, organisation, contact details
	Country     string // the country they claimed
	Description string // what happened
	Evidence    string // the evidence kept (file names, addresses, links)
}

// Extractor finds indicators in report text. It is safe for concurrent use.
type Extractor struct {
	region string
}

// NewExtractor returns an Extractor that reads phone numbers written in
// national form ("0470/123456") as numbers of region, an ISO 3166 code
// such as "BE". With region "", only numbers written with "+" and a
// country code are kept: "0470/123456" and "0032 470 ..." need a region
// to be read. An unknown region is an error.
func NewExtractor(region string) (*Extractor, error) {
	region = strings.ToUpper(strings.TrimSpace(region))
	if region != "" && phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return nil, fmt.Errorf("indicators: unknown phone region %q (want an ISO 3166 code such as BE)", region)
	}
	return &Extractor{region: region}, nil
}

// Extract returns the indicators in f, each once, ordered by kind (see
// Kind) and then value. Every field is searched for e-mail addresses,
// phone numbers, web addresses and domains, handles and IBANs; the name
// and organisation of the approacher come from f.Approacher alone, read
// as "name, organisation" (see the package documentation). Values are
// normalised so that the same thing written differently gives the same
// Indicator. Extract never fails: text without indicators gives nil.
func (x *Extractor) Extract(f Fields) []Indicator {
	found := map[Indicator]bool{}
	add := func(k Kind, v string) {
		if v != "" {
			found[Indicator{Kind: k, Value: v}] = true
		}
	}
	for i, text := range []string{f.Approacher, f.Country, f.Description, f.Evidence} {
		rest := x.contacts(text, add)
		if i == 0 {
			name, orgs := people(rest)
			add(Name, name)
			for _, o := range orgs {
				add(Org, o)
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	out := make([]Indicator, 0, len(found))
	for ind := range found {
		out = append(out, ind)
	}
	slices.SortFunc(out, func(a, b Indicator) int {
		if r := a.Kind.rank() - b.Kind.rank(); r != 0 {
			return r
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// contacts adds the contact indicators of text and returns text with each
// of them replaced by commas, so that later passes (and the reading of
// names) do not see them again. The passes run from the widest pattern to
// the narrowest: a web address can hold an e-mail address, an e-mail
// address a domain, and all of them digits.
func (x *Extractor) contacts(text string, add func(Kind, string)) string {
	b := []byte(text)
	x.webAddresses(b, add)
	emails(b, add)
	x.bareDomains(b, add)
	ibans(b, add)
	handles(b, add)
	x.phones(b, add)
	return string(b)
}

// mask overwrites b[i:j] with commas. Commas separate the parts of the
// approacher field and belong to no pattern, so a masked span can neither
// be found again nor join its neighbours.
func mask(b []byte, i, j int) {
	for k := i; k < j; k++ {
		b[k] = ','
	}
}

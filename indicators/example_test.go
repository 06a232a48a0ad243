package indicators_test

import (
	"bytes"
	"fmt"

	"vigil/indicators"
)

// Example files two reports that name the same caller differently and
// links the second to the first: same phone number, name and
// organisation, but not gmail.com, which is common. The slice of entries
// stands in for the storage side's table of (hash, kind, case).
func Example() {
	x, err := indicators.NewExtractor("BE")
	if err != nil {
		panic(err)
	}
	key, err := indicators.NewKey(bytes.Repeat([]byte{1}, indicators.DataKeySize)) // the data key
	if err != nil {
		panic(err)
	}
	common, err := indicators.NewCommon("parliament.be")
	if err != nil {
		panic(err)
	}
	var table []indicators.Entry
	file := func(ref string, f indicators.Fields) []indicators.Link {
		inds := x.Extract(f)
		hashed := key.HashAll(inds, common)
		links := indicators.Links(ref, hashed, table) // storage: only the rows with a hash in LookupHashes(hashed)
		for _, h := range hashed {
			table = append(table, indicators.Entry{Case: ref, Kind: h.Kind, Hash: h.Hash})
		}
		return links
	}

	first := indicators.Fields{
		Approacher:  "Jan Novák, Voice of Europe, Jan.Novak@gmail.com",
		Description: "He called on +32 470 12 34 56 and offered to pay for a trip.",
	}
	for _, ind := range x.Extract(first) {
		fmt.Printf("%-12s %s\n", ind.Kind, ind.Value)
	}
	file("VGL-2026-0012", first)

	links := file("VGL-2026-0013", indicators.Fields{
		Approacher: "NOVAK Jan (voice of europe)",
		Evidence:   "missed calls from 0470/123456; mail from olga@gmail.com",
	})
	for _, l := range links {
		fmt.Println("possibly linked to", l.Case, l.Kinds)
	}
	// Output:
	// email        jannovak@gmail.com
	// phone        +32470123456
	// name         jan novak
	// org          europe voice
	// email-domain gmail.com
	// domain       gmail.com
	// possibly linked to VGL-2026-0012 [phone name org]
}

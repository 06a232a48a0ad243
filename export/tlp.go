package export

import (
	"fmt"
	"strings"
)

// DefaultTLP is the marking of an export whose Options give none.
const DefaultTLP = "amber"

// tlp is one Traffic Light Protocol 2.0 level and how each format marks it.
type tlp struct {
	name string
	// stixMarking is the level's marking definition as published by OASIS
	// in cti-stix-common-objects (extension-definition-specifications/tlp-2.0).
	stixMarking string
	// mispDistribution is the MISP event distribution: 0 your organisation
	// only, 1 this community only, 3 all communities.
	mispDistribution string
}

// tlpLevels lists the TLP 2.0 levels in increasing order of restriction.
// It is the only list of them.
var tlpLevels = []tlp{
	{"clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "3"},
	{"green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "1"},
	{"amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "0"},
	{"amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "0"},
	{"red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "0"},
}

// TLPLevels returns the names of the TLP 2.0 levels, least restricted
// first.
func TLPLevels() []string {
	names := make([]string, len(tlpLevels))
	for i, l := range tlpLevels {
		names[i] = l.name
	}
	return names
}

// CheckTLP returns an error listing the valid levels when level is not a
// TLP 2.0 level ("amber", "TLP:AMBER" and "" for the default are valid).
func CheckTLP(level string) error {
	_, err := parseTLP(level)
	return err
}

// parseTLP returns the level named by s, case-insensitive and with or
// without a "tlp:" prefix; "" is DefaultTLP.
func parseTLP(s string) (tlp, error) {
	name := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "tlp:")
	if name == "" {
		name = DefaultTLP
	}
	for _, l := range tlpLevels {
		if l.name == name {
			return l, nil
		}
	}
	return tlp{}, fmt.Errorf("unknown TLP level %q: use one of %s", s, strings.Join(TLPLevels(), ", "))
}

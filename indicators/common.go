package indicators

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed common.txt
var commonList string

// Common is a list of values that many unrelated reports share (free
// e-mail services, big platforms, the institutions reporters work in):
// a match on them alone never links two cases. It is read-only once made
// and safe for concurrent use.
type Common struct {
	domains map[string]bool
	values  map[Indicator]bool
}

// NewCommon returns the built-in list (common.txt in this package) with
// the operator's extra entries added. Each entry is written as a line of
// that file: a domain ("bundestag.de"), which covers every name under
// it, or "kind: value" ("org: Deutscher Bundestag"). An entry that is
// neither, or a domain under no known top-level domain, gives an error
// naming it.
func NewCommon(extra ...string) (*Common, error) {
	c := &Common{domains: map[string]bool{}, values: map[Indicator]bool{}}
	x := &Extractor{}
	for i, line := range strings.Split(commonList, "\n") {
		if err := c.add(x, line); err != nil {
			return nil, fmt.Errorf("indicators: common.txt line %d: %w", i+1, err)
		}
	}
	for _, e := range extra {
		if err := c.add(x, e); err != nil {
			return nil, fmt.Errorf("indicators: common entry %q: %w", e, err)
		}
	}
	return c, nil
}

func (c *Common) add(x *Extractor, line string) error {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return nil
	}
	kind, value, found := strings.Cut(line, ":")
	if !found {
		h, ok := normHost(strings.TrimPrefix(strings.ToLower(line), "*."))
		if !ok {
			return fmt.Errorf("not a domain name under a known top-level domain")
		}
		c.domains[h] = true
		return nil
	}
	k, value := Kind(strings.TrimSpace(kind)), strings.TrimSpace(value)
	var v string
	switch k {
	case Name, Org:
		v = normName(value)
	case Email, Phone, IBAN, Handle, URL:
		x.contacts(value, func(got Kind, gv string) {
			if got == k && v == "" {
				v = gv
			}
		})
	case Domain, EmailDomain:
		return fmt.Errorf("write a domain without %q", string(k)+":")
	default:
		return fmt.Errorf("unknown kind %q", string(k))
	}
	if v == "" {
		return fmt.Errorf("no %s found in %q", k, value)
	}
	c.values[Indicator{Kind: k, Value: v}] = true
	return nil
}

// Has reports whether ind is common: a domain or e-mail domain on the
// list or under one of its domains, or a value listed with its kind.
func (c *Common) Has(ind Indicator) bool {
	if ind.Kind != Domain && ind.Kind != EmailDomain {
		return c.values[ind]
	}
	for d := ind.Value; d != ""; {
		if c.domains[d] {
			return true
		}
		_, d, _ = strings.Cut(d, ".")
	}
	return false
}

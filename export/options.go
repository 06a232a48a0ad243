package export

import (
	"fmt"
	"strings"
	"time"
)

// tlpLevels lists the TLP 2.0 levels in increasing order of restriction.
var tlpLevels = []string{"clear", "green", "amber", "amber+strict", "red"}

// options are Options with defaults applied and values checked.
type options struct {
	producer string
	tlp      string
	now      func() time.Time
}

func (o Options) normalise() (options, error) {
	n := options{producer: strings.TrimSpace(o.Producer), tlp: "amber", now: o.Now}
	if n.producer == "" {
		n.producer = "Vigil"
	}
	if n.now == nil {
		n.now = time.Now
	}
	if t := strings.TrimSpace(o.TLP); t != "" {
		t = strings.TrimPrefix(strings.ToLower(t), "tlp:")
		valid := false
		for _, l := range tlpLevels {
			valid = valid || l == t
		}
		if !valid {
			return options{}, fmt.Errorf("export: unknown TLP level %q: use one of %s", o.TLP, strings.Join(tlpLevels, ", "))
		}
		n.tlp = t
	}
	return n, nil
}

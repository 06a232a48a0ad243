package export

import (
	"fmt"
	"strings"
	"time"

	"vigil/indicators"
)

// DefaultProducer names the producer of an export whose Options give none.
const DefaultProducer = "Vigil"

// options are Options with defaults applied and values checked.
type options struct {
	producer  string
	tlp       tlp
	now       func() time.Time
	extractor *indicators.Extractor // nil: no indicators
	common    *indicators.Common
}

func (o Options) normalise() (options, error) {
	level, err := parseTLP(o.TLP)
	if err != nil {
		return options{}, fmt.Errorf("export: %w", err)
	}
	n := options{producer: strings.TrimSpace(o.Producer), tlp: level, now: o.Now}
	if n.producer == "" {
		n.producer = DefaultProducer
	}
	if n.now == nil {
		n.now = time.Now
	}
	if o.Extractor != nil {
		n.extractor, n.common = o.Extractor, o.Common
		if n.common == nil {
			if n.common, err = indicators.NewCommon(); err != nil {
				return options{}, fmt.Errorf("export: %w", err)
			}
		}
	}
	return n, nil
}

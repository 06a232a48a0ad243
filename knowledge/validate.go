package knowledge

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// validate checks an article's fields against the format and the topic
// list. topics holds the known topic ids.
func (a *Article) validate(topics map[string]bool) error {
	var errs []error
	missing := func(field string, empty bool) {
		if empty {
			errs = append(errs, fmt.Errorf("missing required field %q", field))
		}
	}
	missing("id", a.ID == "")
	missing("lang", a.Lang == "")
	missing("title", strings.TrimSpace(a.Title) == "")
	missing("summary", strings.TrimSpace(a.Summary) == "")
	missing("keywords", len(a.Keywords) == 0)
	missing("questions", len(a.Questions) == 0)
	missing("sources", len(a.Sources) == 0)
	missing("reviewed", a.Reviewed == "")
	if a.ID != "" && !topics[a.ID] {
		errs = append(errs, fmt.Errorf("id %q is not a known topic id", a.ID))
	}
	if a.Lang != "" && !knownLang(a.Lang) {
		errs = append(errs, fmt.Errorf("unknown language %q (want en, fr or de)", a.Lang))
	}
	if a.Reviewed != "" {
		if _, err := time.Parse(time.DateOnly, a.Reviewed); err != nil {
			errs = append(errs, fmt.Errorf("reviewed %q is not a date like 2026-01-31", a.Reviewed))
		}
	}
	for i, s := range a.Sources {
		u, err := url.Parse(s.URL)
		switch {
		case strings.TrimSpace(s.Title) == "":
			errs = append(errs, fmt.Errorf("source %d has no title", i+1))
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
			errs = append(errs, fmt.Errorf("source %d has no valid http(s) URL", i+1))
		}
	}
	for _, r := range a.Related {
		if r == a.ID || !topics[r] {
			errs = append(errs, fmt.Errorf("related %q is not another known topic id", r))
		}
	}
	return errors.Join(errs...)
}

package knowledge

import (
	"slices"
	"strings"
	"time"
)

// DefaultReviewAge is how long an article may go without review before
// it is reported as due (see StaleArticles).
const DefaultReviewAge = 365 * 24 * time.Hour

// StaleArticles returns the articles, built in or from the operator's
// directory, whose reviewed date is more than maxAge before now, the
// oldest first. Anyone may call it; it cannot fail.
func (b *Base) StaleArticles(now time.Time, maxAge time.Duration) []*Article {
	var out []*Article
	for _, a := range b.articles {
		if reviewed, err := time.Parse(time.DateOnly, a.Reviewed); err == nil && now.Sub(reviewed) > maxAge {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y *Article) int {
		return strings.Compare(x.Reviewed+x.Lang+x.ID, y.Reviewed+y.Lang+y.ID)
	})
	return out
}

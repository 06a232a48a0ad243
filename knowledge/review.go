package knowledge

import (
	"slices"
	"strings"
	"time"
)

// StaleArticles returns the articles, built in or from the operator's
// directory, last reviewed before the given day, the oldest first.
// Anyone may call it; it cannot fail.
func (b *Base) StaleArticles(before time.Time) []*Article {
	day := before.Format(time.DateOnly)
	var out []*Article
	for _, a := range b.articles {
		if a.Reviewed < day { // dates like 2026-01-31 sort as text
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y *Article) int {
		return strings.Compare(x.Reviewed+x.Lang+x.ID, y.Reviewed+y.Lang+y.ID)
	})
	return out
}

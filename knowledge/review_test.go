package knowledge

import (
	"testing"
	"time"
)

func TestStaleArticles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "old.md", withLine(fixtureArticle("gifts-and-hospitality", "fr"), "reviewed:", "reviewed: 2024-05-01"))
	b, err := loadFixtures(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	yearAgo := time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC)
	stale := b.StaleArticles(yearAgo)
	if len(stale) != 1 || stale[0].ID != "gifts-and-hospitality" || stale[0].Lang != "fr" || stale[0].File == "" {
		t.Fatalf("stale articles: %+v", stale)
	}
	if n := len(b.StaleArticles(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))); n != 0 {
		t.Errorf("%d articles reviewed before the day the oldest was reviewed", n)
	}
	// The fixtures are reviewed on 2026-01-31: all are stale a day later.
	if n := len(b.StaleArticles(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))); n != len(b.articles) {
		t.Errorf("%d of %d articles due", n, len(b.articles))
	}
}

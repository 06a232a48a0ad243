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
	now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	stale := b.StaleArticles(now, DefaultReviewAge)
	if len(stale) != 1 || stale[0].ID != "gifts-and-hospitality" || stale[0].Lang != "fr" || stale[0].File == "" {
		t.Fatalf("stale articles: %+v", stale)
	}
	if n := len(b.StaleArticles(now, 10*365*24*time.Hour)); n != 0 {
		t.Errorf("%d articles stale within ten years", n)
	}
	// The fixtures are reviewed on 2026-01-31: all are due a year later.
	if n := len(b.StaleArticles(now.AddDate(1, 0, 0), DefaultReviewAge)); n != len(b.articles) {
		t.Errorf("%d of %d articles due", n, len(b.articles))
	}
}

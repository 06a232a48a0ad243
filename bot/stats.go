package bot

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// statsTable is what `stats` says of st, the counts of the cases filed
// since the given time, in x's language: the total, then the counts by
// category, status and ISO week.
func statsTable(x *texts, st Stats, since time.Time) string {
	lines := []string{fmt.Sprintf(x.statsHeader, since.Format("2006-01-02"), st.Total), "", x.byCategory}
	for _, c := range Categories() {
		if n := st.ByCategory[c]; n > 0 {
			lines = append(lines, fmt.Sprintf("  %s: %d", c.LabelIn(x.code), n))
		}
	}
	lines = append(lines, "", x.byStatus)
	for _, s := range Statuses() {
		if n := st.ByStatus[s]; n > 0 {
			lines = append(lines, fmt.Sprintf("  %s: %d", s, n))
		}
	}
	weeks := make([]string, 0, len(st.ByWeek))
	for w := range st.ByWeek {
		weeks = append(weeks, w)
	}
	sort.Strings(weeks)
	lines = append(lines, "", x.byWeek)
	for _, w := range weeks {
		lines = append(lines, fmt.Sprintf("  %s: %d", w, st.ByWeek[w]))
	}
	return strings.Join(lines, "\n")
}

// WriteStats writes what the team's `stats` command shows of the cases
// in store filed since the given time, in lang (en, fr or de; other
// values give English): the counts to text and, when png is not nil, the
// chart (reports per week by category, open cases by severity) as a PNG
// drawn at now. It is for the operator on the server (`vigil stats`),
// who audits it. It returns an error when the store cannot be read, the
// chart cannot be drawn, or a writer fails.
func WriteStats(ctx context.Context, store TeamStore, since, now time.Time, lang string, text, png io.Writer) error {
	x := tr(lang)
	st, err := store.CaseStats(ctx, since)
	if err != nil {
		return fmt.Errorf("count cases: %w", err)
	}
	if _, err := io.WriteString(text, statsTable(x, st, since)+"\n"); err != nil {
		return fmt.Errorf("write the stats: %w", err)
	}
	if png == nil {
		return nil
	}
	pic, err := picture(st, since, now, x)
	if err != nil {
		return err
	}
	if _, err := png.Write(pic); err != nil {
		return fmt.Errorf("write the chart: %w", err)
	}
	return nil
}

package bot

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"vigil/chart"
)

// maxChartWeeks bounds the weeks the chart draws: a longer period shows
// its latest 52 weeks (the text of `stats` still counts them all).
const maxChartWeeks = 52

// chartType is the content type of the chart.
const chartType = "image/png"

// charts draws the picture of the case counts (reports per week stacked by
// category, open cases by severity) in a reader's language, and sends it
// as a file to adapters that take files.
type charts struct {
	*env
}

// picture draws st, the counts of the cases filed from since to now, as a
// PNG with x's words.
func picture(st Stats, since, now time.Time, x *texts) ([]byte, error) {
	weeks := chartWeeks(st, since, now)
	labels := chart.Labels{Categories: map[string]string{},
		Low: x.severities[SeverityLow], Medium: x.severities[SeverityMedium], High: x.severities[SeverityHigh],
		Weekly: x.chartWeekly, Open: x.chartOpen, Reports: x.chartReports, Cases: x.chartCases,
		NoReports: x.chartNoReports, NoOpenCases: x.chartNoOpen}
	for _, cat := range Categories() {
		labels.Categories[string(cat)] = cat.LabelIn(x.code)
	}
	s := chart.Stats{Title: fmt.Sprintf(x.chartTitle, weeks[0].Label, weeks[len(weeks)-1].Label), Weeks: weeks,
		Open: chart.OpenCases{Low: st.OpenBySeverity[SeverityLow], Medium: st.OpenBySeverity[SeverityMedium], High: st.OpenBySeverity[SeverityHigh]}}
	var buf bytes.Buffer
	if err := chart.Render(&buf, s, chart.Options{Labels: labels}); err != nil {
		return nil, fmt.Errorf("draw the stats chart: %w", err)
	}
	return buf.Bytes(), nil
}

// send draws the chart of st (cases filed from since) with x's words and
// sends it to the address through the adapter of platform. It returns
// false, and draws nothing, when that adapter takes no files, and an
// error when the chart could not be drawn or sent.
func (c *charts) send(ctx context.Context, platform string, to Address, st Stats, since time.Time, x *texts) (bool, error) {
	a, ok := c.adapter(platform)
	if !ok {
		return false, nil
	}
	fs, ok := a.(FileSender)
	if !ok {
		return false, nil
	}
	now := c.now()
	png, err := picture(st, since, now, x)
	if err != nil {
		return false, err
	}
	name := "vigil-stats-" + now.UTC().Format("2006-01-02") + ".png"
	if err := fs.SendFile(ctx, to, name, chartType, bytes.NewReader(png)); err != nil {
		return false, fmt.Errorf("send the stats chart: %w", err)
	}
	return true, nil
}

// chartWeeks returns the ISO weeks (UTC, as the store counts them) from
// since's to now's, oldest first, with the cases of each by category:
// the latest maxChartWeeks of them. From the zero time, the weeks start
// with the first that has a case.
func chartWeeks(st Stats, since, now time.Time) []chart.Week {
	start := since
	if start.IsZero() {
		start = now
		for label := range st.ByWeekCategory {
			if m, ok := isoMonday(label); ok && m.Before(start) {
				start = m
			}
		}
	}
	first, last := monday(start), monday(now)
	if earliest := last.AddDate(0, 0, -7*(maxChartWeeks-1)); first.Before(earliest) {
		first = earliest
	}
	if first.After(last) {
		first = last
	}
	var weeks []chart.Week
	for m := first; !m.After(last); m = m.AddDate(0, 0, 7) {
		label := isoWeek(m)
		counts := map[string]int{}
		for cat, n := range st.ByWeekCategory[label] {
			counts[string(cat)] = n
		}
		weeks = append(weeks, chart.Week{Label: label, Counts: counts})
	}
	return weeks
}

// isoWeek names the ISO week of t's date in t's location, e.g. "2026-W47".
func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// monday returns the start (UTC midnight) of the ISO week holding t.
func monday(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// isoMonday returns the Monday (UTC) of an ISO week named as isoWeek does.
func isoMonday(label string) (time.Time, bool) {
	var y, w int
	if n, err := fmt.Sscanf(label, "%4d-W%2d", &y, &w); err != nil || n != 2 || w < 1 || w > 53 {
		return time.Time{}, false
	}
	// 4 January is always in week 1.
	return monday(time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)).AddDate(0, 0, 7*(w-1)), true
}

package main

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/chart"
	"vigil/internal/testkit"
)

// chartOfOnePayment is the chart, with the English words, of one open
// high-severity offer of payment filed this week, over the weeks from
// since's to now's.
func chartOfOnePayment(t *testing.T, since, now time.Time) []byte {
	t.Helper()
	monday := func(t time.Time) time.Time {
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	}
	var weeks []chart.Week
	for m := monday(since.UTC()); !m.After(monday(now.UTC())); m = m.AddDate(0, 0, 7) {
		y, w := m.ISOWeek()
		weeks = append(weeks, chart.Week{Label: fmt.Sprintf("%04d-W%02d", y, w), Counts: map[string]int{}})
	}
	weeks[len(weeks)-1].Counts[chart.Payment] = 1
	labels := chart.Labels{Categories: map[string]string{}}
	for _, c := range bot.Categories() {
		labels.Categories[string(c)] = c.LabelIn("en")
	}
	var buf bytes.Buffer
	err := chart.Render(&buf, chart.Stats{Title: "Vigil: reports " + weeks[0].Label + " to " + weeks[len(weeks)-1].Label,
		Weeks: weeks, Open: chart.OpenCases{High: 1}}, chart.Options{Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestStatsCommandPrintsTheCountsAndWritesTheChart(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VIGIL_DATABASE", filepath.Join(dir, "v.db"))
	if code, out, _ := runVigil(t, "report\n1\ntoday\n2\nskip\nskip\nCash offered\nno\nskip\n1\nno\nsubmit\n"); code != 0 || refRE.FindString(out) == "" {
		t.Fatalf("report not filed:\n%s", out)
	}
	file := filepath.Join(dir, "chart.png")
	if err := os.WriteFile(file, []byte("an older chart"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, out, errOut := runVigil(t, "", "stats", "--since", "30d", "--png", file)
	if code != 0 {
		t.Fatalf("stats: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Cases filed since " + start.AddDate(0, 0, -30).Format("2006-01-02") + ": 1",
		"Offer of payment or paid work: 1", "new: 1", "chart written to " + file} {
		if !strings.Contains(out, want) {
			t.Errorf("stats output lacks %q:\n%s", want, out)
		}
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("chart file %v, %v: want mode 0600", fi, err)
	}
	data, _ := os.ReadFile(file)
	got, want := testkit.DecodePNG(t, data), testkit.DecodePNG(t, chartOfOnePayment(t, start.Add(-30*24*time.Hour), start))
	if got.Bounds() != image.Rect(0, 0, 1200, 600) || !bytes.Equal(got.Pix, want.Pix) {
		t.Fatalf("the chart written (%v) is not the picture of the counts", got.Bounds())
	}

	// Without --png only the counts; a chart that cannot be written fails
	// the command and leaves nothing.
	if code, out, _ := runVigil(t, "", "stats"); code != 0 || !strings.Contains(out, "Offer of payment or paid work: 1") || strings.Contains(out, "chart") {
		t.Fatalf("stats without --png: %d\n%s", code, out)
	}
	missing := filepath.Join(dir, "nowhere", "chart.png")
	if code, _, errOut := runVigil(t, "", "stats", "--png", missing); code != 1 || !strings.Contains(errOut, "vigil stats:") {
		t.Fatalf("chart in a missing directory: exit %d %q", code, errOut)
	}
	for _, args := range [][]string{{"--since", "soon"}, {"extra"}, {"--png"}} {
		if code, _, errOut := runVigil(t, "", append([]string{"stats"}, args...)...); code != 2 || errOut == "" {
			t.Fatalf("stats %v: exit %d %q", args, code, errOut)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".chart.png") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	_, audit, _ := runVigil(t, "", "audit")
	for _, want := range []string{"cli:operator (command line)\tstats\t30d " + file + "\tok", "\tstats\t90d\tok", "\tstats\t90d " + missing + "\terror"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit lacks %q:\n%s", want, audit)
		}
	}
}

var savedFile = regexp.MustCompile(`📎 (\S+)`)

func TestConsoleStatsWritesTheChartNextToTheDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VIGIL_DATABASE", filepath.Join(dir, "v.db"))
	code, out, errOut := runVigil(t, "report\n1\ntoday\n2\nskip\nskip\nCash offered\nno\nskip\n1\nno\nsubmit\nstats 2w\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	m := savedFile.FindStringSubmatch(out)
	if m == nil || filepath.Dir(m[1]) != dir || !strings.HasPrefix(filepath.Base(m[1]), "vigil-stats-") {
		t.Fatalf("no chart next to the database in:\n%s", out)
	}
	fi, err := os.Stat(m[1])
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("chart file %v, %v: want mode 0600", fi, err)
	}

	elsewhere := t.TempDir()
	t.Setenv("VIGIL_CONSOLE_FILES", elsewhere)
	if _, out, _ := runVigil(t, "stats\n"); !strings.Contains(out, "📎 "+filepath.Join(elsewhere, "vigil-stats-")) {
		t.Fatalf("console_files not used:\n%s", out)
	}
}

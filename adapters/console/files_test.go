package console_test

import (
	"bytes"
	"context"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vigil/adapters/console"
	"vigil/bot"
	"vigil/chart"
	"vigil/internal/testkit"
)

var savedFile = regexp.MustCompile(`📎 (\S+)`)

func TestStatsChartIsWrittenToAPrivateFileAndItsPathPrinted(t *testing.T) {
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		at  time.Time
		cat bot.Category
		sev bot.Severity
	}{
		{time.Date(2026, 11, 9, 9, 0, 0, 0, time.UTC), bot.CategoryGift, bot.SeverityLow},
		{time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC), bot.CategoryPayment, bot.SeverityHigh},
		{time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC), bot.CategoryGift, bot.SeverityLow},
	} {
		if _, err := store.FileCase(context.Background(), bot.NewCase{Report: bot.Report{Category: c.cat, OccurredOn: c.at,
			Channel: bot.ChannelEvent, Description: "x", Accepted: bot.AcceptedNo}, Reporter: bot.User{Platform: "test", ID: "U1"},
			Severity: c.sev, FiledAt: c.at}); err != nil {
			t.Fatal(err)
		}
	}
	core := bot.New(bot.Options{Store: store, Now: clock.Now, Roles: bot.StaticRoles{Platforms: map[string]bool{bot.PlatformConsole: true}}})
	dir := t.TempDir()
	var out bytes.Buffer
	chat := console.New(strings.NewReader("stats 2w\nstats 2w\n"), &out, false, "")
	chat.SaveFilesIn(dir)
	core.Register(chat)
	if err := chat.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	if err := core.Drain(context.Background()); err != nil { // notices go out in the background
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Cases filed since 2026-11-05: 3") {
		t.Fatalf("the table of stats is gone:\n%s", out.String())
	}
	paths := savedFile.FindAllStringSubmatch(out.String(), -1)
	if len(paths) != 2 || paths[0][1] != filepath.Join(dir, "vigil-stats-2026-11-19.png") || paths[1][1] != filepath.Join(dir, "vigil-stats-2026-11-19-2.png") {
		t.Fatalf("printed files %q, want the chart twice, the second beside the first:\n%s", paths, out.String())
	}
	fi, err := os.Stat(paths[0][1])
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("chart file mode %v, want 0600", fi.Mode().Perm())
	}
	data, err := os.ReadFile(paths[0][1])
	if err != nil {
		t.Fatal(err)
	}
	labels := chart.Labels{Categories: map[string]string{}}
	for _, c := range bot.Categories() {
		labels.Categories[string(c)] = c.LabelIn("en")
	}
	var want bytes.Buffer
	if err := chart.Render(&want, chart.Stats{Title: "Vigil: reports 2026-W45 to 2026-W47", Weeks: []chart.Week{
		{Label: "2026-W45", Counts: map[string]int{}},
		{Label: "2026-W46", Counts: map[string]int{chart.Gift: 1}},
		{Label: "2026-W47", Counts: map[string]int{chart.Payment: 1, chart.Gift: 1}},
	}, Open: chart.OpenCases{Low: 2, High: 1}}, chart.Options{Labels: labels}); err != nil {
		t.Fatal(err)
	}
	got, exp := testkit.DecodePNG(t, data), testkit.DecodePNG(t, want.Bytes())
	if got.Bounds() != image.Rect(0, 0, 1200, 600) || !bytes.Equal(got.Pix, exp.Pix) {
		t.Fatalf("the chart written (%v) is not the picture of the counts", got.Bounds())
	}
}

func TestFileThatCannotBeWrittenLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	chat := console.New(strings.NewReader(""), &out, false, "")
	chat.SaveFilesIn(filepath.Join(dir, "missing"))
	if err := chat.SendFile(context.Background(), bot.DirectTo("operator"), "chart.png", "image/png", strings.NewReader("data")); err == nil {
		t.Fatal("a file written into a missing directory")
	}
	chat.SaveFilesIn(dir)
	if err := chat.SendFile(context.Background(), bot.DirectTo("operator"), "../../escape.png", "image/png", failingReader{}); err == nil {
		t.Fatal("a failed read was not reported")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "..", "escape.png")); err == nil {
		t.Fatal("a file name led out of the directory")
	}
	if out.Len() != 0 {
		t.Fatalf("printed %q for files that were not written", out.String())
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, os.ErrClosed }

package bot_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"sync"
	"testing"
	"time"

	"vigil/bot"
	"vigil/chart"
	"vigil/internal/testkit"
)

// sentFile is one file an adapter was asked to deliver.
type sentFile struct {
	to                bot.Address
	name, contentType string
	data              []byte
}

// fileDesk is a recorder, with a security desk, that also takes files;
// with failFiles set every file is refused.
type fileDesk struct {
	testkit.Recorder
	failFiles bool

	mu    sync.Mutex
	files []sentFile
}

func newFileDesk(platform string) *fileDesk {
	return &fileDesk{Recorder: testkit.Recorder{Name: platform, Security: true}}
}

func (d *fileDesk) SendFile(_ context.Context, to bot.Address, name, contentType string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.failFiles {
		return errors.New("upload refused")
	}
	d.files = append(d.files, sentFile{to, name, contentType, data})
	return nil
}

func (d *fileDesk) sentFiles() []sentFile {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]sentFile(nil), d.files...)
}

// samePicture fails the test unless the PNG got shows exactly what
// chart.Render draws for want with the labels.
func samePicture(t *testing.T, got []byte, want chart.Stats, labels chart.Labels) {
	t.Helper()
	var buf bytes.Buffer
	if err := chart.Render(&buf, want, chart.Options{Labels: labels}); err != nil {
		t.Fatal(err)
	}
	g, w := testkit.DecodePNG(t, got), testkit.DecodePNG(t, buf.Bytes())
	if g.Bounds() != image.Rect(0, 0, chart.DefaultWidth, chart.DefaultHeight) {
		t.Fatalf("chart is %v, want %dx%d", g.Bounds(), chart.DefaultWidth, chart.DefaultHeight)
	}
	differ := 0
	for i := range g.Pix {
		if g.Pix[i] != w.Pix[i] {
			differ++
		}
	}
	if differ > 0 {
		t.Fatalf("the chart sent differs from the chart of %+v in %d bytes of pixels", want, differ)
	}
}

// englishLabels and frenchLabels are the chart's words as the catalogue
// gives them.
func englishLabels() chart.Labels {
	l := chart.Labels{Categories: map[string]string{}, Low: "low", Medium: "medium", High: "high",
		Weekly: "Reports per week", Open: "Open cases by severity", Reports: "reports", Cases: "cases",
		NoReports: "No reports in this period", NoOpenCases: "No open cases"}
	for _, c := range bot.Categories() {
		l.Categories[string(c)] = c.LabelIn("en")
	}
	return l
}

func frenchLabels() chart.Labels {
	l := chart.Labels{Categories: map[string]string{}, Low: "faible", Medium: "moyenne", High: "élevée",
		Weekly: "Signalements par semaine", Open: "Dossiers ouverts par gravité", Reports: "signalements", Cases: "dossiers",
		NoReports: "Aucun signalement sur cette période", NoOpenCases: "Aucun dossier ouvert"}
	for _, c := range bot.Categories() {
		l.Categories[string(c)] = c.LabelIn("fr")
	}
	return l
}

// fileAt files a case of the category and severity at the time, straight
// into the store.
func fileAt(t *testing.T, s bot.Store, at time.Time, cat bot.Category, sev bot.Severity) bot.Case {
	t.Helper()
	c, err := s.FileCase(context.Background(), bot.NewCase{Report: bot.Report{Category: cat, OccurredOn: at, Channel: bot.ChannelEmail,
		Description: "An approach", Accepted: bot.AcceptedNo}, Reporter: alice, Severity: sev, FiledAt: at})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// close closes a case.
func closeCase(t *testing.T, s bot.Store, c bot.Case, at time.Time) {
	t.Helper()
	if _, err := s.RecordEvent(context.Background(), c.ID, bot.CaseEvent{At: at, Kind: bot.EventStatus, Actor: sec, Status: bot.StatusClosed},
		bot.CaseUpdate{Status: bot.StatusClosed, Resolution: bot.ResolutionResolved}); err != nil {
		t.Fatal(err)
	}
}

func TestStatsSendsTheChartOfTheRealCountsInTheReadersLanguage(t *testing.T) {
	store := testkit.NewMemStore()
	now := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC) // Thursday of 2026-W47
	clock := testkit.NewClock(now)
	desk := newFileDesk("files")
	b := bot.New(bot.Options{Store: store, Now: clock.Now, Guidance: langGuidance{"que faire ?": "fr"},
		Roles: bot.StaticRoles{Users: map[string]bool{"files:SEC1": true}}})
	b.Register(desk)
	team := bot.User{Platform: "files", ID: "SEC1"}
	say := func(text string, direct bool) string {
		return joinReplies(b.Respond(context.Background(), bot.Message{Platform: "files", ConversationID: "C1", Sender: team, Direct: direct, Text: text}))
	}

	fileAt(t, store, time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC), bot.CategoryOther, bot.SeverityLow) // before the period, still open
	fileAt(t, store, time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC), bot.CategoryPayment, bot.SeverityHigh)
	fileAt(t, store, time.Date(2026, 11, 4, 9, 0, 0, 0, time.UTC), bot.CategoryPayment, bot.SeverityHigh)
	gift := fileAt(t, store, time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC), bot.CategoryGift, bot.SeverityLow)
	closeCase(t, store, gift, time.Date(2026, 11, 12, 9, 0, 0, 0, time.UTC))
	fileAt(t, store, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), bot.CategoryOnline, bot.SeverityMedium)
	for i := range 3 {
		fileAt(t, store, time.Date(2026, 11, 18, 9, i, 0, 0, time.UTC), bot.CategoryCyber, bot.SeverityMedium)
	}

	say("que faire ?", true)
	out := say("stats 30d", false)
	mustContain(t, out, "envoyé", "Par catégorie", "Offre d'argent ou de travail rémunéré: 2", "2026-W47: 4")
	files := desk.sentFiles()
	if len(files) != 1 {
		t.Fatalf("files sent: %d, want the chart", len(files))
	}
	f := files[0]
	if f.to != bot.DirectTo("SEC1") || f.name != "vigil-stats-2026-11-19.png" || f.contentType != "image/png" {
		t.Fatalf("chart sent to %+v as %q (%s), want the team member's direct conversation", f.to, f.name, f.contentType)
	}
	// 30 days back from Thursday 19 November is 20 October, in 2026-W43.
	samePicture(t, f.data, chart.Stats{Title: "Vigil : signalements de 2026-W43 à 2026-W47", Weeks: []chart.Week{
		{Label: "2026-W43", Counts: map[string]int{}},
		{Label: "2026-W44", Counts: map[string]int{}},
		{Label: "2026-W45", Counts: map[string]int{chart.Payment: 2}},
		{Label: "2026-W46", Counts: map[string]int{chart.Gift: 1}},
		{Label: "2026-W47", Counts: map[string]int{chart.Online: 1, chart.Cyber: 3}},
	}, Open: chart.OpenCases{Low: 1, Medium: 4, High: 2}}, frenchLabels())
}

func TestStatsOfEverythingChartsFromTheFirstWeekWithACase(t *testing.T) {
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	desk := newFileDesk("files")
	b := bot.New(bot.Options{Store: store, Now: clock.Now, Roles: bot.StaticRoles{Users: map[string]bool{"files:SEC1": true}}})
	b.Register(desk)
	fileAt(t, store, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), bot.CategoryTravel, bot.SeverityMedium)
	fileAt(t, store, time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC), bot.CategoryTravel, bot.SeverityMedium)
	out := joinReplies(b.Respond(context.Background(), bot.Message{Platform: "files", Sender: bot.User{Platform: "files", ID: "SEC1"}, Direct: true, Text: "stats all"}))
	mustContain(t, out, "Cases filed since 0001-01-01: 2")
	files := desk.sentFiles()
	if len(files) != 1 {
		t.Fatalf("files sent: %d, want the chart", len(files))
	}
	samePicture(t, files[0].data, chart.Stats{Title: "Vigil: reports 2026-W45 to 2026-W47", Weeks: []chart.Week{
		{Label: "2026-W45", Counts: map[string]int{chart.Travel: 1}},
		{Label: "2026-W46", Counts: map[string]int{}},
		{Label: "2026-W47", Counts: map[string]int{chart.Travel: 1}},
	}, Open: chart.OpenCases{Medium: 2}}, englishLabels())
}

func TestStatsSaysWhenTheChartCouldNotBeSent(t *testing.T) {
	store := testkit.NewMemStore()
	desk := newFileDesk("files")
	desk.failFiles = true
	b := bot.New(bot.Options{Store: store, Roles: bot.StaticRoles{Users: map[string]bool{"files:SEC1": true}}})
	b.Register(desk)
	fileAt(t, store, time.Now().Add(-time.Hour), bot.CategoryGift, bot.SeverityLow)
	out := joinReplies(b.Respond(context.Background(), bot.Message{Platform: "files", Sender: bot.User{Platform: "files", ID: "SEC1"}, Direct: true, Text: "stats"}))
	mustContain(t, out, "Gift or hospitality: 1", "The chart could not be sent; the counts above are complete.")
}

package slack

import (
	"bytes"
	"context"
	"image"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/chart"
	"vigil/internal/testkit"
)

// fileCase files a case straight into the harness's database.
func fileCase(t *testing.T, h *harness, at time.Time, cat bot.Category, sev bot.Severity) {
	t.Helper()
	if _, err := h.db.FileCase(context.Background(), bot.NewCase{Report: bot.Report{Category: cat, OccurredOn: at, Channel: bot.ChannelEmail,
		Description: "an approach", Accepted: bot.AcceptedNo}, Reporter: bot.User{Platform: bot.PlatformSlack, ID: userMallory}, Severity: sev, FiledAt: at}); err != nil {
		t.Fatal(err)
	}
}

func TestStatsChartIsUploadedToTheTeamMembersDM(t *testing.T) {
	h := newHarness(t, nil)
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	h.newCore(bot.Options{Now: clock.Now, Roles: bot.StaticRoles{Users: map[string]bool{"slack:" + userAlice: true}}})
	fileCase(t, h, time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC), bot.CategoryDiplomat, bot.SeverityMedium)
	fileCase(t, h, time.Date(2026, 11, 17, 9, 0, 0, 0, time.UTC), bot.CategoryOnline, bot.SeverityMedium)
	fileCase(t, h, time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC), bot.CategoryPayment, bot.SeverityHigh)
	h.startSocket()

	if got := dmReply(h, "env-1", userAlice, "stats 2w", "1700000001.000100"); !strings.Contains(got, "Cases filed since 2026-11-05: 3") {
		t.Fatalf("stats answered %q", got)
	}
	get := h.fake.waitCall("files.getUploadURLExternal", nil)
	up := h.fake.waitCall("upload", nil)
	done := h.fake.waitCall("files.completeUploadExternal", nil)
	if get.Form.Get("filename") != "vigil-stats-2026-11-19.png" || done.Form.Get("channel_id") != "D"+userAlice {
		t.Fatalf("uploaded %q to %q, want the chart in Alice's DM", get.Form.Get("filename"), done.Form.Get("channel_id"))
	}
	labels := chart.Labels{Categories: map[string]string{}}
	for _, c := range bot.Categories() {
		labels.Categories[string(c)] = c.LabelIn("en")
	}
	var want bytes.Buffer
	if err := chart.Render(&want, chart.Stats{Title: "Vigil: reports 2026-W45 to 2026-W47", Weeks: []chart.Week{
		{Label: "2026-W45", Counts: map[string]int{}},
		{Label: "2026-W46", Counts: map[string]int{chart.Diplomat: 1}},
		{Label: "2026-W47", Counts: map[string]int{chart.Online: 1, chart.Payment: 1}},
	}, Open: chart.OpenCases{Medium: 2, High: 1}}, chart.Options{Labels: labels}); err != nil {
		t.Fatal(err)
	}
	got, exp := testkit.DecodePNG(t, up.Body), testkit.DecodePNG(t, want.Bytes())
	if got.Bounds() != image.Rect(0, 0, chart.DefaultWidth, chart.DefaultHeight) || !bytes.Equal(got.Pix, exp.Pix) {
		t.Fatalf("the uploaded chart (%v) is not the picture of the counts", got.Bounds())
	}
}

func TestWeeklyDigestReachesTheSecurityChannelWithItsChart(t *testing.T) {
	h := newHarness(t, nil)
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	brussels, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	h.newCore(bot.Options{Now: clock.Now, Digest: bot.DigestSchedule{Enabled: true, Weekday: time.Monday, Hour: 9, Location: brussels}})
	fileCase(t, h, time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC), bot.CategoryPayment, bot.SeverityHigh)
	h.startSocket()
	if week, err := h.core.SendDigest(context.Background()); week != "" || err != nil {
		t.Fatalf("first run = %q, %v", week, err)
	}
	clock.Add(4 * 24 * time.Hour) // Monday 23 November, 11:00 in Brussels
	if week, err := h.core.SendDigest(context.Background()); week != "2026-W48" || err != nil {
		t.Fatalf("digest = %q, %v", week, err)
	}
	post := h.fake.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == securityCh })
	if text := post.Form.Get("text"); !strings.HasPrefix(text, "Weekly digest 2026-W48") || !strings.Contains(text, "VGL-2026-0001") ||
		strings.Contains(text, "an approach") {
		t.Fatalf("digest posted %q", text)
	}
	up := h.fake.waitCall("upload", nil)
	if done := h.fake.waitCall("files.completeUploadExternal", nil); done.Form.Get("channel_id") != securityCh {
		t.Fatalf("digest chart shared in %q, want the security channel", done.Form.Get("channel_id"))
	}
	if img := testkit.DecodePNG(t, up.Body); img.Bounds() != image.Rect(0, 0, chart.DefaultWidth, chart.DefaultHeight) {
		t.Fatalf("digest chart is %v", img.Bounds())
	}
}

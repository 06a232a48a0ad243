package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
	"vigil/chart"
	"vigil/indicators"
	"vigil/internal/testkit"
	"vigil/internal/testkit/dbtest"
)

// brussels is the digest's default time zone.
func brussels(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Brussels")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// mondayNine is the default schedule: Monday 09:00 in Brussels.
func mondayNine(t *testing.T) bot.DigestSchedule {
	return bot.DigestSchedule{Enabled: true, Weekday: time.Monday, Hour: 9, Location: brussels(t)}
}

// digestBot is a bot on store with the schedule, whose security desk is
// desk.
func digestBot(store bot.Store, clock *testkit.Clock, when bot.DigestSchedule, desk *fileDesk) *bot.Bot {
	b := bot.New(bot.Options{Store: store, Now: clock.Now, Digest: when})
	b.Register(desk)
	return b
}

// digests returns the digests the desk received.
func digests(desk *fileDesk) []string {
	var out []string
	for _, s := range desk.All() {
		if s.To.ConversationID == testkit.SecurityRoom && strings.HasPrefix(s.Reply.Text, "Weekly digest") {
			out = append(out, s.Reply.Text)
		}
	}
	return out
}

// sendDigest calls SendDigest and checks the week it reports.
func sendDigest(t *testing.T, b *bot.Bot, want string) {
	t.Helper()
	week, err := b.SendDigest(context.Background())
	if err != nil || week != want {
		t.Fatalf("SendDigest = %q, %v; want %q", week, err, want)
	}
}

func TestDigestGoesOutOnceAtTheConfiguredTime(t *testing.T) {
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)) // Thursday of 2026-W47
	desk := newFileDesk("files")
	b := digestBot(store, clock, mondayNine(t), desk)

	old := fileAt(t, store, time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC), bot.CategoryDiplomat, bot.SeverityMedium) // untriaged
	closeCase(t, store, fileAt(t, store, time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC), bot.CategoryPayment, bot.SeverityHigh), clock.Now())
	pay := fileAt(t, store, time.Date(2026, 11, 16, 7, 59, 0, 0, time.UTC), bot.CategoryPayment, bot.SeverityHigh) // before the last slot
	fileAt(t, store, time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC), bot.CategoryGift, bot.SeverityLow)             // Monday 09:00 in Brussels
	press := fileAt(t, store, time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC), bot.CategoryPressure, bot.SeverityHigh)
	fileAt(t, store, time.Date(2026, 11, 19, 9, 30, 0, 0, time.UTC), bot.CategoryGift, bot.SeverityLow)

	// The first run records this week's slot (Monday 16 November) as done:
	// the first digest is the next one.
	sendDigest(t, b, "")
	clock.Add(time.Date(2026, 11, 23, 7, 59, 0, 0, time.UTC).Sub(clock.Now())) // Monday 08:59 in Brussels
	sendDigest(t, b, "")
	if got := digests(desk); len(got) != 0 {
		t.Fatalf("digest before its time: %q", got)
	}
	clock.Add(time.Minute) // 09:00 in Brussels (UTC+1 in November)
	sendDigest(t, b, "2026-W48")
	sendDigest(t, b, "")
	clock.Add(3 * 24 * time.Hour)
	sendDigest(t, b, "")

	got := digests(desk)
	if len(got) != 1 {
		t.Fatalf("%d digests, want 1: %q", len(got), got)
	}
	want := "Weekly digest 2026-W48: cases filed since 2026-11-16 09:00 CET\n\n" +
		"New cases: 3\n  Gift or hospitality: 2\n  Pressure, threat or blackmail: 1\n" +
		"New links between cases: 0\n" +
		"Open high-severity cases: 2 (" + press.Ref + ", " + pay.Ref + ")\n" +
		"Oldest untriaged case: " + old.Ref + ", filed 2026-11-02 (21 days ago). Use `case " + old.Ref + "` to read it."
	if got[0] != want {
		t.Fatalf("digest:\n%s\nwant:\n%s", got[0], want)
	}
	for _, leak := range []string{"An approach", "Alice", "U1"} {
		if strings.Contains(got[0], leak) {
			t.Errorf("the digest names %q", leak)
		}
	}

	files := desk.sentFiles()
	if len(files) != 1 || files[0].to.ConversationID != testkit.SecurityRoom || files[0].name != "vigil-digest-2026-W48.png" || files[0].contentType != "image/png" {
		t.Fatalf("digest files %+v, want the chart in the security room", files)
	}
	// The chart shows the 12 weeks up to the digest's, 2026-W37 to W48.
	weeks := make([]chart.Week, 12)
	for i := range weeks {
		weeks[i] = chart.Week{Label: fmt.Sprintf("2026-W%02d", 37+i), Counts: map[string]int{}}
	}
	weeks[8].Counts = map[string]int{chart.Diplomat: 1}                                   // W45
	weeks[9].Counts = map[string]int{chart.Payment: 1}                                    // W46, closed since
	weeks[10].Counts = map[string]int{chart.Payment: 1, chart.Gift: 2, chart.Pressure: 1} // W47
	samePicture(t, files[0].data, chart.Stats{Title: "Vigil: reports 2026-W37 to 2026-W48", Weeks: weeks,
		Open: chart.OpenCases{Low: 2, Medium: 1, High: 2}}, englishLabels())

	var audited []string
	for _, e := range store.AuditLog() {
		if e.Action == "digest" {
			audited = append(audited, e.Target+"/"+e.Outcome+"/"+e.Actor.ID)
		}
	}
	if len(audited) != 1 || audited[0] != "2026-W48/ok/digest" {
		t.Fatalf("digest audit %v", audited)
	}

	// A restart in the same week sends nothing more.
	again := newFileDesk("files")
	sendDigest(t, digestBot(store, clock, mondayNine(t), again), "")
	if len(again.All()) != 0 {
		t.Fatalf("the restarted bot sent %+v", again.All())
	}
}

func TestDigestMissedWhileDownGoesOutOnceOnStart(t *testing.T) {
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)) // Sunday of 2026-W47
	desk := newFileDesk("files")
	sendDigest(t, digestBot(store, clock, mondayNine(t), desk), "") // records 2026-W47

	// Down from Sunday to the Wednesday after next: two slots missed.
	clock.Add(time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC).Sub(clock.Now()))
	desk = newFileDesk("files")
	b := digestBot(store, clock, mondayNine(t), desk)
	sendDigest(t, b, "2026-W49")
	sendDigest(t, b, "")
	got := digests(desk)
	if len(got) != 1 || !strings.HasPrefix(got[0], "Weekly digest 2026-W49: cases filed since 2026-11-23 09:00 CET") {
		t.Fatalf("digests after the outage: %q, want the latest week's alone", got)
	}
}

func TestDigestIsSentOnceByTwoBotsOnOneDatabase(t *testing.T) {
	dir := t.TempDir()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	deskA, deskB := newFileDesk("files"), newFileDesk("files")
	a := digestBot(dbtest.Open(t, dir), clock, mondayNine(t), deskA)
	b := digestBot(dbtest.Open(t, dir), clock, mondayNine(t), deskB)
	sendDigest(t, a, "")
	sendDigest(t, b, "")
	clock.Add(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC).Sub(clock.Now()))

	var wg sync.WaitGroup
	var mu sync.Mutex
	var sent []string
	for _, bt := range []*bot.Bot{a, b, a, b, a, b, a, b} {
		wg.Go(func() {
			week, err := bt.SendDigest(context.Background())
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if week != "" {
				sent = append(sent, week)
			}
		})
	}
	wg.Wait()
	if n := len(digests(deskA)) + len(digests(deskB)); n != 1 || len(sent) != 1 || sent[0] != "2026-W48" {
		t.Fatalf("%d digests sent by two bots (weeks %v), want one", n, sent)
	}
	if n := len(deskA.sentFiles()) + len(deskB.sentFiles()); n != 1 {
		t.Fatalf("%d charts sent, want one", n)
	}
}

func TestDigestThatReachedNoDeskIsTriedAgain(t *testing.T) {
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	desk := newFileDesk("files")
	b := digestBot(store, clock, mondayNine(t), desk)
	sendDigest(t, b, "")
	clock.Add(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC).Sub(clock.Now()))

	desk.SetDown(true)
	if week, err := b.SendDigest(context.Background()); err == nil || week != "" {
		t.Fatalf("SendDigest with the platform down = %q, %v; want an error", week, err)
	}
	desk.SetDown(false)
	sendDigest(t, b, "") // another process may still hold the claim
	clock.Add(10 * time.Minute)
	sendDigest(t, b, "2026-W48")
	if got := digests(desk); len(got) != 1 {
		t.Fatalf("%d digests, want 1", len(got))
	}
}

func TestDigestOffOrWithoutADeskSendsNothing(t *testing.T) {
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	off := mondayNine(t)
	off.Enabled = false
	desk := newFileDesk("files")
	b := digestBot(store, clock, off, desk)
	clock.Add(5 * 24 * time.Hour)
	sendDigest(t, b, "")
	if last, _ := store.LastRun(context.Background(), "digest"); last != "" || len(desk.All()) != 0 {
		t.Fatalf("a digest that is off recorded %q and sent %+v", last, desk.All())
	}

	// On, but no adapter has a security desk: nothing is claimed, so
	// that a process with one sends it.
	noDesk := newFileDesk("files")
	noDesk.Security = false
	b = digestBot(store, clock, mondayNine(t), noDesk)
	if err := store.RunDone(context.Background(), "digest", "2026-W47"); err != nil {
		t.Fatal(err)
	}
	sendDigest(t, b, "")
	sendDigest(t, digestBot(store, clock, mondayNine(t), desk), "2026-W48")
}

func TestDigestFollowsTheTimeZoneAndItsDaylightSaving(t *testing.T) {
	tests := []struct {
		name     string
		when     bot.DigestSchedule
		baseline time.Time // a time in the week before
		slot     time.Time // the slot in UTC
		week     string
	}{
		{"Brussels in winter (UTC+1)", mondayNine(t), time.Date(2026, 1, 8, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 1, 12, 8, 0, 0, 0, time.UTC), "2026-W03"},
		{"Brussels in summer (UTC+2)", mondayNine(t), time.Date(2026, 7, 9, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 7, 13, 7, 0, 0, 0, time.UTC), "2026-W29"},
		{"the Monday after the clocks went forward", mondayNine(t), time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 30, 7, 0, 0, 0, time.UTC), "2026-W14"},
		{"Friday 17:00 UTC", bot.DigestSchedule{Enabled: true, Weekday: time.Friday, Hour: 17}, time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC),
			time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC), "2026-W47"},
		{"Sunday 23:00 in Auckland, Saturday in UTC", bot.DigestSchedule{Enabled: true, Weekday: time.Sunday, Hour: 23, Location: mustZone(t, "Pacific/Auckland")},
			time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), "2026-W47"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := testkit.NewClock(tt.baseline)
			b := digestBot(testkit.NewMemStore(), clock, tt.when, newFileDesk("files"))
			sendDigest(t, b, "")
			clock.Add(tt.slot.Add(-time.Second).Sub(clock.Now()))
			sendDigest(t, b, "")
			clock.Add(time.Second)
			sendDigest(t, b, tt.week)
		})
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestMaintenanceSendsTheDigest(t *testing.T) {
	store := testkit.NewMemStore()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	desk := newFileDesk("files")
	b := digestBot(store, clock, mondayNine(t), desk)
	sendDigest(t, b, "")
	clock.Add(5 * 24 * time.Hour) // Tuesday 24 November: the Monday slot passed

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.RunMaintenance(ctx, time.Millisecond); close(done) }()
	waitFor(t, func() bool { return len(digests(desk)) > 0 })
	time.Sleep(20 * time.Millisecond) // many more rounds of the loop
	cancel()
	<-done
	if got := digests(desk); len(got) != 1 {
		t.Fatalf("the maintenance loop sent %d digests, want 1", len(got))
	}
}

func TestDigestCountsTheLinksFoundThatWeek(t *testing.T) {
	db := dbtest.Open(t, "")
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	desk := newFileDesk("files")
	b := digestBot(db, clock, mondayNine(t), desk)
	sendDigest(t, b, "")
	phone := []indicators.Hashed{{Kind: indicators.Phone, Hash: bytes.Repeat([]byte{1}, 32)}}
	for _, at := range []time.Time{
		time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),  // nothing to link to yet
		time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC), // linked to the first, the week before
		time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC), // linked to both, this week
	} {
		c := fileAt(t, db, at, bot.CategoryOnline, bot.SeverityMedium)
		if _, err := db.IndexCase(context.Background(), c.ID, phone, at); err != nil {
			t.Fatal(err)
		}
	}
	clock.Add(4 * 24 * time.Hour)
	sendDigest(t, b, "2026-W48")
	if got := digests(desk); len(got) != 1 || !strings.Contains(got[0], "\nNew links between cases: 2\n") {
		t.Fatalf("digest %q, want the two links of this week", got)
	}
}

package bot_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
)

// countingObserver counts refusals and filed reports.
type countingObserver struct {
	mu      sync.Mutex
	refused map[string]int
	filed   int
	in      int
}

func (o *countingObserver) MessageIn(string)               { o.mu.Lock(); o.in++; o.mu.Unlock() }
func (o *countingObserver) MessageOut(string, bool)        {}
func (o *countingObserver) Answered(string, time.Duration) {}
func (o *countingObserver) ReportFiled(bot.Category)       { o.mu.Lock(); o.filed++; o.mu.Unlock() }
func (o *countingObserver) Exported(string, string)        {}
func (o *countingObserver) Refused(r string)               { o.mu.Lock(); o.refused[r]++; o.mu.Unlock() }

func TestRateLimits(t *testing.T) {
	h := newHarness(t)
	obs := &countingObserver{refused: map[string]int{}}
	b := bot.New(bot.Options{Store: h.store, Now: h.clock.Now, Observer: obs,
		Limits: bot.RateLimits{MessagesPerMinute: 5, ReportsPerHour: 1},
		Roles:  bot.StaticRoles{Users: map[string]bool{"test:SEC1": true}}})
	b.Register(h.rec)
	say := func(u bot.User, text string) string {
		return joinReplies(b.Respond(context.Background(), bot.Message{Platform: "test", Sender: u, Direct: true, Text: text}))
	}
	for i := 0; i < 5; i++ {
		mustContain(t, say(alice, "help"), "Commands:")
	}
	mustContain(t, say(alice, "help"), "faster than I can take them")
	mustContain(t, say(bot.User{Platform: "test", ID: "U2"}, "help"), "Commands:")
	for i := 0; i < 10; i++ {
		mustContain(t, say(sec, "help"), "Commands:")
	}
	h.clock.Add(time.Minute)
	mustContain(t, say(alice, "help"), "Commands:")

	report := bot.Report{Category: bot.CategoryGift, OccurredOn: h.clock.Now(), Channel: bot.ChannelEvent, Description: "d", Accepted: bot.AcceptedNo}
	if _, err := b.SubmitReport(context.Background(), alice, report, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SubmitReport(context.Background(), alice, report, ""); !errors.Is(err, bot.ErrTooManyReports) {
		t.Fatalf("second report in the hour: %v", err)
	}
	mustContain(t, say(alice, "report"), "several reports in the last hour")
	if _, err := b.SubmitReport(context.Background(), sec, report, ""); err != nil {
		t.Fatalf("team member limited: %v", err)
	}
	h.clock.Add(time.Hour)
	if !strings.Contains(say(alice, "report"), "What kind of approach") {
		t.Fatal("limit not lifted after an hour")
	}
	if obs.filed != 2 || obs.refused["rate"] != 3 || obs.in == 0 {
		t.Fatalf("observer saw filed=%d refused=%v in=%d", obs.filed, obs.refused, obs.in)
	}
}

package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
	"vigil/internal/testkit/dbtest"
)

// BenchmarkAdvisoryTo5000 measures Vigil's own part of an advisory to
// 5,000 subscribers on the real database: sending it (its 5,000
// deliveries and outbox items in one durable transaction), then claiming,
// sending through an adapter that takes every message at once, and
// recording every delivery. It reports messages per second, and the time
// to queue the 5,000 messages and to deliver them.
func BenchmarkAdvisoryTo5000(b *testing.B) {
	const subscribers = 5000
	ctx := context.Background()
	db := dbtest.Open(b, "")
	for i := range subscribers {
		u := bot.User{Platform: "test", ID: fmt.Sprintf("U%05d", i)}
		if _, err := db.Outreach().Subscribe(ctx, bot.Subscriber{User: u, Lang: []string{"en", "fr", "de"}[i%3], Since: time.Now(),
			Address: bot.Address{ConversationID: "D" + u.ID, UserID: u.ID}}); err != nil {
			b.Fatal(err)
		}
	}
	team := bot.User{Platform: "test", ID: "TEAM"}
	core := bot.New(bot.Options{Store: db, Outreach: db.Outreach(), Roles: bot.StaticRoles{Users: map[string]bool{team.Key(): true}}})
	sender := &testkit.Recorder{Name: "test"}
	core.Register(sender)
	say := func(text string) string {
		out := core.Respond(ctx, bot.Message{Platform: "test", ConversationID: "DTEAM", Sender: team, Direct: true, Text: text})
		if len(out) == 0 {
			return ""
		}
		return out[0].Reply.Text
	}
	var sending, delivering time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		for _, line := range []string{"advisory new", "Phishing wave", "en Do not open 'invitation.pdf'.", "fr N'ouvrez pas « invitation.pdf ».", "done", "1"} {
			say(line)
		}
		if got := say("send"); !strings.Contains(got, "5000 recipients") {
			b.Fatalf("send: %q", got)
		}
		queued := time.Now()
		sending += queued.Sub(start)
		for {
			n, err := core.DeliverAdvisories(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		delivering += time.Since(queued)
	}
	b.StopTimer()
	if got := len(sender.All()); got != subscribers*b.N {
		b.Fatalf("%d messages sent, want %d", got, subscribers*b.N)
	}
	b.ReportMetric(float64(subscribers*b.N)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(sending.Milliseconds())/float64(b.N), "ms-to-queue")
	b.ReportMetric(float64(delivering.Milliseconds())/float64(b.N), "ms-to-deliver")
}

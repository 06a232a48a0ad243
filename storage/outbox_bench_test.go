package storage_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"vigil/bot"
	"vigil/storage"
)

// BenchmarkFileCaseWithOutbox files reports as the core does: each case
// with the reporter's confirmation (sealed) and the security notice in
// its outbox, in the same durable transaction. Compare with
// BenchmarkFileCase for the cost of the outbox.
func BenchmarkFileCaseWithOutbox(b *testing.B) {
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "v.db"), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	n := 0
	for b.Loop() {
		n++
		nc := sampleCase(fmt.Sprintf("benchmark report %d: cash offered for an amendment", n))
		nc.Messages = &bot.CaseMessages{Compose: func(c bot.Case) []bot.OutboxItem {
			lease := nc.FiledAt.Add(3 * time.Minute)
			return []bot.OutboxItem{
				{Kind: bot.OutboxMessage, Route: "slack", To: bot.DirectTo("U1"), Text: "Thank you. Your report is filed as " + c.Ref,
					CreatedAt: nc.FiledAt, ExpiresAt: nc.FiledAt.Add(24 * time.Hour), LeaseUntil: lease},
				{Kind: bot.OutboxNotice, CreatedAt: nc.FiledAt, LeaseUntil: lease},
			}
		}}
		if _, err := db.FileCase(ctx, nc); err != nil {
			b.Fatal(err)
		}
		if len(nc.Messages.Written) != 2 {
			b.Fatal("outbox items not written")
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkOutboxPoll is the courier's poll (every 5 s in each process)
// on an outbox of 10,000 items none of which is due: one indexed read,
// no write transaction.
func BenchmarkOutboxPoll(b *testing.B) {
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "v.db"), storage.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC)
	items := make([]bot.OutboxItem, 10000)
	for i := range items {
		items[i] = bot.OutboxItem{Kind: "advisory", Route: "slack", Text: "later", CreatedAt: now, DueAt: now.Add(time.Hour)}
	}
	if _, err := db.Outbox().Enqueue(ctx, items...); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		got, err := db.Outbox().Claim(ctx, now, 3*time.Minute, []string{"slack", "matrix", ""}, 8)
		if err != nil || len(got) != 0 {
			b.Fatalf("claimed %d, %v", len(got), err)
		}
	}
}

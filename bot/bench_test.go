//go:build cgo

// The benchmarks measure the core on the real database (SQLite, cgo) and
// the real knowledge base; the unit tests need neither.

package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"vigil/bot"
	"vigil/internal/testkit/dbtest"
	"vigil/knowledge"
)

// benchQuestions reads the questions of the knowledge base's evaluation
// sets (knowledge/testdata/*.jsonl, one {"q": ...} object per line).
func benchQuestions(b *testing.B) []string {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("..", "knowledge", "testdata", "*.jsonl"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no question sets in knowledge/testdata: %v", err)
	}
	var qs []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var line struct {
				Q string `json:"q"`
			}
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			if line.Q != "" {
				qs = append(qs, line.Q)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
	}
	return qs
}

// BenchmarkQuestionThroughCore answers staff questions through
// Bot.Respond with the real knowledge base and a real database, from as
// many goroutines as GOMAXPROCS, each a different user in a direct
// conversation (so every question also checks for an unfinished report).
// It reports answered questions per second; the target is 5,000 on two
// cores.
func BenchmarkQuestionThroughCore(b *testing.B) {
	kb, err := knowledge.Load("")
	if err != nil {
		b.Fatal(err)
	}
	core := bot.New(bot.Options{Store: dbtest.Open(b, ""), Guidance: kb})
	qs := benchQuestions(b)
	ask := func(u bot.User, q string) string {
		return joinReplies(core.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "D-" + u.ID,
			Sender: u, Direct: true, Text: q}))
	}
	for _, q := range qs {
		if a := ask(alice, q); a == "" || strings.Contains(a, "could not look that up") || strings.Contains(a, "not loaded") {
			b.Fatalf("question %q got no answer: %q", q, a)
		}
	}
	var users, answered atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		u := bot.User{Platform: "test", ID: fmt.Sprintf("U%d", users.Add(1))}
		n := 0
		for i := 0; pb.Next(); i++ {
			if ask(u, qs[i%len(qs)]) != "" {
				n++
			}
		}
		answered.Add(int64(n))
	})
	b.StopTimer()
	if int(answered.Load()) != b.N {
		b.Fatalf("%d of %d questions answered", answered.Load(), b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "questions/s")
}

// BenchmarkReportConversation files a whole guided report (eleven answers
// and the confirmation) through Bot.Respond on a real database, with a
// durable commit at the end and a saved session at every step.
func BenchmarkReportConversation(b *testing.B) {
	h := newHarnessOn(b, dbtest.Open(b, ""))
	n := 0
	for b.Loop() {
		n++
		mustContain(b, h.fullReport(alice, false), "filed as VGL-")
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "reports/s")
}

package bot_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
	"vigil/internal/testkit/dbtest"
	"vigil/storage"
)

// slowDesk is a recorder whose security room takes its time: each send
// there waits until the test releases it, as a homeserver that takes a
// minute to accept a message.
type slowDesk struct {
	*testkit.Recorder
	started chan struct{} // a send to the security room began
	release chan struct{} // closed: sends to the security room go through
}

func (s *slowDesk) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if to.ConversationID == testkit.SecurityRoom {
		s.started <- struct{}{}
		select {
		case <-s.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return s.Recorder.Send(ctx, to, r)
}

// sentTo counts what rec received at the conversation (or, when empty,
// the user) that contains text.
func sentTo(rec *testkit.Recorder, conversation, user, text string) int {
	n := 0
	for _, s := range rec.All() {
		if s.To.ConversationID == conversation && (user == "" || s.To.UserID == user) && strings.Contains(s.Reply.Text, text) {
			n++
		}
	}
	return n
}

// TestNoticeBeingSentIsNotSentAgain files a report while the security room
// takes more than a minute to accept the notice: the reporter has the
// reference at once, the minute job does not send the notice again while
// it is being sent, and exactly one notice is delivered.
func TestNoticeBeingSentIsNotSentAgain(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	desk := &slowDesk{Recorder: &testkit.Recorder{Name: "test", Security: true},
		started: make(chan struct{}, 10), release: make(chan struct{})}
	core := bot.New(bot.Options{Store: testkit.NewMemStore(), Now: clock.Now})
	core.Register(desk)

	replied := make(chan struct{})
	go func() {
		defer close(replied)
		for _, line := range []string{"report", "1", "today", "2", "skip", "skip", "Offered cash for a question", "no", "skip", "1", "no", "submit"} {
			core.HandleMessage(ctx, bot.Message{Platform: "test", ConversationID: "D-U1", Sender: alice, Direct: true, Text: line})
		}
	}()
	select {
	case <-replied:
	case <-time.After(10 * time.Second):
		t.Fatal("the reporter's reply waited on the security notice")
	}
	ref := refRE.FindString(desk.Last())
	if ref == "" || !strings.Contains(desk.Last(), "Your report is filed as") || strings.Contains(desk.Last(), "has been notified") {
		t.Fatalf("reporter told %q", desk.Last())
	}
	<-desk.started // the notice is on its way, and stuck

	// The minute job runs, once and again, while the notice is still being sent.
	for _, d := range []time.Duration{time.Minute, 5 * time.Second, time.Minute} {
		clock.Add(d)
		if n, err := core.DeliverOutbox(ctx); err != nil || n != 0 {
			t.Fatalf("after %v the outbox gave %d items (%v): a notice being sent was claimed again", d, n, err)
		}
	}
	close(desk.release)
	if err := core.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Hour) // long past any lease
	if n, err := core.DeliverOutbox(ctx); err != nil || n != 0 {
		t.Fatalf("a delivered notice is still in the outbox: %d, %v", n, err)
	}
	if n := sentTo(desk.Recorder, testkit.SecurityRoom, "", ref); n != 1 {
		t.Fatalf("%d notices of %s delivered, want exactly one", n, ref)
	}
	select {
	case <-desk.started:
		t.Fatal("a second notice was attempted")
	default:
	}
}

var receiptRE = regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`)

// anonymousReport is a conversation that files an anonymous report.
var anonymousReport = []string{"report", "1", "today", "2", "skip", "skip", "Offered cash for a question", "no", "skip", "2", "submit"}

// TestUndeliveredReferenceIsDeliveredAfterRestart files anonymous reports
// on the real database while the reporter cannot be reached (the platform
// refuses the reply; or the process dies before it answers), then starts
// a new core on the same file: each receipt code reaches its reporter
// exactly once, and none is stored in clear.
func TestUndeliveredReferenceIsDeliveredAfterRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	db, err := storage.Open(ctx, filepath.Join(dir, "vigil.db"), storage.Options{Key: dbtest.Key()})
	if err != nil {
		t.Fatal(err)
	}
	rec := &testkit.Recorder{Name: "test", Security: true}
	rec.SetDown(true)
	first := bot.New(bot.Options{Store: db, Now: clock.Now})
	first.Register(rec)
	bob := bot.User{Platform: "test", ID: "U2", Name: "Bob"}
	for _, line := range anonymousReport { // the platform refuses the receipt
		first.HandleMessage(ctx, bot.Message{Platform: "test", ConversationID: "D-U1", Sender: alice, Direct: true, Text: line})
	}
	var crashed string // the reply the dying process computed but never sent
	for _, line := range anonymousReport {
		out := first.Respond(ctx, bot.Message{Platform: "test", ConversationID: "D-U2", Sender: bob, Direct: true, Text: line})
		if len(out) > 0 {
			crashed = out[len(out)-1].Reply.Text
		}
	}
	if err := first.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	bobReceipt := receiptRE.FindString(crashed)
	if bobReceipt == "" || len(rec.All()) != 0 {
		t.Fatalf("receipt %q; sent %+v", bobReceipt, rec.All())
	}
	db.Close()
	raw, err := os.ReadFile(filepath.Join(dir, "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(filepath.Join(dir, "vigil.db-wal"))
	if bytes.Contains(raw, []byte(bobReceipt)) || bytes.Contains(wal, []byte(bobReceipt)) {
		t.Fatal("a receipt code is stored in clear")
	}

	// Restart, with the platform back.
	db, err = storage.Open(ctx, filepath.Join(dir, "vigil.db"), storage.Options{Key: dbtest.Key()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec.SetDown(false)
	second := bot.New(bot.Options{Store: db, Now: clock.Now})
	second.Register(rec)
	clock.Add(time.Minute)
	if _, err := second.DeliverOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if receipts := sentTo(rec, "D-U1", alice.ID, "receipt code"); receipts != 1 {
		t.Fatalf("alice got %d receipts after the restart, want 1: %+v", receipts, rec.All())
	}
	if n := sentTo(rec, "D-U2", bob.ID, bobReceipt); n != 0 {
		t.Fatal("the crashed process's reply was sent while its claim still held")
	}
	clock.Add(3 * time.Minute) // the dead process's claim has run out
	for range 2 {
		if _, err := second.DeliverOutbox(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := sentTo(rec, "D-U2", bob.ID, bobReceipt); n != 1 {
		t.Fatalf("bob got his receipt %d times after the restart, want once: %+v", n, rec.All())
	}
	if n := sentTo(rec, "D-U1", alice.ID, "receipt code"); n != 1 {
		t.Fatalf("alice's receipt sent %d times in all", n)
	}
	if n := sentTo(rec, testkit.SecurityRoom, "", "VGL-2026-000"); n != 2 {
		t.Fatalf("%d notices after the restart, want one per report", n)
	}
}

// TestUndeliveredReceiptIsDroppedAfterADay keeps failing to reach an
// anonymous reporter: the receipt is tried with a growing wait, then
// dropped after 24 hours with an audit line, and neither the log nor the
// audit log holds it.
func TestUndeliveredReceiptIsDroppedAfterADay(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	logs := &testkit.Logs{}
	h.rebuild(bot.Options{Logger: logs.Logger()})
	h.rec.SetDown(true)
	for _, line := range anonymousReport {
		h.bot.HandleMessage(ctx, bot.Message{Platform: "test", ConversationID: "D-U1", Sender: alice, Direct: true, Text: line})
	}
	h.drain()
	var attempts []time.Time
	start := h.clock.Now()
	for h.clock.Now().Sub(start) < 25*time.Hour {
		n, err := h.bot.DeliverOutbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			attempts = append(attempts, h.clock.Now())
		}
		h.clock.Add(5 * time.Second)
		if len(attempts) > 2 {
			h.clock.Add(5 * time.Minute) // skip ahead once the waits are long
		}
	}
	if len(attempts) < 5 || attempts[1].Sub(attempts[0]) <= attempts[0].Sub(start) {
		t.Fatalf("attempts at %v: want several, further and further apart", attempts)
	}
	mctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { h.bot.RunMaintenance(mctx, time.Hour); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	var dropped []bot.AuditEntry
	for len(dropped) == 0 && time.Now().Before(deadline) {
		for _, e := range h.audit() {
			if e.Action == "undelivered" {
				dropped = append(dropped, e)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-done
	if len(dropped) == 0 {
		t.Fatal("no audit line for the dropped receipt")
	}
	ref := "VGL-2026-0001"
	var targets []string
	for _, e := range dropped {
		targets = append(targets, e.Target)
	}
	if strings.Join(targets, "|") != ref+" message" || dropped[0].Outcome != "expired" {
		t.Fatalf("audit of dropped items: %+v", dropped)
	}
	h.clock.Add(time.Hour)
	h.rec.SetDown(false)
	if _, err := h.bot.DeliverOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if sentTo(h.rec, "D-U1", alice.ID, "receipt code") != 0 || sentTo(h.rec, testkit.SecurityRoom, "", ref) != 1 {
		t.Fatalf("after the outage: %+v; want the notice (it never expires) and not the dropped receipt", h.rec.All())
	}
	if receiptRE.MatchString(logs.String()) || strings.Contains(logs.String(), "receipt code") {
		t.Fatalf("the receipt reached the log:\n%s", logs.String())
	}
}

// TestFormReplyDoesNotWaitOnTheNotice submits a form while the security
// room hangs: SubmitReport returns with the confirmation at once.
func TestFormReplyDoesNotWaitOnTheNotice(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC))
	desk := &slowDesk{Recorder: &testkit.Recorder{Name: "test", Security: true},
		started: make(chan struct{}, 10), release: make(chan struct{})}
	core := bot.New(bot.Options{Store: testkit.NewMemStore(), Now: clock.Now})
	core.Register(desk)
	var f bot.Filed
	var err error
	var wg sync.WaitGroup
	wg.Go(func() {
		f, err = core.SubmitReport(ctx, alice, bot.Report{Category: bot.CategoryGift, OccurredOn: clock.Now(),
			Channel: bot.ChannelEvent, Description: "A case of wine", Accepted: bot.AcceptedNo}, "de")
	})
	<-desk.started
	wg.Wait() // returns although the notice is stuck
	if err != nil || !strings.HasPrefix(f.Confirmation, "Danke. Ihre Meldung ist unter "+f.Case.Ref+" erfasst; das Sicherheitsteam wird benachrichtigt.") {
		t.Fatalf("filed %+v, %v", f, err)
	}
	close(desk.release)
	if err := core.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if sentTo(desk.Recorder, "", alice.ID, f.Case.Ref) != 1 || sentTo(desk.Recorder, testkit.SecurityRoom, "", f.Case.Ref) != 1 {
		t.Fatalf("sent %+v", desk.All())
	}
}

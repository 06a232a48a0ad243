package slack

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
)

var receiptPattern = regexp.MustCompile(`[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}`)

// hiccups makes Slack answer 503 to the first n direct messages to user
// whose text matches pattern, and returns how many such messages came.
func hiccups(f *fakeSlack, user string, pattern *regexp.Regexp, n int32) *atomic.Int32 {
	var attempts atomic.Int32
	f.set(func() {
		f.unavailable = func(c apiCall) bool {
			if c.Method != "chat.postMessage" || c.Form.Get("channel") != "D"+user || !pattern.MatchString(c.Form.Get("text")) {
				return false
			}
			return attempts.Add(1) <= n
		}
	})
	return &attempts
}

// retryUntilDelivered moves the clock past each wait after a failed
// attempt and lets the core send what is due, as its poll would.
func retryUntilDelivered(t *testing.T, h *harness, clock *testkit.Clock) {
	t.Helper()
	ctx := context.Background()
	if err := h.core.Drain(ctx); err != nil { // the first attempt, made at once
		t.Fatal(err)
	}
	for _, wait := range []time.Duration{10 * time.Second, 20 * time.Second, time.Hour} {
		clock.Add(wait)
		if _, err := h.core.DeliverOutbox(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// dmsWith returns the texts of the direct messages to user that match
// pattern, refused ones included.
func dmsWith(f *fakeSlack, user string, pattern *regexp.Regexp) []string {
	var out []string
	for _, c := range f.callsTo("chat.postMessage") {
		if c.Form.Get("channel") == "D"+user && pattern.MatchString(c.Form.Get("text")) {
			out = append(out, c.Form.Get("text"))
		}
	}
	return out
}

// TestReferenceSurvivesSlackHiccups has Slack answer 503 twice to the
// direct message that carries a reporter's reference (from the form) or
// receipt code (from the conversation): the form shows the reference at
// once, and the direct message is sent again until Slack takes it, and
// then never again.
func TestReferenceSurvivesSlackHiccups(t *testing.T) {
	t.Run("form", func(t *testing.T) {
		h := newHarness(t, nil)
		clock := testkit.NewClock(time.Now())
		h.newCore(bot.Options{Now: clock.Now})
		attempts := hiccups(h.fake, userAlice, refPattern, 2)
		h.startSocket()
		f := h.fake
		view := openReportModal(t, f, userAlice, "trigger-1")
		f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
			"category": "payment", "occurred_on": daysAgo(1), "channel": "email", "description": "Cash for an amendment", "accepted": "no",
		})))
		shown, _ := confirmation(t, f.waitAck("env-submit"))
		ref := refPattern.FindString(shown)
		if ref == "" {
			t.Fatalf("the form shows %q, without the reference", shown)
		}
		f.waitFor("the first attempt at the DM", func() bool { return attempts.Load() >= 1 })
		retryUntilDelivered(t, h, clock)
		dms := dmsWith(f, userAlice, regexp.MustCompile(regexp.QuoteMeta(ref)))
		if attempts.Load() != 3 || len(dms) != 3 {
			t.Fatalf("%d attempts at the DM with %s: want 3, two refused and the last delivered", len(dms), ref)
		}
		if dms[2] != mrkdwn(shown) && dms[2] != shown {
			t.Errorf("DM %q differs from what the form showed, %q", dms[2], shown)
		}
		notices := 0
		for _, c := range f.callsTo("chat.postMessage") {
			if c.Form.Get("channel") == securityCh && strings.Contains(c.Form.Get("text"), ref) {
				notices++
			}
		}
		if notices != 1 {
			t.Errorf("%d notices of %s, want one", notices, ref)
		}
	})

	t.Run("anonymous conversation", func(t *testing.T) {
		h := newHarness(t, nil)
		clock := testkit.NewClock(time.Now())
		h.newCore(bot.Options{Now: clock.Now})
		attempts := hiccups(h.fake, userAlice, receiptPattern, 2)
		h.startSocket()
		f := h.fake
		lines := []string{"report", "1", "today", "2", "skip", "skip", "Offered cash for a question", "no", "skip", "2", "submit"}
		for i, line := range lines {
			ts := fmt.Sprintf("1700000100.%06d", i)
			f.send(eventsEnvelope(fmt.Sprintf("env-%d", i), fmt.Sprintf("Ev%d", i), 0, dmEvent(userAlice, line, ts)))
		}
		f.waitFor("the first attempt at the receipt", func() bool { return attempts.Load() >= 1 })
		h.settle()
		retryUntilDelivered(t, h, clock)
		dms := dmsWith(f, userAlice, receiptPattern)
		if attempts.Load() != 3 || len(dms) != 3 {
			t.Fatalf("%d attempts at the DM with the receipt: want 3, two refused and the last delivered", len(dms))
		}
		if receipt := receiptPattern.FindString(dms[0]); receipt == "" || receiptPattern.FindString(dms[2]) != receipt {
			t.Errorf("the receipt changed between attempts: %q, then %q", dms[0], dms[2])
		}
		h.assertNotLogged(receiptPattern.FindString(dms[0]))
	})
}

// TestSlowFilingSaysTheReferenceComesByDM: when filing takes longer than
// the form may wait, the modal says so, and the reference still arrives
// in the direct message.
func TestSlowFilingSaysTheReferenceComesByDM(t *testing.T) {
	h := newHarness(t, nil)
	h.a.formWait = time.Nanosecond
	h.startSocket()
	f := h.fake
	view := openReportModal(t, f, userAlice, "trigger-slow")
	f.send(interactiveEnvelope("env-slow", submission(t, userAlice, view, map[string]any{
		"category": "payment", "occurred_on": daysAgo(1), "channel": "email", "description": "Cash for an amendment", "accepted": "no",
	})))
	shown, _ := confirmation(t, f.waitAck("env-slow"))
	if shown != bot.FormTextIn("en").Filing {
		t.Fatalf("the form shows %q, want the note that the reference comes by direct message", shown)
	}
	h.settle()
	if err := h.core.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	if dms := dmsWith(f, userAlice, refPattern); len(dms) == 0 {
		t.Fatal("the reference never reached the direct message")
	}
}

package slack

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

func TestRateLimitedCallWaitsForRetryAfter(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.set(func() { h.fake.limited["chat.postMessage"] = 1 })
	if err := h.a.Send(context.Background(), bot.Address{ConversationID: generalCh}, bot.Reply{Text: "hello"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := h.slept(); !slices.Equal(got, []time.Duration{7 * time.Second}) {
		t.Errorf("waited %v, want the 7s of Retry-After", got)
	}
	if n := len(h.fake.callsTo("chat.postMessage")); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestRateLimitGivesUpAfterThreeAttempts(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.set(func() { h.fake.limited["chat.postMessage"] = 10 })
	err := h.a.Send(context.Background(), bot.Address{ConversationID: generalCh}, bot.Reply{Text: "hello"})
	var rl *slackgo.RateLimitedError
	if !errors.As(err, &rl) {
		t.Fatalf("Send = %v, want a rate-limit error", err)
	}
	if n := len(h.fake.callsTo("chat.postMessage")); n != maxAttempts {
		t.Errorf("%d attempts, want %d", n, maxAttempts)
	}
	if strings.Contains(err.Error(), "http") {
		t.Errorf("error contains a URL: %v", err)
	}
}

func TestEphemeralRepliesInChannelsAndDMs(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	if err := h.a.SendEphemeral(ctx, bot.Address{ConversationID: generalCh, ThreadID: "1.2", UserID: userAlice}, bot.Reply{Text: "only you", Private: true}); err != nil {
		t.Fatal(err)
	}
	eph := h.fake.waitCall("chat.postEphemeral", nil)
	if eph.Form.Get("user") != userAlice || eph.Form.Get("channel") != generalCh || eph.Form.Get("thread_ts") != "1.2" {
		t.Errorf("postEphemeral = %v", eph.Form)
	}
	// In the DM with the bot, a normal message (ephemeral ones vanish).
	if err := h.a.SendEphemeral(ctx, bot.Address{ConversationID: "D" + userAlice, UserID: userAlice}, bot.Reply{Text: "in the DM"}); err != nil {
		t.Fatal(err)
	}
	if dm := h.fake.waitCall("chat.postMessage", nil); dm.Form.Get("channel") != "D"+userAlice {
		t.Errorf("DM reply went to %q", dm.Form.Get("channel"))
	}
}

func TestSendFileUploadsToTheDM(t *testing.T) {
	h := newHarness(t, nil)
	content := "ref,category\nVGL-2026-0001,gift\n"
	if err := h.a.SendFile(context.Background(), bot.DirectTo(userAlice), "cases.csv", "text/csv", strings.NewReader(content)); err != nil {
		t.Fatalf("SendFile: %v", err)
	}
	get := h.fake.waitCall("files.getUploadURLExternal", nil)
	if get.Form.Get("filename") != "cases.csv" || get.Form.Get("length") != strconv.Itoa(len(content)) {
		t.Errorf("getUploadURLExternal = %v", get.Form)
	}
	if up := h.fake.waitCall("upload", nil); string(up.Body) != content {
		t.Errorf("uploaded %q", up.Body)
	}
	if done := h.fake.waitCall("files.completeUploadExternal", nil); done.Form.Get("channel_id") != "D"+userAlice {
		t.Errorf("file shared in %q, want the DM", done.Form.Get("channel_id"))
	}
	if err := h.a.SendFile(context.Background(), bot.DirectTo(userAlice), "empty.csv", "text/csv", strings.NewReader("")); err == nil {
		t.Error("an empty file was accepted")
	}
}

func TestSecurityAddress(t *testing.T) {
	h := newHarness(t, nil)
	if to, ok := h.a.SecurityAddress(); !ok || to.ConversationID != securityCh {
		t.Errorf("SecurityAddress = %v %v", to, ok)
	}
	h2 := newHarness(t, func(c *Config) { c.SecurityChannel = "" })
	if _, ok := h2.a.SecurityAddress(); ok {
		t.Error("no security channel configured, yet an address is given")
	}
}

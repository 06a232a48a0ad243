package slack

import (
	"strings"
	"testing"
)

// TestChannelRepliesNameTheSlashCommand: in a channel a plain `report` is
// not for Vigil, so its replies there name `/vigil report`; in the direct
// conversation they keep `report`.
func TestChannelRepliesNameTheSlashCommand(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(eventsEnvelope("env-1", "Ev1", 0, mentionEvent(userAlice, generalCh, "<@"+botUser+"> help", "1700000002.000100", "")))
	inChannel := f.waitCall("chat.postEphemeral", func(c apiCall) bool { return c.Form.Get("channel") == generalCh }).Form.Get("text")
	if !strings.Contains(inChannel, "`/vigil report`") || strings.Contains(inChannel, "• `report`") {
		t.Errorf("help in a channel:\n%s", inChannel)
	}
	f.send(eventsEnvelope("env-2", "Ev2", 0, dmEvent(userAlice, "help", "1700000003.000100")))
	direct := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice }).Form.Get("text")
	if !strings.Contains(direct, "• `report`") || strings.Contains(direct, "/vigil report") {
		t.Errorf("help in the direct conversation:\n%s", direct)
	}
}

package slack

import (
	"fmt"
	"testing"
)

// BenchmarkSocketModeAck measures the time from a Socket Mode envelope
// reaching the adapter to its acknowledgement arriving back at the fake
// Slack (which must stay well under Slack's three seconds). The events
// are from a bot, so nothing else is done with them.
func BenchmarkSocketModeAck(b *testing.B) {
	h := newHarness(b, nil)
	h.startSocket()
	f := h.fake
	b.ResetTimer()
	for i := range b.N {
		ev := dmEvent("UOTHERBOT", "beep", "1700000000.000100")
		ev["bot_id"] = "BOTHER"
		id := fmt.Sprintf("env-%d", i)
		f.send(eventsEnvelope(id, fmt.Sprintf("Ev%d", i), 0, ev))
		f.waitAck(id)
	}
}

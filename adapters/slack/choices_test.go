package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"vigil/bot"
)

// unsureGuidance suggests two topics for every question and answers a
// topic with its id.
type unsureGuidance struct{}

func (unsureGuidance) Answer(_ context.Context, q, _ string) (bot.Answer, error) {
	return bot.Answer{Question: q, Lang: "en", Text: "Not sure. The closest are:\n1. Gifts\n2. Travel",
		Results: []bot.Result{{ID: "gifts", Title: "Gifts"}, {ID: "travel", Title: "Travel"}}}, nil
}
func (unsureGuidance) Topic(id, lang string) (bot.Answer, bool) {
	return bot.Answer{Lang: lang, Confident: true, Text: "The article on " + id}, true
}
func (unsureGuidance) TopicList(string, bool) string { return "topics" }

// TestSuggestionsAreButtons: suggested topics come as buttons, and a
// click answers with the topic, as typing its number would; a forged
// button value is not taken as a command.
func TestSuggestionsAreButtons(t *testing.T) {
	h := newHarness(t, nil)
	h.core = bot.New(bot.Options{Store: h.db, Guidance: unsureGuidance{}, Logger: h.logs.Logger()})
	h.core.Register(h.a)
	h.startSocket()
	f := h.fake
	f.send(eventsEnvelope("env-1", "Ev1", 0, dmEvent(userAlice, "a question about a present", "1700000001.000100")))
	f.waitAck("env-1")
	reply := f.waitCall("chat.postMessage", nil)
	var blocks []map[string]any
	if err := json.Unmarshal([]byte(reply.Form.Get("blocks")), &blocks); err != nil || len(blocks) != 2 {
		t.Fatalf("blocks %q: %v", reply.Form.Get("blocks"), err)
	}
	if !strings.Contains(reply.Form.Get("text"), "1. Gifts") {
		t.Errorf("the text fallback lacks the numbered choices: %q", reply.Form.Get("text"))
	}
	elements, _ := blocks[1]["elements"].([]any)
	if blocks[1]["type"] != "actions" || len(elements) != 2 {
		t.Fatalf("actions block: %v", blocks[1])
	}
	second := elements[1].(map[string]any)
	if second["value"] != "2" || second["text"].(map[string]any)["text"] != "2. Travel" {
		t.Errorf("second button: %v", second)
	}

	click := func(env, value string) {
		f.send(interactiveEnvelope(env, map[string]any{
			"type": "block_actions", "trigger_id": "trigger-" + env,
			"team": map[string]any{"id": "TTEAM"}, "channel": map[string]any{"id": "D" + userAlice},
			"user":      map[string]any{"id": userAlice, "name": "alice"},
			"container": map[string]any{"type": "message", "message_ts": "1700000002.000100", "channel_id": "D" + userAlice},
			"message":   map[string]any{"type": "message", "ts": "1700000002.000100", "text": "Not sure"},
			"actions": []map[string]any{{"type": "button", "action_id": second["action_id"], "block_id": "vigil_choices",
				"value": value, "action_ts": "1700000003.000100"}},
		}))
		f.waitAck(env)
		h.settle()
	}
	click("env-click", "2")
	answer := f.waitCall("chat.postMessage", func(c apiCall) bool { return strings.Contains(c.Form.Get("text"), "The article on travel") })
	if answer.Form.Get("channel") != "D"+userAlice {
		t.Errorf("the chosen topic went to %q", answer.Form.Get("channel"))
	}
	before := len(f.callsTo("chat.postMessage"))
	click("env-forged", "export csv")
	if n := len(f.callsTo("chat.postMessage")); n != before {
		t.Errorf("a forged button value was answered: %s", f.describeCalls())
	}
}

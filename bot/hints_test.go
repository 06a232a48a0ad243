package bot_test

import (
	"context"
	"strings"
	"testing"

	"vigil/bot"
	"vigil/internal/testkit"
)

// roomRecorder is a platform whose group rooms hear only "!vigil ...".
type roomRecorder struct{ testkit.Recorder }

func (*roomRecorder) GroupCommand(command string) string { return "!vigil " + command }

// hintGuidance answers like the knowledge base does to an incident: with
// an offer to type `report` (or `signaler`).
type hintGuidance struct{}

func (hintGuidance) Answer(_ context.Context, q, _ string) (bot.Answer, error) {
	if strings.HasPrefix(q, "on m'a") {
		return bot.Answer{Question: q, Lang: "fr", Confident: true, Text: "Vous pouvez le signaler : tapez `signaler`."}, nil
	}
	return bot.Answer{Question: q, Lang: "en", Confident: true,
		Text: "Keep a record. You can report it now: type `report`. See `topics` or `ask can I keep it?`; reply `yes` or `Vigil`."}, nil
}
func (hintGuidance) Topic(string, string) (bot.Answer, bool) { return bot.Answer{}, false }
func (hintGuidance) TopicList(string, bool) string           { return "topics" }

// TestGroupRepliesNameCommandsAsTypedThere: in a group room, where a plain
// `report` is not for Vigil, the replies name commands with the platform's
// prefix; direct conversations keep the plain words.
func TestGroupRepliesNameCommandsAsTypedThere(t *testing.T) {
	h := newHarness(t)
	h.rebuild(bot.Options{Guidance: hintGuidance{}})
	room := &roomRecorder{Recorder: testkit.Recorder{Name: "rooms"}}
	h.bot.Register(room)
	u := bot.User{Platform: "rooms", ID: "@ann:example.org"}
	say := func(direct bool, text string) []bot.Outgoing {
		conv := "!group:example.org"
		if direct {
			conv = "!dm:example.org"
		}
		return h.bot.Respond(context.Background(), bot.Message{Platform: "rooms", ConversationID: conv, Sender: u, Direct: direct, Text: text})
	}

	group := joinReplies(say(false, "someone offered me a trip"))
	mustContain(t, group, "type `!vigil report`", "See `!vigil topics` or `!vigil ask can I keep it?`", "reply `yes` or `Vigil`")
	help := joinReplies(say(false, "help"))
	mustContain(t, help, "`!vigil report`", "`!vigil status <reference or receipt code>`")
	if strings.Contains(help, "• `report`") {
		t.Errorf("help in a group names a plain `report`:\n%s", help)
	}
	mustContain(t, joinReplies(say(false, "on m'a offert un voyage")), "tapez `!vigil signaler`")

	direct := joinReplies(say(true, "someone offered me a trip again"))
	mustContain(t, direct, "type `report`", "See `topics`")

	// A report started in the group moves to a direct conversation, where
	// commands are typed as they are.
	for _, o := range say(false, "report") {
		if o.To.ConversationID == "" && strings.Contains(o.Reply.Text, "!vigil") {
			t.Errorf("a direct message names a prefixed command: %q", o.Reply.Text)
		}
	}

	// A platform without the capability keeps the words as they are.
	mustContain(t, joinReplies(h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "C1",
		Sender: alice, Text: "someone offered me a trip"})), "type `report`")
}

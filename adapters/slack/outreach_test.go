package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"vigil/awareness"
	"vigil/bot"
)

// fakeChannel is a channel of the fake workspace.
type fakeChannel struct {
	name   string
	member bool // the bot was invited
}

// conversations answers conversations.info, .list and .history and
// chat.delete from the fake's channels and the messages posted so far.
func (f *fakeSlack) conversations(w http.ResponseWriter, call apiCall) {
	f.mu.Lock()
	defer f.mu.Unlock()
	channel := func(id string, c fakeChannel) map[string]any {
		return map[string]any{"id": id, "name": c.name, "is_member": c.member, "is_channel": true}
	}
	switch call.Method {
	case "conversations.info":
		c, ok := f.chans[call.Form.Get("channel")]
		if !ok {
			writeErr(w, "channel_not_found")
			return
		}
		writeOK(w, map[string]any{"channel": channel(call.Form.Get("channel"), c)})
	case "conversations.list":
		var list []map[string]any
		for id, c := range f.chans {
			list = append(list, channel(id, c))
		}
		writeOK(w, map[string]any{"channels": list, "response_metadata": map[string]any{"next_cursor": ""}})
	case "conversations.history":
		var msgs []map[string]any
		for i, c := range f.calls {
			if c.Method != "chat.postMessage" || c.Form.Get("channel") != call.Form.Get("channel") {
				continue
			}
			m := map[string]any{"type": "message", "bot_id": botID, "text": c.Form.Get("text"), "ts": fmt.Sprintf("1700000100.%06d", i)}
			if call.Form.Get("include_all_metadata") == "1" && c.Form.Get("metadata") != "" {
				var meta map[string]any
				_ = json.Unmarshal([]byte(c.Form.Get("metadata")), &meta)
				m["metadata"] = meta
			}
			msgs = append([]map[string]any{m}, msgs...) // newest first
		}
		writeOK(w, map[string]any{"messages": msgs})
	case "chat.delete":
		if f.noDelete {
			writeErr(w, "cant_delete_message")
			return
		}
		writeOK(w, map[string]any{"channel": call.Form.Get("channel"), "ts": call.Form.Get("ts")})
	}
}

// withChannels gives the fake workspace #general (the bot is in it) and
// #random (it is not).
func (f *fakeSlack) withChannels() {
	f.set(func() {
		f.chans = map[string]fakeChannel{generalCh: {name: "general", member: true}, "CRANDOM": {name: "random"}}
	})
}

// posts returns the chat.postMessage calls made to channel.
func (f *fakeSlack) posts(channel string) []apiCall {
	var out []apiCall
	for _, c := range f.callsTo("chat.postMessage") {
		if c.Form.Get("channel") == channel {
			out = append(out, c)
		}
	}
	return out
}

func TestFindConversationTellsWhereTheBotWasInvited(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.withChannels()
	ctx := context.Background()
	for ref, want := range map[string]bot.Conversation{
		"#general": {ID: generalCh, Name: "#general", Member: true},
		"#Random":  {ID: "CRANDOM", Name: "#random"},
		generalCh:  {ID: generalCh, Name: "#general", Member: true},
	} {
		got, err := h.a.FindConversation(ctx, ref)
		if err != nil || got != want {
			t.Errorf("FindConversation(%q) = %+v, %v; want %+v", ref, got, err, want)
		}
	}
	for _, ref := range []string{"#nowhere", "CNOTHERE1", "general"} {
		if _, err := h.a.FindConversation(ctx, ref); !errors.Is(err, bot.ErrNoConversation) {
			t.Errorf("FindConversation(%q) = %v, want ErrNoConversation", ref, err)
		}
	}
}

func TestPostCarriesItsKeyAndARetryDoesNotPostTwice(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	to := bot.Address{ConversationID: "D" + userAlice, UserID: userAlice}
	first, err := h.a.Post(ctx, to, bot.Reply{Text: "Security advisory #1"}, "vigil-advisory-1", false)
	if err != nil || first.ConversationID != "D"+userAlice || first.MessageID == "" {
		t.Fatalf("Post = %+v, %v", first, err)
	}
	var meta struct {
		EventType string            `json:"event_type"`
		Payload   map[string]string `json:"event_payload"`
	}
	if err := json.Unmarshal([]byte(h.fake.posts("D" + userAlice)[0].Form.Get("metadata")), &meta); err != nil ||
		meta.EventType != deliveryEventType || meta.Payload["key"] != "vigil-advisory-1" {
		t.Fatalf("metadata = %+v, %v", meta, err)
	}
	// After a crash: the same delivery again finds the message.
	again, err := h.a.Post(ctx, to, bot.Reply{Text: "Security advisory #1"}, "vigil-advisory-1", true)
	if err != nil || again.ConversationID != "D"+userAlice || len(h.fake.posts("D"+userAlice)) != 1 {
		t.Fatalf("retry = %+v, %v; %d posts", again, err, len(h.fake.posts("D"+userAlice)))
	}
	// Another delivery on a retry is posted.
	if _, err := h.a.Post(ctx, to, bot.Reply{Text: "Security advisory #2"}, "vigil-advisory-2", true); err != nil || len(h.fake.posts("D"+userAlice)) != 2 {
		t.Fatalf("second delivery: %v, %d posts", err, len(h.fake.posts("D"+userAlice)))
	}
}

func TestRetractDeletesOrEditsWithANotice(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	m := bot.Posted{ConversationID: generalCh, MessageID: "1700000100.000100"}
	if err := h.a.Retract(ctx, m, bot.Reply{Text: "Security advisory #1 was withdrawn."}); err != nil {
		t.Fatal(err)
	}
	del := h.fake.waitCall("chat.delete", nil)
	if del.Form.Get("channel") != generalCh || del.Form.Get("ts") != m.MessageID {
		t.Fatalf("chat.delete %v", del.Form)
	}
	h.fake.set(func() { h.fake.noDelete = true })
	if err := h.a.Retract(ctx, m, bot.Reply{Text: "Security advisory #1 was withdrawn."}); err != nil {
		t.Fatal(err)
	}
	upd := h.fake.waitCall("chat.update", nil)
	if upd.Form.Get("ts") != m.MessageID || upd.Form.Get("text") != "Security advisory #1 was withdrawn." {
		t.Fatalf("chat.update %v", upd.Form)
	}
}

// dm sends a direct message from user through Socket Mode and waits for
// the answer's chat.postMessage in their DM; it returns the answer.
func (h *harness) dm(n *int, user, text string) string {
	h.t.Helper()
	before := len(h.fake.posts("D" + user))
	*n++
	ts := fmt.Sprintf("1700001%03d.000100", *n)
	h.fake.send(eventsEnvelope(fmt.Sprintf("env-o%d", *n), fmt.Sprintf("Evo%d", *n), 0, dmEvent(user, text, ts)))
	var reply string
	h.fake.waitFor("the answer to "+text, func() bool {
		var seen int
		for _, c := range h.fake.calls {
			if c.Method == "chat.postMessage" && c.Form.Get("channel") == "D"+user {
				if seen++; seen > before {
					reply = c.Form.Get("text")
					return true
				}
			}
		}
		return false
	})
	h.settle()
	return reply
}

func TestAdvisoryThroughSlack(t *testing.T) {
	h := newHarness(t, nil)
	set, err := awareness.Load("")
	if err != nil {
		t.Fatal(err)
	}
	h.newCore(bot.Options{Outreach: h.db.Outreach(), Scenarios: set,
		Roles: bot.StaticRoles{Users: map[string]bool{bot.User{Platform: bot.PlatformSlack, ID: userMallory}.Key(): true}}})
	h.fake.withChannels()
	h.startSocket()
	var n int
	if got := h.dm(&n, userAlice, "subscribe"); !strings.Contains(got, "You are subscribed") {
		t.Fatalf("subscribe: %q", got)
	}
	if got := h.dm(&n, userMallory, "target add #random"); !strings.Contains(got, "I am not a member of #random") {
		t.Fatalf("target add #random: %q", got)
	}
	if got := h.dm(&n, userMallory, "target add <#"+generalCh+"|general>"); !strings.Contains(got, "Added #general") {
		t.Fatalf("target add #general: %q", got)
	}
	for _, line := range []string{"advisory new", "Fake recruiters on LinkedIn", "en Recruiters for a 'Brussels policy institute' are fake.", "done", "1 2"} {
		h.dm(&n, userMallory, line)
	}
	if got := h.dm(&n, userMallory, "send"); !strings.Contains(got, "on its way to 2 recipients") {
		t.Fatalf("send: %q", got)
	}

	// Slack refuses the first post with 429: the adapter waits as asked.
	h.fake.set(func() { h.fake.limited["chat.postMessage"] = 1 })
	if _, err := h.core.DeliverAdvisories(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Three calls: each recipient once, and the one refused with 429 (the
	// fake records it too).
	var calls int
	for _, ch := range []string{"D" + userAlice, generalCh} {
		var advisories int
		for _, c := range h.fake.posts(ch) {
			if strings.Contains(c.Form.Get("text"), "Fake recruiters on LinkedIn") && c.Form.Get("metadata") != "" {
				advisories++
			}
		}
		if advisories == 0 {
			t.Errorf("%s did not receive the advisory", ch)
		}
		calls += advisories
	}
	if calls != 3 {
		t.Errorf("%d calls to post the advisory, want 3", calls)
	}
	if slept := h.slept(); len(slept) != 1 || slept[0] != 7*time.Second {
		t.Errorf("waited %v for the rate limit, want Retry-After 7s", slept)
	}

	if got := h.dm(&n, userMallory, "withdraw 1"); !strings.Contains(got, "2 delivered messages are being deleted") {
		t.Fatalf("withdraw: %q", got)
	}
	if _, err := h.core.DeliverAdvisories(context.Background()); err != nil {
		t.Fatal(err)
	}
	deleted := map[string]bool{}
	for _, c := range h.fake.callsTo("chat.delete") {
		deleted[c.Form.Get("channel")] = true
	}
	if !deleted["D"+userAlice] || !deleted[generalCh] {
		t.Fatalf("chat.delete went to %v", deleted)
	}

	// A scenario comes with a button per choice.
	h.dm(&n, userAlice, "scenario")
	last := h.fake.posts("D" + userAlice)
	if blocks := last[len(last)-1].Form.Get("blocks"); !strings.Contains(blocks, choiceActionPrefix+"2") {
		t.Fatalf("scenario without buttons: %s", blocks)
	}
}

package slack

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"vigil/bot"
)

var refPattern = regexp.MustCompile(`VGL-\d{4}-\d{4,}`)

func daysAgo(n int) string { return time.Now().UTC().AddDate(0, 0, -n).Format(dateLayout) }

func TestDirectMessageIsAnswered(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(eventsEnvelope("env-1", "Ev1", 0, dmEvent(userAlice, "can I keep the wine an embassy sent?", "1700000001.000100")))
	if p := f.waitAck("env-1"); p != nil {
		t.Errorf("events_api ack carries a payload: %s", p)
	}
	reply := f.waitCall("chat.postMessage", nil)
	if got := reply.Form.Get("channel"); got != "D"+userAlice {
		t.Errorf("answer went to %q, want the DM", got)
	}
	if got := reply.Form.Get("text"); got != "Guidance on: can I keep the wine an embassy sent?" {
		t.Errorf("answer text = %q", got)
	}
	if reply.Form.Get("thread_ts") != "" {
		t.Errorf("a top-level DM was answered in a thread")
	}
	if reply.Form.Get("parse") != "none" {
		t.Errorf("parse = %q, want none", reply.Form.Get("parse"))
	}
}

func TestMentionIsAnsweredInItsThread(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(eventsEnvelope("env-1", "Ev1", 0, mentionEvent(userAlice, generalCh, "<@"+botUser+"> is this e-mail phishing?", "1700000002.000100", "")))
	f.waitAck("env-1")
	first := f.waitCall("chat.postMessage", nil)
	if first.Form.Get("channel") != generalCh || first.Form.Get("thread_ts") != "1700000002.000100" {
		t.Errorf("mention answered in %q thread %q, want %s thread of the mention", first.Form.Get("channel"), first.Form.Get("thread_ts"), generalCh)
	}
	if got := first.Form.Get("text"); got != "Guidance on: is this e-mail phishing?" {
		t.Errorf("mention not stripped: %q", got)
	}

	// A mention inside an existing thread stays in that thread.
	f.send(eventsEnvelope("env-2", "Ev2", 0, mentionEvent(userAlice, generalCh, "<@"+botUser+"> and this one?", "1700000003.000100", "1700000000.000001")))
	second := f.waitCall("chat.postMessage", func(c apiCall) bool { return strings.Contains(c.Form.Get("text"), "this one") })
	if second.Form.Get("thread_ts") != "1700000000.000001" {
		t.Errorf("reply in thread %q, want the parent thread", second.Form.Get("thread_ts"))
	}
}

func TestDuplicateEventIsAnsweredOnce(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	ev := dmEvent(userAlice, "first question", "1700000004.000100")
	f.send(eventsEnvelope("env-1", "EvSame", 0, ev))
	f.send(eventsEnvelope("env-2", "EvSame", 1, ev)) // Slack's retry: same event ID, new envelope
	f.waitAck("env-1")
	f.waitAck("env-2")
	// Events from one user are handled in order, so once the next answer
	// is out, a second answer to the duplicate would be too.
	f.send(eventsEnvelope("env-3", "EvNext", 0, dmEvent(userAlice, "second question", "1700000005.000100")))
	f.waitCall("chat.postMessage", func(c apiCall) bool { return strings.Contains(c.Form.Get("text"), "second question") })
	h.settle()
	n := 0
	for _, c := range f.callsTo("chat.postMessage") {
		if strings.Contains(c.Form.Get("text"), "first question") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("duplicate event answered %d times, want 1", n)
	}
}

func TestBotMessagesAreIgnored(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	own := dmEvent(botUser, "Guidance on: loop?", "1700000006.000100")
	own["bot_id"] = botID
	other := dmEvent("UOTHERBOT", "I am another bot", "1700000006.000200")
	other["bot_id"] = "BOTHER"
	other["subtype"] = "bot_message"
	edit := dmEvent(userAlice, "edited text", "1700000006.000300")
	edit["subtype"] = "message_changed"
	f.send(eventsEnvelope("env-1", "Ev1", 0, own))
	f.send(eventsEnvelope("env-2", "Ev2", 0, other))
	f.send(eventsEnvelope("env-3", "Ev3", 0, edit))
	f.send(eventsEnvelope("env-4", "Ev4", 0, dmEvent(userAlice, "real question", "1700000006.000400")))
	for _, id := range []string{"env-1", "env-2", "env-3", "env-4"} {
		f.waitAck(id)
	}
	f.waitCall("chat.postMessage", func(c apiCall) bool { return strings.Contains(c.Form.Get("text"), "real question") })
	h.settle()
	if n := len(f.callsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d messages posted, want only the answer to the person: %s", n, f.describeCalls())
	}
}

func TestUnknownEnvelopeIsAcknowledged(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(eventsEnvelope("env-odd", "EvOdd", 0, map[string]any{"type": "no_such_event_type", "ts": "1"}))
	f.waitAck("env-odd")
}

// submission builds a view_submission payload answering the modal that
// views.open received: the answers go to the blocks and action IDs of that
// view, checked against its options.
func submission(t *testing.T, user string, view map[string]any, answers map[string]any) map[string]any {
	t.Helper()
	values := map[string]any{}
	blocks, _ := view["blocks"].([]any)
	for _, b := range blocks {
		block := b.(map[string]any)
		id, _ := block["block_id"].(string)
		answer, ok := answers[id]
		if block["type"] != "input" || !ok {
			continue
		}
		el := block["element"].(map[string]any)
		typ := el["type"].(string)
		var v map[string]any
		switch typ {
		case "static_select", "radio_buttons":
			checkOption(t, id, el, answer.(string))
			v = map[string]any{"type": typ, "selected_option": map[string]any{"value": answer}}
		case "checkboxes":
			var opts []any
			for _, o := range answer.([]string) {
				checkOption(t, id, el, o)
				opts = append(opts, map[string]any{"value": o})
			}
			v = map[string]any{"type": typ, "selected_options": opts}
		case "datepicker":
			v = map[string]any{"type": typ, "selected_date": answer}
		case "plain_text_input":
			v = map[string]any{"type": typ, "value": answer}
		default:
			t.Fatalf("block %s has an unexpected element type %s", id, typ)
		}
		values[id] = map[string]any{el["action_id"].(string): v}
		delete(answers, id)
	}
	for id := range answers {
		t.Fatalf("the modal has no input block %q", id)
	}
	return map[string]any{
		"type": "view_submission", "team": map[string]any{"id": "TTEAM"}, "api_app_id": "AVIGIL",
		"user": map[string]any{"id": user, "name": strings.ToLower(user), "team_id": "TTEAM"},
		"view": map[string]any{"id": "VREPORT", "type": "modal", "callback_id": view["callback_id"],
			"private_metadata": view["private_metadata"], "state": map[string]any{"values": values}},
	}
}

func checkOption(t *testing.T, block string, el map[string]any, value string) {
	t.Helper()
	for _, o := range el["options"].([]any) {
		if o.(map[string]any)["value"] == value {
			return
		}
	}
	t.Fatalf("block %s offers no option %q", block, value)
}

// openReportModal runs `/vigil report` in a channel and returns the view
// given to views.open.
func openReportModal(t *testing.T, f *fakeSlack, user, trigger string) map[string]any {
	t.Helper()
	return openModalWith(t, f, user, trigger, "report")
}

// openModalWith runs `/vigil <word>` in a channel and returns the report
// modal given to views.open.
func openModalWith(t *testing.T, f *fakeSlack, user, trigger, word string) map[string]any {
	t.Helper()
	f.send(slashEnvelope("env-"+trigger, slashCommand(f, user, generalCh, word, trigger)))
	if p := f.waitAck("env-" + trigger); p != nil {
		t.Errorf("slash command ack carries a payload: %s", p)
	}
	open := f.waitCall("views.open", func(c apiCall) bool { return c.JSON["trigger_id"] == trigger })
	view, ok := open.JSON["view"].(map[string]any)
	if !ok || view["callback_id"] != reportCallbackID || view["type"] != "modal" {
		t.Fatalf("views.open got no report modal: %v", open.JSON)
	}
	return view
}

func TestSlashReportFilesThroughTheModal(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	view := openReportModal(t, f, userAlice, "trigger-1")

	const description = "Someone offered my MEP 5000 EUR in cash for an amendment"
	f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
		"category": "payment", "occurred_on": daysAgo(2), "channel": "email", "approacher": "J. Doe, Acme Consulting",
		"approacher_country": "Freedonia", "description": description, "accepted": "no", "contact": []string{"contact"},
	})))
	shown, _ := confirmation(t, f.waitAck("env-submit"))

	dm := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice })
	ref := refPattern.FindString(dm.Form.Get("text"))
	if ref == "" {
		t.Fatalf("DM has no case reference: %q", dm.Form.Get("text"))
	}
	if refPattern.FindString(shown) != ref {
		t.Errorf("the form shows %q, want the reference %s", shown, ref)
	}
	c, err := h.db.CaseByRef(context.Background(), ref)
	if err != nil {
		t.Fatalf("case %s not in the database: %v", ref, err)
	}
	r := c.Report
	if r.Category != bot.CategoryPayment || r.Channel != bot.ChannelEmail || r.Description != description ||
		r.Approacher != "J. Doe, Acme Consulting" || r.ApproacherCountry != "Freedonia" || r.Accepted != bot.AcceptedNo ||
		r.Anonymous || !r.ContactAllowed || r.OccurredOn.Format(dateLayout) != daysAgo(2) {
		t.Errorf("stored report = %+v", r)
	}
	if c.Reporter.ID != userAlice || c.Reporter.Platform != bot.PlatformSlack || c.Reporter.Name != "Alice Martin" {
		t.Errorf("stored reporter = %+v", c.Reporter)
	}

	notice := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == securityCh })
	text := notice.Form.Get("text")
	if !strings.Contains(text, ref) || !strings.Contains(text, "Alice Martin") {
		t.Errorf("security notice lacks the reference or reporter: %q", text)
	}
	if strings.Contains(text, "5000 EUR") || strings.Contains(text, "Acme") {
		t.Errorf("security notice reveals report details: %q", text)
	}
	for _, c := range f.callsTo("chat.postMessage") {
		if c.Form.Get("channel") == generalCh {
			t.Errorf("something was posted in the channel where the command was typed: %q", c.Form.Get("text"))
		}
	}
	h.assertNotLogged("5000 EUR")
}

func TestAnonymousReportKeepsNoIdentity(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	view := openReportModal(t, f, userAlice, "trigger-anon")
	f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
		"category": "gift", "occurred_on": daysAgo(1), "channel": "in-person",
		"description": "A case of wine from an embassy", "accepted": "yes", "accepted_detail": "the wine, still in my office",
		"anonymous": []string{"anonymous"}, "contact": []string{"contact"},
	})))
	f.waitAck("env-submit")

	dm := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice })
	ref := refPattern.FindString(dm.Form.Get("text"))
	if !strings.Contains(dm.Form.Get("text"), "receipt code") {
		t.Errorf("anonymous reporter got no receipt code: %q", dm.Form.Get("text"))
	}
	c, err := h.db.CaseByRef(context.Background(), ref)
	if err != nil {
		t.Fatalf("case %q not stored: %v", ref, err)
	}
	if c.Reporter != (bot.User{}) || !c.Report.Anonymous || c.Report.ContactAllowed {
		t.Errorf("anonymous case keeps identity: reporter %+v, anonymous %v, contact %v", c.Reporter, c.Report.Anonymous, c.Report.ContactAllowed)
	}
	notice := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == securityCh })
	text := notice.Form.Get("text")
	if !strings.Contains(text, ref) || !strings.Contains(text, "anonymous") {
		t.Errorf("notice = %q", text)
	}
	for _, id := range []string{userAlice, "Alice", "alice"} {
		if strings.Contains(text, id) {
			t.Errorf("anonymous notice names the reporter (%q): %q", id, text)
		}
	}
}

func TestValidationErrorsGoBackIntoTheModal(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	view := openReportModal(t, f, userAlice, "trigger-bad")
	f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
		"category": "payment", "occurred_on": daysAgo(-5), "channel": "email", "description": "   ", "accepted": "no",
	})))
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(f.waitAck("env-submit"), &resp); err != nil {
		t.Fatalf("ack payload: %v", err)
	}
	if resp.ResponseAction != "errors" || resp.Errors["description"] == "" || resp.Errors["occurred_on"] == "" || len(resp.Errors) != 2 {
		t.Errorf("response = %+v, want errors on description and occurred_on", resp)
	}
	// Nothing was filed: a later report gets the first reference.
	view = openReportModal(t, f, userAlice, "trigger-good")
	f.send(interactiveEnvelope("env-submit-2", submission(t, userAlice, view, map[string]any{
		"category": "payment", "occurred_on": daysAgo(0), "channel": "email", "description": "Offer of money", "accepted": "no",
	})))
	dm := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice })
	if ref := refPattern.FindString(dm.Form.Get("text")); !strings.HasSuffix(ref, "-0001") {
		t.Errorf("first filed report is %q: the invalid one was stored", ref)
	}
}

func TestMessageShortcutPrefillsTheModal(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(interactiveEnvelope("env-shortcut", map[string]any{
		"type": "message_action", "callback_id": shortcutCallbackID, "trigger_id": "trigger-sc",
		"team": map[string]any{"id": "TTEAM"}, "channel": map[string]any{"id": generalCh, "name": "general"},
		"user":         map[string]any{"id": userAlice, "name": "alice"},
		"message_ts":   "1700000000.000200",
		"response_url": f.responseURL("shortcut"),
		"message": map[string]any{"type": "message", "user": userMallory, "ts": "1700000000.000200",
			"text": "Send me the draft amendment &amp; I'll pay &lt;you&gt; well, <@" + userAlice + ">"},
	}))
	f.waitAck("env-shortcut")
	open := f.waitCall("views.open", nil)
	if open.JSON["trigger_id"] != "trigger-sc" {
		t.Errorf("trigger_id = %v", open.JSON["trigger_id"])
	}
	view := open.JSON["view"].(map[string]any)
	initial := map[string]any{}
	for _, b := range view["blocks"].([]any) {
		block := b.(map[string]any)
		el, _ := block["element"].(map[string]any)
		for _, k := range []string{"initial_value", "initial_date", "initial_option"} {
			if v, ok := el[k]; ok {
				initial[block["block_id"].(string)] = v
			}
		}
	}
	want := map[string]string{
		"description": "Send me the draft amendment & I'll pay <you> well, @" + userAlice,
		"source_link": "https://example.slack.com/archives/" + generalCh + "/p1700000000000200",
		"approacher":  "Mallory Black (Slack user " + userMallory + ")",
		"occurred_on": "2023-11-14",
	}
	for k, v := range want {
		if initial[k] != v {
			t.Errorf("%s prefilled with %v, want %q", k, initial[k], v)
		}
	}
	if opt, _ := initial["channel"].(map[string]any); opt["value"] != string(bot.ChannelMessaging) {
		t.Errorf("channel prefilled with %v", initial["channel"])
	}
}

func TestEscapingInEverythingSent(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.set(func() { h.fake.users["UEVE"] = "Eve <!here>" })
	h.startSocket()
	f := h.fake
	// Slack delivers typed "<!channel> & <@UALICE>" escaped.
	f.send(eventsEnvelope("env-1", "Ev1", 0, dmEvent("UEVE", "&lt;!channel&gt; &amp; &lt;@UALICE&gt;", "1700000007.000100")))
	answer := f.waitCall("chat.postMessage", nil).Form.Get("text")
	if answer != "Guidance on: &lt;!channel&gt; &amp; &lt;@UALICE&gt;" {
		t.Errorf("answer = %q, want the user's text escaped", answer)
	}

	view := openReportModal(t, f, "UEVE", "trigger-eve")
	f.send(interactiveEnvelope("env-submit", submission(t, "UEVE", view, map[string]any{
		"category": "online", "occurred_on": daysAgo(3), "channel": "social-media", "description": "<!channel> click <http://evil.example|here>", "accepted": "no",
	})))
	notice := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == securityCh }).Form.Get("text")
	if !strings.Contains(notice, "Eve &lt;!here&gt;") {
		t.Errorf("reporter name not escaped in notice: %q", notice)
	}
	for _, c := range f.callsTo("chat.postMessage") {
		if text := c.Form.Get("text"); regexp.MustCompile(`<[!@#]|<http`).MatchString(text) {
			t.Errorf("unescaped Slack markup sent to %s: %q", c.Form.Get("channel"), text)
		}
	}
}

func TestSlashCommandRepliesOnlyToTheUser(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(slashEnvelope("env-help", slashCommand(f, userAlice, generalCh, "", "trigger-help")))
	f.waitAck("env-help")
	help := f.waitCall("response_url", nil)
	if help.JSON["response_type"] != "ephemeral" || !strings.Contains(help.JSON["text"].(string), "Commands") {
		t.Errorf("help reply = %v", help.JSON)
	}
	f.send(slashEnvelope("env-ask", slashCommand(f, userAlice, generalCh, "ask may I accept a paid trip?", "trigger-ask")))
	ask := f.waitCall("response_url", func(c apiCall) bool { return strings.Contains(c.Form.Get("path"), "trigger-ask") })
	if ask.JSON["response_type"] != "ephemeral" || ask.JSON["text"] != "Guidance on: may I accept a paid trip?" {
		t.Errorf("answer = %v", ask.JSON)
	}
	if n := len(f.callsTo("chat.postMessage")) + len(f.callsTo("chat.postEphemeral")); n != 0 {
		t.Errorf("%d chat messages posted; slash replies must go to the response URL", n)
	}
}

func TestSlashCommandInTheBotDMIsDirect(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	// In the DM with the bot: a direct message, answered there.
	f.send(slashEnvelope("env-1", slashCommand(f, userAlice, "D"+userAlice, "ask is this a fake recruiter?", "trigger-dm")))
	answer := f.waitCall("chat.postMessage", nil)
	if answer.Form.Get("channel") != "D"+userAlice || answer.Form.Get("text") != "Guidance on: is this a fake recruiter?" {
		t.Errorf("answer = %v", answer.Form)
	}
	// In a DM between two people: not direct, so only the user sees it.
	f.send(slashEnvelope("env-2", slashCommand(f, userAlice, "DPEOPLE", "ask and here?", "trigger-people")))
	other := f.waitCall("response_url", nil)
	if other.JSON["response_type"] != "ephemeral" || other.JSON["text"] != "Guidance on: and here?" {
		t.Errorf("reply in a people DM = %v", other.JSON)
	}
}

func TestTypedReportStartsTheConversation(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(eventsEnvelope("env-1", "Ev1", 0, dmEvent(userAlice, "report", "1700000008.000100")))
	prompt := f.waitCall("chat.postMessage", nil)
	if prompt.Form.Get("channel") != "D"+userAlice || !strings.Contains(prompt.Form.Get("text"), "What kind of approach") {
		t.Errorf("reply = %v", prompt.Form)
	}
	if n := len(f.callsTo("views.open")); n != 0 {
		t.Errorf("views.open called without a trigger")
	}
	f.send(eventsEnvelope("env-2", "Ev2", 0, dmEvent(userAlice, "2", "1700000008.000200")))
	next := f.waitCall("chat.postMessage", func(c apiCall) bool { return strings.Contains(c.Form.Get("text"), "When did it happen") })
	if next.Form.Get("channel") != "D"+userAlice {
		t.Errorf("conversation left the DM")
	}
}

func TestExpiredTriggerFallsBackToTheConversation(t *testing.T) {
	h := newHarness(t, nil)
	h.fake.set(func() { h.fake.viewErrs = "expired_trigger_id" })
	h.startSocket()
	f := h.fake
	f.send(slashEnvelope("env-1", slashCommand(f, userAlice, generalCh, "report", "trigger-old")))
	f.waitCall("views.open", nil)
	note := f.waitCall("response_url", nil)
	if !strings.Contains(note.JSON["text"].(string), "direct message") {
		t.Errorf("channel note = %v", note.JSON)
	}
	dm := f.waitCall("chat.postMessage", nil)
	if dm.Form.Get("channel") != "D"+userAlice || !strings.Contains(dm.Form.Get("text"), "What kind of approach") {
		t.Errorf("conversation not started in the DM: %v", dm.Form)
	}
}

func TestFailedFilingKeepsTheAnswers(t *testing.T) {
	h := newHarness(t, nil)
	h.failFiling()
	h.startSocket()
	f := h.fake
	view := openReportModal(t, f, userAlice, "trigger-1")
	f.send(interactiveEnvelope("env-submit", submission(t, userAlice, view, map[string]any{
		"category": "pressure", "occurred_on": daysAgo(1), "channel": "phone", "description": "Threatening phone call", "accepted": "no",
	})))
	sorry := f.waitCall("chat.postMessage", func(c apiCall) bool { return c.Form.Get("channel") == "D"+userAlice })
	if !strings.Contains(sorry.Form.Get("text"), "could not be filed") {
		t.Errorf("reporter told %q", sorry.Form.Get("text"))
	}
	if n := len(f.callsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d messages posted, want only the apology (no notice for an unfiled report)", n)
	}
	again := openReportModal(t, f, userAlice, "trigger-2")
	found := false
	for _, b := range again["blocks"].([]any) {
		block := b.(map[string]any)
		if el, ok := block["element"].(map[string]any); ok && block["block_id"] == "description" {
			found = el["initial_value"] == "Threatening phone call"
		}
	}
	if !found {
		t.Errorf("the reopened form does not hold the kept answers")
	}
	h.assertNotLogged("Threatening")
}

func TestReconnectsWhenSlackAsksTo(t *testing.T) {
	h := newHarness(t, nil)
	h.startSocket()
	f := h.fake
	f.send(map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fake"}})
	f.waitConnected(2)
	f.send(eventsEnvelope("env-1", "Ev1", 0, dmEvent(userAlice, "still there?", "1700000009.000100")))
	f.waitCall("chat.postMessage", func(c apiCall) bool { return strings.Contains(c.Form.Get("text"), "still there?") })
}

func TestRefusedTokensAreFatal(t *testing.T) {
	for _, tc := range []struct {
		name, key string
		set       func(f *fakeSlack)
	}{
		{"bot token invalid", "slack.bot_token", func(f *fakeSlack) { f.authErr = "invalid_auth" }},
		{"bot token revoked", "slack.bot_token", func(f *fakeSlack) { f.authErr = "token_revoked" }},
		{"app token invalid", "slack.app_token", func(f *fakeSlack) { f.openErr = "invalid_auth" }},
		{"workspace inactive", "slack.app_token", func(f *fakeSlack) { f.openErr = "account_inactive" }},
		{"bot token given as app token", "slack.app_token", func(f *fakeSlack) { f.openErr = "not_allowed_token_type" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.fake.set(func() { tc.set(h.fake) })
			err := h.runErr()
			if !errors.Is(err, ErrAuth) {
				t.Fatalf("Run = %v, want ErrAuth", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.key) || strings.Contains(msg, "xox") || strings.Contains(msg, "xapp") {
				t.Errorf("error %q should name %s and no token", msg, tc.key)
			}
		})
	}
}

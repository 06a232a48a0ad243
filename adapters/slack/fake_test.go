package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack/slacktest"

	"vigil/internal/testkit"
)

// waitLimit is how long a test waits for something the adapter should do.
const waitLimit = 5 * time.Second

// Fake identities used across the tests.
const (
	botUser     = "UVIGILBOT"
	botID       = "BVIGIL"
	securityCh  = "CSECURITY"
	generalCh   = "CGENERAL"
	testBotTok  = "xoxb-test-not-a-real-token"
	testAppTok  = "xapp-test-not-a-real-token"
	testSecret  = "test-signing-secret"
	userAlice   = "UALICE"
	userMallory = "UMALLORY"
)

// apiCall is one Web API request received by the fake.
type apiCall struct {
	Method string
	Form   url.Values     // form or query parameters
	JSON   map[string]any // JSON body, when one was sent
	Body   []byte         // raw body (file uploads)
}

// fakeSlack is an in-process Slack: slack-go's slacktest server with the
// Web API methods Vigil uses, plus a Socket Mode websocket endpoint that
// sends real Socket Mode frames and records the acknowledgements.
type fakeSlack struct {
	t   testing.TB
	srv *slacktest.Server

	mu       testkit.Watch // guards the fields below; Changed on every recorded change
	calls    []apiCall
	acks     map[string]json.RawMessage // envelope ID -> ack payload ("" when none)
	conn     *websocket.Conn
	conns    int
	writeMu  sync.Mutex
	authErr  string         // error code for auth.test
	openErr  string         // error code for apps.connections.open
	limited  map[string]int // method -> how many 429 answers are left
	viewErrs string         // error code for views.open
	users    map[string]string
	groups   map[string][]string    // user group ID -> member IDs
	groupErr string                 // error code for usergroups.users.list
	chans    map[string]fakeChannel // channel ID -> channel (conversations.info, .list)
	noDelete bool                   // chat.delete answers cant_delete_message
	down     bool                   // the Web API answers 503 Service Unavailable

	// unavailable, when set, picks Web API calls answered with HTTP 503
	// (after they are recorded), as when one call meets a Slack hiccup.
	unavailable func(apiCall) bool
}

func newFakeSlack(t testing.TB) *fakeSlack {
	t.Helper()
	f := &fakeSlack{t: t, acks: map[string]json.RawMessage{},
		limited: map[string]int{}, users: map[string]string{userAlice: "Alice Martin", userMallory: "Mallory Black"}}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", f.authTest)
		c.Handle("/apps.connections.open", f.connectionsOpen)
		c.Handle("/socket", f.socket)
		for _, m := range []string{"chat.postMessage", "chat.postEphemeral", "conversations.open", "views.open",
			"chat.getPermalink", "users.info", "usergroups.users.list", "reactions.add", "files.getUploadURLExternal", "files.completeUploadExternal",
			"conversations.info", "conversations.list", "conversations.history", "chat.delete", "chat.update"} {
			c.Handle("/"+m, f.method(m))
		}
		c.Handle("/upload/", f.upload)
		c.Handle("/response/", f.response)
	})
	f.srv.Start()
	t.Cleanup(f.close)
	return f
}

func (f *fakeSlack) apiURL() string { return f.srv.GetAPIURL() }

func (f *fakeSlack) close() {
	f.mu.Lock()
	if f.conn != nil {
		f.conn.Close()
	}
	f.mu.Unlock()
	f.srv.Stop()
}

// record stores a change and wakes up waiters.
func (f *fakeSlack) record(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
	f.mu.Changed()
}

// waitFor polls cond, under the fake's lock, until it holds.
func (f *fakeSlack) waitFor(what string, cond func() bool) {
	f.t.Helper()
	if !f.mu.Wait(cond, waitLimit) {
		f.t.Fatalf("timed out waiting for %s; calls so far: %s", what, f.describeCalls())
	}
}

// waitCall returns the first call (in order) matching method and match.
func (f *fakeSlack) waitCall(method string, match func(apiCall) bool) apiCall {
	f.t.Helper()
	var found apiCall
	f.waitFor(method, func() bool {
		for _, c := range f.calls {
			if c.Method == method && (match == nil || match(c)) {
				found = c
				return true
			}
		}
		return false
	})
	return found
}

// callsTo returns the calls made so far to method.
func (f *fakeSlack) callsTo(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeSlack) describeCalls() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var sb strings.Builder
	for _, c := range f.calls {
		fmt.Fprintf(&sb, "\n  %s %v", c.Method, c.Form)
	}
	return sb.String()
}

func writeOK(w http.ResponseWriter, fields map[string]any) {
	out := map[string]any{"ok": true}
	for k, v := range fields {
		out[k] = v
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func writeErr(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": code})
}

func (f *fakeSlack) authTest(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	code, down := f.authErr, f.down
	f.mu.Unlock()
	f.record(func() { f.calls = append(f.calls, apiCall{Method: "auth.test"}) })
	if down {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if code != "" {
		writeErr(w, code)
		return
	}
	writeOK(w, map[string]any{"user_id": botUser, "bot_id": botID, "team_id": "TTEAM", "user": "vigil"})
}

func (f *fakeSlack) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	code := f.openErr
	f.mu.Unlock()
	if code != "" {
		writeErr(w, code)
		return
	}
	writeOK(w, map[string]any{"url": "ws://" + f.srv.ServerAddr + "/socket"})
}

// method records a Web API call and answers it like Slack would.
func (f *fakeSlack) method(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		call := apiCall{Method: name}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			body, _ := io.ReadAll(r.Body)
			_ = json.Unmarshal(body, &call.JSON)
		} else {
			_ = r.ParseForm()
			call.Form = r.Form
		}
		f.mu.Lock()
		left := f.limited[name]
		if left > 0 {
			f.limited[name] = left - 1
		}
		viewErr, groupErr, down := f.viewErrs, f.groupErr, f.down
		unavailable := f.unavailable
		f.mu.Unlock()
		f.record(func() { f.calls = append(f.calls, call) })
		if down || (unavailable != nil && unavailable(call)) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if left > 0 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		switch name {
		case "chat.postMessage":
			writeOK(w, map[string]any{"channel": call.Form.Get("channel"), "ts": "1700000100.000100"})
		case "chat.postEphemeral":
			writeOK(w, map[string]any{"message_ts": "1700000100.000200"})
		case "conversations.open":
			writeOK(w, map[string]any{"channel": map[string]any{"id": "D" + call.Form.Get("users")}})
		case "views.open":
			if viewErr != "" {
				writeErr(w, viewErr)
				return
			}
			writeOK(w, map[string]any{"view": map[string]any{"id": "VREPORT"}})
		case "chat.getPermalink":
			writeOK(w, map[string]any{"permalink": "https://example.slack.com/archives/" + call.Form.Get("channel") + "/p" + strings.ReplaceAll(call.Form.Get("message_ts"), ".", "")})
		case "users.info":
			id := call.Form.Get("user")
			f.mu.Lock()
			name, ok := f.users[id]
			f.mu.Unlock()
			if !ok {
				writeErr(w, "user_not_found")
				return
			}
			writeOK(w, map[string]any{"user": map[string]any{"id": id, "name": strings.ToLower(strings.Fields(name)[0]), "real_name": name}})
		case "usergroups.users.list":
			f.mu.Lock()
			members, ok := f.groups[call.Form.Get("usergroup")]
			f.mu.Unlock()
			switch {
			case groupErr != "":
				writeErr(w, groupErr)
			case !ok:
				writeErr(w, "no_such_subteam")
			default:
				writeOK(w, map[string]any{"users": members})
			}
		case "files.getUploadURLExternal":
			writeOK(w, map[string]any{"upload_url": f.apiURL() + "upload/F123", "file_id": "F123"})
		case "files.completeUploadExternal":
			writeOK(w, map[string]any{"files": []map[string]any{{"id": "F123", "title": call.Form.Get("files")}}})
		case "conversations.info", "conversations.list", "conversations.history", "chat.delete":
			f.conversations(w, call)
		default:
			writeOK(w, nil)
		}
	}
}

// upload receives the file content of an upload.
func (f *fakeSlack) upload(w http.ResponseWriter, r *http.Request) {
	file, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	data, _ := io.ReadAll(file)
	f.record(func() { f.calls = append(f.calls, apiCall{Method: "upload", Body: data}) })
	w.WriteHeader(http.StatusOK)
}

// response receives messages posted to a slash command's response URL.
func (f *fakeSlack) response(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	call := apiCall{Method: "response_url", Form: url.Values{"path": {r.URL.Path}}}
	_ = json.Unmarshal(body, &call.JSON)
	f.record(func() { f.calls = append(f.calls, call) })
	w.WriteHeader(http.StatusOK)
}

// set changes the fake's behaviour under its lock.
func (f *fakeSlack) set(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
}

// responseURL returns a response URL served by the fake.
func (f *fakeSlack) responseURL(id string) string { return f.apiURL() + "response/" + id }

// socket is the Socket Mode endpoint: it greets the client with a hello
// frame and records every acknowledgement it sends back.
func (f *fakeSlack) socket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	f.record(func() {
		if f.conn != nil {
			f.conn.Close()
		}
		f.conn = c
		f.conns++
	})
	f.write(c, map[string]any{"type": "hello", "num_connections": 1,
		"debug_info": map[string]any{"host": "fake"}, "connection_info": map[string]any{"app_id": "AVIGIL"}})
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := c.ReadJSON(&ack); err != nil {
			return
		}
		f.record(func() { f.acks[ack.EnvelopeID] = ack.Payload })
	}
}

func (f *fakeSlack) write(c *websocket.Conn, frame any) {
	f.writeMu.Lock()
	defer f.writeMu.Unlock()
	if err := c.WriteJSON(frame); err != nil {
		f.t.Errorf("socket write: %v", err)
	}
}

// waitConnected waits until the adapter has opened n Socket Mode
// connections in all.
func (f *fakeSlack) waitConnected(n int) {
	f.t.Helper()
	f.waitFor(fmt.Sprintf("Socket Mode connection %d", n), func() bool { return f.conns >= n })
}

// send writes a Socket Mode envelope to the connected adapter.
func (f *fakeSlack) send(frame map[string]any) {
	f.t.Helper()
	f.mu.Lock()
	c := f.conn
	f.mu.Unlock()
	if c == nil {
		f.t.Fatal("no Socket Mode connection")
	}
	f.write(c, frame)
}

// waitAck waits for the acknowledgement of an envelope and returns its
// payload (empty when the ack carried none).
func (f *fakeSlack) waitAck(envelopeID string) json.RawMessage {
	f.t.Helper()
	var p json.RawMessage
	f.waitFor("ack of "+envelopeID, func() bool {
		var ok bool
		p, ok = f.acks[envelopeID]
		return ok
	})
	if bytes.Equal(p, []byte("null")) {
		return nil
	}
	return p
}

// Socket Mode envelopes, shaped like the ones Slack sends.

func eventsEnvelope(envelopeID, eventID string, retry int, event map[string]any) map[string]any {
	return map[string]any{
		"envelope_id": envelopeID, "type": "events_api", "accepts_response_payload": false,
		"retry_attempt": retry, "retry_reason": map[bool]string{true: "timeout"}[retry > 0],
		"payload": map[string]any{
			"token": "unused", "team_id": "TTEAM", "api_app_id": "AVIGIL", "type": "event_callback",
			"event_id": eventID, "event_time": 1700000000, "event": event,
		},
	}
}

func dmEvent(user, text, ts string) map[string]any {
	return map[string]any{"type": "message", "channel": "D" + user, "channel_type": "im", "user": user,
		"text": text, "ts": ts, "event_ts": ts, "client_msg_id": "m-" + ts}
}

func mentionEvent(user, channel, text, ts, threadTS string) map[string]any {
	e := map[string]any{"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts, "event_ts": ts}
	if threadTS != "" {
		e["thread_ts"] = threadTS
	}
	return e
}

func slashEnvelope(envelopeID string, cmd map[string]any) map[string]any {
	return map[string]any{"envelope_id": envelopeID, "type": "slash_commands", "accepts_response_payload": true, "payload": cmd}
}

func slashCommand(f *fakeSlack, user, channel, text, trigger string) map[string]any {
	return map[string]any{
		"token": "unused", "team_id": "TTEAM", "team_domain": "parl", "channel_id": channel, "channel_name": "general",
		"user_id": user, "user_name": strings.ToLower(user), "command": "/vigil", "text": text,
		"response_url": f.responseURL(trigger), "trigger_id": trigger, "api_app_id": "AVIGIL",
	}
}

func interactiveEnvelope(envelopeID string, payload map[string]any) map[string]any {
	return map[string]any{"envelope_id": envelopeID, "type": "interactive", "accepts_response_payload": true, "payload": payload}
}

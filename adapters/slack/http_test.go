package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startHTTP runs the adapter in http mode on a free local port and returns
// its base URL.
func startHTTP(t *testing.T) (*harness, string) {
	t.Helper()
	h := newHarness(t, func(c *Config) { c.Mode = ModeHTTP; c.HTTPListen = "127.0.0.1:0"; c.AppToken = "" })
	h.start()
	select {
	case addr := <-h.addr:
		return h, "http://" + addr.String()
	case <-time.After(waitLimit):
		t.Fatal("http mode did not start listening")
		return nil, ""
	}
}

// signedPost sends body to path, signed with secret at time ts the way
// Slack signs requests.
func signedPost(t *testing.T, base, path, contentType, body, secret string, ts time.Time) (int, string) {
	t.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + stamp + ":" + body))
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", stamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func eventBody(t *testing.T, eventID string, event map[string]any) string {
	t.Helper()
	env := eventsEnvelope("", eventID, 0, event)["payload"]
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHTTPURLVerification(t *testing.T) {
	_, base := startHTTP(t)
	status, body := signedPost(t, base, PathEvents, "application/json",
		`{"token":"unused","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`, testSecret, time.Now())
	var got struct{ Challenge string }
	if err := json.Unmarshal([]byte(body), &got); status != http.StatusOK || err != nil || got.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification answered %d %q", status, body)
	}
}

func TestHTTPSignatureChecks(t *testing.T) {
	h, base := startHTTP(t)
	f := h.fake
	for _, tc := range []struct {
		name   string
		secret string
		at     time.Time
		want   int
		reason string // logged
	}{
		{"wrong secret", "not-the-secret", time.Now(), http.StatusUnauthorized, `reason="signature does not match"`},
		{"stale timestamp", testSecret, time.Now().Add(-6 * time.Minute), http.StatusUnauthorized, `reason="timestamp outside the five-minute window"`},
		{"future timestamp", testSecret, time.Now().Add(10 * time.Minute), http.StatusUnauthorized, `reason="timestamp outside the five-minute window"`},
		{"valid", testSecret, time.Now().Add(-4 * time.Minute), http.StatusOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := strings.Count(h.logs.String(), "bad Slack signature")
			text := "question signed with " + tc.name
			status, _ := signedPost(t, base, PathEvents, "application/json",
				eventBody(t, "Ev-"+tc.name, dmEvent(userAlice, text, "1700000010.000100")), tc.secret, tc.at)
			if status != tc.want {
				t.Errorf("status %d, want %d", status, tc.want)
			}
			lines := strings.Split(h.logs.String(), "\n")
			if tc.reason == "" {
				return
			}
			var last string
			for _, l := range lines {
				if strings.Contains(l, "bad Slack signature") {
					last = l
				}
			}
			if strings.Count(h.logs.String(), "bad Slack signature") != before+1 || !strings.Contains(last, tc.reason) {
				t.Errorf("logged %q, want %s", last, tc.reason)
			}
		})
	}
	f.waitCall("chat.postMessage", func(c apiCall) bool { return strings.Contains(c.Form.Get("text"), "signed with valid") })
	for _, c := range f.callsTo("chat.postMessage") {
		if !strings.Contains(c.Form.Get("text"), "signed with valid") {
			t.Errorf("a rejected request was handled: %q", c.Form.Get("text"))
		}
	}

	req, _ := http.NewRequest(http.MethodPost, base+PathEvents, strings.NewReader(`{"type":"url_verification","challenge":"x"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned request answered %d", resp.StatusCode)
	}
}

func TestHTTPSlashCommandAndModalErrors(t *testing.T) {
	h, base := startHTTP(t)
	f := h.fake
	form := url.Values{}
	for k, v := range slashCommand(f, userAlice, generalCh, "report", "trigger-http") {
		form.Set(k, v.(string))
	}
	if status, body := signedPost(t, base, PathCommands, "application/x-www-form-urlencoded", form.Encode(), testSecret, time.Now()); status != http.StatusOK || body != "" {
		t.Errorf("slash command answered %d %q", status, body)
	}
	open := f.waitCall("views.open", nil)
	view := open.JSON["view"].(map[string]any)

	payload, _ := json.Marshal(submission(t, userAlice, view, map[string]any{"category": "cyber", "channel": "email", "accepted": "unsure"}))
	status, body := signedPost(t, base, PathInteractive, "application/x-www-form-urlencoded",
		url.Values{"payload": {string(payload)}}.Encode(), testSecret, time.Now())
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(body), &resp); status != http.StatusOK || err != nil {
		t.Fatalf("submission answered %d %q", status, body)
	}
	if resp.ResponseAction != "errors" || resp.Errors["description"] == "" || resp.Errors["occurred_on"] == "" {
		t.Errorf("response = %+v", resp)
	}
}

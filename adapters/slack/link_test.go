package slack

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigil/monitor"
)

// probe reads /readyz and the Slack connection gauge of /metrics from the
// monitor's handler for the harness's adapter.
func (h *harness) probe() (ready int, gauge string) {
	h.t.Helper()
	m := monitor.New()
	m.WatchAdapters(h.a)
	srv := httptest.NewServer(m.Handler(h.db, h.a))
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			h.t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	ready, _ = get("/readyz")
	_, metrics := get("/metrics")
	for line := range strings.SplitSeq(metrics, "\n") {
		if strings.HasPrefix(line, `vigil_adapter_connected{platform="slack"}`) {
			gauge = strings.TrimSpace(strings.TrimPrefix(line, `vigil_adapter_connected{platform="slack"}`))
		}
	}
	return ready, gauge
}

// waitConnection waits until the adapter reports connected as want.
func (h *harness) waitConnection(want bool) {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for h.a.Connection().Connected != want {
		if time.Now().After(deadline) {
			h.t.Fatalf("the adapter did not report connected=%v", want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestUnreachableSlackIsNotReady points slack.api_url at a port where
// nothing listens: the adapter keeps retrying, and /readyz answers 503
// with the Slack gauge at 0.
func TestUnreachableSlackIsNotReady(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/api/"
	ln.Close()
	h := newHarness(t, func(c *Config) { c.APIURL = dead })
	h.a.sleep = func(ctx context.Context, d time.Duration) error { return sleepCtx(ctx, 20*time.Millisecond) }
	h.start()
	deadline := time.Now().Add(waitLimit)
	for !h.logs.Contains("cannot reach Slack") {
		if time.Now().After(deadline) {
			t.Fatalf("the adapter did not try Slack:\n%s", h.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if ready, gauge := h.probe(); ready != http.StatusServiceUnavailable || gauge != "0" {
		t.Errorf("Slack unreachable: /readyz %d, vigil_adapter_connected %q; want 503 and 0", ready, gauge)
	}
}

// TestConnectionFollowsSlack: ready once connected; not ready while the Web
// API answers 503, and ready again, with one reconnection counted, once
// it answers (the adapter checks it by itself); not ready while the
// Socket Mode connection is down.
func TestConnectionFollowsSlack(t *testing.T) {
	h := newHarness(t, nil)
	h.a.probeEvery = 20 * time.Millisecond
	if h.a.Connection().Connected {
		t.Fatal("connected before Run")
	}
	h.startSocket()
	h.waitConnection(true)
	if ready, gauge := h.probe(); ready != http.StatusOK || gauge != "1" {
		t.Fatalf("connected: /readyz %d, gauge %q; want 200 and 1", ready, gauge)
	}

	f := h.fake
	f.set(func() { f.down = true })
	f.send(eventsEnvelope("env-1", "Ev1", 0, dmEvent(userAlice, "hello", "1700000001.000100")))
	h.waitConnection(false)
	if ready, gauge := h.probe(); ready != http.StatusServiceUnavailable || gauge != "0" {
		t.Errorf("Web API down: /readyz %d, gauge %q; want 503 and 0", ready, gauge)
	}
	f.set(func() { f.down = false })
	h.waitConnection(true)
	if st := h.a.Connection(); st.Reconnects != 1 {
		t.Errorf("reconnections = %d, want 1", st.Reconnects)
	}

	// Slack drops the Socket Mode connection and refuses new ones for a
	// while.
	f.set(func() { f.openErr = "internal_error" })
	f.mu.Lock()
	f.conn.Close()
	f.mu.Unlock()
	h.waitConnection(false)
	f.set(func() { f.openErr = "" })
	h.waitConnection(true)
	if st := h.a.Connection(); st.Reconnects != 2 {
		t.Errorf("reconnections = %d, want 2", st.Reconnects)
	}
}

// TestUnreachable tells Slack's answers from failures to reach it.
func TestUnreachable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("channel_not_found"), false},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
	} {
		if got := unreachable(tc.err); got != tc.want {
			t.Errorf("unreachable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log destination written from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// freeAddr returns a loopback address where nothing listens.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestUnreachableSlackMakesVigilNotReady runs Vigil with slack.api_url on a
// dead port: /readyz answers 503 naming Slack, /metrics has the Slack
// connection gauge at 0, and the Slack adapter's log lines carry
// adapter=slack once.
func TestUnreachableSlackMakesVigilNotReady(t *testing.T) {
	dir := t.TempDir()
	monitorAddr := freeAddr(t)
	cfg, err := loadConfig("", envOf(map[string]string{
		"VIGIL_DATABASE": filepath.Join(dir, "vigil.db"), "VIGIL_MONITOR_LISTEN": monitorAddr,
		"VIGIL_SLACK_BOT_TOKEN": "xoxb-test-not-a-token", "VIGIL_SLACK_APP_TOKEN": "xapp-test-not-a-token",
		"VIGIL_SLACK_API_URL": "http://" + freeAddr(t) + "/api/",
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var logs syncBuffer
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, strings.NewReader(""), io.Discard, &logs) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + monitorAddr + path)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), "cannot reach Slack") {
		if time.Now().After(deadline) {
			t.Fatalf("Vigil did not try Slack; log:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := get("/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "slack: not connected") {
		t.Errorf("/readyz answered %d %q, want 503 naming Slack", code, body)
	}
	if _, body := get("/metrics"); !strings.Contains(body, `vigil_adapter_connected{platform="slack"} 0`) {
		t.Errorf("/metrics has no Slack connection gauge at 0")
	}
	for line := range strings.SplitSeq(logs.String(), "\n") {
		n := strings.Count(line, "adapter=slack")
		if n > 1 || strings.Contains(line, `msg="cannot reach Slack`) && n != 1 {
			t.Errorf("log line with adapter=slack %d times: %s", n, line)
		}
	}
}

package monitor_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vigil/bot"
	"vigil/monitor"
	"vigil/storage"
)

// platformAdapter is an adapter whose connection state the test sets.
type platformAdapter struct{ up atomic.Bool }

func (a *platformAdapter) Platform() string                                   { return "matrix" }
func (a *platformAdapter) Run(ctx context.Context, _ bot.Core) error          { <-ctx.Done(); return nil }
func (a *platformAdapter) Send(context.Context, bot.Address, bot.Reply) error { return nil }
func (a *platformAdapter) Connection() bot.ConnectionState {
	return bot.ConnectionState{Connected: a.up.Load(), Reconnects: 3}
}

type downDB struct{}

func (downDB) Ping(context.Context) error { return errors.New("closed") }

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "v.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &platformAdapter{}
	m := monitor.New()
	m.WatchAdapters(a)
	srv := httptest.NewServer(m.Handler(db, a))
	defer srv.Close()

	if code, body := get(t, srv, "/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("healthz %d %q", code, body)
	}
	if code, body := get(t, srv, "/readyz"); code != 503 || !strings.Contains(body, "matrix: not connected") {
		t.Fatalf("readyz while disconnected: %d %q", code, body)
	}
	a.up.Store(true)
	if code, _ := get(t, srv, "/readyz"); code != 200 {
		t.Fatalf("readyz while connected: %d", code)
	}

	m.MessageIn("slack")
	m.MessageIn("slack")
	m.MessageOut("slack", false)
	m.Answered("slack", 3*time.Millisecond)
	m.ReportFiled(bot.CategoryGift)
	m.Exported("csv", "ok")
	m.Refused("team")
	_, body := get(t, srv, "/metrics")
	for _, want := range []string{
		`vigil_messages_received_total{platform="slack"} 2`,
		`vigil_messages_sent_total{platform="slack",result="failed"} 1`,
		`vigil_answer_seconds_bucket{platform="slack",le="0.005"} 1`,
		`vigil_reports_filed_total{category="gift"} 1`,
		`vigil_reports_filed_total{category="payment"} 0`,
		`vigil_exports_total{format="csv",outcome="ok"} 1`,
		`vigil_refused_total{reason="team"} 1`,
		`vigil_adapter_connected{platform="matrix"} 1`,
		`vigil_adapter_reconnects_total{platform="matrix"} 3`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}

	down := httptest.NewServer(m.Handler(downDB{}))
	defer down.Close()
	if code, body := get(t, down, "/readyz"); code != 503 || !strings.Contains(body, "database") {
		t.Fatalf("readyz with the database down: %d %q", code, body)
	}
}

func TestServeStopsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- monitor.Serve(ctx, "127.0.0.1:0", http.NotFoundHandler()) }()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := monitor.Serve(context.Background(), "256.0.0.1:bad", http.NotFoundHandler()); err == nil {
		t.Fatal("a bad address was accepted")
	}
}

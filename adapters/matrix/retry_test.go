package matrix

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"maunium.net/go/mautrix"
)

func TestBackoff(t *testing.T) {
	b := &backoff{max: 5 * time.Second}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	for i, w := range want {
		if got := b.next(); got != w {
			t.Errorf("attempt %d: wait %v, want %v", i+1, got, w)
		}
	}
	b.reset()
	if got := b.next(); got != time.Second {
		t.Errorf("after reset: wait %v, want 1s", got)
	}
	small := &backoff{max: 100 * time.Millisecond}
	if got := small.next(); got != 100*time.Millisecond {
		t.Errorf("max below 1s: wait %v, want the max", got)
	}
}

func TestBackoffWaitStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (&backoff{max: time.Hour}).wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("wait returned %v, want context.Canceled", err)
	}
}

func TestTransient(t *testing.T) {
	resp := func(code int) *http.Response { return &http.Response{StatusCode: code} }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"no answer", mautrix.HTTPError{Message: "request error", WrappedError: errors.New("connection refused")}, true},
		{"wrapped no answer", fmt.Errorf("login: %w", mautrix.HTTPError{WrappedError: errors.New("EOF")}), true},
		{"bad gateway", mautrix.HTTPError{Response: resp(502)}, true},
		{"rate limited", mautrix.HTTPError{Response: resp(429)}, true},
		{"forbidden", mautrix.HTTPError{Response: resp(403), RespError: &mautrix.RespError{ErrCode: "M_FORBIDDEN", StatusCode: 403}}, false},
		{"unknown token", mautrix.HTTPError{Response: resp(401), RespError: &mautrix.RespError{ErrCode: "M_UNKNOWN_TOKEN", StatusCode: 401}}, false},
		{"cancelled", mautrix.HTTPError{WrappedError: context.Canceled}, false},
		{"not HTTP", errors.New("disk full"), false},
	}
	for _, tt := range tests {
		if got := transient(tt.err); got != tt.want {
			t.Errorf("%s: transient = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLinkState(t *testing.T) {
	var l linkState
	if st := l.state(); st.Connected || st.Reconnects != 0 {
		t.Fatalf("initial state %+v", st)
	}
	l.markUp()
	l.markUp()
	if st := l.state(); !st.Connected || st.Reconnects != 0 {
		t.Fatalf("first connection counted as a reconnection: %+v", st)
	}
	l.markDown()
	l.markDown()
	if st := l.state(); st.Connected {
		t.Fatalf("still connected after failure: %+v", st)
	}
	l.markUp()
	if st := l.state(); !st.Connected || st.Reconnects != 1 {
		t.Fatalf("after one outage %+v, want 1 reconnection", st)
	}
}

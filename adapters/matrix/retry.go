package matrix

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"maunium.net/go/mautrix"
)

// ErrUnknownToken is returned by Run when the homeserver no longer accepts
// the bot's access token (M_UNKNOWN_TOKEN): the operator must log the bot in
// again. It is not retried.
var ErrUnknownToken = errors.New("the homeserver rejected the access token (M_UNKNOWN_TOKEN): create a new access token and set matrix.access_token, or log in with matrix.password")

// minRetryDelay is the first wait after a failed request.
const minRetryDelay = time.Second

// backoff doubles the wait after each consecutive failure, up to max.
type backoff struct {
	max time.Duration

	mu  sync.Mutex
	cur time.Duration
}

// next returns how long to wait before the next attempt.
func (b *backoff) next() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.cur == 0:
		b.cur = min(minRetryDelay, b.max)
	default:
		b.cur = min(2*b.cur, b.max)
	}
	return b.cur
}

// reset starts over after a success.
func (b *backoff) reset() {
	b.mu.Lock()
	b.cur = 0
	b.mu.Unlock()
}

// wait sleeps for the next delay, or until ctx ends.
func (b *backoff) wait(ctx context.Context) error {
	t := time.NewTimer(b.next())
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// transient reports whether err means the homeserver could not be reached
// or was briefly unable to answer, so that the request is worth retrying.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, mautrix.MUnknownToken) {
		return false
	}
	var he mautrix.HTTPError
	if !errors.As(err, &he) {
		return false
	}
	if he.Response == nil {
		return true // no answer at all: refused, reset, timed out
	}
	code := he.Response.StatusCode
	return code >= http.StatusInternalServerError || code == http.StatusTooManyRequests
}

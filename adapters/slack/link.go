package slack

import (
	"context"
	"errors"
	"net"
	"net/url"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// link tracks whether Slack is reachable, for bot.ConnectionReporter: its
// Web API answers (auth.test at start, then every call), and events can
// arrive (the Socket Mode connection is open, or the HTTP listener
// serves).
type link struct {
	mu         sync.Mutex
	api        bool // the last Web API call got an answer from Slack
	events     bool // events can arrive
	everUp     bool
	reconnects int
}

// setAPI records whether the Web API answered.
func (l *link) setAPI(up bool) { l.set(func() { l.api = up }) }

// setEvents records whether events can arrive.
func (l *link) setEvents(up bool) { l.set(func() { l.events = up }) }

// set applies change and counts a reconnection when the link comes back up.
func (l *link) set(change func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	was := l.api && l.events
	change()
	if now := l.api && l.events; now && !was {
		if l.everUp {
			l.reconnects++
		}
		l.everUp = true
	}
}

// apiUp reports whether the Web API answered last time.
func (l *link) apiUp() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.api
}

func (l *link) state() bot.ConnectionState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bot.ConnectionState{Connected: l.api && l.events, Reconnects: l.reconnects}
}

// Connection implements bot.ConnectionReporter: connected once auth.test
// succeeded, while the Web API answers and events can arrive (the Socket
// Mode connection is open, or the HTTP listener serves), with the number
// of reconnections after an outage.
func (a *Adapter) Connection() bot.ConnectionState { return a.link.state() }

// unreachable reports whether err means that Slack could not be reached
// or did not answer properly: a network error or a server error (5xx). A
// Slack error code (channel_not_found, ...) and a rate limit are answers.
func unreachable(err error) bool {
	if err == nil {
		return false
	}
	var ue *url.Error
	var ne net.Error
	var sc slackgo.StatusCodeError
	switch {
	case errors.As(err, &sc):
		return sc.Code >= 500
	case errors.As(err, &ue), errors.As(err, &ne):
		return true
	}
	return false
}

// probeInterval is how often the Web API is checked (auth.test) while its
// last call failed, so that the link comes back up without waiting for a
// message to answer.
const probeInterval = 30 * time.Second

// probe checks the Web API every a.probeEvery while it is down, until ctx
// ends.
func (a *Adapter) probe(ctx context.Context) {
	t := time.NewTicker(a.probeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if a.link.apiUp() {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, apiTimeout)
		_, err := a.api.AuthTestContext(pctx)
		cancel()
		if ctx.Err() == nil {
			a.link.setAPI(!unreachable(err))
		}
	}
}

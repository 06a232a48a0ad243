package matrix

import (
	"sync"

	"vigil/bot"
)

// linkState tracks whether the homeserver is reachable, for
// bot.ConnectionReporter.
type linkState struct {
	mu         sync.Mutex
	up         bool
	everUp     bool
	reconnects int
}

// markUp records a successful sync.
func (l *linkState) markUp() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.up {
		return
	}
	if l.everUp {
		l.reconnects++
	}
	l.up, l.everUp = true, true
}

// markDown records a failed request or the end of the connection.
func (l *linkState) markDown() {
	l.mu.Lock()
	l.up = false
	l.mu.Unlock()
}

func (l *linkState) state() bot.ConnectionState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bot.ConnectionState{Connected: l.up, Reconnects: l.reconnects}
}

// Connection implements bot.ConnectionReporter: connected while syncing
// works, with the number of reconnections after an outage.
func (a *Adapter) Connection() bot.ConnectionState { return a.link.state() }

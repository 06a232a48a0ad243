package bot

import (
	"strings"
	"sync"
	"time"
)

// Slowing down the guessing of references and receipt codes: after
// maxFailedLookups look-ups that match none of the user's reports within
// failedLookupWindow, the user's look-ups are refused for lookupPause.
const (
	maxFailedLookups   = 5
	failedLookupWindow = 15 * time.Minute
	lookupPause        = 15 * time.Minute
	// lookupUsers bounds how many users' failures are remembered.
	lookupUsers = 10000
)

// lookupGuard remembers, in memory only, each user's recent failed
// look-ups by reference or receipt code (status, add) and pauses a user who
// keeps failing. Its zero value is ready.
type lookupGuard struct {
	mu    sync.Mutex
	users map[string]*lookupRecord
}

// lookupRecord is one user's recent failures and the end of their pause.
type lookupRecord struct {
	failures []time.Time // within failedLookupWindow, oldest first
	until    time.Time   // look-ups are refused before this time
}

// paused reports whether key's look-ups are refused at now, and for how
// much longer.
func (g *lookupGuard) paused(key string, now time.Time) (time.Duration, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r, ok := g.users[key]
	if !ok || !now.Before(r.until) {
		return 0, false
	}
	return r.until.Sub(now), true
}

// failed counts a failed look-up by key at now and reports whether it
// started a pause.
func (g *lookupGuard) failed(key string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.users == nil {
		g.users = map[string]*lookupRecord{}
	}
	r, ok := g.users[key]
	if !ok {
		if len(g.users) >= lookupUsers {
			g.forgetStale(now)
		}
		r = &lookupRecord{}
		g.users[key] = r
	}
	r.failures = append(recentFailures(r.failures, now), now)
	if len(r.failures) < maxFailedLookups {
		return false
	}
	r.failures, r.until = nil, now.Add(lookupPause)
	return true
}

// forgetStale drops the users with no recent failure and no pause.
func (g *lookupGuard) forgetStale(now time.Time) {
	for k, r := range g.users {
		if len(recentFailures(r.failures, now)) == 0 && !now.Before(r.until) {
			delete(g.users, k)
		}
	}
}

// recentFailures returns the failures still within failedLookupWindow at now.
func recentFailures(failures []time.Time, now time.Time) []time.Time {
	for len(failures) > 0 && now.Sub(failures[0]) >= failedLookupWindow {
		failures = failures[1:]
	}
	return failures
}

// lookupTarget names what a look-up asked for in the audit log: the case
// reference, or a short prefix of the hash of a receipt code (never the
// code itself).
func lookupTarget(key string) string {
	if ref, ok := normalizeRef(key); ok {
		return ref
	}
	return "receipt " + HashReceipt(key)[:8]
}

// refusedTarget names, for the audit log, the case a refused team command
// was about: its reference when the first argument is one, else nothing.
func refusedTarget(args string) string {
	first, _, _ := strings.Cut(args, " ")
	if ref, ok := normalizeRef(first); ok {
		return ref
	}
	return ""
}

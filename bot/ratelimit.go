package bot

import (
	"sync"
	"time"
)

// RateLimits bound how much one user can ask of Vigil. Zero values mean no
// limit. The security team is never limited.
type RateLimits struct {
	MessagesPerMinute int
	ReportsPerHour    int
}

// window counts events of one user in a fixed time window.
type window struct {
	start time.Time
	count int
}

// limiter is a set of per-user fixed-window counters.
type limiter struct {
	mu     sync.Mutex
	limit  int
	period time.Duration
	users  map[string]*window
}

func newLimiter(limit int, period time.Duration) *limiter {
	return &limiter{limit: limit, period: period, users: map[string]*window{}}
}

// allow counts one event for key at now and reports whether it is within
// the limit. Expired windows are dropped so memory stays bounded by the
// number of recently active users.
func (l *limiter) allow(key string, now time.Time) bool {
	if l == nil || l.limit <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.users[key]
	if !ok || now.Sub(w.start) >= l.period {
		if len(l.users) > 10000 {
			for k, old := range l.users {
				if now.Sub(old.start) >= l.period {
					delete(l.users, k)
				}
			}
		}
		w = &window{start: now}
		l.users[key] = w
	}
	w.count++
	return w.count <= l.limit
}

// wait returns how long after now key must wait before the limit allows
// it again: 0 when it is not full.
func (l *limiter) wait(key string, now time.Time) time.Duration {
	if l == nil || l.limit <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.users[key]
	if !ok || now.Sub(w.start) >= l.period || w.count < l.limit {
		return 0
	}
	return w.start.Add(l.period).Sub(now)
}

// full reports whether key has used up its limit at now, without counting.
func (l *limiter) full(key string, now time.Time) bool {
	if l == nil || l.limit <= 0 {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.users[key]
	return ok && now.Sub(w.start) < l.period && w.count >= l.limit
}

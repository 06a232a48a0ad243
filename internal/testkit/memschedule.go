package testkit

import (
	"context"
	"sync"
	"time"
)

// memSchedule keeps scheduled runs in memory with the semantics of
// storage.DB (bot.ScheduleStore); MemStore embeds it. The zero value is
// ready.
type memSchedule struct {
	mu     sync.Mutex
	done   map[string]string   // job -> latest period done
	leases map[string]memLease // job -> current claim
}

// memLease is one claim on a period.
type memLease struct {
	period string
	until  time.Time
}

// LastRun implements bot.ScheduleStore.
func (s *memSchedule) LastRun(_ context.Context, job string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[job], nil
}

// ClaimRun implements bot.ScheduleStore.
func (s *memSchedule) ClaimRun(_ context.Context, job, period string, now, leaseUntil time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done[job] >= period {
		return false, nil
	}
	if l, ok := s.leases[job]; ok && l.period == period && l.until.After(now) {
		return false, nil
	}
	if s.leases == nil {
		s.leases = map[string]memLease{}
	}
	s.leases[job] = memLease{period: period, until: leaseUntil}
	return true, nil
}

// RunDone implements bot.ScheduleStore.
func (s *memSchedule) RunDone(_ context.Context, job, period string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		s.done = map[string]string{}
	}
	if period > s.done[job] {
		s.done[job] = period
	}
	delete(s.leases, job)
	return nil
}

package slack

import "sync"

// maxQueued is how many pending jobs one key may have; more are dropped so
// that a flood from one user cannot exhaust memory.
const maxQueued = 64

// maxWorkers bounds how many jobs run at the same time.
const maxWorkers = 16

// serial runs jobs in the background, one at a time per key and in the
// order they were queued, so that one user's messages are handled in the
// order they were sent while different users are served in parallel.
type serial struct {
	mu     sync.Mutex
	queues map[string][]func()
	slots  chan struct{}
	wg     sync.WaitGroup
}

func newSerial() *serial {
	return &serial{queues: map[string][]func(){}, slots: make(chan struct{}, maxWorkers)}
}

// do queues job under key and reports whether it was accepted.
func (s *serial) do(key string, job func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, running := s.queues[key]
	if len(q) >= maxQueued {
		return false
	}
	s.queues[key] = append(q, job)
	if !running {
		s.wg.Add(1)
		go s.drain(key)
	}
	return true
}

// drain runs the jobs queued under key until there are none left.
func (s *serial) drain(key string) {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		q := s.queues[key]
		if len(q) == 0 {
			delete(s.queues, key)
			s.mu.Unlock()
			return
		}
		job := q[0]
		s.queues[key] = q[1:]
		s.mu.Unlock()

		s.slots <- struct{}{}
		job()
		<-s.slots
	}
}

// wait blocks until every queued job has run.
func (s *serial) wait() { s.wg.Wait() }

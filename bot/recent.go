package bot

import (
	"sync"
	"time"
)

// recentTTL is how long a user's last answer is remembered: long enough
// to pick a suggestion or to start the report it offered.
const recentTTL = 30 * time.Minute

// recentMaxUsers bounds how many users' last answers are remembered.
const recentMaxUsers = 10000

// recentAnswer is what is remembered of a user's last guidance answer.
type recentAnswer struct {
	suggestions []string // topic ids offered to choose from by number
	lang        string
	category    Category // guessed for the report the answer offered
	at          time.Time
}

// recentAnswers remembers, in memory only and never stored, each user's
// last guidance answer: the topics it suggested, so that a reply "2"
// opens the second, and the report category it guessed, so that `report`
// starts with it. It holds topic ids and a category, never message text.
type recentAnswers struct {
	mu    sync.Mutex
	users map[string]recentAnswer
}

func newRecentAnswers() *recentAnswers {
	return &recentAnswers{users: map[string]recentAnswer{}}
}

// remember records the answer a user got at now (nothing to remember
// forgets the user).
func (m *recentAnswers) remember(key string, a Answer, now time.Time) {
	r := recentAnswer{lang: a.Lang, at: now}
	if !a.Confident {
		for _, res := range a.Results {
			r.suggestions = append(r.suggestions, res.ID)
		}
	}
	if a.OfferReport {
		r.category = a.Category
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(r.suggestions) == 0 && r.category == "" {
		delete(m.users, key)
		return
	}
	if len(m.users) >= recentMaxUsers {
		for k, v := range m.users {
			if now.Sub(v.at) > recentTTL {
				delete(m.users, k)
			}
		}
		if len(m.users) >= recentMaxUsers {
			return // everyone is recent: this answer is not remembered
		}
	}
	m.users[key] = r
}

// get returns the user's last answer if it is recent.
func (m *recentAnswers) get(key string, now time.Time) (recentAnswer, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.users[key]
	if !ok || now.Sub(r.at) > recentTTL {
		return recentAnswer{}, false
	}
	return r, true
}

// forgetCategory drops the guessed category once a report has used it.
func (m *recentAnswers) forgetCategory(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.users[key]; ok {
		r.category = ""
		m.users[key] = r
	}
}

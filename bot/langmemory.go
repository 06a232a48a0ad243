package bot

import (
	"container/list"
	"sync"
)

// langMemoryUsers bounds how many users' languages are remembered.
const langMemoryUsers = 10000

// langMemory remembers, in memory only and never stored, the language each
// user last used with Vigil: the language of their latest guidance answer,
// or of the report conversation they are in. `report` starts in that
// language. Only users with a language other than English take room; the
// least recently seen are forgotten first once max users are remembered.
type langMemory struct {
	mu    sync.Mutex
	max   int
	order *list.List               // of *langEntry, most recently seen first
	users map[string]*list.Element // user key -> element of order
}

type langEntry struct {
	key, lang string
}

func newLangMemory(max int) *langMemory {
	return &langMemory{max: max, order: list.New(), users: map[string]*list.Element{}}
}

// remember records lang for the user key; English (or an unsupported
// language) forgets the user.
func (m *langMemory) remember(key, lang string) {
	lang = spokenLang(lang)
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.users[key]
	switch {
	case lang == langEN:
		if ok {
			m.order.Remove(e)
			delete(m.users, key)
		}
	case ok:
		e.Value.(*langEntry).lang = lang
		m.order.MoveToFront(e)
	default:
		m.users[key] = m.order.PushFront(&langEntry{key: key, lang: lang})
		if m.order.Len() > m.max {
			oldest := m.order.Back()
			m.order.Remove(oldest)
			delete(m.users, oldest.Value.(*langEntry).key)
		}
	}
}

// lang returns the language remembered for the user key, or English.
func (m *langMemory) lang(key string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.users[key]; ok {
		m.order.MoveToFront(e)
		return e.Value.(*langEntry).lang
	}
	return langEN
}

package bot

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"
)

// env is what every part of the core shares: storage, the clock, the log,
// metrics, the security team's roles, each user's language, and the
// registered adapters through which replies and notices leave.
type env struct {
	store   Store
	log     *slog.Logger
	now     func() time.Time
	observe Observer
	roles   Roles
	langs   *langMemory // each user's latest language, in memory only

	mu       sync.RWMutex
	adapters map[string]Adapter

	userLocks [64]sync.Mutex
}

func newEnv(o Options) *env {
	e := &env{store: o.Store, log: o.Logger, now: o.Now, observe: o.Observer, roles: o.Roles,
		langs: newLangMemory(langMemoryUsers), adapters: map[string]Adapter{}}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.now == nil {
		e.now = time.Now
	}
	if e.roles == nil {
		e.roles = noRoles{}
	}
	if e.observe == nil {
		e.observe = noObserver{}
	}
	return e
}

func (e *env) register(a Adapter) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.adapters[a.Platform()] = a
}

func (e *env) adapter(platform string) (Adapter, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	a, ok := e.adapters[platform]
	return a, ok
}

// registered returns the adapters known to the core.
func (e *env) registered() []Adapter {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]Adapter, 0, len(e.adapters))
	for _, a := range e.adapters {
		out = append(out, a)
	}
	return out
}

// lockUser serialises the work done for one user (their messages, forms
// and session expiry) and returns the unlock function.
func (e *env) lockUser(u User) func() {
	h := fnv.New32a()
	h.Write([]byte(u.Key()))
	m := &e.userLocks[h.Sum32()%uint32(len(e.userLocks))]
	m.Lock()
	return m.Unlock
}

// deliver sends one reply through the adapter of platform, ephemerally
// when it is private and the adapter can. Failures are logged, and
// returned for a caller that keeps the reply in the outbox.
func (e *env) deliver(ctx context.Context, platform string, o Outgoing) error {
	a, ok := e.adapter(platform)
	if !ok {
		e.log.Error("no adapter for platform", "platform", platform)
		return fmt.Errorf("no adapter for platform %q", platform)
	}
	var err error
	if es, ok := a.(EphemeralSender); ok && o.Reply.Private && o.To.ConversationID != "" {
		err = es.SendEphemeral(ctx, o.To, o.Reply)
	} else {
		err = a.Send(ctx, o.To, o.Reply)
	}
	e.observe.MessageOut(platform, err == nil)
	if err != nil {
		e.log.Error("reply not delivered", "platform", platform, "err", err)
	}
	return err
}

// isTeam reports whether u belongs to the security team, by configuration
// or, failing that, by the directory of u's platform adapter.
func (e *env) isTeam(ctx context.Context, u User) bool {
	if e.roles.IsSecurityTeam(ctx, u) {
		return true
	}
	a, ok := e.adapter(u.Platform)
	if !ok {
		return false
	}
	dir, ok := a.(TeamDirectory)
	if !ok {
		return false
	}
	member, err := dir.IsTeamMember(ctx, u.ID)
	if err != nil {
		e.log.Warn("security team directory unavailable", "platform", u.Platform, "err", err)
		return false
	}
	return member
}

// audit records an action; failures are logged, never shown.
func (e *env) audit(ctx context.Context, u User, action, target, outcome string) {
	err := e.store.Audit(ctx, AuditEntry{At: e.now().UTC(), Actor: u, Action: action, Target: target, Outcome: outcome})
	if err != nil {
		e.log.Error("audit entry not written", "action", action, "err", err)
	}
}

// lang returns the texts in u's language.
func (e *env) lang(u User) *texts { return tr(e.langs.lang(u.Key())) }

// say builds a single reply to msg.
func say(msg Message, private bool, text string) []Outgoing {
	return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: text, Private: private}}}
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"
)

// Options configure a Bot.
type Options struct {
	Store    Store
	Guidance Guidance // nil until a knowledge base is loaded
	Roles    Roles    // who belongs to the security team; nil means nobody
	Exporter Exporter // nil when exports are not available in chat
	Observer Observer // nil discards metrics
	Limits   RateLimits
	Logger   *slog.Logger
	// SessionIdle is how long an unfinished report may sit idle before it
	// is discarded. Zero means DefaultSessionIdle.
	SessionIdle time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// DefaultSessionIdle is the idle time after which an unfinished report is
// discarded when Options.SessionIdle is zero.
const DefaultSessionIdle = time.Hour

// Bot is Vigil's core. It is safe for concurrent use by several adapters.
type Bot struct {
	store    Store
	guidance Guidance
	roles    Roles
	exporter Exporter
	observe  Observer
	messages *limiter    // messages per user per minute
	reports  *limiter    // reports per user per hour
	langs    *langMemory // each user's latest language, in memory only
	recent   *recentAnswers
	inflight sync.WaitGroup
	log      *slog.Logger
	idle     time.Duration
	now      func() time.Time

	mu       sync.RWMutex
	adapters map[string]Adapter

	userLocks [64]sync.Mutex
}

// New returns a Bot. Store is required.
func New(o Options) *Bot {
	b := &Bot{store: o.Store, guidance: o.Guidance, roles: o.Roles, exporter: o.Exporter, log: o.Logger,
		idle: o.SessionIdle, now: o.Now, adapters: map[string]Adapter{}, langs: newLangMemory(langMemoryUsers),
		recent: newRecentAnswers()}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.idle <= 0 {
		b.idle = DefaultSessionIdle
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.roles == nil {
		b.roles = NoRoles{}
	}
	b.observe = o.Observer
	if b.observe == nil {
		b.observe = noObserver{}
	}
	b.messages = newLimiter(o.Limits.MessagesPerMinute, time.Minute)
	b.reports = newLimiter(o.Limits.ReportsPerHour, time.Hour)
	return b
}

// Register makes an adapter known to the core, so that replies, notices and
// notes reach its platform. Register adapters before running them.
func (b *Bot) Register(a Adapter) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.adapters[a.Platform()] = a
}

func (b *Bot) adapter(platform string) (Adapter, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	a, ok := b.adapters[platform]
	return a, ok
}

// Outgoing is one reply produced by the core, with its destination.
type Outgoing struct {
	To    Address
	Reply Reply
}

// HandleMessage implements Core: it answers msg and delivers the replies
// through the adapter registered for msg.Platform.
func (b *Bot) HandleMessage(ctx context.Context, msg Message) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	start := time.Now()
	out := b.Respond(ctx, msg)
	b.observe.Answered(msg.Platform, time.Since(start))
	for _, o := range out {
		b.deliver(ctx, msg.Platform, o)
	}
}

// Drain waits until the messages and form submissions being handled are
// finished, or until ctx ends. Call it after the adapters stopped taking
// new events, before closing the store.
func (b *Bot) Drain(ctx context.Context) error {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Respond computes the replies to msg without delivering them. Side effects
// (stored sessions, filed reports, security notices) happen as in
// HandleMessage. It returns nil for messages that need no answer.
func (b *Bot) Respond(ctx context.Context, msg Message) []Outgoing {
	lang := b.langs.lang(msg.Sender.Key()) // for refusals before any session is read
	text, problem := cleanInput(lang, msg.Text)
	if problem != "" {
		return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: problem, Private: true}}}
	}
	if text == "" {
		return nil
	}
	b.observe.MessageIn(msg.Platform)
	if !b.messages.allow(msg.Sender.Key(), b.now()) && !b.isTeam(ctx, msg.Sender) {
		b.observe.Refused("rate")
		return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: tr(lang).rateMessages, Private: true}}}
	}
	msg.Text = text
	unlock := b.lockUser(msg.Sender)
	defer unlock()

	if msg.Direct {
		out, handled := b.continueReport(ctx, msg)
		if handled {
			return out
		}
		return append(out, b.route(ctx, msg)...)
	}
	return b.route(ctx, msg)
}

func (b *Bot) lockUser(u User) func() {
	h := fnv.New32a()
	h.Write([]byte(u.Key()))
	m := &b.userLocks[h.Sum32()%uint32(len(b.userLocks))]
	m.Lock()
	return m.Unlock
}

func (b *Bot) deliver(ctx context.Context, platform string, o Outgoing) {
	a, ok := b.adapter(platform)
	if !ok {
		b.log.Error("no adapter for platform", "platform", platform)
		return
	}
	var err error
	if es, ok := a.(EphemeralSender); ok && o.Reply.Private && o.To.ConversationID != "" {
		err = es.SendEphemeral(ctx, o.To, o.Reply)
	} else {
		err = a.Send(ctx, o.To, o.Reply)
	}
	b.observe.MessageOut(platform, err == nil)
	if err != nil {
		b.log.Error("reply not delivered", "platform", platform, "err", err)
	}
}

// ErrTooManyReports is returned when a user has reached the limit of
// reports per hour.
var ErrTooManyReports = errors.New("too many reports in the last hour")

// SubmitReport implements Core for reports entered in a platform form.
func (b *Bot) SubmitReport(ctx context.Context, from User, r Report, lang string) (Filed, error) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	unlock := b.lockUser(from)
	defer unlock()
	f, err := b.fileReport(ctx, from, r, "", lang)
	if err != nil {
		return Filed{}, err
	}
	b.langs.remember(from.Key(), lang)
	b.deliver(ctx, from.Platform, Outgoing{To: DirectTo(from.ID), Reply: Reply{Text: filedText(lang, f)}})
	return f, nil
}

// Language implements Core: the language of u's latest guidance answer,
// report conversation or form, English when none is remembered.
func (b *Bot) Language(u User) string { return b.langs.lang(u.Key()) }

// fileReport validates (with messages in lang) and durably files r,
// closing the session with the given key (if any) in the same
// transaction, then notifies the security team. Notification failures are
// logged; the report stays filed.
func (b *Bot) fileReport(ctx context.Context, from User, r Report, sessionKey, lang string) (Filed, error) {
	r = r.normalised()
	now := b.now().UTC()
	if err := r.Validate(now, lang); err != nil {
		return Filed{}, err
	}
	if !b.isTeam(ctx, from) && !b.reports.allow(from.Key(), now) {
		b.observe.Refused("rate")
		return Filed{}, ErrTooManyReports
	}
	nc := NewCase{Report: r, Severity: AssessSeverity(r), FiledAt: now, SessionKey: sessionKey}
	var receipt string
	if r.Anonymous {
		var err error
		if receipt, err = NewReceipt(); err != nil {
			return Filed{}, fmt.Errorf("create receipt: %w", err)
		}
		nc.ReceiptHash = HashReceipt(receipt)
	} else {
		nc.Reporter = from
	}
	c, err := b.store.FileCase(ctx, nc)
	if err != nil {
		return Filed{}, fmt.Errorf("file report: %w", err)
	}
	b.observe.ReportFiled(c.Report.Category)
	b.log.Info("report filed", "ref", c.Ref, "category", string(c.Report.Category), "severity", string(c.Severity))
	b.notifySecurity(ctx, c)
	return Filed{Case: c, Receipt: receipt}, nil
}

// notifySecurity sends the new-case notice and records it as sent once a
// security channel took it (or when none is configured).
func (b *Bot) notifySecurity(ctx context.Context, c Case) {
	delivered, desks := b.notifyTeam(ctx, SecurityNotice(c))
	if delivered == 0 && desks > 0 {
		return // still pending: ResendNotices tries again
	}
	if err := b.store.NoticeSent(ctx, c.ID); err != nil {
		b.log.Error("notice not marked as sent", "ref", c.Ref, "err", err)
	}
}

// ResendNotices sends the new-case notices that did not reach the security
// team before (a crash between filing and notice, or a platform outage).
func (b *Bot) ResendNotices(ctx context.Context) error {
	pending, err := b.store.PendingNotices(ctx)
	if err != nil {
		return fmt.Errorf("list pending notices: %w", err)
	}
	for _, c := range pending {
		b.notifySecurity(ctx, c)
	}
	return nil
}

// SecurityNotice is the text posted to the security team for a new case:
// reference, category, severity and time, the reporter only when named,
// and never the description.
func SecurityNotice(c Case) string {
	reporter := "anonymous"
	if !c.Report.Anonymous && c.Reporter.ID != "" {
		reporter = fmt.Sprintf("%s (%s %s)", displayName(c.Reporter), c.Reporter.Platform, c.Reporter.ID)
	}
	return fmt.Sprintf("New report %s\nCategory: %s\nSeverity: %s\nFiled: %s\nReporter: %s\nUse `case %s` to read it.",
		c.Ref, c.Report.Category.Label(), c.Severity, c.FiledAt.UTC().Format("2006-01-02 15:04 UTC"), reporter, c.Ref)
}

func displayName(u User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.ID
}

// filedText tells the reporter, in lang, that the report is filed: its
// reference, and the anonymous receipt code with how to use it.
func filedText(lang string, f Filed) string {
	x := tr(lang)
	text := fmt.Sprintf(x.filed, f.Case.Ref)
	if f.Receipt != "" {
		return text + fmt.Sprintf(x.receipt, f.Receipt)
	}
	return text + fmt.Sprintf(x.statusHint, f.Case.Ref)
}

// ExpireSessions discards unfinished reports idle for longer than the
// configured time and tells each reporter. It returns how many it expired.
func (b *Bot) ExpireSessions(ctx context.Context) (int, error) {
	idle, err := b.store.IdleSessions(ctx, b.now().Add(-b.idle))
	if err != nil {
		return 0, fmt.Errorf("list idle sessions: %w", err)
	}
	n := 0
	for _, s := range idle {
		unlock := b.lockUser(s.User)
		// Re-check under the lock: the user may have answered meanwhile.
		cur, err := b.store.LoadSession(ctx, s.Key)
		if err == nil && b.expired(cur) {
			if err = b.store.DeleteSession(ctx, s.Key); err == nil {
				n++
				b.deliver(ctx, s.User.Platform, Outgoing{To: cur.Address, Reply: Reply{Text: b.expiryNote(cur.Lang)}})
			}
		}
		unlock()
		if err != nil && !errors.Is(err, ErrNotFound) {
			return n, fmt.Errorf("expire session: %w", err)
		}
	}
	return n, nil
}

// RunMaintenance expires idle sessions and resends pending notices now and
// then every interval, until ctx ends.
func (b *Bot) RunMaintenance(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := b.ExpireSessions(ctx); err != nil && ctx.Err() == nil {
			b.log.Error("session expiry failed", "err", err)
		}
		if err := b.ResendNotices(ctx); err != nil && ctx.Err() == nil {
			b.log.Error("resending notices failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (b *Bot) expired(s Session) bool { return b.now().Sub(s.UpdatedAt) > b.idle }

// expiryNote tells a reporter, in lang, that their unfinished report was
// discarded.
func (b *Bot) expiryNote(lang string) string {
	x := tr(lang)
	return fmt.Sprintf(x.expired, x.duration(b.idle))
}

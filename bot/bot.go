package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"vigil/awareness"
)

// Options configure a Bot.
type Options struct {
	Store    Store
	Guidance Guidance // nil until a knowledge base is loaded
	Roles    Roles    // who belongs to the security team; nil means nobody
	Exporter Exporter // nil when exports are not available in chat
	Linking  Linking  // linked cases; the zero value leaves them off
	Observer Observer // nil discards metrics
	Limits   RateLimits
	Logger   *slog.Logger
	// SessionIdle is how long an unfinished report may sit idle before it
	// is discarded. Zero means an hour.
	SessionIdle time.Duration
	// TeamLanguage is the language of the security team's notices (en, fr
	// or de); empty or unknown means English.
	TeamLanguage string
	// RetentionDays is how long closed cases are kept before the
	// maintenance loop purges them; zero keeps them forever.
	RetentionDays int
	// Digest sets when the maintenance loop sends the weekly digest to
	// the security desks; the zero value sends none.
	Digest DigestSchedule
	// Outreach keeps subscriptions, advisories and each staffer's
	// scenario progress; nil turns those commands off.
	Outreach OutreachStore
	// Scenarios are the awareness scenarios `scenario` gives; nil turns
	// it off.
	Scenarios *awareness.Set
	// ScenarioOfTheWeek sets when subscribers get the scenario of the
	// week; the zero value sends none.
	ScenarioOfTheWeek ScenarioSchedule
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// defaultSessionIdle is the idle time after which an unfinished report is
// discarded when Options.SessionIdle is zero.
const defaultSessionIdle = time.Hour

// Bot is Vigil's core. It turns messages into commands and hands each to
// the part of the core whose job it is: guidance, the report conversation,
// the reporter's follow-up, the security team's case work. It is safe for
// concurrent use by several adapters.
type Bot struct {
	*env
	inflight sync.WaitGroup
	messages *limiter // messages per user per minute

	guide    *guide
	intake   *conversation
	forms    *forms
	courier  *courier
	upkeep   *maintenance
	outreach *outreach
	commands map[string]command
	listed   []command // the commands help lists: everyone's in order, then the team's by name
}

// request is a parsed command.
type request struct {
	msg  Message
	name string // command word, lower case
	args string // the rest of the text, trimmed
}

// command is one entry of the router's table. The usage and summary of a
// listed command are in the catalogue, under its name.
type command struct {
	name   string
	listed bool // shown in help
	team   bool // security team only
	run    func(ctx context.Context, r request) []Outgoing
}

// New returns a Bot. Store is required.
func New(o Options) *Bot {
	e := newEnv(o)
	idle := o.SessionIdle
	if idle <= 0 {
		idle = defaultSessionIdle
	}
	n := &notices{env: e, team: tr(o.TeamLanguage)}
	out := newCourier(e, n)
	lk := newLinker(e, o.Linking)
	f := &filing{env: e, courier: out, links: lk, limit: newLimiter(o.Limits.ReportsPerHour, time.Hour)}
	g := &guide{env: e, guidance: o.Guidance, recent: newRecentAnswers()}
	fm := &forms{env: e, filing: f, idle: idle}
	c := newConversation(e, f, fm, g, idle)
	ch := &charts{env: e}
	b := &Bot{env: e, messages: newLimiter(o.Limits.MessagesPerMinute, time.Minute), guide: g, intake: c, forms: fm, courier: out,
		upkeep: &maintenance{env: e, intake: c, courier: out, retentionDays: o.RetentionDays,
			digest: &digest{env: e, team: tr(o.TeamLanguage), when: o.Digest}}}
	b.outreach = newOutreach(e, o, g, idle)
	b.setCommands(g.commands(), c.commands(), (&followUp{env: e, notices: n, links: lk}).commands(), b.outreach.commands(),
		[]command{{name: "help", listed: true, run: b.help}}, (&linkDesk{env: e, links: lk}).commands(),
		(&teamDesk{env: e, notices: n, exporter: o.Exporter, charts: ch}).commands())
	return b
}

// setCommands builds the command table from each part's commands.
func (b *Bot) setCommands(parts ...[]command) {
	b.commands = map[string]command{}
	var team []command
	for _, cmds := range parts {
		for _, c := range cmds {
			b.commands[c.name] = c
			switch {
			case !c.listed:
			case c.team:
				team = append(team, c)
			default:
				b.listed = append(b.listed, c)
			}
		}
	}
	slices.SortFunc(team, func(x, y command) int { return strings.Compare(x.name, y.name) })
	b.listed = append(b.listed, team...)
}

// Register makes an adapter known to the core, so that replies, notices and
// notes reach its platform. Register adapters before running them.
func (b *Bot) Register(a Adapter) { b.register(a) }

// Outgoing is one reply produced by the core, with its destination.
type Outgoing struct {
	To    Address
	Reply Reply
	// claim is the outbox item that carries this reply (a filed report's
	// confirmation), held by the one who delivers it, who settles it.
	claim *OutboxItem
}

// HandleMessage implements Core: it answers msg and delivers the replies
// through the adapter registered for msg.Platform. A reply that carries a
// reference or receipt is settled in the outbox: removed once delivered,
// otherwise sent again later.
func (b *Bot) HandleMessage(ctx context.Context, msg Message) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	start := time.Now()
	out := b.Respond(ctx, msg)
	b.observe.Answered(msg.Platform, time.Since(start))
	for _, o := range out {
		err := b.deliver(ctx, msg.Platform, o)
		if o.claim != nil {
			b.courier.settle(ctx, *o.claim, err)
		}
	}
}

// Drain waits until the messages and form submissions being handled, and
// the outbox items being sent, are finished, or until ctx ends. Call it
// after the adapters stopped taking new events, before closing the store.
// An item still being sent when ctx ends stays in the outbox, due again
// when its lease ends.
func (b *Bot) Drain(ctx context.Context) error {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return b.courier.wait(ctx)
}

// Respond computes the replies to msg without delivering them. Side effects
// (stored sessions, filed reports, security notices) happen as in
// HandleMessage. A filed report's confirmation it returns is also in the
// outbox, which sends it once the claim on it lapses (outboxLease) unless
// HandleMessage delivered it. It returns nil for messages that need no
// answer.
func (b *Bot) Respond(ctx context.Context, msg Message) (out []Outgoing) {
	defer func() { out = b.commandsAsTypedIn(msg, out) }()
	lang := b.langs.lang(msg.Sender.Key()) // for refusals before any session is read
	text, problem := cleanMessage(lang, msg)
	if problem != "" {
		return say(msg, true, problem)
	}
	if text == "" {
		return nil
	}
	b.observe.MessageIn(msg.Platform)
	if !b.messages.allow(msg.Sender.Key(), b.now()) && !b.isTeam(ctx, msg.Sender) {
		b.observe.Refused("rate")
		return say(msg, true, tr(lang).rateMessages)
	}
	msg.Text = text
	unlock := b.lockUser(msg.Sender)
	defer unlock()

	if msg.Direct {
		out, handled := b.intake.resume(ctx, msg)
		if handled {
			return out
		}
		more, handled := b.outreach.composer.resume(ctx, msg)
		if out = append(out, more...); handled {
			return out
		}
		return append(out, b.route(ctx, msg)...)
	}
	return b.route(ctx, msg)
}

// route turns a message into a command and runs it. Text that does not
// start with a command word is a question for the guidance.
func (b *Bot) route(ctx context.Context, msg Message) []Outgoing {
	word, rest, _ := strings.Cut(msg.Text, " ")
	name := strings.ToLower(strings.TrimLeft(word, "/!"))
	r := request{msg: msg, name: name, args: strings.TrimSpace(rest)}
	cmd, ok := b.commands[name]
	if !ok {
		if out, ok := b.outreach.practice.answer(ctx, msg); ok {
			return out
		}
		if out, ok := b.guide.pickSuggestion(msg); ok {
			return out
		}
		if strings.HasPrefix(word, "/") || strings.HasPrefix(word, "!") {
			return say(msg, true, fmt.Sprintf(b.lang(msg.Sender).unknown, word))
		}
		r.name, r.args = "ask", msg.Text
		return b.guide.ask(ctx, r)
	}
	if cmd.team && !b.isTeam(ctx, msg.Sender) {
		b.log.Warn("refused team command", "command", name, "platform", msg.Platform)
		b.audit(ctx, msg.Sender, name, refusedTarget(r.args), "refused")
		b.observe.Refused("team")
		return say(msg, true, b.lang(msg.Sender).teamOnly)
	}
	return cmd.run(ctx, r)
}

// help lists the commands the sender may use.
func (b *Bot) help(ctx context.Context, r request) []Outgoing {
	x := b.lang(r.msg.Sender)
	var sb strings.Builder
	sb.WriteString(x.helpIntro + "\n")
	team := b.isTeam(ctx, r.msg.Sender)
	header := false
	for _, c := range b.listed {
		if c.team && !team {
			continue
		}
		if c.team && !header {
			sb.WriteString("\n" + x.helpTeam + "\n")
			header = true
		}
		fmt.Fprintf(&sb, "• `%s`: %s\n", x.commands[c.name].usage, x.commands[c.name].summary)
	}
	sb.WriteString("\n" + x.helpEmergency)
	return say(r.msg, true, sb.String())
}

// SubmitReport implements Core for reports entered in a platform form.
func (b *Bot) SubmitReport(ctx context.Context, from User, r Report, lang string) (Filed, error) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	unlock := b.lockUser(from)
	defer unlock()
	return b.forms.submit(ctx, from, r, lang)
}

// ReportMessage implements Core for a platform's own way to start a
// report, such as a Slack message shortcut.
func (b *Bot) ReportMessage(ctx context.Context, msg Message, prefill Report) {
	b.inflight.Add(1)
	defer b.inflight.Done()
	unlock := b.lockUser(msg.Sender)
	defer unlock()
	b.forms.openFor(ctx, msg, prefill)
}

// Language returns the language of u's latest guidance answer, report
// conversation or form, English when none is remembered.
func (b *Bot) Language(u User) string { return b.langs.lang(u.Key()) }

// ExpireSessions discards unfinished reports idle for longer than the
// configured time and tells each reporter. It returns how many it expired.
func (b *Bot) ExpireSessions(ctx context.Context) (int, error) { return b.intake.expireIdle(ctx) }

// DeliverOutbox sends the outbox items that are due and that this
// process can deliver (a security notice that did not reach the team, a
// reference that did not reach its reporter: after a platform outage or a
// crash), and returns how many it claimed, once each is delivered or
// rescheduled. RunMaintenance does it every few seconds. It returns an
// error when the outbox could not be read.
func (b *Bot) DeliverOutbox(ctx context.Context) (int, error) { return b.courier.deliverDue(ctx, true) }

// PurgeClosed deletes the closed cases older than Options.RetentionDays
// and audits it as done by actor. It returns how many cases it deleted;
// with no retention configured it deletes nothing.
func (b *Bot) PurgeClosed(ctx context.Context, actor User) (int, error) {
	return b.upkeep.purge(ctx, actor)
}

// SendDigest sends the weekly digest (Options.Digest) to the security
// desks when its latest slot has passed and no process on the store sent
// that ISO week's yet, and returns the week it sent, "" when none was
// due. RunMaintenance calls it every interval. It returns an error when
// the store failed or no desk took the digest; it is then tried again
// within minutes.
func (b *Bot) SendDigest(ctx context.Context) (string, error) { return b.upkeep.digest.sendDue(ctx) }

// RunMaintenance expires idle sessions and outbox items past their
// expiry, sends the weekly digest when due and, once a day, purges closed
// cases past retention: now, then every interval until ctx ends. Until
// then it also delivers the outbox: every few seconds, the items that are
// due (see DeliverOutbox).
func (b *Bot) RunMaintenance(ctx context.Context, interval time.Duration) {
	b.upkeep.run(ctx, interval)
}

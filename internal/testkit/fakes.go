package testkit

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"vigil/bot"
)

// SecurityRoom is the conversation of a Recorder's security desk.
const SecurityRoom = "SEC"

// Sent is one reply an adapter was asked to deliver.
type Sent struct {
	To    bot.Address
	Reply bot.Reply
}

// Recorder is an adapter that records what the core sends it. With
// Security set it has a security desk (SecurityRoom); with SetDown every
// Send fails, as when the platform is unreachable. It is safe for
// concurrent use.
type Recorder struct {
	Name     string // the platform name
	Security bool

	mu   sync.Mutex
	sent []Sent
	down bool
}

var (
	_ bot.Adapter      = (*Recorder)(nil)
	_ bot.SecurityDesk = (*Recorder)(nil)
)

// Platform implements bot.Adapter.
func (r *Recorder) Platform() string { return r.Name }

// Run implements bot.Adapter: it waits for ctx to end.
func (r *Recorder) Run(ctx context.Context, _ bot.Core) error { <-ctx.Done(); return nil }

// Send implements bot.Adapter.
func (r *Recorder) Send(_ context.Context, to bot.Address, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		return errors.New("platform unreachable")
	}
	r.sent = append(r.sent, Sent{to, rep})
	return nil
}

// SecurityAddress implements bot.SecurityDesk.
func (r *Recorder) SecurityAddress() (bot.Address, bool) {
	return bot.Address{ConversationID: SecurityRoom}, r.Security
}

// SetDown makes Send fail (true) or work again (false).
func (r *Recorder) SetDown(down bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.down = down
}

// All returns everything sent so far, oldest first.
func (r *Recorder) All() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

// Last returns the text of the last reply sent, or "".
func (r *Recorder) Last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.sent) == 0 {
		return ""
	}
	return r.sent[len(r.sent)-1].Reply.Text
}

// Core is a bot.Core that records what an adapter hands it and answers
// every message with Answer (when set) through the adapter's Send.
type Core struct {
	Answer func(bot.Message) string

	mu       sync.Mutex
	adapter  bot.Adapter
	messages []bot.Message
	reports  []bot.Report
}

var _ bot.Core = (*Core)(nil)

// Attach sets the adapter the core answers through.
func (c *Core) Attach(a bot.Adapter) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.adapter = a
}

// HandleMessage implements bot.Core.
func (c *Core) HandleMessage(ctx context.Context, m bot.Message) {
	c.mu.Lock()
	c.messages = append(c.messages, m)
	a := c.adapter
	c.mu.Unlock()
	if c.Answer != nil && a != nil {
		_ = a.Send(ctx, m.ReplyAddress(), bot.Reply{Text: c.Answer(m)})
	}
}

// SubmitReport implements bot.Core: it records r and files nothing.
func (c *Core) SubmitReport(_ context.Context, _ bot.User, r bot.Report, _ string) (bot.Filed, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reports = append(c.reports, r)
	return bot.Filed{}, nil
}

// ReportMessage implements bot.Core: it records the prefill.
func (c *Core) ReportMessage(_ context.Context, _ bot.Message, prefill bot.Report) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reports = append(c.reports, prefill)
}

// Messages returns the messages handled so far.
func (c *Core) Messages() []bot.Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.messages)
}

// Clock is a settable time source for Options.Now.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock showing t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// EchoGuidance answers every question by repeating it, confidently and in
// English, so that a test can tell which message an answer belongs to.
type EchoGuidance struct{}

var _ bot.Guidance = EchoGuidance{}

// Answer implements bot.Guidance.
func (EchoGuidance) Answer(_ context.Context, q, _ string) (bot.Answer, error) {
	return bot.Answer{Question: q, Lang: "en", Intent: bot.IntentQuestion, Confident: true, Text: "Guidance on: " + q}, nil
}

// Topic implements bot.Guidance: it knows no topic.
func (EchoGuidance) Topic(string, string) (bot.Answer, bool) { return bot.Answer{}, false }

// TopicList implements bot.Guidance.
func (EchoGuidance) TopicList(string, bool) string { return "1. Gifts" }

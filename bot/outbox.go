package bot

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Outbox kinds: what an outbox item carries. Another kind needs a sender in
// the courier's table (newCourier).
const (
	// OutboxNotice is a new case's notice to the security desks, composed
	// from the case when it is sent; it is delivered once a desk took it.
	OutboxNotice = "notice"
	// OutboxMessage is a message to one person: Text to the address To.
	OutboxMessage = "message"
)

// OutboxItem is one message that must reach a person, kept in the durable
// outbox until it is delivered or expires.
type OutboxItem struct {
	ID   int64  // set by the store
	Kind string // OutboxNotice, OutboxMessage, ...
	// Route names the running adapters that may deliver the item: an
	// adapter's route (its platform, or what OutboxRouter says), or ""
	// for any process with a security desk (notices).
	Route   string
	CaseID  int64  // the case the item is about (deleted with it); 0 for none
	CaseRef string // that case's reference, filled in by the store
	// Subject is what else the item is about, for its kind's sender (an
	// advisory delivery, ...). It is stored in clear: never sensitive.
	Subject   string
	To        Address // stored encrypted
	Text      string  // stored encrypted
	CreatedAt time.Time
	DueAt     time.Time // not sent before; zero means at once
	ExpiresAt time.Time // dropped, with an audit line, after; zero means never
	// LeaseUntil, when enqueuing, writes the item claimed by the writer
	// until then (it sends the item itself, then settles it); in a
	// claimed item it is the end of the claim's lease.
	LeaseUntil time.Time
	// Attempts counts the claims, the current one included. With ID it
	// identifies a claim, so that a sender whose lease ran out cannot
	// settle someone else's.
	Attempts int
}

// Outbox is the durable outbox: messages that must reach a person (a
// reporter's reference or receipt, a security notice, an advisory) are
// written in the same transaction as what caused them (or with Enqueue),
// claimed with a lease before they are sent, deleted once delivered, and
// otherwise tried again later until they expire. A crash or an outage
// delays an item; it neither loses it nor, while its lease holds, lets two
// senders send it. Its text is stored encrypted, like every sensitive
// field. Any part of Vigil may use it; methods return the store's errors
// wrapped.
type Outbox interface {
	// Enqueue writes items in one durable transaction and returns them
	// with their IDs. An item with LeaseUntil set is written claimed by
	// the caller (Attempts 1), who sends it and then calls Delivered or
	// Retry. Nothing is written when it returns an error.
	Enqueue(ctx context.Context, items ...OutboxItem) ([]OutboxItem, error)
	// Claim leases to the caller, until now+lease, up to limit items that
	// are due at now, neither leased nor expired, and routed to one of
	// routes, oldest due first, and returns them. An item it returned is not returned again
	// before its lease ends, to this process or any other.
	Claim(ctx context.Context, now time.Time, lease time.Duration, routes []string, limit int) ([]OutboxItem, error)
	// Delivered deletes the item with the ID: it reached its recipient.
	// Deleting an item that is gone is not an error.
	Delivered(ctx context.Context, id int64) error
	// Retry ends the claim it holds (its ID and Attempts) and makes the
	// item due again at due. It returns ErrNotFound, and changes nothing,
	// when the item is gone or was claimed again since.
	Retry(ctx context.Context, it OutboxItem, due time.Time) error
	// Expire deletes the items whose ExpiresAt is at or before now and
	// that are not leased, and returns them without To and Text (what is
	// left is for the audit log).
	Expire(ctx context.Context, now time.Time) ([]OutboxItem, error)
}

// OutboxStore gives access to the durable outbox.
type OutboxStore interface {
	// Outbox returns the store's outbox.
	Outbox() Outbox
}

// OutboxRouter is implemented by adapters of which not every running
// instance can deliver every item of their platform: a console process
// delivers only to its own user. OutboxRoute names the items this instance
// delivers; an adapter without it delivers every item of its platform.
type OutboxRouter interface {
	OutboxRoute() string
}

// Outbox timing.
const (
	// outboxLease is how long a claim holds. It is longer than a send may
	// take (outboxSendTimeout), so that nobody sends an item again while
	// its sender still waits on the platform.
	outboxLease       = 3 * time.Minute
	outboxSendTimeout = 2 * time.Minute
	// outboxPoll is how often due items are looked for.
	outboxPoll = 5 * time.Second
	// referenceLife is how long a reporter's reference or receipt is
	// tried before it is dropped.
	referenceLife = 24 * time.Hour
	// firstRetry and lastRetry bound the wait after a failed attempt,
	// which doubles from one to the next.
	firstRetry = 10 * time.Second
	lastRetry  = 10 * time.Minute
	// maxSending bounds the items the poll sends at the same time.
	maxSending = 8
	// settleTimeout bounds recording an attempt's outcome.
	settleTimeout = 10 * time.Second
)

// outboxJob is the audit log's actor for items dropped undelivered.
var outboxJob = User{Platform: "system", ID: "outbox", Name: "outbox"}

// courier delivers the durable outbox: the items a filer claimed when it
// wrote them (sent at once, in the background), and every item that falls
// due (a failed attempt, a crash, another process's work), each sent by
// the sender of its kind and settled: deleted once delivered, otherwise
// retried with a growing wait until it expires.
type courier struct {
	*env
	senders map[string]func(context.Context, OutboxItem) error // by kind
	desk    func() bool                                        // whether this process has a security desk
	slots   chan struct{}                                      // the poll's sends in flight
	sending sync.WaitGroup                                     // every send in flight
}

func newCourier(e *env, n *notices) *courier {
	o := &courier{env: e, desk: n.hasDesk, slots: make(chan struct{}, maxSending)}
	o.senders = map[string]func(context.Context, OutboxItem) error{
		OutboxNotice:  n.sendNotice,
		OutboxMessage: o.sendMessage,
	}
	return o
}

// routeOf is the route of the items a delivers.
func routeOf(a Adapter) string {
	if r, ok := a.(OutboxRouter); ok {
		return r.OutboxRoute()
	}
	return a.Platform()
}

// routeTo is the route of a message to a user of platform.
func (o *courier) routeTo(platform string) string {
	if a, ok := o.adapter(platform); ok {
		return routeOf(a)
	}
	return platform
}

// routes lists the routes this process delivers: each adapter's, and ""
// (notices) when it has a security desk.
func (o *courier) routes() []string {
	var routes []string
	for _, a := range o.registered() {
		routes = append(routes, routeOf(a))
	}
	if o.desk() {
		routes = append(routes, "")
	}
	return routes
}

// run sends the items that fall due, every outboxPoll, until ctx ends.
func (o *courier) run(ctx context.Context) {
	t := time.NewTicker(outboxPoll)
	defer t.Stop()
	for {
		if _, err := o.deliverDue(ctx, false); err != nil && ctx.Err() == nil {
			o.log.Error("outbox not read", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// deliverDue claims the due items this process can deliver (as many as
// there are free sending slots) and sends them in the background; with
// wait it returns once they are settled. It returns how many it claimed.
func (o *courier) deliverDue(ctx context.Context, wait bool) (int, error) {
	free := cap(o.slots) - len(o.slots)
	routes := o.routes()
	if free <= 0 || len(routes) == 0 {
		return 0, nil
	}
	items, err := o.store.Outbox().Claim(ctx, o.now().UTC(), outboxLease, routes, free)
	if err != nil {
		return 0, fmt.Errorf("claim outbox items: %w", err)
	}
	var batch sync.WaitGroup
	for _, it := range items {
		o.slots <- struct{}{}
		batch.Add(1)
		o.later(ctx, it, func() { <-o.slots; batch.Done() })
	}
	if wait {
		batch.Wait()
	}
	return len(items), nil
}

// later sends a claimed item in the background and settles it, then calls
// done (when not nil). The send outlives ctx's cancellation (a stop
// signal) but not outboxSendTimeout.
func (o *courier) later(ctx context.Context, it OutboxItem, done func()) {
	o.sending.Add(1)
	base := context.WithoutCancel(ctx)
	go func() {
		defer o.sending.Done()
		if done != nil {
			defer done()
		}
		o.settle(base, it, o.send(base, it))
	}()
}

// send delivers a claimed item with the sender of its kind, within
// outboxSendTimeout.
func (o *courier) send(ctx context.Context, it OutboxItem) error {
	ctx, cancel := context.WithTimeout(ctx, outboxSendTimeout)
	defer cancel()
	send, ok := o.senders[it.Kind]
	if !ok {
		return fmt.Errorf("no sender for outbox items of kind %q", it.Kind)
	}
	return send(ctx, it)
}

// sendMessage delivers an OutboxMessage through the adapter of its route.
func (o *courier) sendMessage(ctx context.Context, it OutboxItem) error {
	for _, a := range o.registered() {
		if routeOf(a) == it.Route {
			err := a.Send(ctx, it.To, Reply{Text: it.Text})
			o.observe.MessageOut(a.Platform(), err == nil)
			return err
		}
	}
	return fmt.Errorf("no adapter for outbox route %q", it.Route)
}

// settle records the outcome of an attempt at a claimed item: deleted
// when delivered, otherwise due again after a wait that doubles with each
// attempt.
func (o *courier) settle(ctx context.Context, it OutboxItem, sendErr error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	box := o.store.Outbox()
	if sendErr == nil {
		if err := box.Delivered(ctx, it.ID); err != nil {
			o.log.Error("delivered outbox item not removed; it will be sent again", "kind", it.Kind, "ref", it.CaseRef, "err", err)
		}
		return
	}
	wait := retryDelay(it.Attempts)
	o.log.Warn("outbox item not delivered; will try again", "kind", it.Kind, "ref", it.CaseRef,
		"attempt", it.Attempts, "retry_in", wait.String(), "err", sendErr)
	if err := box.Retry(ctx, it, o.now().UTC().Add(wait)); err != nil {
		o.log.Error("outbox item not rescheduled; it is due when its lease ends", "kind", it.Kind, "ref", it.CaseRef, "err", err)
	}
}

// retryDelay is the wait after the given number of failed attempts.
func retryDelay(attempts int) time.Duration {
	d := firstRetry
	for i := 1; i < attempts && d < lastRetry; i++ {
		d *= 2
	}
	return min(d, lastRetry)
}

// expire drops the items that could not be delivered before they
// expired, with an audit line each (kind and case, never the text).
func (o *courier) expire(ctx context.Context) error {
	items, err := o.store.Outbox().Expire(ctx, o.now().UTC())
	if err != nil {
		return fmt.Errorf("expire outbox items: %w", err)
	}
	for _, it := range items {
		o.log.Error("outbox item dropped undelivered", "kind", it.Kind, "ref", it.CaseRef, "attempts", it.Attempts)
		o.audit(ctx, outboxJob, "undelivered", it.CaseRef+" "+it.Kind, "expired")
	}
	return nil
}

// wait blocks until every send in flight is settled or ctx ends.
func (o *courier) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { o.sending.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"vigil/awareness"
)

// Outbox kinds of the broadcaster. Their items go on bulk routes (see
// bulkRoute), so that the courier, which delivers references and notices
// one by one, never waits behind an advisory to thousands of staff.
const (
	// OutboxAdvisory is one recipient's copy of an advisory; Subject is
	// the delivery's ID.
	OutboxAdvisory = "advisory"
	// OutboxRetract takes back a delivered advisory; Subject is the
	// delivery's ID, Text the notice that replaces the message where it
	// cannot be deleted.
	OutboxRetract = "retract"
	// OutboxScenario is the scenario of the week to one subscriber;
	// Subject is the scenario's ID and language, "gifts-1 fr".
	OutboxScenario = "scenario"
)

// Bulk delivery.
const (
	// bulkBatch bounds the items claimed at once.
	bulkBatch = 200
	// bulkLease is how long a claim holds. No send starts after
	// bulkHorizon (the rest of the batch is released), and a send takes at
	// most bulkSendTimeout, so every send is settled within the lease: no
	// one else sends an item while it may still be on its way.
	bulkLease       = 5 * time.Minute
	bulkHorizon     = 90 * time.Second
	bulkSendTimeout = 2 * time.Minute
	// bulkSending bounds the sends in flight. Each adapter waits out its
	// platform's rate limit (Slack's Retry-After) inside a send, so a
	// rate-limited platform slows the broadcast down to what it accepts.
	bulkSending = 8
	// bulkSettle is how many outcomes are recorded per transaction, at
	// least every bulkSettleEvery.
	bulkSettle      = 100
	bulkSettleEvery = time.Second
	// advisoryLife is how long an advisory (or its retraction) is tried
	// before it is dropped and counted as failed; scenarioLife the same
	// for the scenario of the week.
	advisoryLife = 7 * 24 * time.Hour
	scenarioLife = 3 * 24 * time.Hour
)

// bulkRoute is the route of the bulk items delivered by an adapter whose
// route is route.
func bulkRoute(route string) string { return "bulk:" + route }

// broadcaster delivers advisories, their retractions and the scenario of
// the week from the durable outbox: it claims a batch of due items with a
// lease, sends them (several at a time, each adapter keeping to its
// platform's rate limit), and records the outcomes in batches: a sent
// item leaves the outbox in the same transaction as its delivery is
// recorded; a failed one is due again after a growing wait. A crash
// delays what was claimed until the lease ends; an item sent again after
// a crash is posted with the same key, so that adapters that can tell
// (Poster) do not post it twice.
type broadcaster struct {
	*env
	store  DeliveryStore  // nil when the deployment keeps no advisories
	set    *awareness.Set // for the buttons of the scenario of the week
	wakeup chan struct{}
}

func newBroadcaster(e *env, store DeliveryStore, set *awareness.Set) *broadcaster {
	return &broadcaster{env: e, store: store, set: set, wakeup: make(chan struct{}, 1)}
}

// wake makes the broadcaster look for due items now.
func (b *broadcaster) wake() {
	select {
	case b.wakeup <- struct{}{}:
	default:
	}
}

// routes lists the bulk routes this process delivers.
func (b *broadcaster) routes() []string {
	var routes []string
	for _, a := range b.registered() {
		routes = append(routes, bulkRoute(routeOf(a)))
	}
	return routes
}

// routeTo is the bulk route of a recipient on platform.
func (b *broadcaster) routeTo(platform string) string {
	if a, ok := b.adapter(platform); ok {
		return bulkRoute(routeOf(a))
	}
	return bulkRoute(platform)
}

// run delivers what falls due until ctx ends: at once while there is
// more, otherwise every outboxPoll or when woken.
func (b *broadcaster) run(ctx context.Context) {
	if b.store == nil {
		return
	}
	t := time.NewTicker(outboxPoll)
	defer t.Stop()
	for {
		n, err := b.deliverDue(ctx)
		if err != nil && ctx.Err() == nil {
			b.log.Error("advisories not delivered", "err", err)
		}
		if n > 0 && err == nil && ctx.Err() == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-b.wakeup:
		}
	}
}

// deliverDue claims one batch of due bulk items, sends them and records
// the outcomes. It returns how many items it claimed.
func (b *broadcaster) deliverDue(ctx context.Context) (int, error) {
	routes := b.routes()
	if b.store == nil || len(routes) == 0 {
		return 0, nil
	}
	items, err := b.env.store.Outbox().Claim(ctx, b.now().UTC(), bulkLease, routes, bulkBatch)
	if err != nil {
		return 0, fmt.Errorf("claim advisories: %w", err)
	}
	if len(items) == 0 {
		return 0, nil
	}
	horizon := time.Now().Add(bulkHorizon)
	var subjects []string
	for _, it := range items {
		if it.Kind == OutboxAdvisory || it.Kind == OutboxRetract {
			subjects = append(subjects, it.Subject)
		}
	}
	infos, err := b.store.Deliveries(ctx, subjects)
	if err != nil { // the claims lapse: the items are tried again after the lease
		return 0, fmt.Errorf("read deliveries: %w", err)
	}
	results := make(chan DeliveryResult)
	settled := make(chan error, 1)
	go func() { settled <- b.settle(ctx, results) }()
	slots := make(chan struct{}, bulkSending)
	var sending sync.WaitGroup
	for _, it := range items {
		if ctx.Err() != nil || time.Now().After(horizon) {
			results <- DeliveryResult{Item: it} // released, untried
			continue
		}
		slots <- struct{}{}
		sending.Go(func() {
			defer func() { <-slots }()
			results <- b.send(ctx, it, infos[it.Subject])
		})
	}
	sending.Wait()
	close(results)
	return len(items), <-settled
}

// settle records outcomes in batches of bulkSettle, at least every
// bulkSettleEvery, until results is closed. It goes on after ctx ends, so
// that a stop signal does not lose what was sent.
func (b *broadcaster) settle(ctx context.Context, results <-chan DeliveryResult) error {
	ctx = context.WithoutCancel(ctx)
	var batch []DeliveryResult
	var first error
	flush := func() {
		if len(batch) == 0 {
			return
		}
		c, cancel := context.WithTimeout(ctx, settleTimeout)
		defer cancel()
		if err := b.store.SettleDeliveries(c, batch, b.now().UTC(), b.retraction); err != nil && first == nil {
			first = fmt.Errorf("record deliveries: %w", err)
		}
		batch = batch[:0]
	}
	t := time.NewTicker(bulkSettleEvery)
	defer t.Stop()
	for {
		select {
		case r, ok := <-results:
			if !ok {
				flush()
				return first
			}
			batch = append(batch, r)
			if len(batch) >= bulkSettle {
				flush()
			}
		case <-t.C:
			flush()
		}
	}
}

// send makes one attempt at a claimed item and says how it went.
func (b *broadcaster) send(ctx context.Context, it OutboxItem, info DeliveryInfo) DeliveryResult {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bulkSendTimeout)
	defer cancel()
	a := b.adapterFor(it.Route)
	if a == nil {
		return DeliveryResult{Item: it, RetryAt: b.now().UTC().Add(retryDelay(it.Attempts))}
	}
	var posted Posted
	var err error
	switch it.Kind {
	case OutboxAdvisory:
		if info.State != DeliveryPending || info.Withdrawn {
			return DeliveryResult{Item: it, Skipped: true}
		}
		posted, err = post(ctx, a, it.To, Reply{Text: it.Text}, "vigil-advisory-"+it.Subject, it.Attempts > 1)
	case OutboxRetract:
		if r, ok := a.(Retractor); ok && info.Posted.MessageID != "" {
			err = r.Retract(ctx, info.Posted, Reply{Text: it.Text})
		} else {
			err = a.Send(ctx, it.To, Reply{Text: it.Text})
		}
	case OutboxScenario:
		posted, err = post(ctx, a, it.To, b.scenarioReply(it), "vigil-scenario-"+strconv.FormatInt(it.ID, 10), it.Attempts > 1)
	default:
		err = fmt.Errorf("no sender for outbox items of kind %q", it.Kind)
	}
	b.observe.MessageOut(a.Platform(), err == nil)
	if err != nil {
		wait := retryDelay(it.Attempts)
		b.log.Warn("bulk message not delivered; will try again", "kind", it.Kind, "platform", a.Platform(),
			"attempt", it.Attempts, "retry_in", wait.String(), "err", err)
		return DeliveryResult{Item: it, RetryAt: b.now().UTC().Add(wait)}
	}
	return DeliveryResult{Item: it, Sent: true, Posted: posted}
}

// post sends r through a, with a key and the platform's message back
// when the adapter is a Poster.
func post(ctx context.Context, a Adapter, to Address, r Reply, key string, retry bool) (Posted, error) {
	if p, ok := a.(Poster); ok {
		return p.Post(ctx, to, r, key, retry)
	}
	return Posted{}, a.Send(ctx, to, r)
}

// adapterFor returns the adapter that delivers the bulk route, or nil.
func (b *broadcaster) adapterFor(route string) Adapter {
	for _, a := range b.registered() {
		if bulkRoute(routeOf(a)) == route {
			return a
		}
	}
	return nil
}

// scenarioReply is the scenario of the week as sent: its text, with a
// button per choice when the scenario is still loaded.
func (b *broadcaster) scenarioReply(it OutboxItem) Reply {
	r := Reply{Text: it.Text}
	id, lang, _ := strings.Cut(it.Subject, " ")
	if b.set == nil {
		return r
	}
	if sc, ok := b.set.Lookup(id, lang); ok {
		r.Choices = scenarioChoices(sc)
	}
	return r
}

// retraction is the outbox item that takes back the delivery of advisory
// to a recipient: deleted where the platform allows, replaced by the
// notice otherwise.
func (b *broadcaster) retraction(advisory int64, to Recipient) OutboxItem {
	now := b.now().UTC()
	return OutboxItem{Kind: OutboxRetract, Route: b.routeTo(to.Platform), To: to.To,
		Text: fmt.Sprintf(tr(to.Lang).withdrawnNotice, advisory), CreatedAt: now, ExpiresAt: now.Add(advisoryLife)}
}

// advisoryItem is the outbox item that carries advisory a to a recipient,
// in their language.
func (b *broadcaster) advisoryItem(a Advisory, to Recipient) OutboxItem {
	now := b.now().UTC()
	return OutboxItem{Kind: OutboxAdvisory, Route: b.routeTo(to.Platform), To: to.To,
		Text: advisoryMessage(a, to.Lang, to.Subscriber).Text, CreatedAt: now, ExpiresAt: now.Add(advisoryLife)}
}

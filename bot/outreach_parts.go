package bot

import (
	"context"
	"sync"
	"time"
)

// weeklyEvery is how often the scenario of the week is checked for.
const weeklyEvery = time.Minute

// outreach gathers the parts of the core that reach staff before an
// approach: subscriptions, advisories (written by the composer, served by
// the desk, delivered by the broadcaster), awareness scenarios and the
// scenario of the week.
type outreach struct {
	subscriptions *subscriptions
	desk          *advisoryDesk
	composer      *composer
	practice      *practice
	sender        *broadcaster
	weekly        *weekly
}

// newOutreach builds the parts from the options; with no Outreach store
// their commands say they are not available.
func newOutreach(e *env, o Options, g *guide, idle time.Duration) *outreach {
	sender := newBroadcaster(e, o.Outreach, o.Scenarios)
	c := &composer{env: e, store: o.Outreach, sender: sender, idle: idle}
	return &outreach{
		subscriptions: &subscriptions{env: e, store: o.Outreach},
		desk:          &advisoryDesk{env: e, store: o.Outreach, composer: c, sender: sender},
		composer:      c,
		practice:      &practice{env: e, store: o.Outreach, set: o.Scenarios, guide: g},
		sender:        sender,
		weekly:        &weekly{env: e, store: o.Outreach, set: o.Scenarios, when: o.ScenarioOfTheWeek, sender: sender},
	}
}

// commands are the commands of every part.
func (p *outreach) commands() []command {
	var cmds []command
	for _, part := range [][]command{p.subscriptions.commands(), p.practice.commands(), p.desk.commands()} {
		cmds = append(cmds, part...)
	}
	return cmds
}

// run delivers advisories, their retractions and the scenario of the week
// until ctx ends, and queues the scenario of the week when it is due.
func (p *outreach) run(ctx context.Context) {
	var jobs sync.WaitGroup
	jobs.Go(func() { p.sender.run(ctx) })
	defer jobs.Wait()
	t := time.NewTicker(weeklyEvery)
	defer t.Stop()
	for {
		if _, err := p.weekly.queueDue(ctx); err != nil && ctx.Err() == nil {
			p.weekly.log.Error("scenario of the week not queued", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOutreach delivers advisories, their retractions and the scenario of
// the week from the outbox, and queues the scenario of the week when it is
// due, until ctx ends. Run it beside RunMaintenance; several processes on
// one database may run it (each item is claimed by one of them).
func (b *Bot) RunOutreach(ctx context.Context) { b.outreach.run(ctx) }

// DeliverAdvisories makes one pass over the advisories, retractions and
// scenarios of the week that are due and this process can deliver, and
// returns how many items it claimed. RunOutreach does it continuously. It
// returns an error when the outbox could not be read or the outcomes not
// recorded (the items are then tried again once their lease ends).
func (b *Bot) DeliverAdvisories(ctx context.Context) (int, error) {
	return b.outreach.sender.deliverDue(ctx)
}

// QueueScenarioOfTheWeek queues the scenario of the week for every
// subscriber when it is due and was not queued yet (by this process or
// another), and returns the ISO week queued ("" when none was due). It
// returns an error when the store fails.
func (b *Bot) QueueScenarioOfTheWeek(ctx context.Context) (string, error) {
	return b.outreach.weekly.queueDue(ctx)
}

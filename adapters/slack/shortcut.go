package slack

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// lookupBudget bounds the look-ups made before opening a prefilled modal:
// the trigger ID expires three seconds after the click.
const lookupBudget = 1500 * time.Millisecond

// openPrefilledForm answers the "Report this message to security"
// shortcut: it hands the core the message text, its permalink and its
// author as a prefill; the core checks the limit and opens the modal (or
// tells the user why not).
func (a *Adapter) openPrefilledForm(ctx context.Context, ic slackgo.InteractionCallback) {
	core, _ := a.state()
	sender := bot.User{Platform: bot.PlatformSlack, ID: ic.User.ID, Name: ic.User.Name}
	msg := bot.Message{Platform: bot.PlatformSlack, ConversationID: ic.Channel.ID, Sender: sender, Raw: ic}
	core.ReportMessage(ctx, msg, a.prefill(ctx, ic))
}

// prefill builds the draft report for a reported message. The permalink
// and the author's name are looked up in parallel within lookupBudget;
// what cannot be found in time is left out.
func (a *Adapter) prefill(ctx context.Context, ic slackgo.InteractionCallback) bot.Report {
	m := ic.Message
	r := bot.Report{Channel: bot.ChannelMessaging, Description: plainText(m.Text), OccurredOn: dayOf(m.Timestamp)}
	ctx, cancel := context.WithTimeout(ctx, lookupBudget)
	defer cancel()
	var wg sync.WaitGroup
	if ic.Channel.ID != "" && m.Timestamp != "" {
		wg.Go(func() {
			link, err := a.api.GetPermalinkContext(ctx, &slackgo.PermalinkParameters{Channel: ic.Channel.ID, Ts: m.Timestamp})
			if err != nil {
				a.log.Warn("permalink not found", "err", withoutURL(err))
				return
			}
			r.SourceLink = link
		})
	}
	switch {
	case m.User != "":
		wg.Go(func() {
			if name := a.displayName(ctx, m.User, ""); name != "" {
				r.Approacher = fmt.Sprintf("%s (Slack user %s)", name, m.User)
			} else {
				r.Approacher = "Slack user " + m.User
			}
		})
	case m.Username != "":
		r.Approacher = m.Username + " (bot or integration)"
	}
	wg.Wait()
	return r
}

// dayOf returns the UTC day of a Slack timestamp ("1700000000.000200"),
// or the zero time.
func dayOf(ts string) time.Time {
	secs, _, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	t := time.Unix(n, 0).UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

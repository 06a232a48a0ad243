package bot

import (
	"context"
	"fmt"
)

// notices tells people what happened to a case: the security team of every
// new report (until one of its desks took the notice) and of additions, in
// the team's language; the reporter of the team's replies, in the
// reporter's.
type notices struct {
	*env
	team *texts // the security team's language
}

// newCase sends the new-case notice and records it as sent once a security
// desk took it (or when none is configured).
func (n *notices) newCase(ctx context.Context, c Case) {
	delivered, desks := n.toTeam(ctx, securityNotice(n.team, c))
	if delivered == 0 && desks > 0 {
		return // still pending: resend tries again
	}
	if err := n.store.NoticeSent(ctx, c.ID); err != nil {
		n.log.Error("notice not marked as sent", "ref", c.Ref, "err", err)
	}
}

// resend sends the new-case notices that did not reach the security team
// before (a crash between filing and notice, or a platform outage).
func (n *notices) resend(ctx context.Context) error {
	pending, err := n.store.PendingNotices(ctx)
	if err != nil {
		return fmt.Errorf("list pending notices: %w", err)
	}
	for _, c := range pending {
		n.newCase(ctx, c)
	}
	return nil
}

// addition tells the team that the reporter added information to c.
func (n *notices) addition(ctx context.Context, c Case) {
	n.toTeam(ctx, fmt.Sprintf(n.team.additionNotice, c.Ref))
}

// reply sends the team's reply to a named reporter.
func (n *notices) reply(ctx context.Context, c Case, text string) {
	n.deliver(ctx, c.Reporter.Platform, Outgoing{To: DirectTo(c.Reporter.ID),
		Reply: Reply{Text: fmt.Sprintf(n.lang(c.Reporter).teamReplied, c.Ref, text)}})
}

// toTeam posts text to every security desk (channel or room) an adapter
// has. It returns how many took it and how many there are.
func (n *notices) toTeam(ctx context.Context, text string) (delivered, desks int) {
	for _, a := range n.registered() {
		desk, ok := a.(SecurityDesk)
		if !ok {
			continue
		}
		to, ok := desk.SecurityAddress()
		if !ok {
			continue
		}
		desks++
		if err := a.Send(ctx, to, Reply{Text: text}); err != nil {
			n.log.Error("security notice not delivered", "platform", a.Platform(), "err", err)
			continue
		}
		delivered++
	}
	return delivered, desks
}

// securityNotice is the text posted to the security team for a new case,
// in x's language: reference, category, severity and time, the reporter
// only when named, and never the description.
func securityNotice(x *texts, c Case) string {
	reporter := x.anonymousNotice
	if !c.Report.Anonymous && c.Reporter.ID != "" {
		reporter = fmt.Sprintf("%s (%s %s)", displayName(c.Reporter), c.Reporter.Platform, c.Reporter.ID)
	}
	return fmt.Sprintf(x.newReport, c.Ref, c.Report.Category.LabelIn(x.code), c.Severity,
		c.FiledAt.UTC().Format("2006-01-02 15:04 UTC"), reporter)
}

func displayName(u User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.ID
}

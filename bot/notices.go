package bot

import (
	"context"
	"errors"
	"fmt"
)

// notices tells people what happened to a case: the security team of every
// new report (through the outbox, until one of its desks took the notice)
// and of additions, in the team's language; the reporter of the team's
// replies, in the reporter's.
type notices struct {
	*env
	team *texts // the security team's language
}

// sendNotice sends the new-case notice an outbox item carries, composed
// from its case, to every security desk. It returns nil once a desk took
// it (or when this process has none, or the case is gone), and an error
// otherwise, for the courier to try again.
func (n *notices) sendNotice(ctx context.Context, it OutboxItem) error {
	c, err := n.store.CaseByRef(ctx, it.CaseRef)
	switch {
	case errors.Is(err, ErrNotFound) || it.CaseRef == "":
		return nil // purged since: nothing left to announce
	case err != nil:
		return fmt.Errorf("read the case of a notice: %w", err)
	}
	delivered, desks := n.toTeam(ctx, securityNotice(n.team, c)+n.linked(ctx, c))
	if delivered == 0 && desks > 0 {
		return fmt.Errorf("no security desk took the notice of %s", c.Ref)
	}
	return nil
}

// hasDesk reports whether an adapter of this process has a security desk.
func (n *notices) hasDesk() bool {
	for _, a := range n.registered() {
		if desk, ok := a.(SecurityDesk); ok {
			if _, ok := desk.SecurityAddress(); ok {
				return true
			}
		}
	}
	return false
}

// addition tells the team that the reporter added information to c.
// created are the links the addition made, named after it.
func (n *notices) addition(ctx context.Context, c Case, created []CaseLink) {
	n.toTeam(ctx, fmt.Sprintf(n.team.additionNotice, c.Ref)+linkedNote(n.team, created))
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

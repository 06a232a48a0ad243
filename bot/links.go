package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"vigil/indicators"
)

// linkDesk is the security team's view of linked cases: the links of a
// case with the values they rest on, and the team's decision on each.
// Every command is for the team only, and audited. The values come from
// the decrypted cases, in a direct conversation only; notices and lists
// name the kinds that matched, never the values.
type linkDesk struct {
	*env
	links *linker
}

// commands are the team's commands on links; their help lines are in
// each messages_<lang>.go.
func (d *linkDesk) commands() []command {
	return []command{
		{name: "links", team: true, listed: true, run: d.list},
		{name: "link", team: true, listed: true, run: d.decide(LinkConfirmed)},
		{name: "unlink", team: true, listed: true, run: d.decide(LinkRejected)},
	}
}

// otherExampleRef stands for a second case reference in usage examples.
const otherExampleRef = "VGL-2026-0017"

// usage explains a command's usage with an example, its placeholders
// replaced by example references.
func usage(x *texts, name string) string {
	u := x.commands[name].usage
	example := u
	for _, ref := range []string{exampleRef, otherExampleRef} {
		i, j := strings.Index(example, "<"), strings.Index(example, ">")
		if i < 0 || j < i {
			break
		}
		example = example[:i] + ref + example[j+1:]
	}
	return fmt.Sprintf(x.usageExample, u, example)
}

// cases finds the cases named by the first n words of the request's
// arguments. When one is missing or unknown it returns the reply that
// says so instead.
func (d *linkDesk) cases(ctx context.Context, r request, x *texts, n int) ([]Case, []Outgoing) {
	words := strings.Fields(r.args)
	if len(words) != n {
		return nil, say(r.msg, true, usage(x, r.name))
	}
	var out []Case
	for _, w := range words {
		ref, ok := normalizeRef(w)
		if !ok {
			return nil, say(r.msg, true, usage(x, r.name))
		}
		c, err := d.store.CaseByRef(ctx, ref)
		switch {
		case errors.Is(err, ErrNotFound):
			d.audit(ctx, r.msg.Sender, r.name, ref, "not found")
			return nil, say(r.msg, true, fmt.Sprintf(x.noSuchCase, ref))
		case err != nil:
			d.log.Error("case lookup failed", "err", err)
			return nil, say(r.msg, true, x.storageTrouble)
		}
		out = append(out, c)
	}
	return out, nil
}

// list shows the links of a case: each linked case with the kinds that
// matched, the team's decision and the shared values, read from both
// decrypted cases. It always answers in a direct conversation.
func (d *linkDesk) list(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	cs, reply := d.cases(ctx, r, x, 1)
	if reply != nil {
		return reply
	}
	c := cs[0]
	links, err := d.store.CaseLinks(ctx, c.ID)
	if err != nil {
		d.log.Error("case links failed", "ref", c.Ref, "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "links", c.Ref, "ok")
	if len(links) == 0 {
		return inPrivate(r.msg, x, fmt.Sprintf(x.noLinks, c.Ref))
	}
	mine, err := d.values(ctx, c)
	if err != nil {
		return say(r.msg, true, x.storageTrouble)
	}
	lines := []string{fmt.Sprintf(x.linksHeader, c.Ref)}
	for _, l := range links {
		lines = append(lines, fmt.Sprintf(x.linkItem, l.Ref, kindsText(x, l.Kinds), stateText(x, l)))
		other, err := d.store.CaseByRef(ctx, l.Ref)
		if err != nil {
			d.log.Error("linked case lookup failed", "ref", l.Ref, "err", err)
			return say(r.msg, true, x.storageTrouble)
		}
		theirs, err := d.values(ctx, other)
		if err != nil {
			return say(r.msg, true, x.storageTrouble)
		}
		for _, ind := range d.links.shared(mine, theirs) {
			lines = append(lines, fmt.Sprintf(x.linkValue, x.kindName[ind.Kind], ind.Value))
		}
	}
	lines = append(lines, "", fmt.Sprintf(x.linksHint, c.Ref))
	return inPrivate(r.msg, x, strings.Join(lines, "\n"))
}

// values returns the indicators of a decrypted case and of the
// information added to it.
func (d *linkDesk) values(ctx context.Context, c Case) ([]indicators.Indicator, error) {
	evs, err := d.store.CaseEvents(ctx, c.ID)
	if err != nil {
		d.log.Error("case history failed", "ref", c.Ref, "err", err)
		return nil, err
	}
	return d.links.indicators(c.Report, evs), nil
}

// decide returns the command that confirms (link) or rejects (unlink) the
// link between two cases, creating it when Vigil had not suggested it.
func (d *linkDesk) decide(state LinkState) func(ctx context.Context, r request) []Outgoing {
	return func(ctx context.Context, r request) []Outgoing {
		x := d.lang(r.msg.Sender)
		cs, reply := d.cases(ctx, r, x, 2)
		if reply != nil {
			return reply
		}
		a, b := cs[0], cs[1]
		target := a.Ref + " " + b.Ref
		if a.ID == b.ID {
			return say(r.msg, true, x.linkSelf)
		}
		_, err := d.store.DecideLink(ctx, a.ID, b.ID, LinkDecision{State: state, By: r.msg.Sender, At: d.now().UTC()})
		if err != nil {
			d.log.Error("link decision not saved", "err", err)
			d.audit(ctx, r.msg.Sender, r.name, target, "error")
			return say(r.msg, true, x.storageTrouble)
		}
		d.audit(ctx, r.msg.Sender, r.name, target, "ok")
		done := x.linkConfirmedNow
		if state == LinkRejected {
			done = x.linkRejectedNow
		}
		return say(r.msg, true, fmt.Sprintf(done, a.Ref, b.Ref))
	}
}

// kindsText names the kinds of a link ("same phone number, same e-mail
// domain"), or says that the team made it.
func kindsText(x *texts, kinds []indicators.Kind) string {
	if len(kinds) == 0 {
		return x.linkedByTeam
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = x.sameKind[k]
	}
	return strings.Join(names, ", ")
}

// stateText says who decided on a link and when, or when Vigil suggested it.
func stateText(x *texts, l CaseLink) string {
	if l.State == LinkSuggested {
		return fmt.Sprintf(x.linkSuggestedOn, x.date(l.LinkedAt.UTC()))
	}
	return fmt.Sprintf(x.linkDecidedBy, x.linkStates[l.State], displayName(l.DecidedBy), x.date(l.DecidedAt.UTC()))
}

// linkedNote is what a notice adds about links, in x's language: the
// first live linked case, how many more, and every kind that matched
// ("Possibly linked to VGL-2026-0012 and 2 more (same e-mail domain, same
// phone number)."), or "" without live links. It never names a value.
func linkedNote(x *texts, links []CaseLink) string {
	var live []CaseLink
	var kinds []indicators.Kind
	for _, l := range links {
		if !l.Live() {
			continue
		}
		live = append(live, l)
		for _, k := range l.Kinds {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	if len(live) == 0 {
		return ""
	}
	slices.SortFunc(kinds, indicators.CompareKinds)
	refs := live[0].Ref
	if len(live) > 1 {
		refs = fmt.Sprintf(x.linkedMore, refs, len(live)-1)
	}
	return "\n" + fmt.Sprintf(x.linkedNotice, refs, kindsText(x, kinds))
}

// linked is the line a notice about c adds on its live links, in the
// team's language; "" when there are none or they cannot be read.
func (n *notices) linked(ctx context.Context, c Case) string {
	links, err := n.store.CaseLinks(ctx, c.ID)
	if err != nil {
		n.log.Error("case links for the notice failed", "ref", c.Ref, "err", err)
		return ""
	}
	return linkedNote(n.team, links)
}

// caseLinksLine is the line of the case view about its links, or "" when
// it has none.
func caseLinksLine(x *texts, ref string, links []CaseLink) string {
	if len(links) == 0 {
		return ""
	}
	items := make([]string, len(links))
	for i, l := range links {
		items[i] = fmt.Sprintf(x.caseLinkItem, l.Ref, kindsText(x, l.Kinds), x.linkStates[l.State])
	}
	return fmt.Sprintf(x.caseLinks, strings.Join(items, "; "), ref)
}

// linkedRefs names the cases linked to a case in a list, or "" when none.
func linkedRefs(x *texts, links []CaseLink) string {
	if len(links) == 0 {
		return ""
	}
	refs := make([]string, len(links))
	for i, l := range links {
		refs[i] = l.Ref
	}
	return " · " + fmt.Sprintf(x.casesLinkedTo, strings.Join(refs, ", "))
}

// linkTexts are the security team's words about linked cases.
type linkTexts struct {
	sameKind         map[indicators.Kind]string // a reason for a link: "same phone number"
	kindName         map[indicators.Kind]string // what a shared value is: "phone number"
	linkStates       map[LinkState]string
	linkedNotice     string // %[1]s the linked cases (linkedMore), %[2]s the kinds
	linkedMore       string // %[1]s the first reference, %[2]d how many more
	linkedByTeam     string // the reason of a link the team made
	linksHeader      string // %s: the reference
	noLinks          string // %s: the reference
	linkItem         string // %[1]s reference, %[2]s the kinds, %[3]s the state (linkSuggestedOn or linkDecidedBy)
	linkSuggestedOn  string // %s: the date
	linkDecidedBy    string // %[1]s the state, %[2]s who, %[3]s the date
	linkValue        string // %[1]s the kind's name, %[2]s the shared value
	linksHint        string // %[1]s: the reference
	caseLinks        string // %[1]s the links (caseLinkItem), %[2]s the reference
	caseLinkItem     string // %[1]s reference, %[2]s the kinds, %[3]s the state
	casesLinkedTo    string // %s: the references
	linkSelf         string
	linkConfirmedNow string // %[1]s, %[2]s: the references
	linkRejectedNow  string // %[1]s, %[2]s: the references
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// advisoryList is how many advisories `advisories` lists.
const advisoryList = 10

// advisoryDesk serves the advisories once written: the list (staff see
// what was sent to them, the team sees how far each delivery got), one
// advisory in full, the channels and rooms they go to, and their
// withdrawal. Writing one is the composer's job. Every change is audited.
type advisoryDesk struct {
	*env
	store    advisoryStores // nil when the deployment keeps no advisories
	composer *composer
	sender   *broadcaster
}

// commands are `advisories` for everyone, and the team's `advisory`,
// `targets`, `target` and `withdraw`.
func (d *advisoryDesk) commands() []command {
	return []command{
		{name: "advisories", listed: true, run: d.list},
		{name: "advisory", listed: true, team: true, run: d.advisory},
		{name: "targets", listed: true, team: true, run: d.targets},
		{name: "target", listed: true, team: true, run: d.target},
		{name: "withdraw", listed: true, team: true, run: d.withdraw},
	}
}

// list answers `advisories [id]`: the latest advisories, or one in full.
// Staff see those sent to every subscriber and not withdrawn, in their
// language; the team sees every one and its deliveries.
func (d *advisoryDesk) list(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	if d.store == nil {
		return say(r.msg, true, x.outreachOff)
	}
	team := d.isTeam(ctx, r.msg.Sender)
	if r.args != "" {
		return d.show(ctx, r, x, team)
	}
	all, err := d.store.Advisories(ctx, advisoryList)
	if err != nil {
		d.log.Error("advisories not listed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	var sb strings.Builder
	for _, a := range all {
		if !team && !forStaff(a) {
			continue
		}
		fmt.Fprintf(&sb, "\n• #%d · %s · %s", a.ID, x.date(a.SentAt), a.Title)
		if team {
			sb.WriteString("\n  " + deliveryLine(x, a))
		}
	}
	if sb.Len() == 0 {
		return say(r.msg, true, x.noAdvisories)
	}
	if team {
		d.audit(ctx, r.msg.Sender, "advisories", "", "ok")
	}
	return say(r.msg, true, x.advisoriesHeader+sb.String()+"\n\n"+x.advisoriesHint)
}

// forStaff reports whether staff may list and read a: it was sent to
// every subscriber and not withdrawn (one sent only to some channels or
// rooms is for their members).
func forStaff(a Advisory) bool { return a.AllSubscribers && a.State == AdvisorySent }

// deliveryLine says how far an advisory's delivery got, for the team.
func deliveryLine(x *texts, a Advisory) string {
	c := a.Deliveries
	line := fmt.Sprintf(x.advisoryCounts, c.Delivered, c.Total(), c.Pending, c.Failed)
	if a.State == AdvisoryWithdrawn {
		line += " · " + fmt.Sprintf(x.advisoryWithdrawnOn, x.date(a.WithdrawnAt), displayName(a.WithdrawnBy))
	}
	return line
}

// show answers `advisories <id>`: a staffer reads the advisory as
// subscribers of their language read it; a team member also sees every
// language, its author, sender and deliveries.
func (d *advisoryDesk) show(ctx context.Context, r request, x *texts, team bool) []Outgoing {
	id, err := strconv.ParseInt(strings.TrimPrefix(r.args, "#"), 10, 64)
	if err != nil {
		return say(r.msg, true, x.advisoriesUsage)
	}
	a, err := d.store.Advisory(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !team && !forStaff(a)) {
		return say(r.msg, true, fmt.Sprintf(x.noSuchAdvisory, id))
	}
	if err != nil {
		d.log.Error("advisory not read", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	if !team {
		return say(r.msg, true, advisoryMessage(a, x.code, false).Text)
	}
	d.audit(ctx, r.msg.Sender, "advisory view", "#"+strconv.FormatInt(id, 10), "ok")
	text := fmt.Sprintf(x.advisoryView, a.ID, a.Title, displayName(a.Author), x.date(a.SentAt), displayName(a.Sender), deliveryLine(x, a))
	for _, t := range a.Texts {
		text += "\n\n[" + t.Lang + "]\n" + t.Text
	}
	return say(r.msg, true, text)
}

// advisory answers the team's `advisory new` (the composer takes over)
// and `advisory <id>` (the advisory in full).
func (d *advisoryDesk) advisory(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	if d.store == nil {
		return say(r.msg, true, x.outreachOff)
	}
	switch {
	case wordsNew[fold(r.args)]:
		return d.composer.start(ctx, r.msg)
	case r.args != "":
		return d.show(ctx, r, x, true)
	}
	return say(r.msg, true, x.advisoryUsage)
}

// targets lists the channels and rooms advisories can go to.
func (d *advisoryDesk) targets(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	if d.store == nil {
		return say(r.msg, true, x.outreachOff)
	}
	ts, err := d.store.Targets(ctx)
	if err != nil {
		d.log.Error("targets not listed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	if len(ts) == 0 {
		return say(r.msg, true, x.noTargets)
	}
	var sb strings.Builder
	sb.WriteString(x.targetsHeader)
	for _, t := range ts {
		sb.WriteString("\n• " + targetLabel(x, t))
	}
	return say(r.msg, true, sb.String())
}

// targetLabel names a target with its platform and language.
func targetLabel(x *texts, t Target) string {
	lang := x.everyLanguage
	if t.Lang != "" {
		lang = t.Lang
	}
	name := t.Name
	if name == "" {
		name = t.Address
	}
	return fmt.Sprintf(x.targetLine, name, t.Platform, lang)
}

// target answers `target add <channel or room> [en|fr|de]` and `target
// remove <channel or room>`. A channel or room is added only when the
// sender's platform says the bot is in it; a refusal is audited.
func (d *advisoryDesk) target(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	if d.store == nil {
		return say(r.msg, true, x.outreachOff)
	}
	fields := strings.Fields(r.args)
	if len(fields) < 2 || len(fields) > 3 {
		return say(r.msg, true, x.targetUsage)
	}
	verb, ref, lang := strings.ToLower(fields[0]), fields[1], ""
	if len(fields) == 3 {
		lang = strings.ToLower(fields[2])
		if _, ok := catalogue[lang]; !ok || verb != "add" {
			return say(r.msg, true, x.targetUsage)
		}
	}
	a, ok := d.adapter(r.msg.Platform)
	finder, canFind := a.(ConversationFinder)
	if !ok || !canFind {
		d.audit(ctx, r.msg.Sender, "target "+verb, ref, "refused")
		return say(r.msg, true, x.targetsUnsupported)
	}
	conv, err := finder.FindConversation(ctx, ref)
	switch {
	case errors.Is(err, ErrNoConversation):
		d.audit(ctx, r.msg.Sender, "target "+verb, ref, "not found")
		return say(r.msg, true, fmt.Sprintf(x.targetUnknown, ref))
	case err != nil:
		d.log.Warn("conversation lookup failed", "platform", r.msg.Platform, "err", err)
		return say(r.msg, true, x.platformTrouble)
	}
	switch verb {
	case "add":
		return d.addTarget(ctx, r, x, conv, lang)
	case "remove":
		removed, err := d.store.RemoveTarget(ctx, r.msg.Platform, conv.ID)
		if err != nil {
			d.log.Error("target not removed", "err", err)
			return say(r.msg, true, x.storageTrouble)
		}
		if !removed {
			return say(r.msg, true, fmt.Sprintf(x.targetNotListed, conv.Name))
		}
		d.audit(ctx, r.msg.Sender, "target remove", r.msg.Platform+" "+conv.ID, "ok")
		return say(r.msg, true, fmt.Sprintf(x.targetRemoved, conv.Name))
	}
	return say(r.msg, true, x.targetUsage)
}

// addTarget adds conv if the bot is a member of it.
func (d *advisoryDesk) addTarget(ctx context.Context, r request, x *texts, conv Conversation, lang string) []Outgoing {
	target := r.msg.Platform + " " + conv.ID
	if !conv.Member {
		d.audit(ctx, r.msg.Sender, "target add", target, "refused")
		return say(r.msg, true, fmt.Sprintf(x.targetNotMember, conv.Name))
	}
	t, err := d.store.AddTarget(ctx, Target{Platform: r.msg.Platform, Address: conv.ID, Name: conv.Name, Lang: lang,
		AddedAt: d.now().UTC(), AddedBy: r.msg.Sender})
	switch {
	case errors.Is(err, ErrTargetExists):
		return say(r.msg, true, fmt.Sprintf(x.targetExists, conv.Name))
	case err != nil:
		d.log.Error("target not added", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "target add", target, "ok")
	return say(r.msg, true, fmt.Sprintf(x.targetAdded, targetLabel(x, t)))
}

// withdraw answers `withdraw <id>`: the advisory is marked withdrawn, what
// was not delivered yet is dropped, and every delivered message is
// deleted, or edited with a notice where the platform does not allow
// deleting it.
func (d *advisoryDesk) withdraw(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	if d.store == nil {
		return say(r.msg, true, x.outreachOff)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(r.args, "#"), 10, 64)
	if err != nil {
		return say(r.msg, true, x.withdrawUsage)
	}
	ref := "#" + strconv.FormatInt(id, 10)
	a, err := d.store.WithdrawAdvisory(ctx, id, r.msg.Sender, d.now().UTC(), d.sender.retraction)
	switch {
	case errors.Is(err, ErrNotFound):
		d.audit(ctx, r.msg.Sender, "withdraw", ref, "not found")
		return say(r.msg, true, fmt.Sprintf(x.noSuchAdvisory, id))
	case err != nil:
		d.log.Error("advisory not withdrawn", "err", err)
		d.audit(ctx, r.msg.Sender, "withdraw", ref, "error")
		return say(r.msg, true, x.storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "withdraw", ref, "ok")
	d.sender.wake()
	return say(r.msg, true, fmt.Sprintf(x.withdrawn, a.ID, a.Title, a.Deliveries.Delivered, a.Deliveries.Withdrawn))
}

// advisoryMessage is what a reader sees: the header with the title, the
// text in lang (the first written when lang has none) and, for a
// subscriber, how to list or stop advisories. lang "" (a channel or room
// for every language) gives every text written, one after the other.
func advisoryMessage(a Advisory, lang string, forSubscriber bool) Reply {
	if lang == "" {
		parts := make([]string, 0, len(a.Texts))
		for _, t := range a.Texts {
			parts = append(parts, advisoryMessage(a, t.Lang, forSubscriber).Text)
		}
		return Reply{Text: strings.Join(parts, "\n\n— — —\n\n")}
	}
	text, in := a.Text(spokenLang(lang))
	x := tr(in)
	out := fmt.Sprintf(x.advisoryHeader, a.ID, a.Title) + "\n\n" + text
	if forSubscriber {
		out += "\n\n" + x.advisoryFooter
	}
	return Reply{Text: out}
}

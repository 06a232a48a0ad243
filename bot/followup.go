package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// followUp lets reporters follow their own reports: where a report
// stands, with the team's replies, and information added afterwards.
// Look-ups that match none of the user's reports are audited, without the
// code typed, and a user who keeps failing is paused (guard).
type followUp struct {
	*env
	notices *notices
	links   *linker // additions are indexed and linked like reports
	guard   lookupGuard
}

func (f *followUp) commands() []command {
	return []command{{name: "status", listed: true, run: f.status}, {name: "add", listed: true, run: f.add}}
}

// status shows the sender's own report: category, status and the team's
// replies.
func (f *followUp) status(ctx context.Context, r request) []Outgoing {
	x := f.lang(r.msg.Sender)
	if r.args == "" {
		return say(r.msg, true, x.statusUsage)
	}
	if out, paused := f.refuseWhilePaused(ctx, r, x, r.args); paused {
		return out
	}
	c, err := f.findOwnCase(ctx, r.msg.Sender, r.args)
	switch {
	case errors.Is(err, ErrNotFound):
		return f.notFound(ctx, r, x, r.args)
	case err != nil:
		f.log.Error("case lookup failed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	evs, err := f.store.CaseEvents(ctx, c.ID)
	if err != nil {
		f.log.Error("case history failed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	parts := []string{fmt.Sprintf(x.statusView, c.Ref, c.Report.Category.LabelIn(f.langs.lang(r.msg.Sender.Key())), x.date(c.FiledAt.UTC()), x.status(c.Status))}
	for _, ev := range evs {
		if ev.Kind == EventReply {
			parts = append(parts, fmt.Sprintf(x.teamWrote, x.date(ev.At.UTC()), ev.Text))
		}
	}
	parts = append(parts, fmt.Sprintf(x.addHint, r.args))
	return inPrivate(r.msg, x, strings.Join(parts, "\n\n"))
}

// add appends the sender's information to their own report and tells the
// team.
func (f *followUp) add(ctx context.Context, r request) []Outgoing {
	x := f.lang(r.msg.Sender)
	key, text, _ := strings.Cut(r.args, " ")
	text = strings.TrimSpace(text)
	if key == "" || text == "" {
		return say(r.msg, true, x.addUsage)
	}
	if out, paused := f.refuseWhilePaused(ctx, r, x, key); paused {
		return out
	}
	c, err := f.findOwnCase(ctx, r.msg.Sender, key)
	if errors.Is(err, ErrNotFound) {
		return f.notFound(ctx, r, x, key)
	}
	if err != nil {
		f.log.Error("case lookup failed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	actor := r.msg.Sender
	if c.Report.Anonymous {
		actor = User{}
	}
	if _, err := f.store.RecordEvent(ctx, c.ID, CaseEvent{At: f.now().UTC(), Kind: EventAddition, Actor: actor, Text: text}, CaseUpdate{}); err != nil {
		f.log.Error("addition not saved", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	f.notices.addition(ctx, c, f.links.reindex(ctx, c))
	return say(r.msg, true, fmt.Sprintf(x.added, c.Ref))
}

// refuseWhilePaused refuses, and audits, a look-up by a user paused after
// repeated failures; paused is false when the look-up may go ahead.
func (f *followUp) refuseWhilePaused(ctx context.Context, r request, x *texts, key string) (out []Outgoing, paused bool) {
	wait, paused := f.guard.paused(r.msg.Sender.Key(), f.now())
	if !paused {
		return nil, false
	}
	f.observe.Refused("lookup")
	f.audit(ctx, r.msg.Sender, r.name, lookupTarget(key), "refused")
	wait = (wait + time.Minute - 1).Truncate(time.Minute) // whole minutes, rounded up
	return say(r.msg, true, fmt.Sprintf(x.lookupsPaused, x.duration(wait))), true
}

// notFound answers a look-up that matched none of the sender's reports:
// it is audited (the reference, or a prefix of the receipt code's hash)
// and counted towards a pause.
func (f *followUp) notFound(ctx context.Context, r request, x *texts, key string) []Outgoing {
	f.audit(ctx, r.msg.Sender, r.name, lookupTarget(key), "not found")
	if f.guard.failed(r.msg.Sender.Key(), f.now()) {
		f.log.Warn("look-ups paused after repeated failures", "platform", r.msg.Platform, "pause", lookupPause)
		return say(r.msg, true, x.notYours+"\n\n"+fmt.Sprintf(x.lookupsPaused, x.duration(lookupPause)))
	}
	return say(r.msg, true, x.notYours)
}

// findOwnCase looks a case up by reference (only the reporter's own) or by
// anonymous receipt code. Someone else's case is reported as ErrNotFound so
// that references cannot be probed.
func (f *followUp) findOwnCase(ctx context.Context, u User, key string) (Case, error) {
	if ref, ok := normalizeRef(key); ok {
		c, err := f.store.CaseByRef(ctx, ref)
		if err != nil {
			return Case{}, err
		}
		if c.Report.Anonymous || c.Reporter.Key() != u.Key() {
			return Case{}, ErrNotFound
		}
		return c, nil
	}
	return f.store.CaseByReceipt(ctx, HashReceipt(key))
}

// inPrivate delivers text to the sender's direct conversation; from a
// group it also leaves a short pointer there, in x's language.
func inPrivate(msg Message, x *texts, text string) []Outgoing {
	if msg.Direct {
		return say(msg, true, text)
	}
	return []Outgoing{
		{To: msg.ReplyAddress(), Reply: Reply{Text: x.sentPrivately, Private: true}},
		{To: DirectTo(msg.Sender.ID), Reply: Reply{Text: text}},
	}
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// followUp lets reporters follow their own reports: where a report
// stands, with the team's replies, and information added afterwards.
type followUp struct {
	*env
	notices *notices
}

func (f *followUp) commands() []command {
	return []command{
		{name: "status", usage: "status <reference or receipt code>", summary: "see where your report stands", run: f.status},
		{name: "add", usage: "add <reference or receipt code> <text>", summary: "add information to your report", run: f.add},
	}
}

// status shows the sender's own report: category, status and the team's
// replies.
func (f *followUp) status(ctx context.Context, r request) []Outgoing {
	if r.args == "" {
		return say(r.msg, true, "Usage: `status <reference or receipt code>`, for example `status VGL-2026-0042`.")
	}
	c, err := f.findOwnCase(ctx, r.msg.Sender, r.args)
	switch {
	case errors.Is(err, ErrNotFound):
		return say(r.msg, true, "I could not find a report with that reference or receipt code filed by you. Check the code; for anonymous reports use the receipt code you were given.")
	case err != nil:
		f.log.Error("case lookup failed", "err", err)
		return say(r.msg, true, storageTrouble)
	}
	evs, err := f.store.CaseEvents(ctx, c.ID)
	if err != nil {
		f.log.Error("case history failed", "err", err)
		return say(r.msg, true, storageTrouble)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Report %s\nCategory: %s\nFiled: %s\nStatus: %s", c.Ref, c.Report.Category.Label(), c.FiledAt.UTC().Format("2 January 2006"), c.Status)
	for _, ev := range evs {
		if ev.Kind == EventReply {
			fmt.Fprintf(&sb, "\n\nThe security team wrote on %s:\n%s", ev.At.Format("2 January 2006"), ev.Text)
		}
	}
	fmt.Fprintf(&sb, "\n\nTo add information, type `add %s <text>`.", r.args)
	return inPrivate(r.msg, sb.String())
}

// add appends the sender's information to their own report and tells the
// team.
func (f *followUp) add(ctx context.Context, r request) []Outgoing {
	key, text, _ := strings.Cut(r.args, " ")
	text = strings.TrimSpace(text)
	if key == "" || text == "" {
		return say(r.msg, true, "Usage: `add <reference or receipt code> <text>`.")
	}
	c, err := f.findOwnCase(ctx, r.msg.Sender, key)
	if errors.Is(err, ErrNotFound) {
		return say(r.msg, true, "I could not find a report with that reference or receipt code filed by you.")
	}
	if err != nil {
		f.log.Error("case lookup failed", "err", err)
		return say(r.msg, true, storageTrouble)
	}
	actor := r.msg.Sender
	if c.Report.Anonymous {
		actor = User{}
	}
	if _, err := f.store.RecordEvent(ctx, c.ID, CaseEvent{At: f.now().UTC(), Kind: EventAddition, Actor: actor, Text: text}, CaseUpdate{}); err != nil {
		f.log.Error("addition not saved", "err", err)
		return say(r.msg, true, storageTrouble)
	}
	f.notices.addition(ctx, c)
	return say(r.msg, true, "Thank you, your information was added to "+c.Ref+" and the security team has been told.")
}

// findOwnCase looks a case up by reference (only the reporter's own) or by
// anonymous receipt code. Someone else's case is reported as ErrNotFound so
// that references cannot be probed.
func (f *followUp) findOwnCase(ctx context.Context, u User, key string) (Case, error) {
	if ref, ok := NormalizeRef(key); ok {
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
// group it also leaves a short pointer there.
func inPrivate(msg Message, text string) []Outgoing {
	if msg.Direct {
		return say(msg, true, text)
	}
	return []Outgoing{
		{To: msg.ReplyAddress(), Reply: Reply{Text: "I have sent you the answer in a direct message.", Private: true}},
		{To: DirectTo(msg.Sender.ID), Reply: Reply{Text: text}},
	}
}

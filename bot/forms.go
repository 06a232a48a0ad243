package bot

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// forms handles reports entered in a platform's form (the Slack modal):
// it opens the form in the reporter's language within the hourly limit,
// files what comes back, tells the reporter what went wrong, and keeps the
// answers of a report that was not filed, encrypted in the session store
// like a conversation's draft, to fill the form next time.
type forms struct {
	*env
	filing *filing
	idle   time.Duration // how long kept answers last, as a conversation's draft
}

// formKey is the session key of a user's kept form answers, apart from
// their report conversation.
func formKey(u User) string { return "form:" + u.Key() }

// open shows msg's sender the form in lang, filled in from prefill or, when
// there is none, from the answers kept after a failed filing. It reports
// whether the adapter has a form and showed it.
func (f *forms) open(ctx context.Context, msg Message, prefill Report, lang string) bool {
	a, ok := f.adapter(msg.Platform)
	if !ok {
		return false
	}
	opener, ok := a.(FormOpener)
	if !ok {
		return false
	}
	if prefill == (Report{}) {
		if kept, err := f.store.LoadSession(ctx, formKey(msg.Sender)); err == nil {
			prefill = kept.Draft
		}
	}
	err := opener.OpenReportForm(ctx, msg, prefill, lang)
	if err != nil && !errors.Is(err, ErrFormUnavailable) {
		f.log.Error("report form not opened", "platform", msg.Platform, "err", err)
	}
	if err == nil {
		f.langs.remember(msg.Sender.Key(), lang)
	}
	return err == nil
}

// openFor answers a platform's own request to report something (a Slack
// message shortcut): the form opens in the sender's language within the
// hourly limit; otherwise the sender is told why in a direct message.
func (f *forms) openFor(ctx context.Context, msg Message, prefill Report) {
	lang := f.langs.lang(msg.Sender.Key())
	x := tr(lang)
	switch {
	case f.filing.limited(ctx, msg.Sender):
		f.tell(ctx, msg.Sender, x.rateReports)
	case !f.open(ctx, msg, prefill, lang):
		f.tell(ctx, msg.Sender, fmt.Sprintf(x.formNotOpened, f.command(msg.Platform, x)))
	}
}

// submit files a report from a form in lang. The reporter gets the
// reference in a direct message, sent in the background through the
// outbox (the form shows it at once from Filed.Confirmation), or what went
// wrong and whether the answers were kept.
func (f *forms) submit(ctx context.Context, from User, r Report, lang string) (Filed, error) {
	x := tr(lang)
	filed, err := f.filing.file(ctx, from, r, formKey(from), lang, DirectTo(from.ID))
	if err == nil {
		f.langs.remember(from.Key(), lang)
		if filed.reply != nil {
			f.filing.courier.later(ctx, *filed.reply, nil)
		} else {
			f.tell(ctx, from, filed.Confirmation)
		}
		return filed, nil
	}
	var verr *ValidationError
	var text string
	switch {
	case errors.As(err, &verr):
		text = x.formNeedsCorrecting
		for _, field := range slices.Sorted(maps.Keys(verr.Fields)) {
			text += " " + verr.Fields[field]
		}
	case errors.Is(err, ErrTooManyReports):
		text = x.rateReports
	default:
		text = x.formNotFiled
		f.log.Error("report from a form not filed", "platform", from.Platform, "err", err)
	}
	// Answers refused by the hourly limit are kept from the end of the
	// limit on, so that the form can be opened with them then.
	var wait time.Duration
	if errors.Is(err, ErrTooManyReports) {
		wait = f.filing.limit.wait(from.Key(), f.now())
		wait = (wait + time.Minute - 1).Truncate(time.Minute) // whole minutes, rounded up
	}
	if f.keep(ctx, from, r, lang, f.now().Add(wait)) {
		if wait > 0 {
			text += " " + fmt.Sprintf(x.formKeptLater, f.command(from.Platform, x), x.duration(f.idle), x.duration(wait))
		} else {
			text += " " + fmt.Sprintf(x.formKept, f.command(from.Platform, x), x.duration(f.idle))
		}
	}
	f.tell(ctx, from, text)
	return Filed{}, err
}

// keep stores the answers of a report that was not filed, to be kept for
// the idle time from since on, and reports whether they could be stored.
func (f *forms) keep(ctx context.Context, u User, r Report, lang string, since time.Time) bool {
	s := Session{Key: formKey(u), User: u, Address: DirectTo(u.ID), Step: StepForm, Lang: lang, Draft: r, UpdatedAt: since.UTC()}
	if err := f.store.SaveSession(ctx, s); err != nil {
		f.log.Error("form answers not kept", "err", err)
		return false
	}
	return true
}

// command is how a user of platform opens the form with the word that
// starts a report in x's language: "`/vigil signaler`" in Slack.
func (f *forms) command(platform string, x *texts) string {
	word := x.commands["report"].usage
	if a, ok := f.adapter(platform); ok {
		if opener, ok := a.(FormOpener); ok {
			word = opener.FormCommand(word)
		}
	}
	return "`" + strings.TrimSpace(word) + "`"
}

// tell sends text to u's direct conversation.
func (f *forms) tell(ctx context.Context, u User, text string) {
	f.deliver(ctx, u.Platform, Outgoing{To: DirectTo(u.ID), Reply: Reply{Text: text}})
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// conversation is the guided report: it starts a report (as a form where
// the adapter has one), asks its questions one by one in the reporter's
// language, keeps the draft in the session store, files it on `submit`,
// and discards drafts left idle.
type conversation struct {
	*env
	filing *filing
	forms  *forms
	guide  *guide // for the category an answer guessed, and questions that look like commands
	idle   time.Duration
	steps  map[Step]step
}

func newConversation(e *env, f *filing, fm *forms, g *guide, idle time.Duration) *conversation {
	c := &conversation{env: e, filing: f, forms: fm, guide: g, idle: idle}
	c.steps = c.stepTable()
	return c
}

// commands are `report`, its French and German words (signaler, melden),
// which start a report in their language, and `cancel`.
func (c *conversation) commands() []command {
	cmds := []command{{name: "report", listed: true, run: c.report}, {name: "cancel", listed: true, run: c.cancel}}
	for word, lang := range reportWords() {
		cmds = append(cmds, command{name: word, run: c.reportIn(lang)})
	}
	return cmds
}

// report starts a report in the language of the sender's latest guidance
// answer or report conversation (English when there is none). When the
// sender's last answer offered a report and guessed its category, the
// report starts with that category filled in, to confirm or change.
func (c *conversation) report(ctx context.Context, r request) []Outgoing {
	return c.start(ctx, r.msg, c.guide.guessedReport(r.msg.Sender), c.langs.lang(r.msg.Sender.Key()))
}

// reportIn returns the command of a localized word for `report`. On its own
// the word starts a report in lang; followed by more text it is an ordinary
// word opening a question ("Meldung an wen?") and goes to the guidance.
func (c *conversation) reportIn(lang string) func(ctx context.Context, r request) []Outgoing {
	return func(ctx context.Context, r request) []Outgoing {
		if fold(r.args) != "" {
			r.name, r.args = "ask", r.msg.Text
			return c.guide.ask(ctx, r)
		}
		return c.start(ctx, r.msg, c.guide.guessedReport(r.msg.Sender), lang)
	}
}

// cancel discards the sender's report in progress. A live session in a
// direct conversation is handled by the conversation itself (resume); this
// covers "cancel" sent from a group.
func (c *conversation) cancel(ctx context.Context, r request) []Outgoing {
	key := r.msg.Sender.Key()
	s, err := c.store.LoadSession(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return say(r.msg, true, tr(c.langs.lang(key)).noReport)
	}
	if err == nil {
		err = c.store.DeleteSession(ctx, key)
	}
	if err != nil {
		c.log.Error("session not cancelled", "err", err)
		return say(r.msg, true, tr(s.Lang).storageTrouble)
	}
	return say(r.msg, true, tr(s.Lang).cancelled)
}

// start begins a guided report for msg's sender in lang. In a group
// conversation the report continues in a direct conversation.
func (c *conversation) start(ctx context.Context, msg Message, prefill Report, lang string) []Outgoing {
	lang = spokenLang(lang)
	x := tr(lang)
	if c.filing.limited(ctx, msg.Sender) {
		return say(msg, true, x.rateReports)
	}
	if c.forms.open(ctx, msg, prefill, lang) {
		return nil
	}
	s := Session{Key: msg.Sender.Key(), User: msg.Sender, Address: msg.ReplyAddress(), Step: StepCategory, Lang: lang,
		Draft: prefill, UpdatedAt: c.now().UTC()}
	var out []Outgoing
	if !msg.Direct {
		s.Address = DirectTo(msg.Sender.ID)
		out = append(out, Outgoing{To: msg.ReplyAddress(), Reply: Reply{Text: x.movedToDirect, Private: true}})
	}
	if err := c.store.SaveSession(ctx, s); err != nil {
		c.log.Error("session not saved", "err", err)
		return say(msg, true, x.storageTrouble)
	}
	c.langs.remember(s.Key, lang)
	return append(out, Outgoing{To: s.Address, Reply: Reply{Text: x.intro + "\n\n" + c.steps[StepCategory].prompt(&s)}})
}

// resume feeds a direct message into the sender's unfinished report, if
// any. handled is false when there is no (live) session; out may then
// still carry an expiry note.
func (c *conversation) resume(ctx context.Context, msg Message) (out []Outgoing, handled bool) {
	s, err := c.store.LoadSession(ctx, msg.Sender.Key())
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, false
	case err != nil:
		c.log.Error("session not loaded", "err", err)
		return say(msg, false, tr(c.langs.lang(msg.Sender.Key())).storageTrouble), true
	}
	if c.expired(s) {
		if err := c.store.DeleteSession(ctx, s.Key); err != nil {
			c.log.Error("expired session not deleted", "err", err)
		}
		return say(msg, false, c.expiryNote(s.Lang)), false
	}
	c.langs.remember(s.Key, s.Lang)
	text, filed := c.advance(ctx, &s, msg.Text)
	if filed != nil {
		return []Outgoing{{To: filed.To, Reply: Reply{Text: text}, claim: filed}}, true
	}
	return say(msg, false, text), true
}

// advance applies one answer to the session, saves or finishes it, and
// returns the text to send back in the session's language; once the
// report is filed, with the outbox item that carries that text.
func (c *conversation) advance(ctx context.Context, s *Session, text string) (string, *OutboxItem) {
	x := tr(s.Lang)
	cur := c.steps[s.Step]
	var reply string
	switch word := fold(text); {
	case wordsCancel[word]:
		if err := c.store.DeleteSession(ctx, s.Key); err != nil {
			c.log.Error("session not deleted", "err", err)
			return x.storageTrouble, nil
		}
		return x.cancelled, nil
	case wordsHelp[word]:
		return x.helpInFlow + "\n\n" + cur.prompt(s), nil
	case wordsBack[word]:
		if len(s.History) == 0 {
			return x.firstQuestion + "\n\n" + cur.prompt(s), nil
		}
		s.Step = s.History[len(s.History)-1]
		s.History = s.History[:len(s.History)-1]
		if s.Step == StepConfirm || s.Step == StepEdit {
			s.Editing = false
		}
		reply = c.steps[s.Step].prompt(s)
	case wordsSkip[word]:
		if !cur.optional {
			return x.cannotSkip + "\n\n" + cur.prompt(s), nil
		}
		cur.skip(s)
		reply = c.moveOn(s)
	case s.Step == StepConfirm:
		switch {
		case wordsSubmit[word]:
			return c.submit(ctx, s)
		case wordsEdit[word]:
			s.History = append(s.History, s.Step)
			s.Step = StepEdit
			reply = c.steps[StepEdit].prompt(s)
		default:
			return x.answerConfirm, nil
		}
	case s.Step == StepEdit:
		i, ok := pick(text, len(editable), s.Lang, func(lang string, i int) string { return tr(lang).editLabel(editable[i]) })
		if !ok {
			return fmt.Sprintf(x.editRange, len(editable)), nil
		}
		s.History = append(s.History, s.Step)
		s.Step, s.Editing = editable[i], true
		reply = c.steps[s.Step].prompt(s)
	default:
		if problem := cur.answer(s, text); problem != "" {
			return problem, nil
		}
		reply = c.moveOn(s)
	}
	s.UpdatedAt = c.now().UTC()
	if err := c.store.SaveSession(ctx, *s); err != nil {
		c.log.Error("session not saved", "err", err)
		return x.storageTrouble, nil
	}
	return reply, nil
}

// moveOn records the answered step and returns the next prompt.
func (c *conversation) moveOn(s *Session) string {
	s.History = append(s.History, s.Step)
	s.Step = next(s)
	if s.Step == StepConfirm {
		s.Editing = false
	}
	return c.steps[s.Step].prompt(s)
}

// submit files the session's report and returns the confirmation, with
// the outbox item that carries it (to be settled once sent), or what went
// wrong, in the session's language.
func (c *conversation) submit(ctx context.Context, s *Session) (string, *OutboxItem) {
	x := tr(s.Lang)
	f, err := c.filing.file(ctx, s.User, s.Draft, s.Key, s.Lang, s.Address)
	var verr *ValidationError
	switch {
	case errors.Is(err, ErrTooManyReports):
		return x.rateReports + " " + x.answersKept, nil
	case errors.As(err, &verr):
		return fmt.Sprintf(x.incomplete, x.fieldLabels(verr.Fields)), nil
	case err != nil:
		c.log.Error("report not filed", "err", err)
		return x.filingFailed, nil
	}
	return f.Confirmation, f.reply
}

func (c *conversation) expired(s Session) bool { return c.now().Sub(s.UpdatedAt) > c.idle }

// expiryNote tells a reporter, in lang, that their unfinished report was
// discarded.
func (c *conversation) expiryNote(lang string) string {
	x := tr(lang)
	return fmt.Sprintf(x.expired, x.duration(c.idle))
}

// expireIdle discards unfinished reports idle for longer than the idle
// time and tells each reporter. It returns how many it expired. Answers
// kept from a form go silently (the reporter was told how long they last).
func (c *conversation) expireIdle(ctx context.Context) (int, error) {
	idle, err := c.store.IdleSessions(ctx, c.now().Add(-c.idle))
	if err != nil {
		return 0, fmt.Errorf("list idle sessions: %w", err)
	}
	n := 0
	for _, s := range idle {
		unlock := c.lockUser(s.User)
		// Re-check under the lock: the user may have answered meanwhile.
		cur, err := c.store.LoadSession(ctx, s.Key)
		if err == nil && c.expired(cur) {
			if err = c.store.DeleteSession(ctx, s.Key); err == nil && cur.Step != StepForm {
				n++
				c.deliver(ctx, s.User.Platform, Outgoing{To: cur.Address, Reply: Reply{Text: c.expiryNote(cur.Lang)}})
			}
		}
		unlock()
		if err != nil && !errors.Is(err, ErrNotFound) {
			return n, fmt.Errorf("expire session: %w", err)
		}
	}
	return n, nil
}

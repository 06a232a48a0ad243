package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Step names one question of the guided report.
type Step string

// Steps of the guided report, in the order they are asked.
const (
	StepCategory       Step = "category"
	StepDate           Step = "date"
	StepChannel        Step = "channel"
	StepWho            Step = "who"
	StepCountry        Step = "country"
	StepDescription    Step = "description"
	StepAccepted       Step = "accepted"
	StepAcceptedDetail Step = "accepted_detail"
	StepEvidence       Step = "evidence"
	StepAnonymity      Step = "anonymity"
	StepContact        Step = "contact"
	StepConfirm        Step = "confirm"
	StepEdit           Step = "edit"
	StepForm           Step = "form" // answers of a form kept after a failed filing
)

// Session is an unfinished report conversation with one user.
type Session struct {
	Key       string  // the user's key; one session per user
	User      User    // the reporter, kept only while the report is unfinished
	Address   Address // where the conversation takes place
	Step      Step
	Lang      string // language of the conversation: "en", "fr" or "de"; empty (stored before languages existed) means "en"
	History   []Step // answered steps, for "back"
	Editing   bool   // return to the summary after the current step
	Draft     Report
	UpdatedAt time.Time
}

// step describes one question: its prompt, how an answer is taken, and
// whether it may be skipped.
type step struct {
	optional bool
	prompt   func(s *Session) string
	// answer stores text into the draft, or returns a message explaining
	// what is wrong with it.
	answer func(s *Session, text string) string
	// skip clears the field of an optional step.
	skip func(s *Session)
}

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

// stepTable returns the questions of the guided report by step.
func (c *conversation) stepTable() map[Step]step {
	categories, channels := Categories(), Channels()
	return map[Step]step{
		StepCategory: {
			prompt: func(s *Session) string {
				menu := numbered(len(categories), func(i int) string { return categories[i].LabelIn(s.Lang) })
				if s.Draft.Category.Valid() {
					return fmt.Sprintf(tr(s.Lang).promptCategoryKept, s.Draft.Category.LabelIn(s.Lang)) + "\n" + menu
				}
				return tr(s.Lang).promptCategory + "\n" + menu
			},
			answer: func(s *Session, t string) string {
				if yes, ok := parseYesNo(t); ok && yes && s.Draft.Category.Valid() {
					return "" // the category guessed from the question, or given before an edit, is kept
				}
				i, ok := pick(t, len(categories), s.Lang, func(lang string, i int) string { return categories[i].LabelIn(lang) })
				if !ok {
					return fmt.Sprintf(tr(s.Lang).numberRange, len(categories))
				}
				s.Draft.Category = categories[i]
				return ""
			},
		},
		StepDate: {
			prompt: func(s *Session) string { return tr(s.Lang).promptDate },
			answer: func(s *Session, t string) string {
				d, err := ParseDay(t, c.now())
				switch {
				case errors.Is(err, ErrFutureDate):
					return tr(s.Lang).dateFuture
				case err != nil:
					return tr(s.Lang).dateUnknown
				}
				s.Draft.OccurredOn = d
				return ""
			},
		},
		StepChannel: {
			prompt: func(s *Session) string {
				return tr(s.Lang).promptChannel + "\n" + numbered(len(channels), func(i int) string { return channels[i].LabelIn(s.Lang) })
			},
			answer: func(s *Session, t string) string {
				i, ok := pick(t, len(channels), s.Lang, func(lang string, i int) string { return channels[i].LabelIn(lang) })
				if !ok {
					return fmt.Sprintf(tr(s.Lang).numberRange, len(channels))
				}
				s.Draft.Channel = channels[i]
				return ""
			},
		},
		StepWho: {
			optional: true,
			prompt:   func(s *Session) string { return tr(s.Lang).promptWho },
			answer:   textAnswer(MaxShortField, func(s *Session, t string) { s.Draft.Approacher = t }),
			skip:     func(s *Session) { s.Draft.Approacher = "" },
		},
		StepCountry: {
			optional: true,
			prompt:   func(s *Session) string { return tr(s.Lang).promptCountry },
			answer:   textAnswer(MaxShortField, func(s *Session, t string) { s.Draft.ApproacherCountry = t }),
			skip:     func(s *Session) { s.Draft.ApproacherCountry = "" },
		},
		StepDescription: {
			prompt: func(s *Session) string { return tr(s.Lang).promptDescription },
			answer: textAnswer(MaxLongField, func(s *Session, t string) { s.Draft.Description = t }),
		},
		StepAccepted: {
			prompt: func(s *Session) string { return tr(s.Lang).promptAccepted },
			answer: func(s *Session, t string) string {
				a, ok := parseAccepted(t)
				if !ok {
					return tr(s.Lang).answerAccepted
				}
				s.Draft.Accepted = a
				if a == AcceptedNo {
					s.Draft.AcceptedDetail = ""
				}
				return ""
			},
		},
		StepAcceptedDetail: {
			optional: true,
			prompt:   func(s *Session) string { return tr(s.Lang).promptAcceptedDetail },
			answer:   textAnswer(MaxLongField, func(s *Session, t string) { s.Draft.AcceptedDetail = t }),
			skip:     func(s *Session) { s.Draft.AcceptedDetail = "" },
		},
		StepEvidence: {
			optional: true,
			prompt:   func(s *Session) string { return tr(s.Lang).promptEvidence },
			answer:   textAnswer(MaxLongField, func(s *Session, t string) { s.Draft.Evidence = t }),
			skip:     func(s *Session) { s.Draft.Evidence = "" },
		},
		StepAnonymity: {
			prompt: func(s *Session) string { return tr(s.Lang).promptAnonymity },
			answer: func(s *Session, t string) string {
				switch w := fold(t); {
				case wordsNamed[w]:
					s.Draft.Anonymous = false
				case wordsAnonymous[w]:
					s.Draft.Anonymous, s.Draft.ContactAllowed = true, false
				default:
					return tr(s.Lang).answerAnonymity
				}
				return ""
			},
		},
		StepContact: {
			prompt: func(s *Session) string { return tr(s.Lang).promptContact },
			answer: func(s *Session, t string) string {
				yes, ok := parseYesNo(t)
				if !ok {
					return tr(s.Lang).answerYesNo
				}
				s.Draft.ContactAllowed = yes
				return ""
			},
		},
		StepConfirm: {
			prompt: func(s *Session) string { return fmt.Sprintf(tr(s.Lang).promptConfirm, summaryIn(s.Lang, s.Draft)) },
			answer: func(*Session, string) string { return "" }, // handled in advance
		},
		StepEdit: {
			prompt: func(s *Session) string {
				return tr(s.Lang).promptEdit + "\n" + numbered(len(editable), func(i int) string { return tr(s.Lang).editLabel(editable[i]) })
			},
			answer: func(*Session, string) string { return "" }, // handled in advance
		},
	}
}

// editable lists, in menu order, the answers a reporter can change from
// the summary.
var editable = []Step{StepCategory, StepDate, StepChannel, StepWho, StepCountry, StepDescription,
	StepAccepted, StepEvidence, StepAnonymity}

// next returns the step after s.Step, given the answers so far.
func next(s *Session) Step {
	var n Step
	switch s.Step {
	case StepCategory:
		n = StepDate
	case StepDate:
		n = StepChannel
	case StepChannel:
		n = StepWho
	case StepWho:
		n = StepCountry
	case StepCountry:
		n = StepDescription
	case StepDescription:
		n = StepAccepted
	case StepAccepted:
		n = StepEvidence
		if s.Draft.Accepted != AcceptedNo {
			n = StepAcceptedDetail
		}
	case StepAcceptedDetail:
		n = StepEvidence
	case StepEvidence:
		n = StepAnonymity
	case StepAnonymity:
		n = StepConfirm
		if !s.Draft.Anonymous {
			n = StepContact
		}
	default:
		n = StepConfirm
	}
	if s.Editing && n != StepAcceptedDetail && n != StepContact {
		n = StepConfirm
	}
	return n
}

func textAnswer(max int, set func(*Session, string)) func(*Session, string) string {
	return func(s *Session, t string) string {
		if n := len([]rune(t)); n > max {
			return fmt.Sprintf(tr(s.Lang).tooLong, max, n)
		}
		set(s, t)
		return ""
	}
}

func numbered(n int, label func(int) string) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "%d. %s\n", i+1, label(i))
	}
	return strings.TrimRight(sb.String(), "\n")
}

// pick accepts a menu number or the start of an item's label ("gift"),
// in the session's language first, then in the others ("cadeau",
// "Geschenk").
func pick(t string, n int, lang string, label func(lang string, i int) string) (int, bool) {
	t = fold(t)
	if i, err := strconv.Atoi(t); err == nil {
		return i - 1, i >= 1 && i <= n
	}
	if len([]rune(t)) < 3 {
		return 0, false
	}
	for _, l := range languagesFrom(lang) {
		for i := 0; i < n; i++ {
			if strings.HasPrefix(fold(label(l, i)), t) {
				return i, true
			}
		}
	}
	return 0, false
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
	return say(msg, false, c.advance(ctx, &s, msg.Text)), true
}

// advance applies one answer to the session, saves or finishes it, and
// returns the text to send back in the session's language.
func (c *conversation) advance(ctx context.Context, s *Session, text string) string {
	x := tr(s.Lang)
	cur := c.steps[s.Step]
	var reply string
	switch word := fold(text); {
	case wordsCancel[word]:
		if err := c.store.DeleteSession(ctx, s.Key); err != nil {
			c.log.Error("session not deleted", "err", err)
			return x.storageTrouble
		}
		return x.cancelled
	case wordsHelp[word]:
		return x.helpInFlow + "\n\n" + cur.prompt(s)
	case wordsBack[word]:
		if len(s.History) == 0 {
			return x.firstQuestion + "\n\n" + cur.prompt(s)
		}
		s.Step = s.History[len(s.History)-1]
		s.History = s.History[:len(s.History)-1]
		if s.Step == StepConfirm || s.Step == StepEdit {
			s.Editing = false
		}
		reply = c.steps[s.Step].prompt(s)
	case wordsSkip[word]:
		if !cur.optional {
			return x.cannotSkip + "\n\n" + cur.prompt(s)
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
			return x.answerConfirm
		}
	case s.Step == StepEdit:
		i, ok := pick(text, len(editable), s.Lang, func(lang string, i int) string { return tr(lang).editLabel(editable[i]) })
		if !ok {
			return fmt.Sprintf(x.editRange, len(editable))
		}
		s.History = append(s.History, s.Step)
		s.Step, s.Editing = editable[i], true
		reply = c.steps[s.Step].prompt(s)
	default:
		if problem := cur.answer(s, text); problem != "" {
			return problem
		}
		reply = c.moveOn(s)
	}
	s.UpdatedAt = c.now().UTC()
	if err := c.store.SaveSession(ctx, *s); err != nil {
		c.log.Error("session not saved", "err", err)
		return x.storageTrouble
	}
	return reply
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

// submit files the session's report and returns the confirmation, or what
// went wrong, in the session's language.
func (c *conversation) submit(ctx context.Context, s *Session) string {
	x := tr(s.Lang)
	f, err := c.filing.file(ctx, s.User, s.Draft, s.Key, s.Lang)
	var verr *ValidationError
	switch {
	case errors.Is(err, ErrTooManyReports):
		return x.rateReports + " " + x.answersKept
	case errors.As(err, &verr):
		return fmt.Sprintf(x.incomplete, x.fieldLabels(verr.Fields))
	case err != nil:
		c.log.Error("report not filed", "err", err)
		return x.filingFailed
	}
	return filedText(s.Lang, f)
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

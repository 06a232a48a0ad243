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
	answer func(b *Bot, s *Session, text string) string
	// skip clears the field of an optional step.
	skip func(s *Session)
}

var steps map[Step]step

func init() {
	steps = map[Step]step{
		StepCategory: {
			prompt: func(s *Session) string {
				menu := numbered(len(Categories), func(i int) string { return Categories[i].LabelIn(s.Lang) })
				if s.Draft.Category.Valid() {
					return fmt.Sprintf(tr(s.Lang).promptCategoryKept, s.Draft.Category.LabelIn(s.Lang)) + "\n" + menu
				}
				return tr(s.Lang).promptCategory + "\n" + menu
			},
			answer: func(_ *Bot, s *Session, t string) string {
				if yes, ok := parseYesNo(t); ok && yes && s.Draft.Category.Valid() {
					return "" // the category guessed from the question, or given before an edit, is kept
				}
				i, ok := pick(t, len(Categories), s.Lang, func(lang string, i int) string { return Categories[i].LabelIn(lang) })
				if !ok {
					return fmt.Sprintf(tr(s.Lang).numberRange, len(Categories))
				}
				s.Draft.Category = Categories[i]
				return ""
			},
		},
		StepDate: {
			prompt: func(s *Session) string { return tr(s.Lang).promptDate },
			answer: func(b *Bot, s *Session, t string) string {
				d, err := ParseDay(t, b.now())
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
				return tr(s.Lang).promptChannel + "\n" + numbered(len(Channels), func(i int) string { return Channels[i].LabelIn(s.Lang) })
			},
			answer: func(_ *Bot, s *Session, t string) string {
				i, ok := pick(t, len(Channels), s.Lang, func(lang string, i int) string { return Channels[i].LabelIn(lang) })
				if !ok {
					return fmt.Sprintf(tr(s.Lang).numberRange, len(Channels))
				}
				s.Draft.Channel = Channels[i]
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
			answer: func(_ *Bot, s *Session, t string) string {
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
			answer: func(_ *Bot, s *Session, t string) string {
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
			answer: func(_ *Bot, s *Session, t string) string {
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
			answer: func(*Bot, *Session, string) string { return "" }, // handled in advance
		},
		StepEdit: {
			prompt: func(s *Session) string {
				return tr(s.Lang).promptEdit + "\n" + numbered(len(editable), func(i int) string { return tr(s.Lang).editLabel(editable[i]) })
			},
			answer: func(*Bot, *Session, string) string { return "" }, // handled in advance
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

func textAnswer(max int, set func(*Session, string)) func(*Bot, *Session, string) string {
	return func(_ *Bot, s *Session, t string) string {
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

// startReport begins a guided report for msg's sender in lang. In a group
// conversation the report continues in a direct conversation.
func (b *Bot) startReport(ctx context.Context, msg Message, prefill Report, lang string) []Outgoing {
	lang = reportLang(lang)
	x := tr(lang)
	if b.reports.full(msg.Sender.Key(), b.now()) && !b.isTeam(ctx, msg.Sender) {
		b.observe.Refused("rate")
		return b.say(msg, true, x.rateReports)
	}
	if a, ok := b.adapter(msg.Platform); ok {
		if f, ok := a.(FormOpener); ok {
			err := f.OpenReportForm(ctx, msg, prefill, lang)
			if err == nil {
				b.langs.remember(msg.Sender.Key(), lang)
				return nil
			}
			if !errors.Is(err, ErrFormUnavailable) {
				b.log.Error("report form not opened", "platform", msg.Platform, "err", err)
			}
		}
	}
	s := Session{Key: msg.Sender.Key(), User: msg.Sender, Address: msg.ReplyAddress(), Step: StepCategory, Lang: lang,
		Draft: prefill, UpdatedAt: b.now().UTC()}
	var out []Outgoing
	if !msg.Direct {
		s.Address = DirectTo(msg.Sender.ID)
		out = append(out, Outgoing{To: msg.ReplyAddress(), Reply: Reply{Text: x.movedToDirect, Private: true}})
	}
	if err := b.store.SaveSession(ctx, s); err != nil {
		b.log.Error("session not saved", "err", err)
		return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: x.storageTrouble, Private: true}}}
	}
	b.langs.remember(s.Key, lang)
	return append(out, Outgoing{To: s.Address, Reply: Reply{Text: x.intro + "\n\n" + steps[StepCategory].prompt(&s)}})
}

// storageTrouble is the English storage-problem reply; the report
// conversation uses its translations from the catalogue.
const storageTrouble = "Sorry, I cannot save anything right now because of a storage problem. Please try again in a few minutes; if it is urgent, contact the security team directly."

// continueReport feeds a direct message into the sender's unfinished
// report, if any. handled is false when there is no (live) session; out may
// then still carry an expiry note.
func (b *Bot) continueReport(ctx context.Context, msg Message) (out []Outgoing, handled bool) {
	s, err := b.store.LoadSession(ctx, msg.Sender.Key())
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, false
	case err != nil:
		b.log.Error("session not loaded", "err", err)
		return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: tr(b.langs.lang(msg.Sender.Key())).storageTrouble}}}, true
	}
	to := msg.ReplyAddress()
	if b.expired(s) {
		if err := b.store.DeleteSession(ctx, s.Key); err != nil {
			b.log.Error("expired session not deleted", "err", err)
		}
		return []Outgoing{{To: to, Reply: Reply{Text: b.expiryNote(s.Lang)}}}, false
	}
	b.langs.remember(s.Key, s.Lang)
	text := b.advance(ctx, &s, msg.Text)
	return []Outgoing{{To: to, Reply: Reply{Text: text}}}, true
}

// advance applies one answer to the session, saves or finishes it, and
// returns the text to send back in the session's language.
func (b *Bot) advance(ctx context.Context, s *Session, text string) string {
	x := tr(s.Lang)
	cur := steps[s.Step]
	var reply string
	switch word := fold(text); {
	case wordsCancel[word]:
		if err := b.store.DeleteSession(ctx, s.Key); err != nil {
			b.log.Error("session not deleted", "err", err)
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
		reply = steps[s.Step].prompt(s)
	case wordsSkip[word]:
		if !cur.optional {
			return x.cannotSkip + "\n\n" + cur.prompt(s)
		}
		cur.skip(s)
		reply = b.moveOn(s)
	case s.Step == StepConfirm:
		switch {
		case wordsSubmit[word]:
			return b.submitSession(ctx, s)
		case wordsEdit[word]:
			s.History = append(s.History, s.Step)
			s.Step = StepEdit
			reply = steps[StepEdit].prompt(s)
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
		reply = steps[s.Step].prompt(s)
	default:
		if problem := cur.answer(b, s, text); problem != "" {
			return problem
		}
		reply = b.moveOn(s)
	}
	s.UpdatedAt = b.now().UTC()
	if err := b.store.SaveSession(ctx, *s); err != nil {
		b.log.Error("session not saved", "err", err)
		return x.storageTrouble
	}
	return reply
}

// moveOn records the answered step and returns the next prompt.
func (b *Bot) moveOn(s *Session) string {
	s.History = append(s.History, s.Step)
	s.Step = next(s)
	if s.Step == StepConfirm {
		s.Editing = false
	}
	return steps[s.Step].prompt(s)
}

// submitSession files the session's report and returns the confirmation,
// or what went wrong, in the session's language.
func (b *Bot) submitSession(ctx context.Context, s *Session) string {
	x := tr(s.Lang)
	f, err := b.fileReport(ctx, s.User, s.Draft, s.Key, s.Lang)
	var verr *ValidationError
	switch {
	case errors.Is(err, ErrTooManyReports):
		return x.rateReports + " " + x.answersKept
	case errors.As(err, &verr):
		return fmt.Sprintf(x.incomplete, x.fieldLabels(verr.Fields))
	case err != nil:
		b.log.Error("report not filed", "err", err)
		return x.filingFailed
	}
	return filedText(s.Lang, f)
}

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
			prompt: func(*Session) string {
				return "What kind of approach was it? Reply with a number:\n" + numbered(len(Categories), func(i int) string { return Categories[i].Label() })
			},
			answer: func(_ *Bot, s *Session, t string) string {
				i, ok := pick(t, len(Categories), func(i int) string { return Categories[i].Label() })
				if !ok {
					return fmt.Sprintf("Please reply with a number from 1 to %d.", len(Categories))
				}
				s.Draft.Category = Categories[i]
				return ""
			},
		},
		StepDate: {
			prompt: func(*Session) string {
				return "When did it happen? For example `today`, `yesterday`, `last Tuesday`, `3 days ago` or a date such as `2026-11-20` or `20/11/2026`."
			},
			answer: func(b *Bot, s *Session, t string) string {
				d, err := ParseDay(t, b.now())
				switch {
				case errors.Is(err, ErrFutureDate):
					return "That date is in the future. When did it happen?"
				case err != nil:
					return "Sorry, I did not understand that date. Try `today`, `yesterday`, `last Tuesday` or `2026-11-20`."
				}
				s.Draft.OccurredOn = d
				return ""
			},
		},
		StepChannel: {
			prompt: func(*Session) string {
				return "How were you approached? Reply with a number:\n" + numbered(len(Channels), func(i int) string { return Channels[i].Label() })
			},
			answer: func(_ *Bot, s *Session, t string) string {
				i, ok := pick(t, len(Channels), func(i int) string { return Channels[i].Label() })
				if !ok {
					return fmt.Sprintf("Please reply with a number from 1 to %d.", len(Channels))
				}
				s.Draft.Channel = Channels[i]
				return ""
			},
		},
		StepWho: {
			optional: true,
			prompt: func(*Session) string {
				return "Who approached you? Name and organisation as far as you know them (or `skip`)."
			},
			answer: textAnswer(MaxShortField, func(s *Session, t string) { s.Draft.Approacher = t }),
			skip:   func(s *Session) { s.Draft.Approacher = "" },
		},
		StepCountry: {
			optional: true,
			prompt: func(*Session) string {
				return "Which country did they say they represent, or seem linked to? (or `skip`)"
			},
			answer: textAnswer(MaxShortField, func(s *Session, t string) { s.Draft.ApproacherCountry = t }),
			skip:   func(s *Session) { s.Draft.ApproacherCountry = "" },
		},
		StepDescription: {
			prompt: func(*Session) string {
				return "What happened? Describe it in your own words: what was said or offered, what they asked for, anything that struck you."
			},
			answer: textAnswer(MaxLongField, func(s *Session, t string) { s.Draft.Description = t }),
		},
		StepAccepted: {
			prompt: func(*Session) string {
				return "Was anything accepted or promised, even informally? Reply `no`, `yes` or `not sure`. It is better to say so now: it will not be held against you."
			},
			answer: func(_ *Bot, s *Session, t string) string {
				a, ok := parseAccepted(t)
				if !ok {
					return "Please reply `no`, `yes` or `not sure`."
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
			prompt: func(*Session) string {
				return "What was accepted or promised, and is it still with you? (or `skip`)"
			},
			answer: textAnswer(MaxLongField, func(s *Session, t string) { s.Draft.AcceptedDetail = t }),
			skip:   func(s *Session) { s.Draft.AcceptedDetail = "" },
		},
		StepEvidence: {
			optional: true,
			prompt: func(*Session) string {
				return "What evidence have you kept? For example e-mails, messages, screenshots, business cards, the gift itself. Keep the originals; just list them here (or `skip`)."
			},
			answer: textAnswer(MaxLongField, func(s *Session, t string) { s.Draft.Evidence = t }),
			skip:   func(s *Session) { s.Draft.Evidence = "" },
		},
		StepAnonymity: {
			prompt: func(*Session) string {
				return "Do you want to file this report with your name or anonymously? Reply with a number:\n" +
					"1. With my name: the security team sees who you are and can follow up with you.\n" +
					"2. Anonymously: your name and chat user ID are not stored with the report. You get a receipt code, the only way to follow up.\n" +
					"Anonymity has limits: the chat platform itself (its operators and logs) sees that you messaged Vigil, and the details you give may identify you."
			},
			answer: func(_ *Bot, s *Session, t string) string {
				switch strings.ToLower(t) {
				case "1", "named", "name", "with my name":
					s.Draft.Anonymous = false
				case "2", "anonymous", "anonymously", "anon":
					s.Draft.Anonymous, s.Draft.ContactAllowed = true, false
				default:
					return "Please reply `1` (with my name) or `2` (anonymously)."
				}
				return ""
			},
		},
		StepContact: {
			prompt: func(*Session) string {
				return "May the security team contact you about this report? Reply `yes` or `no`."
			},
			answer: func(_ *Bot, s *Session, t string) string {
				yes, ok := parseYesNo(t)
				if !ok {
					return "Please reply `yes` or `no`."
				}
				s.Draft.ContactAllowed = yes
				return ""
			},
		},
		StepConfirm: {
			prompt: func(s *Session) string {
				return "Please check your report:\n\n" + Summary(s.Draft) + "\n\nReply `submit` to file it, `edit` to change an answer, or `cancel` to discard it."
			},
			answer: func(*Bot, *Session, string) string { return "" }, // handled in confirm
		},
		StepEdit: {
			prompt: func(*Session) string {
				return "Which answer do you want to change? Reply with a number:\n" + numbered(len(editable), func(i int) string { return editable[i].label })
			},
			answer: func(_ *Bot, s *Session, t string) string { return "" }, // handled in edit
		},
	}
}

// editable lists the answers a reporter can change from the summary.
var editable = []struct {
	label string
	step  Step
}{
	{"Category", StepCategory}, {"When", StepDate}, {"How", StepChannel}, {"Who", StepWho},
	{"Country", StepCountry}, {"What happened", StepDescription}, {"Accepted or promised", StepAccepted},
	{"Evidence", StepEvidence}, {"Name or anonymous", StepAnonymity},
}

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
			return fmt.Sprintf("Please keep this under %d characters (yours has %d).", max, n)
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

// pick accepts a menu number or the start of a label ("gift").
func pick(t string, n int, label func(int) string) (int, bool) {
	t = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(t), "."))
	if i, err := strconv.Atoi(t); err == nil {
		return i - 1, i >= 1 && i <= n
	}
	if len(t) < 3 {
		return 0, false
	}
	for i := 0; i < n; i++ {
		if strings.HasPrefix(strings.ToLower(label(i)), t) {
			return i, true
		}
	}
	return 0, false
}

func parseYesNo(t string) (yes, ok bool) {
	switch strings.ToLower(strings.Trim(t, " .!")) {
	case "yes", "y", "yeah", "yep", "ok", "sure", "oui", "ja":
		return true, true
	case "no", "n", "nope", "non", "nein":
		return false, true
	}
	return false, false
}

func parseAccepted(t string) (Accepted, bool) {
	switch strings.ToLower(strings.Trim(t, " .!")) {
	case "not sure", "unsure", "maybe", "don't know", "dont know", "i don't know", "?":
		return AcceptedUnsure, true
	}
	if yes, ok := parseYesNo(t); ok {
		if yes {
			return AcceptedYes, true
		}
		return AcceptedNo, true
	}
	return "", false
}

// Summary renders a draft report for the reporter to check.
func Summary(r Report) string {
	or := func(s, alt string) string {
		if s == "" {
			return alt
		}
		return s
	}
	day := "(not given)"
	if !r.OccurredOn.IsZero() {
		day = r.OccurredOn.Format("Monday 2 January 2006")
	}
	accepted := map[Accepted]string{AcceptedNo: "No", AcceptedYes: "Yes", AcceptedUnsure: "Not sure"}[r.Accepted]
	if r.AcceptedDetail != "" {
		accepted += ": " + r.AcceptedDetail
	}
	identity := "With my name"
	if r.Anonymous {
		identity = "Anonymous"
	} else if r.ContactAllowed {
		identity += ", the security team may contact me"
	} else {
		identity += ", please do not contact me"
	}
	lines := []string{
		"Category: " + r.Category.Label(),
		"When: " + day,
		"How: " + r.Channel.Label(),
		"Who: " + or(r.Approacher, "(not given)"),
		"Country: " + or(r.ApproacherCountry, "(not given)"),
		"What happened: " + r.Description,
		"Accepted or promised: " + or(accepted, "(not given)"),
		"Evidence: " + or(r.Evidence, "(none listed)"),
	}
	if r.SourceLink != "" {
		lines = append(lines, "Reported message: "+r.SourceLink)
	}
	return strings.Join(append(lines, "Identity: "+identity), "\n")
}

// normalised trims every text field of a report.
func (r Report) normalised() Report {
	for _, f := range []*string{&r.Approacher, &r.ApproacherCountry, &r.Description, &r.AcceptedDetail, &r.Evidence, &r.SourceLink} {
		*f = strings.TrimSpace(*f)
	}
	if r.Anonymous {
		r.ContactAllowed = false
	}
	return r
}

const reportIntro = "Let's record what happened. I will ask a few short questions; at any point reply `back` to go to the previous question, `skip` to leave out an optional one, or `cancel` to stop. Nothing is filed until you confirm."

// startReport begins a guided report for msg's sender. In a group
// conversation the report continues in a direct conversation.
func (b *Bot) startReport(ctx context.Context, msg Message, prefill Report) []Outgoing {
	if b.reports.full(msg.Sender.Key(), b.now()) && !b.isTeam(ctx, msg.Sender) {
		b.observe.Refused("rate")
		return b.say(msg, true, rateLimitedReports)
	}
	if a, ok := b.adapter(msg.Platform); ok {
		if f, ok := a.(FormOpener); ok {
			err := f.OpenReportForm(ctx, msg, prefill)
			if err == nil {
				return nil
			}
			if !errors.Is(err, ErrFormUnavailable) {
				b.log.Error("report form not opened", "platform", msg.Platform, "err", err)
			}
		}
	}
	s := Session{Key: msg.Sender.Key(), User: msg.Sender, Address: msg.ReplyAddress(), Step: StepCategory, Draft: prefill, UpdatedAt: b.now().UTC()}
	var out []Outgoing
	if !msg.Direct {
		s.Address = DirectTo(msg.Sender.ID)
		out = append(out, Outgoing{To: msg.ReplyAddress(), Reply: Reply{Text: "I have sent you a direct message so that your report stays private.", Private: true}})
	}
	if err := b.store.SaveSession(ctx, s); err != nil {
		b.log.Error("session not saved", "err", err)
		return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: storageTrouble, Private: true}}}
	}
	return append(out, Outgoing{To: s.Address, Reply: Reply{Text: reportIntro + "\n\n" + steps[StepCategory].prompt(&s)}})
}

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
		return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: storageTrouble}}}, true
	}
	to := msg.ReplyAddress()
	if b.expired(s) {
		if err := b.store.DeleteSession(ctx, s.Key); err != nil {
			b.log.Error("expired session not deleted", "err", err)
		}
		return []Outgoing{{To: to, Reply: Reply{Text: b.expiryNote()}}}, false
	}
	text := b.advance(ctx, &s, msg.Text)
	return []Outgoing{{To: to, Reply: Reply{Text: text}}}, true
}

// advance applies one answer to the session, saves or finishes it, and
// returns the text to send back.
func (b *Bot) advance(ctx context.Context, s *Session, text string) string {
	cur := steps[s.Step]
	var reply string
	switch word := strings.ToLower(strings.Trim(text, " .!")); {
	case word == "cancel" || word == "stop" || word == "abort":
		if err := b.store.DeleteSession(ctx, s.Key); err != nil {
			b.log.Error("session not deleted", "err", err)
			return storageTrouble
		}
		return "Report cancelled. Nothing was filed."
	case word == "help":
		return "You are filing a report. Reply `back` for the previous question, `skip` for an optional one, or `cancel` to stop.\n\n" + cur.prompt(s)
	case word == "back":
		if len(s.History) == 0 {
			return "This is the first question.\n\n" + cur.prompt(s)
		}
		s.Step = s.History[len(s.History)-1]
		s.History = s.History[:len(s.History)-1]
		if s.Step == StepConfirm || s.Step == StepEdit {
			s.Editing = false
		}
		reply = steps[s.Step].prompt(s)
	case word == "skip":
		if !cur.optional {
			return "This question cannot be skipped.\n\n" + cur.prompt(s)
		}
		cur.skip(s)
		reply = b.moveOn(s)
	case s.Step == StepConfirm:
		switch word {
		case "submit", "send", "file", "yes":
			return b.submitSession(ctx, s)
		case "edit", "change":
			s.History = append(s.History, s.Step)
			s.Step = StepEdit
			reply = steps[StepEdit].prompt(s)
		default:
			return "Please reply `submit`, `edit` or `cancel`."
		}
	case s.Step == StepEdit:
		i, ok := pick(text, len(editable), func(i int) string { return editable[i].label })
		if !ok {
			return fmt.Sprintf("Please reply with a number from 1 to %d, or `back` to return to the summary.", len(editable))
		}
		s.History = append(s.History, s.Step)
		s.Step, s.Editing = editable[i].step, true
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
		return storageTrouble
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

func (b *Bot) submitSession(ctx context.Context, s *Session) string {
	f, err := b.fileReport(ctx, s.User, s.Draft, s.Key)
	var verr *ValidationError
	switch {
	case errors.Is(err, ErrTooManyReports):
		return rateLimitedReports + " Your answers are kept: reply `submit` later to file this report."
	case errors.As(err, &verr):
		return "Some answers are missing or too long (" + strings.Join(sortedKeys(verr.Fields), ", ") + "). Reply `edit` to change them."
	case err != nil:
		b.log.Error("report not filed", "err", err)
		return "Sorry, your report could not be saved because of a storage problem. Your answers are kept: reply `submit` to try again in a moment. If it is urgent, contact the security team directly."
	}
	return filedText(f)
}

package bot

import (
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

package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// request is a parsed command.
type request struct {
	msg  Message
	name string // command word, lower case
	args string // the rest of the text, trimmed
}

// command is one entry of the router.
type command struct {
	usage   string // e.g. "status <reference>"
	summary string // one line for help
	team    bool   // security team only
	run     func(b *Bot, ctx context.Context, r request) []Outgoing
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"help":   {usage: "help", summary: "show this list", run: (*Bot).cmdHelp},
		"ask":    {usage: "ask <question>", summary: "ask about foreign-interference guidance (or just type your question)", run: (*Bot).cmdAsk},
		"topics": {usage: "topics", summary: "list the guidance topics", run: (*Bot).cmdTopics},
		"report": {usage: "report", summary: "report a suspicious approach, step by step (in French `signaler`, in German `melden`)", run: (*Bot).cmdReport},
		"status": {usage: "status <reference or receipt code>", summary: "see where your report stands", run: (*Bot).cmdStatus},
		"cancel": {usage: "cancel", summary: "stop a report in progress", run: (*Bot).cmdCancel},
	}
	for word, lang := range reportWords {
		commands[word] = command{usage: word, run: reportIn(lang)} // not listed in help
	}
}

// reportWords are the French and German words for `report`; each starts a
// report in its language.
var reportWords = map[string]string{"signaler": langFR, "signalement": langFR, "melden": langDE, "meldung": langDE}

// route turns a message into a command and runs it. Text that does not
// start with a command word is a question for the guidance.
func (b *Bot) route(ctx context.Context, msg Message) []Outgoing {
	word, rest, _ := strings.Cut(msg.Text, " ")
	name := strings.ToLower(strings.TrimLeft(word, "/!"))
	r := request{msg: msg, name: name, args: strings.TrimSpace(rest)}
	cmd, ok := commands[name]
	if !ok {
		if out, ok := b.pickSuggestion(msg); ok {
			return out
		}
		if strings.HasPrefix(word, "/") || strings.HasPrefix(word, "!") {
			return b.say(msg, true, fmt.Sprintf("I don't know the command %q. %s", word, shortHelp))
		}
		r.name, r.args = "ask", msg.Text
		return b.cmdAsk(ctx, r)
	}
	if cmd.team && !b.isTeam(ctx, msg.Sender) {
		b.log.Warn("refused team command", "command", name, "platform", msg.Platform)
		b.audit(ctx, msg.Sender, name, "", "refused")
		b.observe.Refused("team")
		return b.say(msg, true, "Sorry, that command is reserved for the security team. Type `help` to see what you can do.")
	}
	return cmd.run(b, ctx, r)
}

const shortHelp = "Type `help` to see what I can do."

// say builds a single reply to msg.
func (b *Bot) say(msg Message, private bool, text string) []Outgoing {
	return []Outgoing{{To: msg.ReplyAddress(), Reply: Reply{Text: text, Private: private}}}
}

// staffCommands is the order of the commands everyone can use in help.
var staffCommands = []string{"ask", "topics", "report", "status", "add", "cancel", "help"}

func (b *Bot) cmdHelp(ctx context.Context, r request) []Outgoing {
	var sb strings.Builder
	sb.WriteString("I am Vigil. I answer questions about foreign interference and take reports of suspicious approaches (offers of money, gifts, paid trips, pressure, fake recruiters...).\n\nCommands:\n")
	for _, n := range staffCommands {
		fmt.Fprintf(&sb, "• `%s`: %s\n", commands[n].usage, commands[n].summary)
	}
	if b.isTeam(ctx, r.msg.Sender) {
		var team []string
		for n, c := range commands {
			if c.team {
				team = append(team, n)
			}
		}
		sort.Strings(team)
		sb.WriteString("\nFor the security team:\n")
		for _, n := range team {
			fmt.Fprintf(&sb, "• `%s`: %s\n", commands[n].usage, commands[n].summary)
		}
	}
	sb.WriteString("\nIn an emergency or if you are in danger, call the police (112) or your security service first.")
	return b.say(r.msg, true, sb.String())
}

func (b *Bot) cmdAsk(ctx context.Context, r request) []Outgoing {
	if r.args == "" {
		return b.say(r.msg, true, "What would you like to know? For example: `ask can I accept a dinner invitation from an embassy?`")
	}
	if b.guidance == nil {
		return b.say(r.msg, false, "Guidance is not loaded yet, so I cannot answer questions. You can still `report` a suspicious approach or check a report with `status <reference>`.")
	}
	a, err := b.guidance.Answer(ctx, r.args, b.langs.lang(r.msg.Sender.Key()))
	if err != nil {
		b.log.Error("guidance failed", "err", err)
		return b.say(r.msg, false, "Sorry, I could not look that up just now. Please try again; to report something, type `report`.")
	}
	b.langs.remember(r.msg.Sender.Key(), a.Lang)
	b.recent.remember(r.msg.Sender.Key(), a, b.now())
	return b.say(r.msg, false, a.Text)
}

// pickSuggestion answers a bare number that picks one of the topics the
// sender's last answer suggested. ok is false when the message is not
// such a pick.
func (b *Bot) pickSuggestion(msg Message) (out []Outgoing, ok bool) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(msg.Text), "."))
	if err != nil || b.guidance == nil {
		return nil, false
	}
	last, ok := b.recent.get(msg.Sender.Key(), b.now())
	if !ok || len(last.suggestions) == 0 {
		return nil, false
	}
	if n < 1 || n > len(last.suggestions) {
		return b.say(msg, true, fmt.Sprintf(tr(last.lang).numberRange, len(last.suggestions))), true
	}
	a, ok := b.guidance.Topic(last.suggestions[n-1], last.lang)
	if !ok {
		return nil, false
	}
	return b.say(msg, false, a.Text), true
}

func (b *Bot) cmdTopics(_ context.Context, r request) []Outgoing {
	if b.guidance == nil {
		return b.say(r.msg, true, "Guidance is not loaded yet.")
	}
	return b.say(r.msg, false, b.guidance.TopicList(r.args))
}

// cmdReport starts a report in the language of the sender's latest
// guidance answer or report conversation (English when there is none).
// When the sender's last answer offered a report and guessed its category,
// the report starts with that category filled in, to confirm or change.
func (b *Bot) cmdReport(ctx context.Context, r request) []Outgoing {
	return b.startReport(ctx, r.msg, b.guessedReport(r.msg.Sender), b.langs.lang(r.msg.Sender.Key()))
}

// guessedReport is the prefill of a report the sender's last answer
// offered: its guessed category, if any.
func (b *Bot) guessedReport(u User) Report {
	last, ok := b.recent.get(u.Key(), b.now())
	if !ok {
		return Report{}
	}
	b.recent.forgetCategory(u.Key())
	return Report{Category: last.category}
}

// reportIn returns the command of a localized word for `report`. On its own
// the word starts a report in lang; followed by more text it is an ordinary
// word opening a question ("Meldung an wen?") and goes to the guidance.
func reportIn(lang string) func(b *Bot, ctx context.Context, r request) []Outgoing {
	return func(b *Bot, ctx context.Context, r request) []Outgoing {
		if fold(r.args) != "" {
			r.name, r.args = "ask", r.msg.Text
			return b.cmdAsk(ctx, r)
		}
		return b.startReport(ctx, r.msg, b.guessedReport(r.msg.Sender), lang)
	}
}

func (b *Bot) cmdCancel(ctx context.Context, r request) []Outgoing {
	// A live session in a direct conversation is handled by the report
	// conversation itself; this covers "cancel" sent from a group.
	key := r.msg.Sender.Key()
	s, err := b.store.LoadSession(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return b.say(r.msg, true, "There is no report in progress. Nothing to cancel.")
	}
	if err == nil {
		err = b.store.DeleteSession(ctx, key)
	}
	if err != nil {
		b.log.Error("session not cancelled", "err", err)
		return b.say(r.msg, true, tr(s.Lang).storageTrouble)
	}
	return b.say(r.msg, true, tr(s.Lang).cancelled)
}

func (b *Bot) cmdStatus(ctx context.Context, r request) []Outgoing {
	if r.args == "" {
		return b.say(r.msg, true, "Usage: `status <reference or receipt code>`, for example `status VGL-2026-0042`.")
	}
	c, err := b.findOwnCase(ctx, r.msg.Sender, r.args)
	switch {
	case errors.Is(err, ErrNotFound):
		return b.say(r.msg, true, "I could not find a report with that reference or receipt code filed by you. Check the code; for anonymous reports use the receipt code you were given.")
	case err != nil:
		b.log.Error("case lookup failed", "err", err)
		return b.say(r.msg, true, storageTrouble)
	}
	evs, err := b.store.CaseEvents(ctx, c.ID)
	if err != nil {
		b.log.Error("case history failed", "err", err)
		return b.say(r.msg, true, storageTrouble)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "Report %s\nCategory: %s\nFiled: %s\nStatus: %s", c.Ref, c.Report.Category.Label(), c.FiledAt.UTC().Format("2 January 2006"), c.Status)
	for _, ev := range evs {
		if ev.Kind == EventReply {
			fmt.Fprintf(&sb, "\n\nThe security team wrote on %s:\n%s", ev.At.Format("2 January 2006"), ev.Text)
		}
	}
	fmt.Fprintf(&sb, "\n\nTo add information, type `add %s <text>`.", r.args)
	return b.inPrivate(r.msg, sb.String())
}

// findOwnCase looks a case up by reference (only the reporter's own) or by
// anonymous receipt code. Someone else's case is reported as ErrNotFound so
// that references cannot be probed.
func (b *Bot) findOwnCase(ctx context.Context, u User, key string) (Case, error) {
	if ref, ok := NormalizeRef(key); ok {
		c, err := b.store.CaseByRef(ctx, ref)
		if err != nil {
			return Case{}, err
		}
		if c.Report.Anonymous || c.Reporter.Key() != u.Key() {
			return Case{}, ErrNotFound
		}
		return c, nil
	}
	return b.store.CaseByReceipt(ctx, HashReceipt(key))
}

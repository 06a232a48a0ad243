package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Limits of an advisory.
const (
	maxAdvisoryTitle = 150
	maxAdvisoryText  = 2500
)

// Composition steps of an advisory draft.
const (
	composeTitle   = "title"
	composeTexts   = "texts"
	composeTargets = "targets"
	composePreview = "preview"
)

// composer is the guided writing of an advisory by a team member, in a
// direct conversation: the title, the text in one or more of en, fr and
// de, the recipients (every subscriber, some channels or rooms), then a
// preview of exactly what each language's readers will see, to `send` or
// `cancel`. The draft is stored, so it survives a restart; one left
// untouched for the idle time is discarded.
type composer struct {
	*env
	store  advisoryStores
	sender *broadcaster
	idle   time.Duration
}

// start begins a new advisory for msg's sender (a team member), replacing
// a draft they left. In a group conversation it continues in a direct one.
func (c *composer) start(ctx context.Context, msg Message) []Outgoing {
	x := c.lang(msg.Sender)
	now := c.now().UTC()
	a, err := c.store.SaveDraft(ctx, Advisory{Author: msg.Sender, Step: composeTitle, CreatedAt: now, UpdatedAt: now})
	if err != nil {
		c.log.Error("advisory draft not saved", "err", err)
		return say(msg, true, x.storageTrouble)
	}
	c.audit(ctx, msg.Sender, "advisory new", "#"+strconv.FormatInt(a.ID, 10), "ok")
	to := msg.ReplyAddress()
	var out []Outgoing
	if !msg.Direct {
		to = DirectTo(msg.Sender.ID)
		out = append(out, Outgoing{To: msg.ReplyAddress(), Reply: Reply{Text: x.composeMoved, Private: true}})
	}
	return append(out, Outgoing{To: to, Reply: Reply{Text: x.composeIntro + "\n\n" + x.composeTitlePrompt}})
}

// resume feeds a direct message into the sender's advisory draft, if any.
// handled is false when there is none (or it was discarded as idle; out
// then says so).
func (c *composer) resume(ctx context.Context, msg Message) (out []Outgoing, handled bool) {
	if c.store == nil {
		return nil, false
	}
	a, err := c.store.Draft(ctx, msg.Sender)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, false
	case err != nil:
		c.log.Error("advisory draft not read", "err", err)
		return nil, false
	}
	x := c.lang(msg.Sender)
	if c.now().Sub(a.UpdatedAt) > c.idle {
		if err := c.store.DiscardDraft(ctx, msg.Sender); err != nil {
			c.log.Error("idle advisory draft not discarded", "err", err)
		}
		c.audit(ctx, msg.Sender, "advisory expired", "#"+strconv.FormatInt(a.ID, 10), "ok")
		return say(msg, true, fmt.Sprintf(x.composeExpired, x.duration(c.idle))), false
	}
	w := fold(msg.Text)
	switch {
	case wordsCancel[w]:
		if err := c.store.DiscardDraft(ctx, msg.Sender); err != nil {
			c.log.Error("advisory draft not discarded", "err", err)
			return say(msg, true, x.storageTrouble), true
		}
		c.audit(ctx, msg.Sender, "advisory cancel", "#"+strconv.FormatInt(a.ID, 10), "ok")
		return say(msg, true, x.composeCancelled), true
	case wordsBack[w]:
		return c.back(ctx, msg, x, a), true
	case wordsHelp[w]:
		return say(msg, true, x.composeHelp), true
	}
	switch a.Step {
	case composeTitle:
		return c.title(ctx, msg, x, a), true
	case composeTexts:
		return c.text(ctx, msg, x, a), true
	case composeTargets:
		return c.chooseTargets(ctx, msg, x, a), true
	default:
		if wordsSend[w] {
			return c.send(ctx, msg, x, a), true
		}
		return say(msg, true, x.composeSendOrCancel), true
	}
}

// save stores the draft at step and returns prompt, or the storage
// problem.
func (c *composer) save(ctx context.Context, msg Message, x *texts, a Advisory, step, prompt string) []Outgoing {
	a.Step, a.UpdatedAt = step, c.now().UTC()
	if _, err := c.store.SaveDraft(ctx, a); err != nil {
		c.log.Error("advisory draft not saved", "err", err)
		return say(msg, true, x.storageTrouble)
	}
	return say(msg, true, prompt)
}

// back returns to the previous step.
func (c *composer) back(ctx context.Context, msg Message, x *texts, a Advisory) []Outgoing {
	switch a.Step {
	case composeTexts:
		return c.save(ctx, msg, x, a, composeTitle, x.composeTitlePrompt)
	case composeTargets:
		return c.save(ctx, msg, x, a, composeTexts, c.textsPrompt(x, a))
	case composePreview:
		return c.targetsPrompt(ctx, msg, x, a)
	}
	return say(msg, true, x.firstQuestion)
}

func (c *composer) title(ctx context.Context, msg Message, x *texts, a Advisory) []Outgoing {
	t := strings.TrimSpace(msg.Text)
	if n := len([]rune(t)); n > maxAdvisoryTitle || strings.Contains(t, "\n") {
		return say(msg, true, fmt.Sprintf(x.composeTitleTooLong, maxAdvisoryTitle))
	}
	a.Title = t
	return c.save(ctx, msg, x, a, composeTexts, c.textsPrompt(x, a))
}

// textsPrompt asks for a text, naming those already written.
func (c *composer) textsPrompt(x *texts, a Advisory) string {
	if len(a.Texts) == 0 {
		return x.composeTextPrompt
	}
	return fmt.Sprintf(x.composeTextMore, writtenLangs(a))
}

// writtenLangs lists the languages of a's texts, in the order written.
func writtenLangs(a Advisory) string {
	langs := make([]string, len(a.Texts))
	for i, t := range a.Texts {
		langs[i] = t.Lang
	}
	return strings.Join(langs, ", ")
}

// text takes "<lang> <text>" (adding or replacing that language's text),
// or `done` once at least one text is written.
func (c *composer) text(ctx context.Context, msg Message, x *texts, a Advisory) []Outgoing {
	if wordsDone[fold(msg.Text)] {
		if len(a.Texts) == 0 {
			return say(msg, true, x.composeTextPrompt)
		}
		return c.targetsPrompt(ctx, msg, x, a)
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(msg.Text), " ")
	lang := strings.TrimSuffix(strings.ToLower(first), ":")
	rest = strings.TrimSpace(rest)
	if _, ok := catalogue[lang]; !ok || rest == "" {
		return say(msg, true, x.composeTextFormat)
	}
	if n := len([]rune(rest)); n > maxAdvisoryText {
		return say(msg, true, fmt.Sprintf(x.tooLong, maxAdvisoryText, n))
	}
	i := slices.IndexFunc(a.Texts, func(t AdvisoryText) bool { return t.Lang == lang })
	if i >= 0 {
		a.Texts[i].Text = rest
	} else {
		a.Texts = append(a.Texts, AdvisoryText{Lang: lang, Text: rest})
	}
	return c.save(ctx, msg, x, a, composeTexts, fmt.Sprintf(x.composeTextSaved, x.languages[lang], writtenLangs(a)))
}

// recipients are the choices of the targets step: every subscriber, then
// each target.
func (c *composer) recipients(ctx context.Context) (subscribers int, targets []Target, err error) {
	if subscribers, err = c.store.Subscribers(ctx); err != nil {
		return 0, nil, err
	}
	targets, err = c.store.Targets(ctx)
	return subscribers, targets, err
}

// targetsPrompt moves the draft to the targets step and lists the choices.
func (c *composer) targetsPrompt(ctx context.Context, msg Message, x *texts, a Advisory) []Outgoing {
	subs, targets, err := c.recipients(ctx)
	if err != nil {
		c.log.Error("recipients not read", "err", err)
		return say(msg, true, x.storageTrouble)
	}
	var sb strings.Builder
	sb.WriteString(x.composeTargetsPrompt)
	fmt.Fprintf(&sb, "\n1. "+x.allSubscribers, subs)
	for i, t := range targets {
		fmt.Fprintf(&sb, "\n%d. %s", i+2, targetLabel(x, t))
	}
	return c.save(ctx, msg, x, a, composeTargets, sb.String())
}

// chooseTargets takes the numbers of the recipients, then shows the
// preview.
func (c *composer) chooseTargets(ctx context.Context, msg Message, x *texts, a Advisory) []Outgoing {
	subs, targets, err := c.recipients(ctx)
	if err != nil {
		c.log.Error("recipients not read", "err", err)
		return say(msg, true, x.storageTrouble)
	}
	a.AllSubscribers, a.TargetIDs = false, nil
	fields := strings.FieldsFunc(msg.Text, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	for _, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > len(targets)+1 {
			return say(msg, true, fmt.Sprintf(x.composeTargetsRange, len(targets)+1))
		}
		if n == 1 {
			a.AllSubscribers = true
		} else if id := targets[n-2].ID; !slices.Contains(a.TargetIDs, id) {
			a.TargetIDs = append(a.TargetIDs, id)
		}
	}
	if !a.AllSubscribers && len(a.TargetIDs) == 0 {
		return say(msg, true, fmt.Sprintf(x.composeTargetsRange, len(targets)+1))
	}
	return c.save(ctx, msg, x, a, composePreview, c.preview(x, a, subs, targets))
}

// preview shows exactly what each language's subscribers, and each chosen
// channel or room, will read.
func (c *composer) preview(x *texts, a Advisory, subs int, targets []Target) string {
	var sb strings.Builder
	sb.WriteString(x.composePreviewIntro)
	if a.AllSubscribers {
		for _, lang := range spoken {
			_, in := a.Text(lang)
			fmt.Fprintf(&sb, "\n\n"+x.previewSubscribers, x.languages[lang], subs)
			if in != lang {
				fmt.Fprintf(&sb, " "+x.previewFallback, x.languages[in])
			}
			sb.WriteString("\n" + quoted(advisoryMessage(a, lang, true).Text))
		}
	}
	for _, t := range targets {
		if slices.Contains(a.TargetIDs, t.ID) {
			fmt.Fprintf(&sb, "\n\n"+x.previewTarget, targetLabel(x, t))
			sb.WriteString("\n" + quoted(advisoryMessage(a, t.Lang, false).Text))
		}
	}
	sb.WriteString("\n\n" + x.composeSendOrCancel)
	return sb.String()
}

// quoted indents text as a quotation, so that the preview shows where a
// message starts and ends.
func quoted(text string) string {
	return "> " + strings.ReplaceAll(text, "\n", "\n> ")
}

// send sends the draft: the store queues every delivery in one
// transaction, and the broadcaster delivers them.
func (c *composer) send(ctx context.Context, msg Message, x *texts, a Advisory) []Outgoing {
	if !c.isTeam(ctx, msg.Sender) {
		c.audit(ctx, msg.Sender, "advisory send", "#"+strconv.FormatInt(a.ID, 10), "refused")
		return say(msg, true, x.teamOnly)
	}
	sent, err := c.store.SendAdvisory(ctx, a.ID, msg.Sender, c.now().UTC(), c.sender.advisoryItem)
	if err != nil {
		c.log.Error("advisory not sent", "err", err)
		c.audit(ctx, msg.Sender, "advisory send", "#"+strconv.FormatInt(a.ID, 10), "error")
		return say(msg, true, x.storageTrouble)
	}
	c.audit(ctx, msg.Sender, "advisory send", fmt.Sprintf("#%d to %d", sent.ID, sent.Deliveries.Total()), "ok")
	c.sender.wake()
	return say(msg, true, fmt.Sprintf(x.advisorySent, sent.ID, sent.Deliveries.Total()))
}

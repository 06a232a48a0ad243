package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Exporter writes cases in an export format. main.go provides it.
type Exporter interface {
	// Formats lists the supported formats ("csv", "json", ...).
	Formats() []string
	// Export writes the cases matching f to w.
	Export(ctx context.Context, w io.Writer, format string, f CaseFilter) error
	// FileName returns the attachment name and content type for a format.
	FileName(format string, at time.Time) (name, contentType string)
}

func init() {
	for name, c := range map[string]command{
		"cases":    {usage: "cases [open|all] [category] [since]", summary: "list cases", run: (*Bot).cmdCases},
		"case":     {usage: "case <reference>", summary: "show a case in full with its history", run: (*Bot).cmdCase},
		"triage":   {usage: "triage <reference> <status> [resolution] [note]", summary: "set the status: new, triaged, investigating, escalated, closed resolved|false-positive|duplicate", run: (*Bot).cmdTriage},
		"severity": {usage: "severity <reference> <low|medium|high> [note]", summary: "change the severity", run: (*Bot).cmdSeverity},
		"assign":   {usage: "assign <reference> <user|me>", summary: "assign a case to a team member", run: (*Bot).cmdAssign},
		"note":     {usage: "note <reference> <text>", summary: "add an internal note", run: (*Bot).cmdNote},
		"reply":    {usage: "reply <reference> <text>", summary: "answer the reporter", run: (*Bot).cmdReply},
		"stats":    {usage: "stats [period]", summary: "counts by category, status and week", run: (*Bot).cmdStats},
		"export":   {usage: "export <format> [period]", summary: "receive an export file in a direct message", run: (*Bot).cmdExport},
	} {
		c.team = true
		commands[name] = c
	}
	commands["add"] = command{usage: "add <reference or receipt code> <text>", summary: "add information to your report", run: (*Bot).cmdAdd}
}

// audit records a team action; failures are logged, never shown.
func (b *Bot) audit(ctx context.Context, u User, action, target, outcome string) {
	err := b.store.Audit(ctx, AuditEntry{At: b.now().UTC(), Actor: u, Action: action, Target: target, Outcome: outcome})
	if err != nil {
		b.log.Error("audit entry not written", "action", action, "err", err)
	}
}

// inPrivate delivers text to the sender's direct conversation; from a
// group it also leaves a short pointer there.
func (b *Bot) inPrivate(msg Message, text string) []Outgoing {
	if msg.Direct {
		return b.say(msg, true, text)
	}
	return []Outgoing{
		{To: msg.ReplyAddress(), Reply: Reply{Text: "I have sent you the answer in a direct message.", Private: true}},
		{To: DirectTo(msg.Sender.ID), Reply: Reply{Text: text}},
	}
}

// teamCase finds the case named by the first argument for a team command.
func (b *Bot) teamCase(ctx context.Context, r request, usage string) (Case, string, []Outgoing) {
	first, rest, _ := strings.Cut(r.args, " ")
	ref, ok := NormalizeRef(first)
	if !ok {
		return Case{}, "", b.say(r.msg, true, "Usage: `"+usage+"`, for example `"+strings.Replace(usage, "<reference>", "VGL-2026-0042", 1)+"`.")
	}
	c, err := b.store.CaseByRef(ctx, ref)
	switch {
	case errors.Is(err, ErrNotFound):
		b.audit(ctx, r.msg.Sender, r.name, ref, "not found")
		return Case{}, "", b.say(r.msg, true, "There is no case "+ref+".")
	case err != nil:
		b.log.Error("case lookup failed", "err", err)
		return Case{}, "", b.say(r.msg, true, storageTrouble)
	}
	return c, strings.TrimSpace(rest), nil
}

func (b *Bot) cmdCases(ctx context.Context, r request) []Outgoing {
	f := CaseFilter{OpenOnly: true, Limit: 30}
	for _, w := range strings.Fields(strings.ToLower(r.args)) {
		switch {
		case w == "open":
			f.OpenOnly = true
		case w == "all":
			f.OpenOnly = false
		case Category(w).Valid():
			f.Category = Category(w)
		default:
			since, ok := ParseSince(w, b.now())
			if !ok {
				return b.say(r.msg, true, fmt.Sprintf("I did not understand %q. Usage: `cases [open|all] [category] [since]`, e.g. `cases all gift 30d`. Categories: %s.", w, categoryNames()))
			}
			f.Since = since
		}
	}
	cases, err := b.store.ListCases(ctx, f)
	if err != nil {
		b.log.Error("list cases failed", "err", err)
		return b.say(r.msg, true, storageTrouble)
	}
	b.audit(ctx, r.msg.Sender, "list", r.args, "ok")
	if len(cases) == 0 {
		return b.inPrivate(r.msg, "No cases match.")
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d most recent matching cases:\n", len(cases))
	for _, c := range cases {
		assignee := ""
		if c.Assignee != "" {
			assignee = " → " + c.Assignee
		}
		fmt.Fprintf(&sb, "%s · %s · %s · %s · %s%s\n", c.Ref, c.FiledAt.Format("2006-01-02"), c.Severity, statusText(c), c.Report.Category.Label(), assignee)
	}
	return b.inPrivate(r.msg, strings.TrimRight(sb.String(), "\n"))
}

func categoryNames() string {
	names := make([]string, len(Categories))
	for i, c := range Categories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

func statusText(c Case) string {
	if c.Status == StatusClosed && c.Resolution != "" {
		return "closed (" + c.Resolution + ")"
	}
	return string(c.Status)
}

func (b *Bot) cmdCase(ctx context.Context, r request) []Outgoing {
	c, _, out := b.teamCase(ctx, r, "case <reference>")
	if out != nil {
		return out
	}
	evs, err := b.store.CaseEvents(ctx, c.ID)
	if err != nil {
		b.log.Error("case history failed", "err", err)
		return b.say(r.msg, true, storageTrouble)
	}
	b.audit(ctx, r.msg.Sender, "view", c.Ref, "ok")
	var sb strings.Builder
	reporter := "anonymous (follows up with a receipt code)"
	if !c.Report.Anonymous {
		reporter = fmt.Sprintf("%s (%s)", displayName(c.Reporter), c.Reporter.Key())
	}
	assignee := c.Assignee
	if assignee == "" {
		assignee = "nobody"
	}
	fmt.Fprintf(&sb, "Case %s\nStatus: %s · Severity: %s · Assigned to: %s\nFiled: %s\nReporter: %s\n\n%s\n\nHistory:\n",
		c.Ref, statusText(c), c.Severity, assignee, c.FiledAt.Format("2006-01-02 15:04 UTC"), reporter, Summary(c.Report))
	for _, ev := range evs {
		fmt.Fprintf(&sb, "%s %s\n", ev.At.Format("2006-01-02 15:04"), describeEvent(ev))
	}
	return b.inPrivate(r.msg, strings.TrimRight(sb.String(), "\n"))
}

func describeEvent(ev CaseEvent) string {
	who := displayName(ev.Actor)
	if ev.Actor.ID == "" {
		who = "the reporter"
	}
	var s string
	switch ev.Kind {
	case EventFiled:
		s = "filed by " + who
	case EventStatus:
		s = fmt.Sprintf("%s set status %s", who, ev.Status)
		if ev.Detail != "" {
			s += " (" + ev.Detail + ")"
		}
	case EventSeverity:
		s = fmt.Sprintf("%s set severity %s", who, ev.Detail)
	case EventAssigned:
		s = fmt.Sprintf("%s assigned it to %s", who, ev.Detail)
	case EventNote:
		s = who + " noted"
	case EventReply:
		s = who + " replied to the reporter"
	case EventAddition:
		s = who + " added information"
	default:
		s = string(ev.Kind)
	}
	if ev.Text != "" {
		s += ": " + ev.Text
	}
	return s
}

// change records an event with its update and confirms it to the team.
func (b *Bot) change(ctx context.Context, r request, c Case, ev CaseEvent, u CaseUpdate, done string) []Outgoing {
	ev.At, ev.Actor = b.now().UTC(), r.msg.Sender
	if _, err := b.store.RecordEvent(ctx, c.ID, ev, u); err != nil {
		b.log.Error("case update failed", "ref", c.Ref, "err", err)
		b.audit(ctx, r.msg.Sender, r.name, c.Ref, "error")
		return b.say(r.msg, true, storageTrouble)
	}
	b.audit(ctx, r.msg.Sender, r.name, c.Ref, "ok")
	return b.say(r.msg, true, done)
}

func (b *Bot) cmdTriage(ctx context.Context, r request) []Outgoing {
	const usage = "triage <reference> <status> [resolution] [note]"
	c, rest, out := b.teamCase(ctx, r, usage)
	if out != nil {
		return out
	}
	word, note, _ := strings.Cut(rest, " ")
	st := Status(strings.ToLower(word))
	if !st.Valid() {
		return b.say(r.msg, true, fmt.Sprintf("Unknown status %q. Use one of: new, triaged, investigating, escalated, closed.", word))
	}
	u := CaseUpdate{Status: st}
	if st == StatusClosed {
		res, after, _ := strings.Cut(strings.TrimSpace(note), " ")
		switch strings.ToLower(res) {
		case ResolutionResolved, ResolutionFalsePositive, ResolutionDuplicate:
			u.Resolution, note = strings.ToLower(res), after
		default:
			return b.say(r.msg, true, "To close a case, give a resolution: `triage "+c.Ref+" closed resolved|false-positive|duplicate [note]`.")
		}
	}
	done := fmt.Sprintf("%s is now %s.", c.Ref, statusText(Case{Status: st, Resolution: u.Resolution}))
	return b.change(ctx, r, c, CaseEvent{Kind: EventStatus, Status: st, Detail: u.Resolution, Text: strings.TrimSpace(note)}, u, done)
}

func (b *Bot) cmdSeverity(ctx context.Context, r request) []Outgoing {
	c, rest, out := b.teamCase(ctx, r, "severity <reference> <low|medium|high> [note]")
	if out != nil {
		return out
	}
	word, note, _ := strings.Cut(rest, " ")
	sev := Severity(strings.ToLower(word))
	if !sev.Valid() {
		return b.say(r.msg, true, fmt.Sprintf("Unknown severity %q. Use low, medium or high.", word))
	}
	return b.change(ctx, r, c, CaseEvent{Kind: EventSeverity, Detail: string(sev), Text: strings.TrimSpace(note)},
		CaseUpdate{Severity: sev}, fmt.Sprintf("%s severity is now %s.", c.Ref, sev))
}

func (b *Bot) cmdAssign(ctx context.Context, r request) []Outgoing {
	c, who, out := b.teamCase(ctx, r, "assign <reference> <user|me>")
	if out != nil {
		return out
	}
	if who == "" {
		return b.say(r.msg, true, "Whom to assign it to? `assign "+c.Ref+" me` or `assign "+c.Ref+" <user ID>`.")
	}
	assignee := r.msg.Sender
	if strings.ToLower(who) != "me" {
		// Slack mentions arrive as <@U123> or <@U123|name>.
		id := strings.TrimSuffix(strings.TrimPrefix(strings.Fields(who)[0], "<@"), ">")
		id, _, _ = strings.Cut(id, "|")
		assignee = User{Platform: r.msg.Platform, ID: id}
	}
	if !b.isTeam(ctx, assignee) {
		return b.say(r.msg, true, fmt.Sprintf("%s is not a member of the security team; cases can only be assigned to the team.", assignee.ID))
	}
	return b.change(ctx, r, c, CaseEvent{Kind: EventAssigned, Detail: assignee.Key()}, CaseUpdate{Assignee: assignee.Key()},
		fmt.Sprintf("%s is assigned to %s.", c.Ref, assignee.Key()))
}

func (b *Bot) cmdNote(ctx context.Context, r request) []Outgoing {
	c, text, out := b.teamCase(ctx, r, "note <reference> <text>")
	if out != nil {
		return out
	}
	if text == "" {
		return b.say(r.msg, true, "The note is empty. Usage: `note "+c.Ref+" <text>`.")
	}
	return b.change(ctx, r, c, CaseEvent{Kind: EventNote, Text: text}, CaseUpdate{}, "Note added to "+c.Ref+". Notes are internal: the reporter does not see them.")
}

func (b *Bot) cmdReply(ctx context.Context, r request) []Outgoing {
	c, text, out := b.teamCase(ctx, r, "reply <reference> <text>")
	if out != nil {
		return out
	}
	if text == "" {
		return b.say(r.msg, true, "The reply is empty. Usage: `reply "+c.Ref+" <text>`.")
	}
	done := "Reply recorded on " + c.Ref + ". The reporter is anonymous and will see it with `status <receipt code>`."
	if !c.Report.Anonymous {
		done = "Reply recorded on " + c.Ref + " and sent to the reporter by direct message."
	}
	out = b.change(ctx, r, c, CaseEvent{Kind: EventReply, Text: text}, CaseUpdate{}, done)
	if !c.Report.Anonymous && strings.HasPrefix(out[0].Reply.Text, "Reply recorded") {
		b.deliver(ctx, c.Reporter.Platform, Outgoing{To: DirectTo(c.Reporter.ID),
			Reply: Reply{Text: fmt.Sprintf("The security team replied about your report %s:\n%s\n\nYou can answer with `add %s <text>`.", c.Ref, text, c.Ref)}})
	}
	return out
}

func (b *Bot) cmdStats(ctx context.Context, r request) []Outgoing {
	period := r.args
	if period == "" {
		period = "90d"
	}
	since, ok := ParseSince(period, b.now())
	if !ok {
		return b.say(r.msg, true, fmt.Sprintf("I did not understand the period %q. Try `stats 30d`, `stats 12w` or `stats 2026-01-01`.", period))
	}
	st, err := b.store.CaseStats(ctx, since)
	if err != nil {
		b.log.Error("stats failed", "err", err)
		return b.say(r.msg, true, storageTrouble)
	}
	b.audit(ctx, r.msg.Sender, "stats", period, "ok")
	var sb strings.Builder
	fmt.Fprintf(&sb, "Cases filed since %s: %d\n\nBy category:\n", since.Format("2006-01-02"), st.Total)
	for _, c := range Categories {
		if n := st.ByCategory[c]; n > 0 {
			fmt.Fprintf(&sb, "  %s: %d\n", c.Label(), n)
		}
	}
	sb.WriteString("\nBy status:\n")
	for _, s := range Statuses {
		if n := st.ByStatus[s]; n > 0 {
			fmt.Fprintf(&sb, "  %s: %d\n", s, n)
		}
	}
	weeks := make([]string, 0, len(st.ByWeek))
	for w := range st.ByWeek {
		weeks = append(weeks, w)
	}
	sort.Strings(weeks)
	sb.WriteString("\nBy week:\n")
	for _, w := range weeks {
		fmt.Fprintf(&sb, "  %s: %d\n", w, st.ByWeek[w])
	}
	return b.inPrivate(r.msg, strings.TrimRight(sb.String(), "\n"))
}

// ParseSince understands a period back from now ("7d", "12w", "24h",
// "week", "month", "year", "all") or a start date (2026-11-01). "all" is
// the zero time.
func ParseSince(s string, now time.Time) (time.Time, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "all":
		return time.Time{}, true
	case "today":
		n := now.UTC()
		return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), true
	case "week":
		s = "7d"
	case "month":
		s = "30d"
	case "year":
		s = "365d"
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	if len(s) < 2 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 100000 {
		return time.Time{}, false
	}
	unit := map[byte]time.Duration{'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	if unit == 0 {
		return time.Time{}, false
	}
	return now.Add(-time.Duration(n) * unit), true
}

func (b *Bot) cmdAdd(ctx context.Context, r request) []Outgoing {
	key, text, _ := strings.Cut(r.args, " ")
	text = strings.TrimSpace(text)
	if key == "" || text == "" {
		return b.say(r.msg, true, "Usage: `add <reference or receipt code> <text>`.")
	}
	c, err := b.findOwnCase(ctx, r.msg.Sender, key)
	if errors.Is(err, ErrNotFound) {
		return b.say(r.msg, true, "I could not find a report with that reference or receipt code filed by you.")
	}
	if err != nil {
		b.log.Error("case lookup failed", "err", err)
		return b.say(r.msg, true, storageTrouble)
	}
	actor := r.msg.Sender
	if c.Report.Anonymous {
		actor = User{}
	}
	if _, err := b.store.RecordEvent(ctx, c.ID, CaseEvent{At: b.now().UTC(), Kind: EventAddition, Actor: actor, Text: text}, CaseUpdate{}); err != nil {
		b.log.Error("addition not saved", "err", err)
		return b.say(r.msg, true, storageTrouble)
	}
	b.notifyTeam(ctx, fmt.Sprintf("The reporter added information to %s. Use `case %s` to read it.", c.Ref, c.Ref))
	return b.say(r.msg, true, "Thank you, your information was added to "+c.Ref+" and the security team has been told.")
}

func (b *Bot) cmdExport(ctx context.Context, r request) []Outgoing {
	if b.exporter == nil {
		return b.say(r.msg, true, "Exports are not available in this deployment.")
	}
	fields := strings.Fields(strings.ToLower(r.args))
	formats := b.exporter.Formats()
	if len(fields) == 0 || !slices.Contains(formats, fields[0]) {
		return b.say(r.msg, true, "Usage: `export <format> [period]` with format one of "+strings.Join(formats, ", ")+", e.g. `export csv 30d`.")
	}
	format := fields[0]
	f := CaseFilter{}
	if len(fields) > 1 {
		since, ok := ParseSince(fields[1], b.now())
		if !ok {
			return b.say(r.msg, true, fmt.Sprintf("I did not understand the period %q. Try `30d`, `12w` or a date like 2026-01-01.", fields[1]))
		}
		f.Since = since
	}
	a, ok := b.adapter(r.msg.Platform)
	fs, canSend := a.(FileSender)
	if !ok || !canSend {
		return b.say(r.msg, true, "This chat cannot receive files. Use `vigil export` on the server instead.")
	}
	name, contentType := b.exporter.FileName(format, b.now())
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(b.exporter.Export(ctx, pw, format, f)) }()
	err := fs.SendFile(ctx, DirectTo(r.msg.Sender.ID), name, contentType, pr)
	pr.CloseWithError(err)
	if err != nil {
		b.log.Error("export not sent", "format", format, "err", err)
		b.audit(ctx, r.msg.Sender, "export", format, "error")
		b.observe.Exported(format, "error")
		return b.say(r.msg, true, "Sorry, the export could not be sent. Please try again or use `vigil export` on the server.")
	}
	b.audit(ctx, r.msg.Sender, "export", format, "ok")
	b.observe.Exported(format, "ok")
	if r.msg.Direct {
		return nil
	}
	return b.say(r.msg, true, "I have sent the export to you in a direct message.")
}

// notifyTeam posts text to every configured security channel or room. It
// returns how many took it and how many are configured.
func (b *Bot) notifyTeam(ctx context.Context, text string) (delivered, desks int) {
	b.mu.RLock()
	adapters := make([]Adapter, 0, len(b.adapters))
	for _, a := range b.adapters {
		adapters = append(adapters, a)
	}
	b.mu.RUnlock()
	for _, a := range adapters {
		desk, ok := a.(SecurityDesk)
		if !ok {
			continue
		}
		to, ok := desk.SecurityAddress()
		if !ok {
			continue
		}
		desks++
		if err := a.Send(ctx, to, Reply{Text: text}); err != nil {
			b.log.Error("security notice not delivered", "platform", a.Platform(), "err", err)
			continue
		}
		delivered++
	}
	return delivered, desks
}

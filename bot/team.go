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

// teamDesk is the security team's case work: lists, the full case,
// triage, severity, assignment, notes, replies to the reporter, counts and
// exports. Every command is for the team only, and audited.
type teamDesk struct {
	*env
	notices  *notices
	exporter Exporter
}

func (d *teamDesk) commands() []command {
	cmds := []command{
		{name: "cases", usage: "cases [open|all] [category] [since]", summary: "list cases", run: d.cases},
		{name: "case", usage: "case <reference>", summary: "show a case in full with its history", run: d.show},
		{name: "triage", usage: "triage <reference> <status> [resolution] [note]", summary: "set the status: new, triaged, investigating, escalated, closed resolved|false-positive|duplicate", run: d.triage},
		{name: "severity", usage: "severity <reference> <low|medium|high> [note]", summary: "change the severity", run: d.severity},
		{name: "assign", usage: "assign <reference> <user|me>", summary: "assign a case to a team member", run: d.assign},
		{name: "note", usage: "note <reference> <text>", summary: "add an internal note", run: d.note},
		{name: "reply", usage: "reply <reference> <text>", summary: "answer the reporter", run: d.reply},
		{name: "stats", usage: "stats [period]", summary: "counts by category, status and week", run: d.stats},
		{name: "export", usage: "export <format> [period]", summary: "receive an export file in a direct message", run: d.export},
	}
	for i := range cmds {
		cmds[i].team = true
	}
	return cmds
}

// teamCase finds the case named by the first argument for a team command.
func (d *teamDesk) teamCase(ctx context.Context, r request, usage string) (Case, string, []Outgoing) {
	first, rest, _ := strings.Cut(r.args, " ")
	ref, ok := NormalizeRef(first)
	if !ok {
		return Case{}, "", say(r.msg, true, "Usage: `"+usage+"`, for example `"+strings.Replace(usage, "<reference>", "VGL-2026-0042", 1)+"`.")
	}
	c, err := d.store.CaseByRef(ctx, ref)
	switch {
	case errors.Is(err, ErrNotFound):
		d.audit(ctx, r.msg.Sender, r.name, ref, "not found")
		return Case{}, "", say(r.msg, true, "There is no case "+ref+".")
	case err != nil:
		d.log.Error("case lookup failed", "err", err)
		return Case{}, "", say(r.msg, true, storageTrouble)
	}
	return c, strings.TrimSpace(rest), nil
}

func (d *teamDesk) cases(ctx context.Context, r request) []Outgoing {
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
			since, ok := ParseSince(w, d.now())
			if !ok {
				return say(r.msg, true, fmt.Sprintf("I did not understand %q. Usage: `cases [open|all] [category] [since]`, e.g. `cases all gift 30d`. Categories: %s.", w, categoryNames()))
			}
			f.Since = since
		}
	}
	cases, err := d.store.ListCases(ctx, f)
	if err != nil {
		d.log.Error("list cases failed", "err", err)
		return say(r.msg, true, storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "list", r.args, "ok")
	if len(cases) == 0 {
		return inPrivate(r.msg, "No cases match.")
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
	return inPrivate(r.msg, strings.TrimRight(sb.String(), "\n"))
}

func categoryNames() string {
	names := make([]string, len(Categories()))
	for i, c := range Categories() {
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

func (d *teamDesk) show(ctx context.Context, r request) []Outgoing {
	c, _, out := d.teamCase(ctx, r, "case <reference>")
	if out != nil {
		return out
	}
	evs, err := d.store.CaseEvents(ctx, c.ID)
	if err != nil {
		d.log.Error("case history failed", "err", err)
		return say(r.msg, true, storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "view", c.Ref, "ok")
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
	return inPrivate(r.msg, strings.TrimRight(sb.String(), "\n"))
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
func (d *teamDesk) change(ctx context.Context, r request, c Case, ev CaseEvent, u CaseUpdate, done string) []Outgoing {
	if !d.record(ctx, r, c, ev, u) {
		return say(r.msg, true, storageTrouble)
	}
	return say(r.msg, true, done)
}

// record stores an event of the sender's with its update, audits it, and
// reports whether it was stored.
func (d *teamDesk) record(ctx context.Context, r request, c Case, ev CaseEvent, u CaseUpdate) bool {
	ev.At, ev.Actor = d.now().UTC(), r.msg.Sender
	if _, err := d.store.RecordEvent(ctx, c.ID, ev, u); err != nil {
		d.log.Error("case update failed", "ref", c.Ref, "err", err)
		d.audit(ctx, r.msg.Sender, r.name, c.Ref, "error")
		return false
	}
	d.audit(ctx, r.msg.Sender, r.name, c.Ref, "ok")
	return true
}

func (d *teamDesk) triage(ctx context.Context, r request) []Outgoing {
	const usage = "triage <reference> <status> [resolution] [note]"
	c, rest, out := d.teamCase(ctx, r, usage)
	if out != nil {
		return out
	}
	word, note, _ := strings.Cut(rest, " ")
	st := Status(strings.ToLower(word))
	if !st.Valid() {
		return say(r.msg, true, fmt.Sprintf("Unknown status %q. Use one of: new, triaged, investigating, escalated, closed.", word))
	}
	u := CaseUpdate{Status: st}
	if st == StatusClosed {
		res, after, _ := strings.Cut(strings.TrimSpace(note), " ")
		switch strings.ToLower(res) {
		case ResolutionResolved, ResolutionFalsePositive, ResolutionDuplicate:
			u.Resolution, note = strings.ToLower(res), after
		default:
			return say(r.msg, true, "To close a case, give a resolution: `triage "+c.Ref+" closed resolved|false-positive|duplicate [note]`.")
		}
	}
	done := fmt.Sprintf("%s is now %s.", c.Ref, statusText(Case{Status: st, Resolution: u.Resolution}))
	return d.change(ctx, r, c, CaseEvent{Kind: EventStatus, Status: st, Detail: u.Resolution, Text: strings.TrimSpace(note)}, u, done)
}

func (d *teamDesk) severity(ctx context.Context, r request) []Outgoing {
	c, rest, out := d.teamCase(ctx, r, "severity <reference> <low|medium|high> [note]")
	if out != nil {
		return out
	}
	word, note, _ := strings.Cut(rest, " ")
	sev := Severity(strings.ToLower(word))
	if !sev.Valid() {
		return say(r.msg, true, fmt.Sprintf("Unknown severity %q. Use low, medium or high.", word))
	}
	return d.change(ctx, r, c, CaseEvent{Kind: EventSeverity, Detail: string(sev), Text: strings.TrimSpace(note)},
		CaseUpdate{Severity: sev}, fmt.Sprintf("%s severity is now %s.", c.Ref, sev))
}

func (d *teamDesk) assign(ctx context.Context, r request) []Outgoing {
	c, who, out := d.teamCase(ctx, r, "assign <reference> <user|me>")
	if out != nil {
		return out
	}
	if who == "" {
		return say(r.msg, true, "Whom to assign it to? `assign "+c.Ref+" me` or `assign "+c.Ref+" <user ID>`.")
	}
	assignee := r.msg.Sender
	if strings.ToLower(who) != "me" {
		// Slack mentions arrive as <@U123> or <@U123|name>.
		id := strings.TrimSuffix(strings.TrimPrefix(strings.Fields(who)[0], "<@"), ">")
		id, _, _ = strings.Cut(id, "|")
		assignee = User{Platform: r.msg.Platform, ID: id}
	}
	if !d.isTeam(ctx, assignee) {
		return say(r.msg, true, fmt.Sprintf("%s is not a member of the security team; cases can only be assigned to the team.", assignee.ID))
	}
	return d.change(ctx, r, c, CaseEvent{Kind: EventAssigned, Detail: assignee.Key()}, CaseUpdate{Assignee: assignee.Key()},
		fmt.Sprintf("%s is assigned to %s.", c.Ref, assignee.Key()))
}

func (d *teamDesk) note(ctx context.Context, r request) []Outgoing {
	c, text, out := d.teamCase(ctx, r, "note <reference> <text>")
	if out != nil {
		return out
	}
	if text == "" {
		return say(r.msg, true, "The note is empty. Usage: `note "+c.Ref+" <text>`.")
	}
	return d.change(ctx, r, c, CaseEvent{Kind: EventNote, Text: text}, CaseUpdate{}, "Note added to "+c.Ref+". Notes are internal: the reporter does not see them.")
}

func (d *teamDesk) reply(ctx context.Context, r request) []Outgoing {
	c, text, out := d.teamCase(ctx, r, "reply <reference> <text>")
	if out != nil {
		return out
	}
	if text == "" {
		return say(r.msg, true, "The reply is empty. Usage: `reply "+c.Ref+" <text>`.")
	}
	done := "Reply recorded on " + c.Ref + ". The reporter is anonymous and will see it with `status <receipt code>`."
	if !c.Report.Anonymous {
		done = "Reply recorded on " + c.Ref + " and sent to the reporter by direct message."
	}
	if !d.record(ctx, r, c, CaseEvent{Kind: EventReply, Text: text}, CaseUpdate{}) {
		return say(r.msg, true, storageTrouble)
	}
	if !c.Report.Anonymous {
		d.notices.reply(ctx, c, text)
	}
	return say(r.msg, true, done)
}

func (d *teamDesk) stats(ctx context.Context, r request) []Outgoing {
	period := r.args
	if period == "" {
		period = "90d"
	}
	since, ok := ParseSince(period, d.now())
	if !ok {
		return say(r.msg, true, fmt.Sprintf("I did not understand the period %q. Try `stats 30d`, `stats 12w` or `stats 2026-01-01`.", period))
	}
	st, err := d.store.CaseStats(ctx, since)
	if err != nil {
		d.log.Error("stats failed", "err", err)
		return say(r.msg, true, storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "stats", period, "ok")
	var sb strings.Builder
	fmt.Fprintf(&sb, "Cases filed since %s: %d\n\nBy category:\n", since.Format("2006-01-02"), st.Total)
	for _, c := range Categories() {
		if n := st.ByCategory[c]; n > 0 {
			fmt.Fprintf(&sb, "  %s: %d\n", c.Label(), n)
		}
	}
	sb.WriteString("\nBy status:\n")
	for _, s := range Statuses() {
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
	return inPrivate(r.msg, strings.TrimRight(sb.String(), "\n"))
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

func (d *teamDesk) export(ctx context.Context, r request) []Outgoing {
	if d.exporter == nil {
		return say(r.msg, true, "Exports are not available in this deployment.")
	}
	fields := strings.Fields(strings.ToLower(r.args))
	formats := d.exporter.Formats()
	if len(fields) == 0 || !slices.Contains(formats, fields[0]) {
		return say(r.msg, true, "Usage: `export <format> [period]` with format one of "+strings.Join(formats, ", ")+", e.g. `export csv 30d`.")
	}
	format := fields[0]
	f := CaseFilter{}
	if len(fields) > 1 {
		since, ok := ParseSince(fields[1], d.now())
		if !ok {
			return say(r.msg, true, fmt.Sprintf("I did not understand the period %q. Try `30d`, `12w` or a date like 2026-01-01.", fields[1]))
		}
		f.Since = since
	}
	a, ok := d.adapter(r.msg.Platform)
	fs, canSend := a.(FileSender)
	if !ok || !canSend {
		return say(r.msg, true, "This chat cannot receive files. Use `vigil export` on the server instead.")
	}
	name, contentType := d.exporter.FileName(format, d.now())
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(d.exporter.Export(ctx, pw, format, f)) }()
	err := fs.SendFile(ctx, DirectTo(r.msg.Sender.ID), name, contentType, pr)
	pr.CloseWithError(err)
	if err != nil {
		d.log.Error("export not sent", "format", format, "err", err)
		d.audit(ctx, r.msg.Sender, "export", format, "error")
		d.observe.Exported(format, "error")
		return say(r.msg, true, "Sorry, the export could not be sent. Please try again or use `vigil export` on the server.")
	}
	d.audit(ctx, r.msg.Sender, "export", format, "ok")
	d.observe.Exported(format, "ok")
	if r.msg.Direct {
		return nil
	}
	return say(r.msg, true, "I have sent the export to you in a direct message.")
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// teamDesk is the security team's case work: lists, the full case,
// triage, severity, assignment, notes, replies to the reporter, counts and
// exports. Every command is for the team only, and audited. Replies
// follow the team member's language; statuses, severities and categories
// keep the codes the commands take.
type teamDesk struct {
	*env
	notices  *notices
	exporter Exporter
	charts   *charts
}

// commands are the team's; to add one, add it here with its method below
// and its help line in each messages_<lang>.go.
func (d *teamDesk) commands() []command {
	cmds := []command{
		{name: "cases", run: d.cases}, {name: "case", run: d.onCase(d.show)}, {name: "triage", run: d.onCase(d.triage)},
		{name: "severity", run: d.onCase(d.severity)}, {name: "assign", run: d.onCase(d.assign)}, {name: "note", run: d.onCase(d.note)},
		{name: "reply", run: d.onCase(d.reply)}, {name: "stats", run: d.stats}, {name: "export", run: d.export},
	}
	for i := range cmds {
		cmds[i].team, cmds[i].listed = true, true
	}
	return cmds
}

// exampleRef stands for a case reference in usage examples.
const exampleRef = "VGL-2026-0042"

// caseCommand is a team command about one case: it gets the case, the
// arguments after its reference and the sender's texts.
type caseCommand func(ctx context.Context, r request, x *texts, c Case, rest string) []Outgoing

// onCase returns the command that finds the case named by the first
// argument and runs cmd on it; without a valid reference, or for an
// unknown case, it explains the usage or the problem.
func (d *teamDesk) onCase(cmd caseCommand) func(ctx context.Context, r request) []Outgoing {
	return func(ctx context.Context, r request) []Outgoing {
		x := d.lang(r.msg.Sender)
		first, rest, _ := strings.Cut(r.args, " ")
		ref, ok := normalizeRef(first)
		if !ok {
			usage := x.commands[r.name].usage
			example := usage
			if i, j := strings.Index(usage, "<"), strings.Index(usage, ">"); i >= 0 && j > i {
				example = usage[:i] + exampleRef + usage[j+1:]
			}
			return say(r.msg, true, fmt.Sprintf(x.usageExample, usage, example))
		}
		c, err := d.store.CaseByRef(ctx, ref)
		switch {
		case errors.Is(err, ErrNotFound):
			d.audit(ctx, r.msg.Sender, r.name, ref, "not found")
			return say(r.msg, true, fmt.Sprintf(x.noSuchCase, ref))
		case err != nil:
			d.log.Error("case lookup failed", "err", err)
			return say(r.msg, true, x.storageTrouble)
		}
		return cmd(ctx, r, x, c, strings.TrimSpace(rest))
	}
}

func (d *teamDesk) cases(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	f := CaseFilter{OpenOnly: true, Limit: 30}
	for _, w := range strings.Fields(strings.ToLower(r.args)) {
		switch {
		case w == "open":
			f.OpenOnly = true
		case w == "all":
			f.OpenOnly = false
		case w == "linked":
			f.Linked = true
		case Category(w).Valid():
			f.Category = Category(w)
		default:
			since, ok := ParseSince(w, d.now())
			if !ok {
				return say(r.msg, true, fmt.Sprintf(x.casesUnknown, w, categoryNames()))
			}
			f.Since = since
		}
	}
	cases, err := d.store.ListCases(ctx, f)
	var linked map[int64][]CaseLink // the live links, named with `cases linked`
	if err == nil && f.Linked {
		linked, err = d.store.AllLinks(ctx)
	}
	if err != nil {
		d.log.Error("list cases failed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "list", r.args, "ok")
	if len(cases) == 0 {
		return inPrivate(r.msg, x, x.noCases)
	}
	lines := []string{fmt.Sprintf(x.casesHeader, len(cases))}
	for _, c := range cases {
		assignee := ""
		if c.Assignee != "" {
			assignee = " → " + c.Assignee
		}
		lines = append(lines, fmt.Sprintf("%s · %s · %s · %s · %s%s", c.Ref, c.FiledAt.Format("2006-01-02"), c.Severity,
			statusText(c), c.Report.Category.LabelIn(d.langs.lang(r.msg.Sender.Key())), assignee)+linkedRefs(x, linked[c.ID]))
	}
	return inPrivate(r.msg, x, strings.Join(lines, "\n"))
}

func categoryNames() string {
	var names []string
	for _, c := range Categories() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// statusText is a case's status code, with the resolution of a closed case.
func statusText(c Case) string {
	if c.Status == StatusClosed && c.Resolution != "" {
		return fmt.Sprintf("%s (%s)", c.Status, c.Resolution)
	}
	return string(c.Status)
}

// show is the full case with its history.
func (d *teamDesk) show(ctx context.Context, r request, x *texts, c Case, _ string) []Outgoing {
	evs, err := d.store.CaseEvents(ctx, c.ID)
	if err != nil {
		d.log.Error("case history failed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "view", c.Ref, "ok")
	reporter := x.anonymousReporter
	if !c.Report.Anonymous {
		reporter = fmt.Sprintf("%s (%s)", displayName(c.Reporter), c.Reporter.Key())
	}
	assignee := c.Assignee
	if assignee == "" {
		assignee = x.nobody
	}
	lines := []string{fmt.Sprintf(x.caseView, c.Ref, statusText(c), c.Severity, assignee,
		c.FiledAt.Format("2006-01-02 15:04 UTC"), reporter, summaryIn(x.code, c.Report))}
	for _, ev := range evs {
		lines = append(lines, ev.At.Format("2006-01-02 15:04")+" "+describeEvent(x, ev))
	}
	links, err := d.store.CaseLinks(ctx, c.ID)
	if err != nil {
		d.log.Error("case links failed", "ref", c.Ref, "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	if line := caseLinksLine(x, c.Ref, links); line != "" {
		lines = append(lines, "", line)
	}
	return inPrivate(r.msg, x, strings.Join(lines, "\n"))
}

// describeEvent is one line of a case's history.
func describeEvent(x *texts, ev CaseEvent) string {
	who := displayName(ev.Actor)
	if ev.Actor.ID == "" {
		who = x.theReporter
	}
	var s string
	switch ev.Kind {
	case EventFiled:
		s = fmt.Sprintf(x.eventFiled, who)
	case EventStatus:
		s = fmt.Sprintf(x.eventStatus, who, ev.Status)
		if ev.Detail != "" {
			s += " (" + ev.Detail + ")"
		}
	case EventSeverity:
		s = fmt.Sprintf(x.eventSeverity, who, ev.Detail)
	case EventAssigned:
		s = fmt.Sprintf(x.eventAssigned, who, ev.Detail)
	case EventNote:
		s = fmt.Sprintf(x.eventNote, who)
	case EventReply:
		s = fmt.Sprintf(x.eventReply, who)
	case EventAddition:
		s = fmt.Sprintf(x.eventAddition, who)
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
		return say(r.msg, true, d.lang(r.msg.Sender).storageTrouble)
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

func (d *teamDesk) triage(ctx context.Context, r request, x *texts, c Case, rest string) []Outgoing {
	word, note, _ := strings.Cut(rest, " ")
	st := Status(strings.ToLower(word))
	if !st.Valid() {
		return say(r.msg, true, fmt.Sprintf(x.unknownStatus, word))
	}
	u := CaseUpdate{Status: st}
	if st == StatusClosed {
		res, after, _ := strings.Cut(strings.TrimSpace(note), " ")
		switch strings.ToLower(res) {
		case ResolutionResolved, ResolutionFalsePositive, ResolutionDuplicate:
			u.Resolution, note = strings.ToLower(res), after
		default:
			return say(r.msg, true, fmt.Sprintf(x.needResolution, c.Ref))
		}
	}
	done := fmt.Sprintf(x.statusNow, c.Ref, statusText(Case{Status: st, Resolution: u.Resolution}))
	return d.change(ctx, r, c, CaseEvent{Kind: EventStatus, Status: st, Detail: u.Resolution, Text: strings.TrimSpace(note)}, u, done)
}

func (d *teamDesk) severity(ctx context.Context, r request, x *texts, c Case, rest string) []Outgoing {
	word, note, _ := strings.Cut(rest, " ")
	sev := Severity(strings.ToLower(word))
	if !sev.Valid() {
		return say(r.msg, true, fmt.Sprintf(x.unknownSeverity, word))
	}
	return d.change(ctx, r, c, CaseEvent{Kind: EventSeverity, Detail: string(sev), Text: strings.TrimSpace(note)},
		CaseUpdate{Severity: sev}, fmt.Sprintf(x.severityNow, c.Ref, sev))
}

func (d *teamDesk) assign(ctx context.Context, r request, x *texts, c Case, who string) []Outgoing {
	if who == "" {
		return say(r.msg, true, fmt.Sprintf(x.assignWhom, c.Ref))
	}
	assignee := r.msg.Sender
	if strings.ToLower(who) != "me" {
		// Slack mentions arrive as <@U123> or <@U123|name>.
		id := strings.TrimSuffix(strings.TrimPrefix(strings.Fields(who)[0], "<@"), ">")
		id, _, _ = strings.Cut(id, "|")
		assignee = User{Platform: r.msg.Platform, ID: id}
	}
	if !d.isTeam(ctx, assignee) {
		return say(r.msg, true, fmt.Sprintf(x.notInTeam, assignee.ID))
	}
	return d.change(ctx, r, c, CaseEvent{Kind: EventAssigned, Detail: assignee.Key()}, CaseUpdate{Assignee: assignee.Key()},
		fmt.Sprintf(x.assignedTo, c.Ref, assignee.Key()))
}

func (d *teamDesk) note(ctx context.Context, r request, x *texts, c Case, text string) []Outgoing {
	if text == "" {
		return say(r.msg, true, fmt.Sprintf(x.noteEmpty, c.Ref))
	}
	return d.change(ctx, r, c, CaseEvent{Kind: EventNote, Text: text}, CaseUpdate{}, fmt.Sprintf(x.noteAdded, c.Ref))
}

// reply records the team's answer to the reporter and sends it to a named
// reporter; an anonymous one reads it with `status <receipt>`.
func (d *teamDesk) reply(ctx context.Context, r request, x *texts, c Case, text string) []Outgoing {
	if text == "" {
		return say(r.msg, true, fmt.Sprintf(x.replyEmpty, c.Ref))
	}
	if !d.record(ctx, r, c, CaseEvent{Kind: EventReply, Text: text}, CaseUpdate{}) {
		return say(r.msg, true, x.storageTrouble)
	}
	if c.Report.Anonymous {
		return say(r.msg, true, fmt.Sprintf(x.replyAnonymous, c.Ref))
	}
	if c.Reporter.Platform == PlatformConsole { // the terminal has no direct messages
		return say(r.msg, true, fmt.Sprintf(x.replyConsole, c.Ref))
	}
	d.notices.reply(ctx, c, text)
	return say(r.msg, true, fmt.Sprintf(x.replyNamed, c.Ref))
}

func (d *teamDesk) stats(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	period := r.args
	if period == "" {
		period = "90d"
	}
	since, ok := ParseSince(period, d.now())
	if !ok {
		return say(r.msg, true, fmt.Sprintf(x.statsPeriod, period))
	}
	st, err := d.store.CaseStats(ctx, since)
	if err != nil {
		d.log.Error("stats failed", "err", err)
		return say(r.msg, true, x.storageTrouble)
	}
	d.audit(ctx, r.msg.Sender, "stats", period, "ok")
	text := statsTable(x, st, since)
	// The chart goes to the sender's direct conversation, where the
	// counts go too, when the platform takes files.
	if _, err := d.charts.send(ctx, r.msg.Platform, DirectTo(r.msg.Sender.ID), st, since, x); err != nil {
		d.log.Error("stats chart not sent", "err", err)
		text += "\n\n" + x.chartFailed
	}
	return inPrivate(r.msg, x, text)
}

// export sends the requester an export file in a direct message.
func (d *teamDesk) export(ctx context.Context, r request) []Outgoing {
	x := d.lang(r.msg.Sender)
	if d.exporter == nil {
		return say(r.msg, true, x.exportOff)
	}
	fields := strings.Fields(strings.ToLower(r.args))
	formats := d.exporter.Formats()
	if len(fields) == 0 || !slices.Contains(formats, fields[0]) {
		return say(r.msg, true, fmt.Sprintf(x.exportUsage, strings.Join(formats, ", ")))
	}
	format := fields[0]
	f := CaseFilter{}
	if len(fields) > 1 {
		since, ok := ParseSince(fields[1], d.now())
		if !ok {
			return say(r.msg, true, fmt.Sprintf(x.exportPeriod, fields[1]))
		}
		f.Since = since
	}
	a, ok := d.adapter(r.msg.Platform)
	fs, canSend := a.(FileSender)
	if !ok || !canSend {
		return say(r.msg, true, x.noFiles)
	}
	name, contentType := d.exporter.FileName(format, d.now())
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(d.exporter.Export(ctx, pw, format, f, r.msg.Sender)) }() // audited by the exporter
	err := fs.SendFile(ctx, DirectTo(r.msg.Sender.ID), name, contentType, pr)
	pr.CloseWithError(err)
	if err != nil {
		d.log.Error("export not sent", "format", format, "err", err)
		d.observe.Exported(format, "error")
		return say(r.msg, true, x.exportFailed)
	}
	d.observe.Exported(format, "ok")
	if r.msg.Direct {
		return nil
	}
	return say(r.msg, true, x.exportSent)
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

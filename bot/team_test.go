package bot_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"vigil/bot"
	"vigil/internal/testkit"
)

func TestTeamCommandsAreRefusedAndAudited(t *testing.T) {
	h := newHarness(t)
	ref := refRE.FindString(h.fullReport(alice, false))
	for _, cmd := range []string{"cases", "case " + ref, "triage " + ref + " closed resolved", "note " + ref + " x", "reply " + ref + " x", "stats", "export csv", "assign " + ref + " me", "severity " + ref + " low"} {
		mustContain(t, h.dm(alice, cmd), "reserved for the security team")
	}
	refused := 0
	for _, e := range h.audit() {
		if e.Outcome == "refused" && e.Actor.Key() == alice.Key() {
			refused++
		}
	}
	if refused != 9 {
		t.Fatalf("refused attempts audited = %d, want 9: %+v", refused, h.audit())
	}
	c, _ := h.store.CaseByRef(context.Background(), ref)
	if c.Status != bot.StatusNew {
		t.Fatalf("refused triage changed the case: %s", c.Status)
	}
}

func TestTriageWorkflow(t *testing.T) {
	h := newHarness(t)
	ref := refRE.FindString(h.fullReport(alice, false))
	mustContain(t, h.dm(sec, "cases"), ref, "high", "new", "Offer of payment")
	mustContain(t, h.dm(sec, "case "+ref), "Case "+ref, "Offered 2000 euros", "Alice (test:U1)", "filed by Alice")
	mustContain(t, h.dm(sec, "triage "+ref+" investigating called the reporter"), "is now investigating")
	mustContain(t, h.dm(sec, "triage "+ref+" bogus"), "Unknown status")
	mustContain(t, h.dm(sec, "triage "+ref+" closed"), "give a resolution")
	mustContain(t, h.dm(sec, "severity "+ref+" medium"), "severity is now medium")
	mustContain(t, h.dm(sec, "assign "+ref+" me"), "assigned to test:SEC1")
	mustContain(t, h.dm(sec, "assign "+ref+" U1"), "not a member of the security team")
	mustContain(t, h.dm(sec, "note "+ref+" looks like the Example Media network"), "Note added")
	mustContain(t, h.dm(sec, "note VGL-2026-0999 x"), "There is no case VGL-2026-0999")
	mustContain(t, h.dm(sec, "note nonsense"), "Usage: `note <reference> <text>`")

	before := len(h.rec.All())
	mustContain(t, h.dm(sec, "reply "+ref+" Thank you, we are looking into it"), "sent to the reporter")
	var notified bool
	for _, s := range h.rec.All()[before:] {
		if s.To == bot.DirectTo("U1") && strings.Contains(s.Reply.Text, "we are looking into it") {
			notified = true
		}
	}
	if !notified {
		t.Fatal("named reporter not notified of the reply")
	}
	// The reporter sees the reply, not the note.
	st := h.dm(alice, "status "+ref)
	mustContain(t, st, "investigating", "we are looking into it")
	if strings.Contains(st, "Example Media network") {
		t.Fatalf("status leaks an internal note: %s", st)
	}
	mustContain(t, h.dm(alice, "add "+ref+" He called again today"), "added to "+ref)
	mustContain(t, h.dm(sec, "triage "+ref+" closed false-positive turned out to be a real journalist"), "closed (false-positive)")

	full := h.dm(sec, "case "+ref)
	mustContain(t, full, "closed (false-positive)", "Severity: medium", "Assigned to: test:SEC1",
		"set status investigating: called the reporter", "set severity medium", "assigned it to test:SEC1",
		"noted: looks like the Example Media network", "replied to the reporter: Thank you", "added information: He called again today")
	if strings.Contains(h.dm(sec, "cases"), ref) {
		t.Fatal("closed case listed among open cases")
	}
	mustContain(t, h.dm(sec, "cases all payment"), ref)
	mustContain(t, h.dm(sec, "cases all gift"), "No cases match")
	mustContain(t, h.dm(sec, "cases sideways"), "did not understand")
	mustContain(t, h.dm(sec, "stats 30d"), "Cases filed since", "Offer of payment or paid work: 1", "closed: 1", "2026-W47: 1")

	actions := map[string]int{}
	for _, e := range h.audit() {
		actions[e.Action+"/"+e.Outcome]++
	}
	for _, want := range []string{"view/ok", "triage/ok", "severity/ok", "assign/ok", "note/ok", "reply/ok", "list/ok", "stats/ok", "note/not found"} {
		if actions[want] == 0 {
			t.Errorf("no audit entry %s in %v", want, actions)
		}
	}
}

func TestAnonymousReporterFollowsUpWithReceipt(t *testing.T) {
	h := newHarness(t)
	out := h.fullReport(alice, true)
	ref := refRE.FindString(out)
	receipt := strings.Fields(out[strings.Index(out, "receipt code is:")+len("receipt code is:"):])[0]
	before := len(h.rec.All())
	mustContain(t, h.dm(sec, "reply "+ref+" Could you tell us the date of the second call?"), "anonymous")
	for _, s := range h.rec.All()[before:] {
		if s.To.UserID == "U1" {
			t.Fatal("anonymous reporter was contacted directly")
		}
	}
	mustContain(t, h.dm(alice, "status "+receipt), "second call")
	mustContain(t, h.dm(alice, "add "+receipt+" It was on Monday"), "added to "+ref)
	mustContain(t, h.dm(alice, "add "+ref+" via the ref"), "could not find")
	full := h.dm(sec, "case "+ref)
	mustContain(t, full, "Reporter: anonymous", "the reporter added information: It was on Monday")
	if strings.Contains(full, "U1") || strings.Contains(full, "Alice") {
		t.Fatalf("anonymous case shows identity: %s", full)
	}
}

func TestTeamOutputFromAGroupGoesToDirect(t *testing.T) {
	h := newHarness(t)
	ref := refRE.FindString(h.fullReport(alice, false))
	out := h.bot.Respond(context.Background(), bot.Message{Platform: "test", ConversationID: "C-ops", Sender: sec, Text: "case " + ref})
	if len(out) != 2 || out[0].To.ConversationID != "C-ops" || strings.Contains(out[0].Reply.Text, "2000") ||
		out[1].To != bot.DirectTo("SEC1") || !strings.Contains(out[1].Reply.Text, "2000 euros") {
		t.Fatalf("replies = %+v", out)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Time{
		"7d": now.AddDate(0, 0, -7), "2w": now.AddDate(0, 0, -14), "24h": now.Add(-24 * time.Hour),
		"month": now.AddDate(0, 0, -30), "2026-01-02": time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), "all": {},
	}
	for in, want := range tests {
		if got, ok := bot.ParseSince(in, now); !ok || !got.Equal(want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "d", "-3d", "3y", "soon", "0d"} {
		if _, ok := bot.ParseSince(in, now); ok {
			t.Errorf("ParseSince(%q) accepted", in)
		}
	}
}

// fileRecorder is a recorder that can receive files.
type fileRecorder struct {
	testkit.Recorder
	files map[string]string
}

func (f *fileRecorder) SendFile(_ context.Context, to bot.Address, name, _ string, r io.Reader) error {
	b, err := io.ReadAll(r)
	f.files[to.UserID+"/"+name] = string(b)
	return err
}

// listExporter writes one line per case reference.
type listExporter struct{ h *harness }

func (listExporter) Formats() []string { return []string{"list"} }
func (e listExporter) Export(ctx context.Context, w io.Writer, _ string, f bot.CaseFilter, _ bot.User) error {
	return e.h.mem.EachCase(ctx, f, func(c bot.Case, _ []bot.CaseEvent) error {
		_, err := io.WriteString(w, c.Ref+"\n")
		return err
	})
}
func (listExporter) FileName(format string, _ time.Time) (string, string) {
	return "cases." + format, "text/plain"
}

func TestExportInChatGoesToTheRequesterOnly(t *testing.T) {
	h := newHarness(t)
	fr := &fileRecorder{Recorder: testkit.Recorder{Name: "files"}, files: map[string]string{}}
	b := bot.New(bot.Options{Store: h.store, Now: h.clock.Now, Exporter: listExporter{h},
		Roles: bot.StaticRoles{Users: map[string]bool{"files:SEC1": true}}})
	b.Register(fr)
	staff := bot.User{Platform: "files", ID: "U1"}
	team := bot.User{Platform: "files", ID: "SEC1"}
	for i := 0; i < 3; i++ {
		if _, err := b.SubmitReport(context.Background(), staff, bot.Report{Category: bot.CategoryGift, OccurredOn: h.clock.Now(),
			Channel: bot.ChannelEvent, Description: "wine", Accepted: bot.AcceptedNo}, ""); err != nil {
			t.Fatal(err)
		}
	}
	say := func(u bot.User, direct bool, text string) string {
		return joinReplies(b.Respond(context.Background(), bot.Message{Platform: "files", ConversationID: "C1", Sender: u, Direct: direct, Text: text}))
	}
	mustContain(t, say(staff, true, "export list"), "reserved for the security team")
	mustContain(t, say(team, true, "export pdf"), "format one of list")
	mustContain(t, say(team, false, "export list 30d"), "sent the export to you in a direct message")
	got := fr.files["SEC1/cases.list"]
	if got != "VGL-2026-0001\nVGL-2026-0002\nVGL-2026-0003\n" {
		t.Fatalf("exported file = %q (files %v)", got, fr.files)
	}
	if len(fr.files) != 1 {
		t.Fatalf("files sent: %v", fr.files)
	}
}

// directoryRecorder is a recorder whose platform says who is in the team.
type directoryRecorder struct {
	testkit.Recorder
	members map[string]bool
}

func (d *directoryRecorder) IsTeamMember(_ context.Context, id string) (bool, error) {
	return d.members[id], nil
}

func TestTeamFromThePlatformDirectory(t *testing.T) {
	h := newHarness(t)
	dir := &directoryRecorder{Recorder: testkit.Recorder{Name: "dir"}, members: map[string]bool{"G1": true}}
	b := bot.New(bot.Options{Store: h.store, Now: h.clock.Now})
	b.Register(dir)
	say := func(id, text string) string {
		return joinReplies(b.Respond(context.Background(), bot.Message{Platform: "dir", Sender: bot.User{Platform: "dir", ID: id}, Direct: true, Text: text}))
	}
	mustContain(t, say("G1", "cases"), "No cases match")
	mustContain(t, say("U7", "cases"), "reserved for the security team")
}

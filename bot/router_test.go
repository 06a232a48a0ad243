package bot_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"vigil/bot"
)

// fakeGuidance answers every question with a fixed text naming it.
type fakeGuidance struct{}

func (fakeGuidance) Answer(_ context.Context, q, _ string) (bot.Answer, error) {
	return bot.Answer{Question: q, Lang: "en", Confident: true, Text: "guidance for: " + q}, nil
}
func (fakeGuidance) Topic(string, string) (bot.Answer, bool) { return bot.Answer{}, false }
func (fakeGuidance) TopicList(lang string, _ bool) string    { return "topics in " + lang }

func TestRouter(t *testing.T) {
	h := newHarness(t)
	g := bot.New(bot.Options{Store: h.store, Guidance: fakeGuidance{}})
	ask := func(text string) string {
		return joinReplies(g.Respond(context.Background(), bot.Message{Platform: "test", Sender: alice, Direct: true, Text: text}))
	}
	tests := []struct{ in, want string }{
		{"help", "Commands:"},
		{"HELP", "Commands:"},
		{"  Help  ", "Commands:"},
		{"ask can I keep a gift?", "guidance for: can I keep a gift?"},
		{"Ask", "What would you like to know"},
		{"can I keep a gift?", "guidance for: can I keep a gift?"},
		{"topics fr", "topics in fr"},
		{"/frobnicate now", `I don't know the command "/frobnicate"`},
		{"!nope", `I don't know the command "!nope"`},
		{"status", "Usage: `status"},
		{"cancel", "no report in progress"},
		{"Report", "What kind of approach"},
	}
	for _, tt := range tests {
		if got := ask(tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("%q -> %q, want it to contain %q", tt.in, got, tt.want)
		}
	}
}

func TestNoGuidanceLoaded(t *testing.T) {
	h := newHarness(t)
	mustContain(t, h.dm(alice, "what is foreign interference?"), "Guidance is not loaded")
	mustContain(t, h.dm(alice, "topics"), "Guidance is not loaded")
}

func TestHelpShowsTeamCommandsOnlyToTheTeam(t *testing.T) {
	h := newHarness(t)
	staff := h.dm(alice, "help")
	mustContain(t, staff, "`report`", "`status <reference or receipt code>`", "`add <reference or receipt code> <text>`")
	if strings.Contains(staff, "For the security team") || strings.Contains(staff, "`cases") {
		t.Fatalf("help shows team commands to a staffer:\n%s", staff)
	}
	mustContain(t, h.dm(sec, "help"), "For the security team:", "`cases [open|all] [linked] [category] [since]`", "`triage <reference>", "`export <format> [period]`",
		"`links <reference>`", "`link <reference> <reference>`", "`unlink <reference> <reference>`")
}

func TestBadInput(t *testing.T) {
	h := newHarness(t)
	if out := h.bot.Respond(context.Background(), bot.Message{Platform: "test", Sender: alice, Direct: true, Text: " \t\n\x00 "}); out != nil {
		t.Fatalf("empty message answered: %+v", out)
	}
	long := strings.Repeat("é", bot.MaxMessageRunes+1)
	mustContain(t, h.dm(alice, long), "too long", "4000")
	mustContain(t, h.dm(alice, "he\x00lp\x07"), "Commands:")
	mustContain(t, h.dm(alice, "\xff\xfehelp"), "Guidance is not loaded")
}

func TestCleanInput(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  hello  ", "hello"},
		{"a\x00b\x1bc", "abc"},
		{"line1\r\nline2", "line1\nline2"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"zero\u200bwidth\u202e", "zerowidth"},
	}
	for _, tt := range tests {
		got, problem := bot.CleanInput(tt.in)
		if got != tt.want || problem != "" {
			t.Errorf("CleanInput(%q) = %q, %q; want %q", tt.in, got, problem, tt.want)
		}
	}
	if got, problem := bot.CleanInput(strings.Repeat("a", bot.MaxMessageRunes)); problem != "" || len(got) != bot.MaxMessageRunes {
		t.Errorf("a message of exactly the limit is refused: %q", problem)
	}
}

func FuzzRouter(f *testing.F) {
	for _, s := range []string{"help", "report", "status VGL-2026-0001", "cancel", "ask x", "/x", "!vigil", "\xff", "status " + strings.Repeat("A", 50), "signaler", "Meldung an wen?"} {
		f.Add(s)
	}
	h := newHarness(f)
	f.Fuzz(func(t *testing.T, text string) {
		out := h.bot.Respond(context.Background(), bot.Message{Platform: "test", Sender: bot.User{Platform: "test", ID: "F"}, Text: text})
		cleaned, _ := bot.CleanInput(text)
		if cleaned != "" && len(out) == 0 {
			t.Fatalf("no reply to %q", text)
		}
		for _, o := range out {
			if !utf8.ValidString(o.Reply.Text) || o.Reply.Text == "" {
				t.Fatalf("bad reply %q to %q", o.Reply.Text, text)
			}
		}
	})
}

func FuzzReportConversation(f *testing.F) {
	f.Add("1\nyesterday\n2\nx\nskip\nwhat\nyes\nskip\n1\nno\nedit\n3\n4\nsubmit")
	f.Add("9\nback\nback\nskip\n2026-02-30\n31/12/1999\ncancel")
	f.Add("2\n3 days ago\nemail\n\xff\nback\nhelp\n" + strings.Repeat("z", 5000))
	f.Add("retour\ncadeau\navant-hier\ntéléphone\npasser\npasser\nquoi\npas sûr\npasser\npasser\n2\nmodifier\nqui\nx\nenvoyer")
	f.Add("Druck\nletzten Dienstag\nzurück\n3\nvor 3 Tagen\nüberspringen\nweiß nicht\nja\n1\nnein\nändern\n9\n2\nabsenden")
	h := newHarness(f)
	f.Fuzz(func(t *testing.T, script string) {
		u := bot.User{Platform: "test", ID: "F"}
		send := func(text string) {
			for _, o := range h.bot.Respond(context.Background(), bot.Message{Platform: "test", Sender: u, Direct: true, Text: text}) {
				if !utf8.ValidString(o.Reply.Text) {
					t.Fatalf("invalid UTF-8 reply to %q", text)
				}
			}
		}
		send("report")
		for _, line := range strings.Split(script, "\n") {
			send(line)
		}
		send("cancel")
	})
}

package console_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"vigil/adapters/console"
	"vigil/bot"
	"vigil/internal/testkit"
)

// echoCore answers every message with its first ten bytes and a few
// lines, to show how the console lays replies out.
func echoCore(a bot.Adapter) *testkit.Core {
	c := &testkit.Core{Answer: func(m bot.Message) string {
		return "got " + m.Text[:min(len(m.Text), 10)] + "\nsecond line\n\nafter blank"
	}}
	c.Attach(a)
	return c
}

func TestScriptedInput(t *testing.T) {
	long := strings.Repeat("x", 200000)
	in := strings.NewReader("help\r\n\n" + long + "\nlast line without newline")
	var out bytes.Buffer
	a := console.New(in, &out, false, "")
	core := echoCore(a)
	if err := a.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	msgs := core.Messages()
	if len(msgs) != 4 {
		t.Fatalf("messages = %d, want 4 (help, empty, long, last)", len(msgs))
	}
	m := msgs[0]
	if m.Text != "help" || !m.Direct || m.Platform != bot.PlatformConsole || m.Sender.ID == "" {
		t.Fatalf("first message = %+v", m)
	}
	if n := len(msgs[2].Text); n != 64*1024 || msgs[2].Length != 200000 {
		t.Fatalf("long line kept %d bytes and said it had %d characters, want it cut at 64 KiB and 200000", n, msgs[2].Length)
	}
	if msgs[0].Length != 0 || msgs[3].Length != 0 {
		t.Fatalf("whole lines have a Length: %d, %d", msgs[0].Length, msgs[3].Length)
	}
	if msgs[3].Text != "last line without newline" {
		t.Fatalf("last line = %q", msgs[3].Text)
	}
	want := "vigil> got help\n       second line\n\n       after blank\n\n"
	if !strings.HasPrefix(out.String(), want) {
		t.Fatalf("output starts %q, want %q", out.String()[:len(want)], want)
	}
	if strings.Contains(out.String(), "you>") {
		t.Fatal("prompt shown when not interactive")
	}
}

func TestSecurityNoticesAndPrompt(t *testing.T) {
	var out bytes.Buffer
	a := console.New(strings.NewReader("hi\n"), &out, true, "")
	to, ok := a.SecurityAddress()
	if !ok {
		t.Fatal("console has no security address")
	}
	a.Send(context.Background(), to, bot.Reply{Text: "New report VGL-2026-0001"})
	if !strings.HasPrefix(out.String(), "[security team] New report VGL-2026-0001") {
		t.Fatalf("notice printed as %q", out.String())
	}
	out.Reset()
	if err := a.Run(context.Background(), echoCore(a)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Type `help`") || strings.Count(out.String(), "you> ") != 2 {
		t.Fatalf("interactive session = %q", out.String())
	}
}

// TestLongLineIsRefusedWithItsLength: a 1 MB line (of two-byte characters,
// ended by CR LF) is refused by the core with its real length, not the
// length of the part the console keeps.
func TestLongLineIsRefusedWithItsLength(t *testing.T) {
	in := strings.NewReader(strings.Repeat("é", 512*1024) + "\r\nhelp\n")
	var out bytes.Buffer
	a := console.New(in, &out, false, "")
	core := bot.New(bot.Options{Store: testkit.NewMemStore()})
	core.Register(a)
	if err := a.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	if err := core.Drain(context.Background()); err != nil { // notices go out in the background
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "that message is too long (524288 characters)") {
		t.Fatalf("output:\n%s", out.String()[:min(out.Len(), 400)])
	}
}

// TestReplyToAConsoleReporterSaysWhatHappens: the terminal has no direct
// messages, so a team reply to a report filed there is only recorded, and
// the console says so instead of claiming a direct message.
func TestReplyToAConsoleReporterSaysWhatHappens(t *testing.T) {
	script := "report\n1\ntoday\n2\nskip\nskip\nOffered cash for a question\nno\nskip\n1\nno\nsubmit\n" +
		"reply VGL-2026-0001 Thank you, we are looking into it\nstatus VGL-2026-0001\n"
	var out bytes.Buffer
	a := console.New(strings.NewReader(script), &out, false, "")
	now := func() time.Time { return time.Date(2026, 11, 19, 10, 0, 0, 0, time.UTC) }
	core := bot.New(bot.Options{Store: testkit.NewMemStore(), Now: now,
		Roles: bot.StaticRoles{Platforms: map[string]bool{bot.PlatformConsole: true}}})
	core.Register(a)
	if err := a.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	if err := core.Drain(context.Background()); err != nil { // notices go out in the background
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "Reply recorded on VGL-2026-0001. The report was filed in the terminal, which has no direct messages, so nothing was sent") {
		t.Errorf("the reply's confirmation does not say what happened:\n%s", got)
	}
	if strings.Contains(got, "by direct message") || strings.Contains(got, "The security team replied") {
		t.Errorf("the console claims or prints a direct message:\n%s", got)
	}
	if !strings.Contains(got, "Thank you, we are looking into it") {
		t.Errorf("status does not show the reply:\n%s", got)
	}
}

// TestReplyIsWrittenBeforeTheNextLineIsTyped: replies to a script may be
// written together, but a person who types a line sees its reply before
// typing the next one.
func TestReplyIsWrittenBeforeTheNextLineIsTyped(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	a := console.New(inR, outW, false, "")
	core := echoCore(a)
	done := make(chan error, 1)
	go func() { done <- a.Run(context.Background(), core) }()
	replies := bufio.NewReader(outR)
	for _, line := range []string{"first", "second"} {
		if _, err := io.WriteString(inW, line+"\n"); err != nil {
			t.Fatal(err)
		}
		got, err := replies.ReadString('\n')
		if err != nil || got != "vigil> got "+line+"\n" {
			t.Fatalf("reply to %q = %q, %v", line, got, err)
		}
		for range 4 { // the rest of the reply: three more lines and a blank one
			if _, err := replies.ReadString('\n'); err != nil {
				t.Fatal(err)
			}
		}
	}
	inW.Close()
	go io.Copy(io.Discard, replies)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestScriptedRepliesKeepTheirOrder: a script's replies, written together,
// come out whole and in the order of its lines.
func TestScriptedRepliesKeepTheirOrder(t *testing.T) {
	var script strings.Builder
	var want strings.Builder
	for i := range 500 {
		fmt.Fprintf(&script, "line %03d\n", i)
		fmt.Fprintf(&want, "vigil> got line %03d\n       second line\n\n       after blank\n\n", i)
	}
	var out bytes.Buffer
	a := console.New(strings.NewReader(script.String()), &out, false, "")
	if err := a.Run(context.Background(), echoCore(a)); err != nil {
		t.Fatal(err)
	}
	if out.String() != want.String() {
		t.Fatalf("output differs from the replies in order (got %d bytes, want %d)", out.Len(), want.Len())
	}
}

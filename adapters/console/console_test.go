package console_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

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
	if n := len(msgs[2].Text); n != 64*1024 {
		t.Fatalf("long line kept %d bytes, want it cut at 64 KiB", n)
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

package console_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"vigil/adapters/console"
	"vigil/bot"
)

// echoCore answers every message with its text and length.
type echoCore struct {
	a    *console.Adapter
	mu   sync.Mutex
	msgs []bot.Message
}

func (c *echoCore) HandleMessage(ctx context.Context, m bot.Message) {
	c.mu.Lock()
	c.msgs = append(c.msgs, m)
	c.mu.Unlock()
	c.a.Send(ctx, m.ReplyAddress(), bot.Reply{Text: "got " + m.Text[:min(len(m.Text), 10)] + "\nsecond line\n\nafter blank"})
}

func (c *echoCore) SubmitReport(context.Context, bot.User, bot.Report, string) (bot.Filed, error) {
	return bot.Filed{}, nil
}

func (c *echoCore) ReportMessage(context.Context, bot.Message, bot.Report) {}

func TestScriptedInput(t *testing.T) {
	long := strings.Repeat("x", 200000)
	in := strings.NewReader("help\r\n\n" + long + "\nlast line without newline")
	var out bytes.Buffer
	a := console.New(in, &out, false, "")
	core := &echoCore{a: a}
	if err := a.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	if len(core.msgs) != 4 {
		t.Fatalf("messages = %d, want 4 (help, empty, long, last)", len(core.msgs))
	}
	m := core.msgs[0]
	if m.Text != "help" || !m.Direct || m.Platform != bot.PlatformConsole || m.Sender.ID == "" {
		t.Fatalf("first message = %+v", m)
	}
	if n := len(core.msgs[2].Text); n != 64*1024 {
		t.Fatalf("long line kept %d bytes, want it cut at 64 KiB", n)
	}
	if core.msgs[3].Text != "last line without newline" {
		t.Fatalf("last line = %q", core.msgs[3].Text)
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
	if err := a.Run(context.Background(), &echoCore{a: a}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Type `help`") || strings.Count(out.String(), "you> ") != 2 {
		t.Fatalf("interactive session = %q", out.String())
	}
}

//go:build goolm

package matrix_test

import (
	"strings"
	"testing"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/bot"
)

// guidanceMissing is the start of the core's answer to questions when no
// knowledge base is loaded, as in these tests.
const guidanceMissing = "Guidance is not loaded yet"

// checkNotice checks that evt is a notice from the bot with a plain and an
// HTML body, and returns the plain body.
func checkNotice(t *testing.T, evt *event.Event, from id.UserID) string {
	t.Helper()
	if evt.Sender != from {
		t.Fatalf("message from %s, want %s", evt.Sender, from)
	}
	c := evt.Content.AsMessage()
	if c.MsgType != event.MsgNotice {
		t.Errorf("msgtype %q, want m.notice", c.MsgType)
	}
	if c.Format != event.FormatHTML || c.FormattedBody == "" || c.Body == "" {
		t.Errorf("want plain and HTML bodies, got format %q body %q html %q", c.Format, c.Body, c.FormattedBody)
	}
	return c.Body
}

func TestUnencryptedDirectQuestion(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	room := alice.createRoom(false, true, botAcc.UserID)
	alice.say(room, "help") // before the bot joined: never answered
	startVigil(t, botConfig(hs, botAcc, t.TempDir()), openStore(t, t.TempDir()))

	alice.waitMembership(room, botAcc.UserID, event.MembershipJoin)
	alice.say(room, "Can I accept a bottle of wine from an embassy?")

	reply := alice.next(room)
	body := checkNotice(t, reply, botAcc.UserID)
	if !strings.HasPrefix(body, guidanceMissing) {
		t.Errorf("answer %q, want the core's answer starting %q", body, guidanceMissing)
	}
	if reply.Mautrix.EventSource&event.SourceDecrypted != 0 {
		t.Error("answer in an unencrypted room was encrypted")
	}
	if rel := reply.Content.AsMessage().RelatesTo; rel.GetThreadParent() != "" {
		t.Errorf("direct answer in a thread: %+v", rel)
	}
}

func TestEncryptedRoomQuestion(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	bob := newStaffer(t, hs, "bob")
	v := startVigil(t, botConfig(hs, botAcc, t.TempDir()), openStore(t, t.TempDir()))

	room := bob.createRoom(true, true, botAcc.UserID)
	bob.waitMembership(room, botAcc.UserID, event.MembershipJoin)
	bob.say(room, "Someone from an embassy invited me to dinner. Is that a problem?")

	reply := bob.next(room)
	if reply.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Fatal("answer in an encrypted room was not encrypted")
	}
	body := checkNotice(t, reply, botAcc.UserID)
	if !strings.HasPrefix(body, guidanceMissing) {
		t.Errorf("decrypted answer %q, want the core's answer starting %q", body, guidanceMissing)
	}

	// Attachments, for exports: the file reaches the same direct room,
	// encrypted.
	const csv = "ref,category\nVGL-2026-0001,gift\n"
	if err := v.adapter.SendFile(t.Context(), bot.DirectTo(bob.acc.UserID.String()), "cases.csv", "text/csv", strings.NewReader(csv)); err != nil {
		t.Fatal(err)
	}
	fileEvt := bob.next(room)
	if fileEvt.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Fatal("attachment message was not encrypted")
	}
	file := fileEvt.Content.AsMessage()
	if file.MsgType != event.MsgFile || file.Body != "cases.csv" || file.File == nil || file.URL != "" {
		t.Fatalf("attachment message %+v, want an encrypted m.file", file)
	}
	mxc, err := file.File.URL.Parse()
	if err != nil {
		t.Fatal(err)
	}
	data, err := bob.cli.DownloadBytes(t.Context(), mxc)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) == csv {
		t.Fatal("attachment was uploaded in the clear")
	}
	if err := file.File.DecryptInPlace(data); err != nil || string(data) != csv {
		t.Errorf("decrypted attachment %q (%v), want %q", data, err, csv)
	}
}

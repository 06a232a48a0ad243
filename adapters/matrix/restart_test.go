//go:build goolm

package matrix_test

import (
	"strings"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// TestRestartAnswersOnce stops the bot, sends a message while it is down,
// and restarts it: the message is answered once, nothing older is answered
// again, and the bot keeps its device (and so its encryption keys).
func TestRestartAnswersOnce(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	cfg := botConfig(hs, botAcc, t.TempDir())
	db := openStore(t, t.TempDir())

	first := startVigil(t, cfg, db)
	room := alice.createRoom(true, true, botAcc.UserID)
	alice.waitMembership(room, botAcc.UserID, event.MembershipJoin)
	alice.say(room, "help")
	if body := checkNotice(t, alice.next(room), botAcc.UserID); !strings.HasPrefix(body, "I am Vigil") {
		t.Fatalf("help answer %q", body)
	}
	devices := botDevices(t, alice.cli, botAcc.UserID)
	first.stop()

	alice.say(room, "topics") // sent while the bot is down
	startVigil(t, cfg, db)
	if body := checkNotice(t, alice.next(room), botAcc.UserID); body != "Guidance is not loaded yet." {
		t.Fatalf("answer to the message sent while down: %q, want the topics answer", body)
	}
	// A marker: anything replayed would arrive before its answer.
	alice.say(room, "help")
	if body := checkNotice(t, alice.next(room), botAcc.UserID); !strings.HasPrefix(body, "I am Vigil") {
		t.Fatalf("answer after the restart: %q, want help (a replayed answer came first?)", body)
	}
	if n := alice.count(room); n != 3 {
		t.Errorf("bot sent %d messages, want 3 (no duplicates)", n)
	}
	if after := botDevices(t, alice.cli, botAcc.UserID); len(devices) != 1 || len(after) != 1 || after[0] != devices[0] {
		t.Errorf("bot devices with keys before %v and after the restart %v, want the same single device", devices, after)
	}
}

// botDevices lists the user's devices that have encryption keys.
func botDevices(t *testing.T, cli *mautrix.Client, user id.UserID) []id.DeviceID {
	t.Helper()
	resp, err := cli.QueryKeys(t.Context(), &mautrix.ReqQueryKeys{DeviceKeys: mautrix.DeviceKeysRequest{user: {}}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []id.DeviceID
	for d := range resp.DeviceKeys[user] {
		ids = append(ids, d)
	}
	return ids
}

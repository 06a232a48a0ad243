//go:build goolm

package matrix_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto/cryptohelper"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"vigil/internal/testkit"
)

// waitTimeout bounds every wait for the homeserver or the bot.
const waitTimeout = 30 * time.Second

// staffer is a person's Matrix client with its own end-to-end encryption:
// it creates rooms, invites, talks to the bot and records what it receives.
// It joins every room it is invited to.
type staffer struct {
	t   *testing.T
	acc account
	cli *mautrix.Client

	mu       testkit.Watch                      // guards the fields below; Changed on every new event
	received map[id.RoomID][]*event.Event       // messages from others, by room
	read     map[id.RoomID]int                  // how many of them next has returned
	members  map[id.RoomID]map[id.UserID]string // last membership seen per user
}

// newStaffer registers a user and starts its client; it stops when the
// test ends.
func newStaffer(t *testing.T, hs *homeserver, localpart string) *staffer {
	t.Helper()
	acc := hs.register(t, localpart)
	cli, err := mautrix.NewClient(hs.URL, acc.UserID, acc.Token)
	if err != nil {
		t.Fatal(err)
	}
	cli.DeviceID = acc.DeviceID
	helper, err := cryptohelper.NewCryptoHelper(cli, []byte("staffer pickle key for tests"), filepath.Join(t.TempDir(), "crypto.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Init(t.Context()); err != nil {
		t.Fatalf("staffer crypto: %v", err)
	}
	cli.Crypto = helper
	s := &staffer{t: t, acc: acc, cli: cli,
		received: map[id.RoomID][]*event.Event{}, read: map[id.RoomID]int{}, members: map[id.RoomID]map[id.UserID]string{}}
	syncer := cli.Syncer.(*mautrix.DefaultSyncer)
	syncer.OnEventType(event.EventMessage, s.onMessage)
	syncer.OnEventType(event.StateMember, s.onMember)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := cli.SyncWithContext(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("staffer %s sync: %v", localpart, err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		helper.Close()
	})
	return s
}

func (s *staffer) onMessage(_ context.Context, evt *event.Event) {
	if evt.Sender == s.acc.UserID {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.received[evt.RoomID] = append(s.received[evt.RoomID], evt)
	s.mu.Changed()
}

func (s *staffer) onMember(ctx context.Context, evt *event.Event) {
	m := evt.Content.AsMember().Membership
	if evt.GetStateKey() == s.acc.UserID.String() && m == event.MembershipInvite && evt.Mautrix.EventSource&event.SourceInvite != 0 {
		go func() {
			if _, err := s.cli.JoinRoomByID(ctx, evt.RoomID); err != nil && ctx.Err() == nil {
				s.t.Errorf("staffer join %s: %v", evt.RoomID, err)
			}
		}()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.members[evt.RoomID] == nil {
		s.members[evt.RoomID] = map[id.UserID]string{}
	}
	s.members[evt.RoomID][id.UserID(evt.GetStateKey())] = string(m)
	s.mu.Changed()
}

// waitFor waits until cond (called with s.mu held) is true.
func (s *staffer) waitFor(what string, cond func() bool) {
	s.t.Helper()
	if !s.mu.Wait(cond, waitTimeout) {
		s.t.Fatalf("%s: timed out waiting for %s", s.acc.UserID, what)
	}
}

// waitMembership waits until user's membership in room is m.
func (s *staffer) waitMembership(room id.RoomID, user id.UserID, m event.Membership) {
	s.t.Helper()
	s.waitFor(string(user)+" to "+string(m)+" "+string(room), func() bool { return s.members[room][user] == string(m) })
}

// next returns the next message received in room.
func (s *staffer) next(room id.RoomID) *event.Event {
	s.t.Helper()
	var evt *event.Event
	s.waitFor("a message in "+string(room), func() bool {
		if s.read[room] < len(s.received[room]) {
			evt = s.received[room][s.read[room]]
			s.read[room]++
			return true
		}
		return false
	})
	return evt
}

// nextRoomOtherThan waits for a message in a room not in skip and returns
// that room; the message stays unread.
func (s *staffer) nextRoomOtherThan(skip ...id.RoomID) id.RoomID {
	s.t.Helper()
	var found id.RoomID
	s.waitFor("a message in a new room", func() bool {
	rooms:
		for room, evts := range s.received {
			for _, r := range skip {
				if r == room {
					continue rooms
				}
			}
			if len(evts) > s.read[room] {
				found = room
				return true
			}
		}
		return false
	})
	return found
}

// count returns how many messages were received in room so far.
func (s *staffer) count(room id.RoomID) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.received[room])
}

// createRoom creates a private room, encrypted or not, inviting users.
func (s *staffer) createRoom(encrypted, direct bool, invite ...id.UserID) id.RoomID {
	s.t.Helper()
	req := &mautrix.ReqCreateRoom{Preset: "private_chat", Invite: invite, IsDirect: direct}
	if direct {
		req.Preset = "trusted_private_chat"
	}
	if encrypted {
		req.InitialState = []*event.Event{{Type: event.StateEncryption,
			Content: event.Content{Parsed: &event.EncryptionEventContent{Algorithm: id.AlgorithmMegolmV1}}}}
	}
	resp, err := s.cli.CreateRoom(s.t.Context(), req)
	if err != nil {
		s.t.Fatalf("create room: %v", err)
	}
	return resp.RoomID
}

// say sends a text message to room (encrypted when the room is).
func (s *staffer) say(room id.RoomID, text string) id.EventID {
	s.t.Helper()
	resp, err := s.cli.SendText(s.t.Context(), room, text)
	if err != nil {
		s.t.Fatalf("send %q: %v", text, err)
	}
	return resp.EventID
}

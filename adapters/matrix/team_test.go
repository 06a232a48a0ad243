package matrix

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

const (
	teamBot  = id.UserID("@vigil:example.org")
	teamSec  = id.UserID("@sec:example.org")
	teamEve  = id.UserID("@eve:example.org")
	teamRoom = id.RoomID("!security:example.org")
)

// teamFixture is an adapter whose connection uses an in-memory state store
// and a fake homeserver that answers joined_members and alias lookups and
// counts every request.
type teamFixture struct {
	a        *Adapter
	cli      *mautrix.Client
	requests atomic.Int32
}

func newTeamFixture(t *testing.T, cfg Config) *teamFixture {
	t.Helper()
	f := &teamFixture{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/rooms/"+string(teamRoom)+"/joined_members"):
			_ = json.NewEncoder(w).Encode(map[string]any{"joined": map[string]any{
				teamBot.String(): map[string]any{}, teamSec.String(): map[string]any{"display_name": "Sec"}}})
		case strings.HasSuffix(r.URL.Path, "/directory/room/#security:example.org"):
			_ = json.NewEncoder(w).Encode(map[string]any{"room_id": teamRoom})
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errcode":"M_NOT_FOUND","error":"not here"}`))
		}
	}))
	t.Cleanup(srv.Close)
	cli, err := mautrix.NewClient(srv.URL, teamBot, "not a real token")
	if err != nil {
		t.Fatal(err)
	}
	cli.StateStore = mautrix.NewMemoryStateStore()
	f.cli = cli
	f.a = &Adapter{cfg: cfg, log: slog.New(slog.DiscardHandler)}
	f.a.setConn(&conn{cli: cli})
	return f
}

// member asks IsTeamMember and fails the test on an error.
func (f *teamFixture) member(t *testing.T, user id.UserID) bool {
	t.Helper()
	ok, err := f.a.IsTeamMember(t.Context(), user.String())
	if err != nil {
		t.Fatalf("IsTeamMember(%s): %v", user, err)
	}
	return ok
}

// sync feeds the team's sync handler a batch in which the security room
// has the given membership events ({"user": "join"}, ...), in a joined or
// left room section.
func (f *teamFixture) sync(t *testing.T, section string, changes ...[2]string) {
	t.Helper()
	var evts []map[string]any
	for _, ch := range changes {
		evts = append(evts, map[string]any{"type": "m.room.member", "state_key": ch[0], "sender": ch[0],
			"event_id": "$" + ch[1] + ch[0], "content": map[string]any{"membership": ch[1]}})
	}
	raw, _ := json.Marshal(map[string]any{"rooms": map[string]any{section: map[string]any{
		string(teamRoom): map[string]any{"timeline": map[string]any{"events": evts}}}}})
	var resp mautrix.RespSync
	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}
	f.a.teamMembersFirst(&conn{cli: f.cli})(t.Context(), &resp, "s1")
}

func TestSecurityRoomMembersFromTheStateStore(t *testing.T) {
	f := newTeamFixture(t, Config{SecurityRoom: string(teamRoom), SecurityRoomMembersAreTeam: true})
	ctx := t.Context()

	// Until the bot is in the room, nobody can be checked.
	if ok, err := f.a.IsTeamMember(ctx, teamSec.String()); ok || !errors.Is(err, errNotInSecurityRoom) {
		t.Fatalf("before the bot joined: %v, %v; want errNotInSecurityRoom", ok, err)
	}
	if err := f.cli.StateStore.SetMembership(ctx, teamRoom, teamBot, event.MembershipJoin); err != nil {
		t.Fatal(err)
	}

	// The first question fetches the member list once; later ones use the
	// state store.
	if !f.member(t, teamSec) || f.member(t, teamEve) || f.member(t, teamBot) {
		t.Error("want sec a member, eve and the bot not")
	}
	if n := f.requests.Load(); n != 1 {
		t.Errorf("%d requests to the homeserver, want 1 (joined_members)", n)
	}

	// Membership changes arrive by sync and count at once.
	f.sync(t, "join", [2]string{teamEve.String(), "join"}, [2]string{teamSec.String(), "leave"})
	if !f.member(t, teamEve) || f.member(t, teamSec) {
		t.Error("a join or leave in the security room was not applied")
	}
	f.sync(t, "join", [2]string{teamSec.String(), "invite"})
	if f.member(t, teamSec) {
		t.Error("an invited user counts as a member")
	}
	if n := f.requests.Load(); n != 1 {
		t.Errorf("%d requests to the homeserver after the sync, want still 1", n)
	}

	// The bot is removed from the room: nobody can be vouched for.
	f.sync(t, "leave", [2]string{teamBot.String(), "leave"})
	if ok, err := f.a.IsTeamMember(ctx, teamEve.String()); ok || !errors.Is(err, errNotInSecurityRoom) {
		t.Errorf("after the bot left: %v, %v; want errNotInSecurityRoom", ok, err)
	}
}

func TestSecurityRoomAliasIsResolvedOnce(t *testing.T) {
	f := newTeamFixture(t, Config{SecurityRoom: "#security:example.org", SecurityRoomMembersAreTeam: true})
	if err := f.cli.StateStore.SetMembership(t.Context(), teamRoom, teamBot, event.MembershipJoin); err != nil {
		t.Fatal(err)
	}
	if !f.member(t, teamSec) || !f.member(t, teamSec) {
		t.Error("sec is joined to the room the alias names")
	}
	if n := f.requests.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (the alias, the member list)", n)
	}
}

func TestSecurityRoomMembersNotTeamByDefault(t *testing.T) {
	f := newTeamFixture(t, Config{SecurityRoom: string(teamRoom)})
	if err := f.cli.StateStore.SetMembership(t.Context(), teamRoom, teamSec, event.MembershipJoin); err != nil {
		t.Fatal(err)
	}
	if f.member(t, teamSec) {
		t.Error("a member of the security room is in the team without security_room_members_are_team")
	}
	f.sync(t, "join", [2]string{teamEve.String(), "join"})
	if got, _ := f.cli.StateStore.GetMember(t.Context(), teamRoom, teamEve); got.Membership == event.MembershipJoin {
		t.Error("the sync handler works while the setting is off")
	}
	if n := f.requests.Load(); n != 0 {
		t.Errorf("%d requests to the homeserver with the setting off", n)
	}
}

func TestSecurityRoomMembershipOddInput(t *testing.T) {
	f := newTeamFixture(t, Config{SecurityRoom: string(teamRoom), SecurityRoomMembersAreTeam: true})
	if ok, err := f.a.IsTeamMember(t.Context(), "not a user id"); ok || err != nil {
		t.Errorf("malformed user ID: %v, %v; want false, nil", ok, err)
	}
	f.a.setConn(nil)
	if ok, err := f.a.IsTeamMember(t.Context(), teamSec.String()); ok || !errors.Is(err, ErrNotConnected) {
		t.Errorf("while disconnected: %v, %v; want ErrNotConnected", ok, err)
	}
}

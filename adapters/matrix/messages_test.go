package matrix

import (
	"testing"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

func TestAddressed(t *testing.T) {
	c := &conn{cli: &mautrix.Client{UserID: "@vigil:example.org"}, name: "Vigil Bot"}
	tests := []struct {
		name     string
		content  event.MessageEventContent
		wantText string
		wantOK   bool
	}{
		{"prefix", event.MessageEventContent{Body: "!vigil report"}, "report", true},
		{"prefix any case", event.MessageEventContent{Body: "!Vigil: help"}, "help", true},
		{"prefix alone", event.MessageEventContent{Body: "!vigil"}, "", true},
		{"prefix inside a word", event.MessageEventContent{Body: "!vigilance report"}, "", false},
		{"not addressed", event.MessageEventContent{Body: "lunch at noon?"}, "", false},
		{"intentional mention", event.MessageEventContent{Body: "Vigil Bot: can I keep the wine?",
			Mentions: &event.Mentions{UserIDs: []id.UserID{"@vigil:example.org"}}}, "can I keep the wine?", true},
		{"pill link", event.MessageEventContent{Body: "vigil, what is a gift?",
			FormattedBody: `<a href="https://matrix.to/#/@vigil:example.org">vigil</a>, what is a gift?`}, "what is a gift?", true},
		{"user ID in text", event.MessageEventContent{Body: "hey @vigil:example.org topics"}, "hey topics", true},
		{"someone else mentioned", event.MessageEventContent{Body: "ask @alice:example.org",
			Mentions: &event.Mentions{UserIDs: []id.UserID{"@alice:example.org"}}}, "", false},
		{"label must be a word", event.MessageEventContent{Body: "vigilance matters",
			Mentions: &event.Mentions{UserIDs: []id.UserID{"@vigil:example.org"}}}, "vigilance matters", true},
	}
	for _, tt := range tests {
		text, ok := addressed(c, DefaultCommandPrefix, &tt.content, tt.content.Body)
		if ok != tt.wantOK || (ok && text != tt.wantText) {
			t.Errorf("%s: addressed(%q) = %q, %v; want %q, %v", tt.name, tt.content.Body, text, ok, tt.wantText, tt.wantOK)
		}
	}
}

func TestCutPrefix(t *testing.T) {
	for _, tt := range []struct {
		text, want string
		ok         bool
	}{
		{"!vigil cases", "cases", true},
		{"!VIGIL, cases open", "cases open", true},
		{"!vigil", "", true},
		{"cases", "cases", false},
		{"!vigilant cases", "!vigilant cases", false},
	} {
		if got, ok := cutPrefix(DefaultCommandPrefix, tt.text); got != tt.want || ok != tt.ok {
			t.Errorf("cutPrefix(%q) = %q, %v; want %q, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestInviteAllowed(t *testing.T) {
	const self = id.UserID("@vigil:ep.example")
	tests := []struct {
		name    string
		servers []string
		users   []string
		inviter id.UserID
		room    id.RoomID
		want    bool
	}{
		{"own server by default", nil, nil, "@alice:ep.example", "!r:x", true},
		{"other server by default", nil, nil, "@eve:evil.example", "!r:x", false},
		{"listed server", []string{"mep.example"}, nil, "@bob:mep.example", "!r:x", true},
		{"unlisted server", []string{"mep.example"}, nil, "@alice:ep.example", "!r:x", false},
		{"listed user", []string{"mep.example"}, []string{"@carol:other.example"}, "@carol:other.example", "!r:x", true},
		{"only users listed", nil, []string{"@carol:ep.example"}, "@alice:ep.example", "!r:x", false},
		{"security room", []string{"mep.example"}, nil, "@eve:evil.example", "!sec:ep.example", true},
	}
	for _, tt := range tests {
		a := &Adapter{cfg: Config{AllowedServers: tt.servers, AllowedUsers: tt.users, SecurityRoom: "!sec:ep.example"}}
		if got := a.inviteAllowed(self, tt.inviter, tt.room); got != tt.want {
			t.Errorf("%s: inviteAllowed(%s) = %v, want %v", tt.name, tt.inviter, got, tt.want)
		}
	}
}

package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"vigil/internal/testkit"
)

const securityGroup = "SSECTEAM"

func groupHarness(t *testing.T) (*harness, *testkit.Clock) {
	t.Helper()
	h := newHarness(t, func(c *Config) { c.SecurityGroup = securityGroup })
	h.fake.set(func() { h.fake.groups = map[string][]string{securityGroup: {userAlice}} })
	clock := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	h.a.now = clock.Now
	return h, clock
}

// dmReply sends a DM to the bot and returns the text of the next answer
// in that DM.
func dmReply(h *harness, envelope, user, text, ts string) string {
	h.t.Helper()
	answers := func() []apiCall {
		var out []apiCall
		for _, c := range h.fake.calls {
			if c.Method == "chat.postMessage" && c.Form.Get("channel") == "D"+user {
				out = append(out, c)
			}
		}
		return out
	}
	h.fake.mu.Lock()
	before := len(answers())
	h.fake.mu.Unlock()
	h.fake.send(eventsEnvelope(envelope, "Ev"+envelope, 0, dmEvent(user, text, ts)))
	var got string
	h.fake.waitFor("an answer to "+user, func() bool {
		if a := answers(); len(a) > before {
			got = a[before].Form.Get("text")
			return true
		}
		return false
	})
	return got
}

func TestSecurityGroupMembersRunTeamCommands(t *testing.T) {
	h, _ := groupHarness(t)
	h.startSocket()

	if got := dmReply(h, "env-1", userAlice, "cases", "1700000001.000100"); got != "No cases match." {
		t.Errorf("group member's cases = %q, want the (empty) case list", got)
	}
	if got := dmReply(h, "env-2", userMallory, "cases", "1700000002.000100"); !strings.Contains(got, "reserved for the security team") {
		t.Errorf("non-member's cases = %q, want a refusal", got)
	}
	calls := h.fake.callsTo("usergroups.users.list")
	if len(calls) != 1 || calls[0].Form.Get("usergroup") != securityGroup {
		t.Errorf("usergroups.users.list calls = %+v, want one for %s (the second answer from the cache)", calls, securityGroup)
	}
}

func TestSecurityGroupIsCachedForAMinute(t *testing.T) {
	h, clock := groupHarness(t)
	ctx := context.Background()
	isMember := func(user string) bool {
		t.Helper()
		ok, err := h.a.IsTeamMember(ctx, user)
		if err != nil {
			t.Fatalf("IsTeamMember(%s): %v", user, err)
		}
		return ok
	}
	if !isMember(userAlice) || isMember(userMallory) {
		t.Fatal("alice should be a member and mallory not")
	}
	// The group changes: the cached list is used until it is a minute old.
	h.fake.set(func() { h.fake.groups[securityGroup] = []string{userMallory} })
	clock.Add(teamTTL - time.Second)
	if !isMember(userAlice) || isMember(userMallory) {
		t.Error("the list was fetched again before a minute")
	}
	if n := len(h.fake.callsTo("usergroups.users.list")); n != 1 {
		t.Errorf("%d calls within the minute, want 1", n)
	}
	clock.Add(2 * time.Second)
	if isMember(userAlice) || !isMember(userMallory) {
		t.Error("a change of the group was not seen after a minute")
	}
	if n := len(h.fake.callsTo("usergroups.users.list")); n != 2 {
		t.Errorf("%d calls after the minute, want 2", n)
	}
}

func TestSecurityGroupErrorMeansNotMember(t *testing.T) {
	h, clock := groupHarness(t)
	h.fake.set(func() { h.fake.groupErr = "missing_scope" })
	ctx := context.Background()

	ok, err := h.a.IsTeamMember(ctx, userAlice)
	if ok || err == nil || !strings.Contains(err.Error(), "usergroups:read") {
		t.Fatalf("IsTeamMember = %v, %v; want false and an error naming the missing scope", ok, err)
	}
	if strings.Contains(err.Error(), testBotTok) {
		t.Errorf("error reveals the token: %v", err)
	}
	// The failure is remembered briefly rather than asked again at once.
	if ok, err := h.a.IsTeamMember(ctx, userAlice); ok || err == nil {
		t.Errorf("second lookup = %v, %v; want the remembered failure", ok, err)
	}
	if n := len(h.fake.callsTo("usergroups.users.list")); n != 1 {
		t.Errorf("%d calls right after a failure, want 1", n)
	}
	h.fake.set(func() { h.fake.groupErr = "" })
	clock.Add(teamRetry + time.Second)
	if ok, err := h.a.IsTeamMember(ctx, userAlice); !ok || err != nil {
		t.Errorf("after the fix IsTeamMember = %v, %v; want true", ok, err)
	}

	// Through the core: the member is refused while Slack fails, and the
	// core logs the reason.
	h.fake.set(func() { h.fake.groupErr = "no_such_subteam" })
	clock.Add(teamTTL + time.Second)
	h.startSocket()
	if got := dmReply(h, "env-1", userAlice, "cases", "1700000003.000100"); !strings.Contains(got, "reserved for the security team") {
		t.Errorf("cases during a failure = %q, want a refusal", got)
	}
	if logs := h.logs.String(); !strings.Contains(logs, "security team directory unavailable") || !strings.Contains(logs, "security_group") {
		t.Errorf("the failure is not logged with its cause:\n%s", logs)
	}
}

func TestNoSecurityGroupNoLookup(t *testing.T) {
	h := newHarness(t, nil)
	if ok, err := h.a.IsTeamMember(context.Background(), userAlice); ok || err != nil {
		t.Errorf("IsTeamMember without a group = %v, %v; want false, nil", ok, err)
	}
	if n := len(h.fake.callsTo("usergroups.users.list")); n != 0 {
		t.Errorf("%d usergroups.users.list calls without a group", n)
	}
}

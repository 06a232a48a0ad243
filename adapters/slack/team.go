package slack

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// Timings of the security team lookup.
const (
	// teamTTL is how long a fetched member list of the security group is
	// used: a user removed from the group keeps the team's commands at most
	// this long. usergroups.users.list is a Tier 2 method (about 20 calls a
	// minute), so one call a minute stays far below it.
	teamTTL = time.Minute
	// teamRetry is how long a failed lookup is remembered, so that a
	// missing scope or an outage does not turn every command into a call.
	teamRetry = 10 * time.Second
)

var _ bot.TeamDirectory = (*Adapter)(nil)

// teamDirectory caches the members of the security user group: one list,
// renewed at most once per teamTTL, and the last failure for teamRetry.
// It is safe for concurrent use; concurrent callers wait for one fetch.
type teamDirectory struct {
	mu       sync.Mutex
	members  map[string]bool
	fresh    time.Time // members are valid until then
	err      error     // last failure, returned until errUntil
	errUntil time.Time
}

// IsTeamMember implements bot.TeamDirectory: with slack.security_group set,
// the members of that user group belong to the security team. The list is
// fetched with usergroups.users.list (scope usergroups:read) and cached for
// a minute. Without the setting nobody is a member by this route.
func (a *Adapter) IsTeamMember(ctx context.Context, userID string) (bool, error) {
	if a.cfg.SecurityGroup == "" || userID == "" {
		return false, nil
	}
	members, err := a.teamMembers(ctx)
	if err != nil {
		return false, err
	}
	return members[userID], nil
}

// teamMembers returns the cached member set of the security group,
// fetching it when it is older than teamTTL.
func (a *Adapter) teamMembers(ctx context.Context) (map[string]bool, error) {
	d := &a.team
	d.mu.Lock()
	defer d.mu.Unlock()
	now := a.now()
	if d.members != nil && now.Before(d.fresh) {
		return d.members, nil
	}
	if d.err != nil && now.Before(d.errUntil) {
		return nil, d.err
	}
	ids, err := a.api.GetUserGroupMembersContext(ctx, a.cfg.SecurityGroup)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("slack: members of the security group: %w", ctx.Err()) // the caller gave up; not Slack's failure
	}
	if err != nil {
		d.members = nil
		d.err, d.errUntil = teamError(err), now.Add(teamRetry)
		var rl *slackgo.RateLimitedError
		if errors.As(err, &rl) && rl.RetryAfter > teamRetry {
			d.errUntil = now.Add(rl.RetryAfter)
		}
		return nil, d.err
	}
	members := make(map[string]bool, len(ids))
	for _, id := range ids {
		members[id] = true
	}
	d.members, d.fresh, d.err = members, now.Add(teamTTL), nil
	return members, nil
}

// teamError explains a failed usergroups.users.list call, with the fix
// for the errors an operator can correct. It never contains a token.
func teamError(err error) error {
	hint := ""
	switch slackCode(err) {
	case "missing_scope":
		hint = ": add the usergroups:read scope to the app (see manifest.yaml) and reinstall it"
	case "no_such_subteam":
		hint = ": slack.security_group names no user group of this workspace"
	case "plan_upgrade_required":
		hint = ": this workspace's plan has no user groups; list the team in security_team.slack instead"
	}
	return fmt.Errorf("slack: members of the security group (usergroups.users.list)%s: %w", hint, withoutURL(err))
}

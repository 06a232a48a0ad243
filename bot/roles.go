package bot

import "context"

// Roles tells whether a user belongs to the security team.
type Roles interface {
	// IsSecurityTeam reports whether u may use the security team's commands.
	IsSecurityTeam(ctx context.Context, u User) bool
}

// noRoles grants the security role to nobody.
type noRoles struct{}

// IsSecurityTeam always returns false.
func (noRoles) IsSecurityTeam(context.Context, User) bool { return false }

// StaticRoles grants the security role to listed users and to everyone on
// trusted platforms (the console, whose user is the local operator).
type StaticRoles struct {
	Users     map[string]bool // keys are User.Key() values, e.g. "slack:U123"
	Platforms map[string]bool // platforms whose every user is an operator
}

// IsSecurityTeam reports whether u is listed or on a trusted platform.
func (r StaticRoles) IsSecurityTeam(_ context.Context, u User) bool {
	return r.Platforms[u.Platform] || r.Users[u.Key()]
}

// TeamDirectory is implemented by adapters that can tell from the platform
// itself whether a user belongs to the security team: members of a Slack
// user group, members of the Matrix security room.
type TeamDirectory interface {
	// IsTeamMember reports whether the platform user belongs to the team.
	// An error means the platform could not be asked; the user is then
	// treated as not a member.
	IsTeamMember(ctx context.Context, userID string) (bool, error)
}

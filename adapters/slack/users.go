package slack

import (
	"context"

	"vigil/bot"
)

// user returns the core's view of a Slack user, with a display name
// looked up once and cached. fallback (a handle from the payload, if any)
// is used when the lookup fails.
func (a *Adapter) user(ctx context.Context, id, fallback string) bot.User {
	return bot.User{Platform: bot.PlatformSlack, ID: id, Name: a.displayName(ctx, id, fallback)}
}

// displayName returns the user's full name, display name or handle.
func (a *Adapter) displayName(ctx context.Context, id, fallback string) string {
	if id == "" {
		return fallback
	}
	if n, ok := a.names.get(id); ok {
		return n
	}
	u, err := a.api.GetUserInfoContext(ctx, id)
	if err != nil {
		a.log.Debug("user name not found", "err", withoutURL(err))
		return fallback
	}
	name := firstNonEmpty(u.RealName, u.Profile.RealName, u.Profile.DisplayName, u.Name, fallback)
	a.names.put(id, name)
	return name
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// isBotDM reports whether a channel is the direct conversation between
// the bot and the user (rather than, say, a DM between two people where
// the user typed a slash command).
func (a *Adapter) isBotDM(ctx context.Context, channelID, userID string) bool {
	if !isDMChannel(channelID) {
		return false
	}
	id, err := a.dmChannel(ctx, userID)
	if err != nil {
		a.log.Warn("direct conversation not opened", "err", err)
		return false
	}
	return id == channelID
}

package slack

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// manifest is the part of a Slack app manifest the adapter depends on.
type manifest struct {
	Features struct {
		AppHome struct {
			MessagesTab         bool `yaml:"messages_tab_enabled"`
			MessagesTabReadOnly bool `yaml:"messages_tab_read_only_enabled"`
		} `yaml:"app_home"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
		Shortcuts []struct {
			Name       string `yaml:"name"`
			Type       string `yaml:"type"`
			CallbackID string `yaml:"callback_id"`
		} `yaml:"shortcuts"`
	} `yaml:"features"`
	OAuth struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Events struct {
			BotEvents []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			Enabled bool `yaml:"is_enabled"`
		} `yaml:"interactivity"`
		SocketMode bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

// TestManifestMatchesTheAdapter keeps manifest.yaml in step with the code:
// exactly the events and scopes used, the command and the shortcut with
// the callback ID the adapter handles.
func TestManifestMatchesTheAdapter(t *testing.T) {
	data, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	if !m.Settings.SocketMode || !m.Settings.Interactivity.Enabled {
		t.Error("Socket Mode and interactivity must be on")
	}
	if !m.Features.AppHome.MessagesTab || m.Features.AppHome.MessagesTabReadOnly {
		t.Error("users must be able to write to the bot in its Messages tab")
	}
	events := slices.Sorted(slices.Values(m.Settings.Events.BotEvents))
	if !slices.Equal(events, []string{"app_mention", "message.im"}) {
		t.Errorf("bot events = %v", events)
	}
	scopes := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	want := []string{"app_mentions:read", "channels:history", "channels:read", "chat:write", "commands", "files:write", "groups:history", "groups:read", "im:history", "im:write", "reactions:write", "usergroups:read", "users:read"}
	if !slices.Equal(scopes, want) {
		t.Errorf("scopes = %v, want %v", scopes, want)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/vigil" || m.Features.SlashCommands[0].ShouldEscape {
		t.Errorf("slash commands = %+v", m.Features.SlashCommands)
	}
	if len(m.Features.Shortcuts) != 1 {
		t.Fatalf("shortcuts = %+v", m.Features.Shortcuts)
	}
	sc := m.Features.Shortcuts[0]
	if sc.Type != "message" || sc.CallbackID != shortcutCallbackID || len(sc.Name) > 24 {
		t.Errorf("shortcut = %+v (Slack limits names to 24 characters)", sc)
	}
}

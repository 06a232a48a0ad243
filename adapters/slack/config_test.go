package slack

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestConfigValidation(t *testing.T) {
	valid := Config{BotToken: "xoxb-1-secretpart", AppToken: "xapp-1-secretpart", SecurityChannel: "C0123ABCD"}
	for _, tc := range []struct {
		name   string
		change func(*Config)
		key    string // "" when valid
	}{
		{"socket mode", func(*Config) {}, ""},
		{"http mode", func(c *Config) { c.Mode = "http"; c.AppToken = ""; c.SigningSecret = "s3cr3t" }, ""},
		{"mode in capitals", func(c *Config) { c.Mode = "Socket" }, ""},
		{"local http API", func(c *Config) { c.APIURL = "http://127.0.0.1:9999/api" }, ""},
		{"unknown mode", func(c *Config) { c.Mode = "rtm" }, "slack.mode"},
		{"no bot token", func(c *Config) { c.BotToken = "" }, "slack.bot_token"},
		{"user token as bot token", func(c *Config) { c.BotToken = "xoxp-1-secretpart" }, "slack.bot_token"},
		{"no app token", func(c *Config) { c.AppToken = "" }, "slack.app_token"},
		{"bot token as app token", func(c *Config) { c.AppToken = "xoxb-1-secretpart" }, "slack.app_token"},
		{"http without secret", func(c *Config) { c.Mode = "http" }, "slack.signing_secret"},
		{"bad listen address", func(c *Config) { c.Mode = "http"; c.SigningSecret = "s"; c.HTTPListen = "3000" }, "slack.http_listen"},
		{"plain http API elsewhere", func(c *Config) { c.APIURL = "http://proxy.example/api/" }, "slack.api_url"},
		{"relative API URL", func(c *Config) { c.APIURL = "slack.com/api" }, "slack.api_url"},
		{"channel name", func(c *Config) { c.SecurityChannel = "#security" }, "slack.security_channel"},
		{"user group", func(c *Config) { c.SecurityGroup = " S0123ABCD " }, ""},
		{"user group handle", func(c *Config) { c.SecurityGroup = "@security-team" }, "slack.security_group"},
		{"channel as user group", func(c *Config) { c.SecurityGroup = "C0123ABCD" }, "slack.security_group"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid
			tc.change(&c)
			_, err := New(c, nil)
			if tc.key == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.key+":") {
				t.Fatalf("New = %v, want an error naming %s", err, tc.key)
			}
			if strings.Contains(err.Error(), "secretpart") || strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error reveals a secret: %v", err)
			}
		})
	}
}

func TestConfigYAMLKeys(t *testing.T) {
	var c Config
	in := "bot_token: xoxb-a\napp_token: xapp-b\nsigning_secret: s\nmode: http\nhttp_listen: ':8080'\napi_url: https://slack-gov.com/api/\nsecurity_channel: C1234\nsecurity_group: S1234\n"
	dec := yaml.NewDecoder(strings.NewReader(in))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("decode: %v", err)
	}
	want := Config{BotToken: "xoxb-a", AppToken: "xapp-b", SigningSecret: "s", Mode: "http", HTTPListen: ":8080",
		APIURL: "https://slack-gov.com/api/", SecurityChannel: "C1234", SecurityGroup: "S1234"}
	if c != want {
		t.Errorf("decoded %+v", c)
	}
}

func TestConfigDefaults(t *testing.T) {
	c := Config{BotToken: "xoxb-a", AppToken: "xapp-b", APIURL: "https://slack.example/api"}.withDefaults()
	if c.Mode != ModeSocket || c.HTTPListen != DefaultHTTPListen || c.APIURL != "https://slack.example/api/" {
		t.Errorf("defaults = %+v", c)
	}
	if d := (Config{}).withDefaults(); d.APIURL != DefaultAPIURL {
		t.Errorf("default API URL = %q", d.APIURL)
	}
}

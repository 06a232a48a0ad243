package slack

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// Connection modes.
const (
	// ModeSocket receives events over Socket Mode: no public URL needed.
	ModeSocket = "socket"
	// ModeHTTP receives events on an HTTP endpoint (Events API).
	ModeHTTP = "http"
)

// Defaults applied by New to empty settings.
const (
	DefaultAPIURL     = "https://slack.com/api/"
	DefaultHTTPListen = ":3000"
)

// Config is the `slack:` section of Vigil's configuration.
type Config struct {
	// BotToken is the bot user OAuth token (xoxb-...). Required.
	BotToken string `yaml:"bot_token" secret:"true"`
	// AppToken is the app-level token (xapp-...) with connections:write.
	// Required in socket mode.
	AppToken string `yaml:"app_token" secret:"true"`
	// SigningSecret verifies HTTP requests from Slack. Required in http mode.
	SigningSecret string `yaml:"signing_secret" secret:"true"`
	// Mode is "socket" (the default) or "http".
	Mode string `yaml:"mode"`
	// HTTPListen is the address the http mode listens on; default ":3000".
	HTTPListen string `yaml:"http_listen"`
	// APIURL is the Web API base URL; default https://slack.com/api/.
	// GovSlack and enterprise proxies use another host.
	APIURL string `yaml:"api_url"`
	// SecurityChannel is the ID (C..., G...) of the channel that receives a
	// notice for every new report. Empty means no notices in Slack.
	SecurityChannel string `yaml:"security_channel"`
	// SecurityGroup is the ID (S...) of a Slack user group whose members
	// belong to the security team, in addition to security_team.slack.
	// Needs the usergroups:read scope. Empty means no group.
	SecurityGroup string `yaml:"security_group"`
}

var (
	channelIDPattern   = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)
	userGroupIDPattern = regexp.MustCompile(`^S[A-Z0-9]{2,}$`)
)

// Effective returns the configuration with the defaults filled in, as the
// adapter uses it; `vigil config check` prints it.
func (c Config) Effective() Config { return c.withDefaults() }

// withDefaults returns c with surrounding space trimmed (a common slip
// when pasting tokens) and empty optional settings filled in.
func (c Config) withDefaults() Config {
	c.BotToken = strings.TrimSpace(c.BotToken)
	c.AppToken = strings.TrimSpace(c.AppToken)
	c.SigningSecret = strings.TrimSpace(c.SigningSecret)
	c.SecurityChannel = strings.TrimSpace(c.SecurityChannel)
	c.SecurityGroup = strings.TrimSpace(c.SecurityGroup)
	c.Mode = strings.ToLower(strings.TrimSpace(c.Mode))
	if c.Mode == "" {
		c.Mode = ModeSocket
	}
	if strings.TrimSpace(c.APIURL) == "" {
		c.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(c.APIURL, "/") {
		c.APIURL += "/"
	}
	if c.HTTPListen == "" {
		c.HTTPListen = DefaultHTTPListen
	}
	return c
}

// Validate checks the settings and returns an error naming the first wrong
// key (as slack.<key>). Error messages never contain a token or secret.
func (c Config) Validate() error {
	c = c.withDefaults()
	switch c.Mode {
	case ModeSocket, ModeHTTP:
	default:
		return keyError("mode", `must be "socket" or "http"`)
	}
	if c.BotToken == "" {
		return keyError("bot_token", "must be set (the Bot User OAuth Token, starting with xoxb-)")
	}
	if !strings.HasPrefix(c.BotToken, "xoxb-") {
		return keyError("bot_token", "is not a bot token: it must start with xoxb-")
	}
	switch c.Mode {
	case ModeSocket:
		if c.AppToken == "" {
			return keyError("app_token", "must be set in socket mode (an app-level token with connections:write, starting with xapp-)")
		}
		if !strings.HasPrefix(c.AppToken, "xapp-") {
			return keyError("app_token", "is not an app-level token: it must start with xapp-")
		}
	case ModeHTTP:
		if c.SigningSecret == "" {
			return keyError("signing_secret", "must be set in http mode (Basic Information > Signing Secret)")
		}
		if _, _, err := net.SplitHostPort(c.HTTPListen); err != nil {
			return keyError("http_listen", "must be host:port or :port, for example :3000")
		}
	}
	if err := checkAPIURL(c.APIURL); err != nil {
		return keyError("api_url", err.Error())
	}
	if c.SecurityChannel != "" && !channelIDPattern.MatchString(c.SecurityChannel) {
		return keyError("security_channel", "must be a channel ID such as C0123ABCD (channel details > About, at the bottom), not a channel name")
	}
	if c.SecurityGroup != "" && !userGroupIDPattern.MatchString(c.SecurityGroup) {
		return keyError("security_group", "must be a user group ID such as S0123ABCD, not a group name or @handle")
	}
	return nil
}

// checkAPIURL accepts https URLs, and plain http only to the local machine
// so that tokens never cross a network unencrypted.
func checkAPIURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("must be an absolute URL such as https://slack.com/api/")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
			return nil
		}
		return errors.New("must use https (plain http is allowed only for localhost)")
	default:
		return errors.New("must be an https URL")
	}
}

func keyError(key, problem string) error {
	return fmt.Errorf("config: slack.%s: %s", key, problem)
}

// Package slack is Vigil's Slack adapter. It receives events over Socket
// Mode (the default) or the HTTP Events API, turns direct messages,
// mentions, the /vigil slash command, the report modal and the "Report
// this message to security" shortcut into calls to the core, and delivers
// the core's replies as Slack messages, escaped for mrkdwn.
package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// Limits and timings of the adapter.
const (
	// jobTimeout bounds the handling of one event, including replies.
	jobTimeout = 60 * time.Second
	// apiTimeout bounds one HTTP request to Slack.
	apiTimeout = 30 * time.Second
	// seenEvents and seenTTL bound the memory of handled event IDs; Slack
	// retries an event for about an hour at most.
	seenEvents = 10000
	seenTTL    = 2 * time.Hour
	// cachedUsers and userTTL bound the caches of names and DM channels.
	cachedUsers = 5000
	userTTL     = 6 * time.Hour
)

// ErrAuth is returned (wrapped) by Run when Slack rejects a token: it is
// wrong, revoked, or the app or workspace is inactive. Retrying does not
// help; the configuration must be fixed.
var ErrAuth = errors.New("slack rejected the credentials")

// Adapter connects Vigil to one Slack workspace. It implements bot.Adapter,
// bot.FormOpener, bot.EphemeralSender, bot.FileSender,
// bot.SecurityDesk, bot.TeamDirectory and bot.ConnectionReporter.
type Adapter struct {
	cfg  Config
	log  *slog.Logger
	api  *slackgo.Client
	http *http.Client // for response_url and the socket client

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error // waits out a 429

	seen  *cache[string, struct{}] // handled event IDs
	names *cache[string, string]   // user ID -> display name
	ims   *cache[string, string]   // user ID -> DM channel with the bot
	team  teamDirectory            // members of the security user group
	jobs  *serial
	link  link // whether Slack is reachable

	probeEvery time.Duration // how often a failing Web API is checked
	formWait   time.Duration // how long a form submission waits for its filing

	onListen func(net.Addr) // http mode: called with the bound address

	mu        sync.RWMutex
	core      bot.Core
	botUserID string
}

var (
	_ bot.Adapter         = (*Adapter)(nil)
	_ bot.FormOpener      = (*Adapter)(nil)
	_ bot.EphemeralSender = (*Adapter)(nil)
	_ bot.FileSender      = (*Adapter)(nil)
	_ bot.SecurityDesk    = (*Adapter)(nil)
	_ bot.GroupCommander  = (*Adapter)(nil)

	_ bot.ConnectionReporter = (*Adapter)(nil)
)

// New checks cfg and returns an adapter; it does not contact Slack until
// Run. A nil logger discards logs; the caller labels the adapter's lines
// (main adds adapter=slack). The error names the wrong setting.
func New(cfg Config, logger *slog.Logger) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	hc := &http.Client{Timeout: apiTimeout}
	a := &Adapter{
		cfg:  cfg,
		log:  logger,
		http: hc,
		now:  time.Now,
		jobs: newSerial(),

		probeEvery: probeInterval,
		formWait:   formWait,
	}
	a.sleep = sleepCtx
	a.api = slackgo.New(cfg.BotToken,
		slackgo.OptionAPIURL(cfg.APIURL),
		slackgo.OptionAppLevelToken(cfg.AppToken),
		slackgo.OptionHTTPClient(hc),
		slackgo.OptionLog(log.New(io.Discard, "", 0)),
	)
	now := func() time.Time { return a.now() }
	a.seen = newCache[string, struct{}](seenEvents, seenTTL, now)
	a.names = newCache[string, string](cachedUsers, userTTL, now)
	a.ims = newCache[string, string](cachedUsers, userTTL, now)
	return a, nil
}

// Platform implements bot.Adapter.
func (a *Adapter) Platform() string { return bot.PlatformSlack }

// SecurityAddress implements bot.SecurityDesk: the configured security
// channel, if any.
func (a *Adapter) SecurityAddress() (bot.Address, bool) {
	if a.cfg.SecurityChannel == "" {
		return bot.Address{}, false
	}
	return bot.Address{ConversationID: a.cfg.SecurityChannel}, true
}

// Run implements bot.Adapter. It checks the bot token, then receives
// events in the configured mode until ctx ends, reconnecting with backoff
// when the connection drops. It returns nil after ctx ends, an error
// wrapping ErrAuth when Slack rejects a token, and any other error when
// the adapter cannot start (for example an address already in use).
func (a *Adapter) Run(ctx context.Context, core bot.Core) error {
	res, err := a.authTest(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	a.mu.Lock()
	a.core, a.botUserID = core, res.UserID
	a.mu.Unlock()
	a.log.Info("connected to Slack", "team", res.TeamID, "bot_user", res.UserID, "mode", a.cfg.Mode)
	defer a.jobs.wait()
	defer a.link.setEvents(false)
	probeCtx, stopProbe := context.WithCancel(ctx)
	defer stopProbe()
	go a.probe(probeCtx)
	if a.cfg.Mode == ModeHTTP {
		return a.runHTTP(ctx)
	}
	return a.runSocket(ctx)
}

// authTest checks the bot token with auth.test, retrying transient
// failures with backoff.
func (a *Adapter) authTest(ctx context.Context) (*slackgo.AuthTestResponse, error) {
	var b backoff
	for {
		res, err := a.api.AuthTestContext(ctx)
		a.link.setAPI(err == nil || !unreachable(err))
		if err == nil {
			return res, nil
		}
		if code, ok := authFailure(err); ok {
			return nil, fatalAuth("bot_token", code)
		}
		var sc slackgo.StatusCodeError
		if errors.As(err, &sc) && sc.Code == http.StatusNotFound {
			return nil, fmt.Errorf("config: slack.api_url: Slack's auth.test method was not found there (%s)", sc.Status)
		}
		var rl *slackgo.RateLimitedError
		wait := b.next()
		if errors.As(err, &rl) {
			wait = max(wait, rl.RetryAfter)
		}
		a.log.Warn("cannot reach Slack, retrying", "err", withoutURL(err), "retry_in", wait)
		if err := a.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("slack: auth.test: %w", err)
		}
	}
}

// state returns what Run learnt: the core and the bot's user ID.
func (a *Adapter) state() (bot.Core, string) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.core, a.botUserID
}

// authFailure reports whether err is Slack refusing a token, and the
// Slack error code.
func authFailure(err error) (string, bool) {
	code := err.Error()
	var se slackgo.SlackErrorResponse
	if errors.As(err, &se) {
		code = se.Err
	}
	switch code {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "not_allowed_token_type", "team_access_not_granted":
		return code, true
	}
	var sc slackgo.StatusCodeError
	if errors.As(err, &sc) && (sc.Code == http.StatusUnauthorized || sc.Code == http.StatusForbidden) {
		return sc.Status, true
	}
	return "", false
}

func fatalAuth(key, code string) error {
	return fmt.Errorf("%w: slack.%s was refused (%s): check the token, that the app is installed in the workspace and that it has not been revoked", ErrAuth, key, code)
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff yields growing waits between reconnection attempts: 1s, 2s, 4s
// ... up to one minute.
type backoff struct{ n int }

func (b *backoff) next() time.Duration {
	d := time.Second << min(b.n, 6)
	b.n++
	return min(d, time.Minute)
}

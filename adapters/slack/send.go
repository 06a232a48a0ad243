package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"vigil/bot"
)

// Limits on outgoing calls.
const (
	// maxAttempts is how often a call refused with 429 is tried in all.
	maxAttempts = 3
	// maxRetryAfter is the longest Retry-After Vigil waits for; a longer
	// one fails the call.
	maxRetryAfter = 2 * time.Minute
	// maxFileSize is the largest file SendFile uploads.
	maxFileSize = 50 << 20
)

// Send implements bot.Adapter. An address without a conversation goes to
// a direct conversation with its user, opened when needed. Replies to a
// slash command typed outside a direct conversation with the bot are shown
// to the invoking user only: the command itself was invisible to the
// channel, and the bot need not be a member of it.
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	if s, ok := slashFrom(ctx); ok && s.covers(to) {
		return a.respond(ctx, s.responseURL, r)
	}
	channel, err := a.channelFor(ctx, to)
	if err != nil {
		return err
	}
	opts := messageOptions(r, to.ThreadID)
	return a.retry(ctx, "chat.postMessage", func() error {
		_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
}

// SendEphemeral implements bot.EphemeralSender. In a direct conversation
// with the bot it posts a normal message, which is private anyway and does
// not vanish when Slack reloads.
func (a *Adapter) SendEphemeral(ctx context.Context, to bot.Address, r bot.Reply) error {
	if s, ok := slashFrom(ctx); ok && s.covers(to) {
		return a.respond(ctx, s.responseURL, r)
	}
	if to.ConversationID == "" || to.UserID == "" || isDMChannel(to.ConversationID) {
		return a.Send(ctx, to, r)
	}
	opts := messageOptions(r, to.ThreadID)
	return a.retry(ctx, "chat.postEphemeral", func() error {
		_, err := a.api.PostEphemeralContext(ctx, to.ConversationID, to.UserID, opts...)
		return err
	})
}

// SendFile implements bot.FileSender with Slack's file upload (v2). The
// content type is not needed: Slack derives it from the file name.
func (a *Adapter) SendFile(ctx context.Context, to bot.Address, name, _ string, content io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(content, maxFileSize+1))
	switch {
	case err != nil:
		return fmt.Errorf("slack: read file %s: %w", name, err)
	case len(data) == 0:
		return fmt.Errorf("slack: file %s is empty", name)
	case len(data) > maxFileSize:
		return fmt.Errorf("slack: file %s is larger than %d MB", name, maxFileSize>>20)
	}
	channel, err := a.channelFor(ctx, to)
	if err != nil {
		return err
	}
	return a.retry(ctx, "files.upload", func() error {
		_, err := a.api.UploadFileContext(ctx, slackgo.UploadFileParameters{
			Reader: bytes.NewReader(data), FileSize: len(data), Filename: name, Title: name,
			Channel: channel, ThreadTimestamp: to.ThreadID,
		})
		return err
	})
}

// messageOptions renders a reply for chat.postMessage and
// chat.postEphemeral. Link and mention parsing are off: the text is plain.
func messageOptions(r bot.Reply, thread string) []slackgo.MsgOption {
	opts := []slackgo.MsgOption{
		slackgo.MsgOptionText(mrkdwn(r.Text), false),
		slackgo.MsgOptionParse(false),
		slackgo.MsgOptionLinkNames(false),
		slackgo.MsgOptionDisableLinkUnfurl(),
		slackgo.MsgOptionDisableMediaUnfurl(),
	}
	if thread != "" {
		opts = append(opts, slackgo.MsgOptionTS(thread))
	}
	if blocks := choiceBlocks(r); blocks != nil {
		opts = append(opts, slackgo.MsgOptionBlocks(blocks...))
	}
	return opts
}

// respond answers a slash command through its response URL, visible to
// the invoking user only.
func (a *Adapter) respond(ctx context.Context, responseURL string, r bot.Reply) error {
	no := false
	msg := &slackgo.WebhookMessage{Text: mrkdwn(r.Text), ResponseType: slackgo.ResponseTypeEphemeral,
		Parse: "none", UnfurlLinks: &no, UnfurlMedia: &no}
	if blocks := choiceBlocks(r); blocks != nil {
		msg.Blocks = &slackgo.Blocks{BlockSet: blocks}
	}
	return a.retry(ctx, "response_url", func() error {
		return slackgo.PostWebhookCustomHTTPContext(ctx, responseURL, a.http, msg)
	})
}

// channelFor returns the channel of an address, opening a direct
// conversation with its user when it has none.
func (a *Adapter) channelFor(ctx context.Context, to bot.Address) (string, error) {
	if to.ConversationID != "" {
		return to.ConversationID, nil
	}
	if to.UserID == "" {
		return "", errors.New("slack: reply has neither a channel nor a user")
	}
	return a.dmChannel(ctx, to.UserID)
}

// dmChannel returns the direct conversation between the bot and a user.
func (a *Adapter) dmChannel(ctx context.Context, userID string) (string, error) {
	if id, ok := a.ims.get(userID); ok {
		return id, nil
	}
	var ch *slackgo.Channel
	err := a.retry(ctx, "conversations.open", func() error {
		var err error
		ch, _, _, err = a.api.OpenConversationContext(ctx, &slackgo.OpenConversationParameters{Users: []string{userID}, ReturnIM: true})
		return err
	})
	if err != nil {
		return "", err
	}
	a.ims.put(userID, ch.ID)
	return ch.ID, nil
}

// isDMChannel reports whether a channel ID is a direct conversation.
func isDMChannel(id string) bool { return strings.HasPrefix(id, "D") }

// retry runs a Web API call, waiting out up to maxAttempts-1 rate-limit
// refusals for as long as Slack's Retry-After asks. Errors name the method
// and never contain a URL (a response URL is a credential).
func (a *Adapter) retry(ctx context.Context, method string, call func() error) error {
	for attempt := 1; ; attempt++ {
		err := call()
		a.link.setAPI(!unreachable(err))
		if err == nil {
			return nil
		}
		var rl *slackgo.RateLimitedError
		if !errors.As(err, &rl) || attempt == maxAttempts || rl.RetryAfter > maxRetryAfter {
			return fmt.Errorf("slack: %s: %w", method, withoutURL(err))
		}
		wait := max(rl.RetryAfter, time.Second)
		a.log.Warn("rate limited by Slack", "method", method, "retry_after", wait)
		if err := a.sleep(ctx, wait); err != nil {
			return fmt.Errorf("slack: %s: waiting for the rate limit: %w", method, err)
		}
	}
}

// withoutURL strips the URL from a *url.Error so that it cannot leak into
// logs.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request failed: %w", ue.Op, ue.Err)
	}
	return err
}

// slackCode returns the Slack error code carried by err, or "".
func slackCode(err error) string {
	var se slackgo.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// slashReply remembers, in a context, the slash command being answered.
type slashReply struct {
	channel     string
	responseURL string
	direct      bool // typed in the direct conversation with the bot
}

type slashKey struct{}

func withSlash(ctx context.Context, s slashReply) context.Context {
	return context.WithValue(ctx, slashKey{}, s)
}

func slashFrom(ctx context.Context) (slashReply, bool) {
	s, ok := ctx.Value(slashKey{}).(slashReply)
	return s, ok
}

// covers reports whether a reply to the address answers the command and
// should go through its response URL.
func (s slashReply) covers(to bot.Address) bool {
	return !s.direct && s.responseURL != "" && to.ConversationID == s.channel && to.ThreadID == ""
}

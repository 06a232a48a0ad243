package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket receives events over Socket Mode until ctx ends or Slack
// rejects the app-level token.
func (a *Adapter) runSocket(ctx context.Context) error {
	client := socketmode.New(a.api, socketmode.OptionLog(log.New(io.Discard, "", 0)))
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.keepConnected(runCtx, client) }()
	for {
		select {
		case err := <-done:
			if ctx.Err() != nil {
				return nil
			}
			return err
		case evt := <-client.Events:
			if err := a.onSocketEvent(ctx, client, evt); err != nil {
				cancel()
				<-done
				return err
			}
		}
	}
}

// keepConnected runs the Socket Mode client, which reconnects by itself
// (with backoff) when a connection drops or Slack asks it to; when the
// client gives up on an error other than a refused token, it is restarted
// after a growing pause.
func (a *Adapter) keepConnected(ctx context.Context, client *socketmode.Client) error {
	var b backoff
	for {
		err := client.RunContext(ctx)
		a.link.setEvents(false)
		if ctx.Err() != nil {
			return nil
		}
		if code, ok := socketAuthFailure(err); ok {
			return fatalAuth("app_token", code)
		}
		wait := b.next()
		a.log.Warn("Socket Mode stopped, restarting", "err", withoutURL(err), "retry_in", wait)
		if a.sleep(ctx, wait) != nil {
			return nil
		}
	}
}

// socketAuthFailure is authFailure for apps.connections.open, which
// answers 404 to an unknown app-level token.
func socketAuthFailure(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	var sc slackgo.StatusCodeError
	if errors.As(err, &sc) && sc.Code == 404 {
		return sc.Status, true
	}
	return authFailure(err)
}

// onSocketEvent acknowledges one Socket Mode envelope and dispatches it.
// It returns an error only when the app-level token is refused.
func (a *Adapter) onSocketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) error {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		a.link.setEvents(true)
		a.log.Info("Socket Mode connected")
	case socketmode.EventTypeConnecting, socketmode.EventTypeDisconnect:
		a.link.setEvents(false)
	case socketmode.EventTypeConnectionError:
		a.link.setEvents(false)
		if ce, ok := evt.Data.(*slackgo.ConnectionErrorEvent); ok {
			if code, fatal := socketAuthFailure(ce.ErrorObj); fatal {
				return fatalAuth("app_token", code)
			}
			a.log.Warn("Socket Mode connection failed, retrying", "attempt", ce.Attempt, "retry_in", ce.Backoff, "err", withoutURL(ce.ErrorObj))
		}
	case socketmode.EventTypeInvalidAuth:
		return fatalAuth("app_token", "invalid_auth")
	case socketmode.EventTypeIncomingError:
		a.link.setEvents(false)
		a.log.Warn("Socket Mode read failed; reconnecting")
	case socketmode.EventTypeErrorBadMessage:
		// An envelope the client could not parse (for example an event
		// type it does not know): acknowledge it so that Slack does not
		// retry it, and ignore it.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(ctx, client, env.EnvelopeID, nil)
			}
		}
	case socketmode.EventTypeEventsAPI:
		a.ack(ctx, client, evt.Request.EnvelopeID, nil)
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			a.onEvent(ctx, ev)
		}
	case socketmode.EventTypeSlashCommand:
		a.ack(ctx, client, evt.Request.EnvelopeID, nil)
		if cmd, ok := evt.Data.(slackgo.SlashCommand); ok {
			a.onCommand(ctx, cmd)
		}
	case socketmode.EventTypeInteractive:
		var resp *slackgo.ViewSubmissionResponse
		if ic, ok := evt.Data.(slackgo.InteractionCallback); ok {
			resp = a.onInteraction(ctx, ic)
		}
		a.ack(ctx, client, evt.Request.EnvelopeID, resp)
	}
	return nil
}

// ack acknowledges an envelope, with a response payload when not nil.
func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, envelopeID string, payload *slackgo.ViewSubmissionResponse) {
	var p any
	if payload != nil {
		p = payload
	}
	if err := client.AckCtx(ctx, envelopeID, p); err != nil {
		a.log.Warn("Socket Mode acknowledgement not sent", "err", err)
	}
}

package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Request paths of the http mode; manifest.yaml and the README use them.
const (
	PathEvents      = "/slack/events"
	PathCommands    = "/slack/commands"
	PathInteractive = "/slack/interactive"
)

// maxBody bounds a request body from Slack.
const maxBody = 1 << 20

// runHTTP serves the Events API, slash command and interactivity
// endpoints until ctx ends.
func (a *Adapter) runHTTP(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.HTTPListen)
	if err != nil {
		return fmt.Errorf("slack: http mode: %w", err)
	}
	if a.onListen != nil {
		a.onListen(ln.Addr())
	}
	srv := &http.Server{
		Handler:           a.httpHandler(ctx),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.link.setEvents(true)
	a.log.Info("listening for Slack requests", "addr", ln.Addr().String())
	select {
	case err := <-served:
		return fmt.Errorf("slack: http mode: %w", err)
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			a.log.Warn("http server did not stop cleanly", "err", err)
		}
		return nil
	}
}

// httpHandler routes Slack's requests. Every request must carry a valid
// signature from the last five minutes; queued work runs under runCtx.
func (a *Adapter) httpHandler(runCtx context.Context) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST "+PathEvents, a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) {
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			// Unknown event types are acknowledged and ignored.
			a.log.Debug("event not parsed", "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		if v, ok := ev.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			writeJSON(w, map[string]string{"challenge": v.Challenge})
			return
		}
		w.WriteHeader(http.StatusOK)
		a.onEvent(runCtx, ev)
	}))
	mux.Handle("POST "+PathCommands, a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) {
		cmd, err := slackgo.SlashCommandParse(r)
		if err != nil || r.PostForm.Get("ssl_check") != "" {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.WriteHeader(http.StatusOK)
		a.onCommand(runCtx, cmd)
	}))
	mux.Handle("POST "+PathInteractive, a.verified(func(w http.ResponseWriter, r *http.Request, body []byte) {
		ic, err := slackgo.InteractionCallbackParse(r)
		if err != nil {
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		if resp := a.onInteraction(runCtx, ic); resp != nil {
			writeJSON(w, resp)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	return mux
}

// verified wraps a handler with Slack's request signature check. The
// handler gets the raw body, which is also left readable in r.Body.
func (a *Adapter) verified(h func(http.ResponseWriter, *http.Request, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		if err := a.verify(r.Header, body); err != nil {
			a.log.Warn("request with a bad Slack signature rejected", "path", r.URL.Path, "reason", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r, body)
	})
}

// verify checks the v0 signature of a request and that its timestamp is
// within five minutes of now, before or after.
func (a *Adapter) verify(h http.Header, body []byte) error {
	sv, err := slackgo.NewSecretsVerifier(h, a.cfg.SigningSecret)
	switch {
	case errors.Is(err, slackgo.ErrExpiredTimestamp):
		return errors.New("timestamp outside the five-minute window")
	case errors.Is(err, slackgo.ErrMissingHeaders):
		return errors.New("signature headers missing")
	case err != nil:
		return errors.New("malformed signature or timestamp")
	}
	if _, err := sv.Write(body); err != nil {
		return fmt.Errorf("hash body: %w", err)
	}
	if sv.Ensure() != nil {
		return errors.New("signature does not match")
	}
	return nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		http.Error(w, "encoding failed", http.StatusInternalServerError)
	}
}

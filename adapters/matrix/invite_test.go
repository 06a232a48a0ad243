//go:build goolm

package matrix_test

import (
	"errors"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"

	"vigil/adapters/matrix"
)

// TestInvitePolicy: an invitation from a user who is not allowed is
// refused, one from an allowed user is accepted.
func TestInvitePolicy(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	mallory := newStaffer(t, hs, "mallory")
	cfg := botConfig(hs, botAcc, t.TempDir())
	cfg.AllowedUsers = []string{alice.acc.UserID.String()}
	cfg.AllowedServers = []string{"example.org"}
	startVigil(t, cfg, openStore(t, t.TempDir()))

	refused := mallory.createRoom(false, true, botAcc.UserID)
	mallory.waitMembership(refused, botAcc.UserID, event.MembershipLeave)

	accepted := alice.createRoom(false, true, botAcc.UserID)
	alice.waitMembership(accepted, botAcc.UserID, event.MembershipJoin)
}

// TestUnknownTokenIsFatal: a rejected access token stops Run with
// ErrUnknownToken instead of retrying.
func TestUnknownTokenIsFatal(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	cfg := botConfig(hs, botAcc, t.TempDir())
	cfg.Password = ""
	cfg.AccessToken = "not-a-valid-token"
	cfg.DeviceID = "VIGILTEST"
	a, err := matrix.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(t.Context(), nil) }()
	select {
	case err := <-done:
		if !errors.Is(err, matrix.ErrUnknownToken) {
			t.Fatalf("Run returned %v, want ErrUnknownToken", err)
		}
	case <-time.After(waitTimeout):
		t.Fatal("Run kept going with a rejected token")
	}
}

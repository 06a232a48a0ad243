//go:build goolm

package matrix_test

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/crypto/cryptohelper"
	"maunium.net/go/mautrix/crypto/utils"
	"maunium.net/go/mautrix/id"

	"vigil/adapters/matrix"
)

// TestCrossSigning turns cross_signing on with a password login: the first
// start creates the cross-signing keys, writes the recovery key to a 0600
// file (never to the log) and the staffer's client sees the bot's device as
// cross-signed by its owner. A restart keeps the master key; a new device
// restores the keys with the recovery key and is cross-signed by the same
// identity; a wrong recovery key is refused with an error naming it.
func TestCrossSigning(t *testing.T) {
	hs := startHomeserver(t)
	botAcc := hs.register(t, "vigil")
	alice := newStaffer(t, hs, "alice")
	dir := t.TempDir()
	cfg := botConfig(hs, botAcc, dir)
	cfg.CrossSigning = true
	db := openStore(t, t.TempDir())
	room := alice.createRoom(false, true, botAcc.UserID)

	first := startVigil(t, cfg, db)
	alice.waitMembership(room, botAcc.UserID, "join")
	device := onlyDevice(t, alice, botAcc.UserID)
	master := checkCrossSigned(t, alice, botAcc.UserID, device)

	keyFile := filepath.Join(dir, matrix.RecoveryKeyFileName)
	info, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("recovery key file: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("recovery key file mode %v, want 0600", perm)
	}
	data, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	recoveryKey := strings.TrimSpace(string(data))
	if utils.DecodeBase58RecoveryKey(recoveryKey) == nil {
		t.Fatal("recovery key file does not hold a valid recovery key")
	}
	first.stop()
	logs := first.logs.String()
	if strings.Contains(logs, recoveryKey) || strings.Contains(logs, strings.ReplaceAll(recoveryKey, " ", "")) {
		t.Error("the recovery key appears in the log")
	}
	if !strings.Contains(logs, keyFile) {
		t.Errorf("the log does not name the recovery key file %s", keyFile)
	}

	// Restart on the same device, without the recovery key: nothing new.
	second := startVigil(t, cfg, db)
	askHelp(t, alice, room, botAcc.UserID)
	second.stop()
	if got := checkCrossSigned(t, alice, botAcc.UserID, device); got != master {
		t.Errorf("master key after a restart %s, want %s", got, master)
	}

	// A new device (fresh state) restores the keys with the recovery key.
	fresh := botConfig(hs, botAcc, t.TempDir())
	fresh.CrossSigning, fresh.RecoveryKey = true, recoveryKey
	third := startVigil(t, fresh, db)
	waitConnected(t, third) // a new device ignores what came before its first sync
	askHelp(t, alice, room, botAcc.UserID)
	third.stop()
	var newDevice id.DeviceID
	for _, d := range botDevices(t, alice.cli, botAcc.UserID) {
		if d != device {
			newDevice = d
		}
	}
	if newDevice == "" {
		t.Fatal("no new device for the bot")
	}
	if got := checkCrossSigned(t, alice, botAcc.UserID, newDevice); got != master {
		t.Errorf("master key seen from the new device %s, want %s", got, master)
	}

	// Another new device with a wrong recovery key: refused, key named.
	wrong := botConfig(hs, botAcc, t.TempDir())
	wrong.CrossSigning, wrong.RecoveryKey = true, otherRecoveryKey(t)
	if err := runOnce(t, wrong); err == nil || !strings.Contains(err.Error(), "matrix.recovery_key:") {
		t.Errorf("Run with a wrong recovery key returned %v, want an error naming matrix.recovery_key", err)
	}
}

// onlyDevice returns the user's single device with keys.
func onlyDevice(t *testing.T, s *staffer, user id.UserID) id.DeviceID {
	t.Helper()
	devices := botDevices(t, s.cli, user)
	if len(devices) != 1 {
		t.Fatalf("bot devices %v, want one", devices)
	}
	return devices[0]
}

// checkCrossSigned fetches the user's keys with the staffer's encryption
// machine and checks that device is cross-signed by its owner; it returns
// the user's master key.
func checkCrossSigned(t *testing.T, s *staffer, user id.UserID, device id.DeviceID) id.Ed25519 {
	t.Helper()
	mach := s.cli.Crypto.(*cryptohelper.CryptoHelper).Machine()
	devices, err := mach.FetchKeys(t.Context(), []id.UserID{user}, true)
	if err != nil {
		t.Fatalf("fetch keys: %v", err)
	}
	dev, ok := devices[user][device]
	if !ok {
		t.Fatalf("device %s of %s not in the key query", device, user)
	}
	trust, err := mach.ResolveTrustContext(t.Context(), dev)
	if err != nil {
		t.Fatal(err)
	}
	if trust != id.TrustStateCrossSignedTOFU && trust != id.TrustStateCrossSignedVerified {
		t.Errorf("trust of %s's device %s is %v, want cross-signed by its owner", user, device, trust)
	}
	keys, err := mach.GetCrossSigningPublicKeys(t.Context(), user)
	if err != nil || keys == nil {
		t.Fatalf("cross-signing keys of %s: %v %v", user, keys, err)
	}
	return keys.MasterKey
}

// askHelp sends help in room and waits for the bot's answer, which shows
// the bot has finished starting.
func askHelp(t *testing.T, s *staffer, room id.RoomID, bot id.UserID) {
	t.Helper()
	s.say(room, "help")
	if body := checkNotice(t, s.next(room), bot); !strings.HasPrefix(body, "I am Vigil") {
		t.Fatalf("help answer %q", body)
	}
}

// waitConnected waits until the bot has synced once.
func waitConnected(t *testing.T, v *vigil) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !v.adapter.Connection().Connected {
		if time.Now().After(deadline) {
			t.Fatal("the bot did not connect")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// otherRecoveryKey returns a valid recovery key that unlocks nothing.
func otherRecoveryKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return utils.EncodeBase58RecoveryKey(b)
}

// runOnce runs an adapter with cfg (without a core) and returns Run's
// error; it fails the test if Run keeps running.
func runOnce(t *testing.T, cfg matrix.Config) error {
	t.Helper()
	a, err := matrix.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), waitTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, nil) }()
	select {
	case err := <-done:
		return err
	case <-time.After(waitTimeout + time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

//go:build goolm

package matrix_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"maunium.net/go/mautrix/id"
)

// dendriteEnv names the environment variable holding the path of the
// Dendrite binary built by .ci/dendrite.sh.
const dendriteEnv = "VIGIL_DENDRITE"

// homeserver is a Dendrite process on a loopback port, with SQLite storage
// in a temporary directory and shared-secret registration.
type homeserver struct {
	URL    string
	secret string
	dir    string
	cmd    *exec.Cmd
}

var (
	buildOnce  sync.Once
	builtBin   string
	buildError error
)

// buildDendrite builds (or finds in the cache) the pinned Dendrite with
// .ci/dendrite.sh, once per test binary.
func buildDendrite() (string, error) {
	buildOnce.Do(func() {
		var stderr bytes.Buffer
		cmd := exec.Command(filepath.Join("..", "..", ".ci", "dendrite.sh"))
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			buildError = fmt.Errorf("building Dendrite with .ci/dendrite.sh: %w\n%s", err, stderr.String())
			return
		}
		builtBin = strings.TrimSpace(string(out))
	})
	return builtBin, buildError
}

// dendriteBinary returns the Dendrite binary: the one named by
// VIGIL_DENDRITE, or else the one .ci/dendrite.sh builds and caches (a few
// minutes the first time). With -short, or when it cannot be built, the
// test is skipped, except under CI=true where that is a failure.
func dendriteBinary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv(dendriteEnv)
	reason := ""
	switch {
	case bin != "":
		if info, err := os.Stat(bin); err != nil || info.IsDir() {
			reason = fmt.Sprintf("%s=%s is not a file", dendriteEnv, bin)
		}
	case testing.Short():
		reason = "-short is set and " + dendriteEnv + " is not"
	default:
		var err error
		if bin, err = buildDendrite(); err != nil {
			reason = err.Error()
		}
	}
	if reason == "" {
		return bin
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("Matrix integration tests need Dendrite: %s", reason)
	}
	t.Skipf("Matrix integration tests need Dendrite: %s; run: export %s=$(.ci/dendrite.sh)", reason, dendriteEnv)
	return ""
}

// startHomeserver starts Dendrite and waits until its client API answers.
// It is stopped when the test ends.
func startHomeserver(t *testing.T) *homeserver {
	t.Helper()
	bin := dendriteBinary(t)
	dir := t.TempDir()
	hs := &homeserver{secret: randomHex(t, 16), dir: dir}
	writeServerKey(t, filepath.Join(dir, "matrix_key.pem"))
	tmpl, err := os.ReadFile(filepath.Join("testdata", "dendrite.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.NewReplacer("{{DIR}}", dir, "{{SECRET}}", hs.secret).Replace(string(tmpl))
	confPath := filepath.Join(dir, "dendrite.yaml")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	hs.URL = "http://" + addr
	out, err := os.Create(filepath.Join(dir, "output.log"))
	if err != nil {
		t.Fatal(err)
	}
	hs.cmd = exec.Command(bin, "--config", confPath, "--http-bind-address", addr)
	hs.cmd.Dir = dir
	hs.cmd.Stdout, hs.cmd.Stderr = out, out
	if err := hs.cmd.Start(); err != nil {
		t.Fatalf("start dendrite: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- hs.cmd.Wait(); out.Close() }()
	t.Cleanup(func() {
		_ = hs.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = hs.cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(hs.URL + "/_matrix/client/versions")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return hs
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("dendrite exited during start-up (%v):\n%s", err, hs.logTail())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("dendrite did not answer within 60s:\n%s", hs.logTail())
		}
	}
}

// logTail returns the end of Dendrite's output, for failure messages.
func (hs *homeserver) logTail() string {
	data, _ := os.ReadFile(filepath.Join(hs.dir, "output.log"))
	if len(data) > 4000 {
		data = data[len(data)-4000:]
	}
	return string(data)
}

// account is a registered user.
type account struct {
	UserID   id.UserID
	Password string
	Token    string
	DeviceID id.DeviceID
}

// register creates a user through the shared-secret registration API
// (/_synapse/admin/v1/register, which Dendrite implements): fetch a nonce,
// then post the user with an HMAC-SHA1 of nonce, user, password and admin
// flag keyed with the shared secret.
func (hs *homeserver) register(t *testing.T, localpart string) account {
	t.Helper()
	url := hs.URL + "/_synapse/admin/v1/register"
	var nonce struct {
		Nonce string `json:"nonce"`
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("registration nonce: %v", err)
	}
	err = json.NewDecoder(resp.Body).Decode(&nonce)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("registration nonce: %v", err)
	}
	password := randomHex(t, 12)
	mac := hmac.New(sha1.New, []byte(hs.secret))
	mac.Write([]byte(nonce.Nonce + "\x00" + localpart + "\x00" + password + "\x00notadmin"))
	body, _ := json.Marshal(map[string]any{
		"nonce": nonce.Nonce, "username": localpart, "password": password, "admin": false,
		"mac": hex.EncodeToString(mac.Sum(nil)),
	})
	resp, err = http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("register %s: %v", localpart, err)
	}
	defer resp.Body.Close()
	var reg struct {
		UserID      id.UserID   `json:"user_id"`
		AccessToken string      `json:"access_token"`
		DeviceID    id.DeviceID `json:"device_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&reg); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("register %s: HTTP %d %v", localpart, resp.StatusCode, err)
	}
	return account{UserID: reg.UserID, Password: password, Token: reg.AccessToken, DeviceID: reg.DeviceID}
}

// writeServerKey writes a fresh ed25519 signing key in Dendrite's PEM
// format (a 32-byte seed in a "MATRIX PRIVATE KEY" block with a Key-ID).
func writeServerKey(t *testing.T, path string) {
	t.Helper()
	seed := make([]byte, 32)
	if _, err := rand.Read(seed); err != nil {
		t.Fatal(err)
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "MATRIX PRIVATE KEY", Headers: map[string]string{"Key-ID": "ed25519:test"}, Bytes: seed})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

//go:build goolm

package matrix

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"maunium.net/go/mautrix"
)

// TestUploadRefusedNamesPassword covers a homeserver that demands
// user-interactive auth for the key upload (Dendrite does not for a first
// upload, so the integration test cannot reach this): without a password
// the error names matrix.password and the unused recovery key file goes.
func TestUploadRefusedNamesPassword(t *testing.T) {
	refused := mautrix.HTTPError{Response: &http.Response{StatusCode: http.StatusUnauthorized}, Message: "user-interactive auth required"}
	for _, password := range []string{"", "correct horse"} {
		file := filepath.Join(t.TempDir(), RecoveryKeyFileName)
		if err := writeRecoveryKey(file, "key"); err != nil {
			t.Fatal(err)
		}
		err := uploadError(refused, crossSigning{password: password, keyFile: file}, true)
		if err == nil || !strings.HasPrefix(err.Error(), "matrix.password:") || !errors.As(err, new(mautrix.HTTPError)) {
			t.Errorf("password %q: got %v, want a wrapped error naming matrix.password", password, err)
		}
		if strings.Contains(err.Error(), "correct horse") {
			t.Error("the error shows the password")
		}
		if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("password %q: recovery key file still there (%v)", password, err)
		}
	}
	unreachable := mautrix.HTTPError{Message: "connection refused"}
	file := filepath.Join(t.TempDir(), RecoveryKeyFileName)
	if err := writeRecoveryKey(file, "key"); err != nil {
		t.Fatal(err)
	}
	if err := uploadError(unreachable, crossSigning{keyFile: file}, true); err == nil || strings.Contains(err.Error(), "matrix.password") {
		t.Errorf("unreachable server: got %v, want a plain upload error", err)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("recovery key file removed after a transient failure: %v", err)
	}
}

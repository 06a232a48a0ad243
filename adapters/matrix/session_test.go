package matrix

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSessionFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "session.json")
	if _, ok, err := loadSession(path); ok || err != nil {
		t.Fatalf("missing file: ok=%v err=%v, want no session and no error", ok, err)
	}
	want := session{UserID: "@vigil:example.org", DeviceID: "DEV", AccessToken: "tok"}
	if err := saveSession(path, want); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v, want 0600", info.Mode().Perm())
	}
	got, ok, err := loadSession(path)
	if err != nil || !ok || got != want {
		t.Errorf("loaded %+v ok=%v err=%v, want %+v", got, ok, err, want)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := loadSession(path); err == nil {
		t.Error("damaged session file accepted")
	}
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestFilesArePrivateWhateverTheUmask runs the binary with an empty umask,
// Matrix configured (password login, homeserver unreachable: the crypto
// store is created before the first request) and checks that the reports
// database, the key file, the Matrix crypto database and their -wal and
// -shm files are all created 0600.
func TestFilesArePrivateWhateverTheUmask(t *testing.T) {
	bin := buildVigil(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	cmd := exec.Command("/bin/sh", "-c", `umask 000 && exec "$0"`, bin)
	cmd.Env = append(os.Environ(),
		"VIGIL_DATABASE="+filepath.Join(dir, "vigil.db"),
		"VIGIL_MATRIX_HOMESERVER=http://127.0.0.1:9",
		"VIGIL_MATRIX_USER_ID=@vigil:localhost",
		"VIGIL_MATRIX_PASSWORD=not-used",
		"VIGIL_MATRIX_PICKLE_KEY=0123456789abcdef0123",
		"VIGIL_MATRIX_STATE_DIR="+state)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	crypto := filepath.Join(state, "matrix-crypto.db")
	required := []string{filepath.Join(dir, "vigil.db"), filepath.Join(dir, "vigil.db-wal"), filepath.Join(dir, "vigil.db-shm"),
		filepath.Join(dir, "vigil.key"), crypto}
	// The adapter closes the crypto store after each failed login, so its
	// -wal and -shm files come and go: check them whenever they are seen.
	transient := []string{crypto + "-wal", crypto + "-shm"}
	seen := map[string]os.FileMode{}
	look := func(files []string) (missing string) {
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil {
				seen[filepath.Base(f)] = fi.Mode().Perm()
			} else {
				missing = f
			}
		}
		return missing
	}
	all := append(append([]string{}, required...), transient...)
	for deadline := time.Now().Add(30 * time.Second); len(seen) < len(all); time.Sleep(time.Millisecond) {
		look(all)
		if time.Now().After(deadline) {
			if m := look(required); m != "" {
				t.Fatalf("%s not created within 30 s", m)
			}
			break
		}
	}
	for name, mode := range seen {
		if mode != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", name, mode)
		}
	}
	t.Logf("checked %d files: %v", len(seen), seen)
}

package storage

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// privateMode is the mode of every file Vigil keeps its data in.
const privateMode fs.FileMode = 0o600

// makePrivate creates the database file at path with mode 0600 when it
// does not exist, before SQLite opens it, and narrows an existing one (and
// its -wal and -shm files, left by an older Vigil) to 0600. SQLite gives
// the -wal and -shm files it creates the database file's mode, so all
// three stay private whatever the umask.
func makePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, privateMode)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil && fi.Mode().Perm() != privateMode {
			err = os.Chmod(p, privateMode)
		}
		if err != nil {
			return fmt.Errorf("make database file private (mode 0600): %w", err)
		}
	}
	return nil
}

// checkPrivate refuses a key file that group or others may access, as ssh
// does for a private key: the key decrypts every report.
func checkPrivate(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("read key file: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("key file %s is accessible by group or others (mode %04o); it decrypts every report, so Vigil refuses it: make it private with `chmod 600 %s` (and check who may have read it)", path, perm, path)
	}
	return nil
}

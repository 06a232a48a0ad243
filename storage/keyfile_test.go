package storage_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"vigil/storage"
)

// helperWriteKey creates the key file STORAGE_TEST_KEYFILE with the
// process's file size limit set to STORAGE_TEST_FSIZE bytes, so that
// writing the key fails part-way (EFBIG; Go ignores SIGXFSZ) after the
// file was created: the process stops there, as if it had been killed.
func helperWriteKey() int {
	limit, err := strconv.ParseUint(os.Getenv("STORAGE_TEST_FSIZE"), 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if _, _, err := storage.LoadOrCreateKeyFile(os.Getenv("STORAGE_TEST_KEYFILE"), true); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// TestKeyFileIsNeverLeftPartial stops a process while it writes a new key
// (the write exceeds the file size limit after 0, 10 or 64 bytes): the key
// file is then absent, never empty or truncated, and the next start
// creates a working key.
func TestKeyFileIsNeverLeftPartial(t *testing.T) {
	for _, limit := range []int{0, 10, 64} {
		t.Run(strconv.Itoa(limit), func(t *testing.T) {
			dir := t.TempDir()
			keyFile := filepath.Join(dir, "vigil.key")
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperEnv+"=writekey", "STORAGE_TEST_KEYFILE="+keyFile, "STORAGE_TEST_FSIZE="+strconv.Itoa(limit))
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("writing the key did not fail under a %d-byte file size limit: %s", limit, out)
			}
			if data, err := os.ReadFile(keyFile); err == nil {
				t.Fatalf("an interrupted key creation left a key file of %d bytes", len(data))
			} else if !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			db := open(t, filepath.Join(dir, "v.db"), storage.Options{})
			if !db.KeyCreated {
				t.Fatal("no key created after the interrupted attempt")
			}
			if _, err := db.FileCase(ctx, sampleCase("after an interrupted key creation")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestDamagedKeyFileIsExplained opens a database with an empty or
// truncated key file, as an older Vigil killed during its first start
// left it: the error says what is wrong with the file and what to do,
// which depends on whether the database already holds encrypted data.
func TestDamagedKeyFileIsExplained(t *testing.T) {
	for _, tt := range []struct {
		name, content, problem string
	}{
		{"empty", "", "is empty"},
		{"truncated", "3f9a0c", "is damaged"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			keyFile := filepath.Join(dir, "vigil.key")
			if err := os.WriteFile(keyFile, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "v.db")
			_, err := storage.Open(ctx, path, storage.Options{})
			if err == nil || !strings.Contains(err.Error(), keyFile+" "+tt.problem) || !strings.Contains(err.Error(), "delete the key file") {
				t.Fatalf("new database: err = %v", err)
			}
			if tt.content != "" && strings.Contains(err.Error(), tt.content) {
				t.Fatalf("the error quotes the key file: %v", err)
			}

			// A database with data and a damaged key file: restore the key.
			os.Remove(keyFile)
			open(t, path, storage.Options{}).Close()
			if err := os.WriteFile(keyFile, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = storage.Open(ctx, path, storage.Options{})
			if err == nil || !strings.Contains(err.Error(), keyFile+" "+tt.problem) || !strings.Contains(err.Error(), "restore it from your backup") {
				t.Fatalf("database with data: err = %v", err)
			}
		})
	}
}

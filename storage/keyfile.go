package storage

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LoadOrCreateKeyFile reads the data key from path, refusing a file that
// group or others may access. When the file does not
// exist and create is true, it generates a new key and writes it
// atomically with mode 0600 (see writeKeyFile); created then reports true
// so the operator can be told to back it up. create is true only for a
// database that holds no encrypted data yet, which also decides the advice
// given for an empty or damaged key file.
func LoadOrCreateKeyFile(path string, create bool) (key []byte, created bool, err error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := checkPrivate(path); err != nil {
			return nil, false, err
		}
		key, err = parseKeyFile(path, data, create)
		return key, false, err
	case !errors.Is(err, os.ErrNotExist):
		return nil, false, fmt.Errorf("read key file: %w", err)
	case !create:
		return nil, false, fmt.Errorf("key file %s is missing but the database already holds encrypted data; restore the key from your backup", path)
	}
	key = make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, fmt.Errorf("generate key: %w", err)
	}
	if err := writeKeyFile(path, key); err != nil {
		return nil, false, err
	}
	return key, true, nil
}

// parseKeyFile decodes a key file's content. An empty or truncated file is
// what a first start killed while writing its key left behind (before keys
// were written atomically); the message says what to do about it without
// quoting the content.
func parseKeyFile(path string, data []byte, unused bool) ([]byte, error) {
	key, err := ParseKey(string(data))
	if err == nil {
		return key, nil
	}
	problem := "is damaged (not 64 hexadecimal characters)"
	if len(strings.TrimSpace(string(data))) == 0 {
		problem = "is empty"
	}
	if unused {
		return nil, fmt.Errorf("key file %s %s, probably left by an interrupted first start; the database holds no encrypted data yet, so delete the key file and start Vigil again to generate a new key", path, problem)
	}
	return nil, fmt.Errorf("key file %s %s; restore it from your backup of the key", path, problem)
}

// writeKeyFile writes key to path so that path never exists with partial
// content, whatever the moment the process or the machine stops: the key
// goes to a temporary file in the same directory (mode 0600), which is
// synced, then linked to path (a link, unlike a rename, never replaces an
// existing key), and the directory is synced so that the new name is on
// disk too.
func writeKeyFile(path string, key []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("create key file: %w", err)
	}
	return syncDir(dir)
}

// syncDir flushes a directory, making the names created in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

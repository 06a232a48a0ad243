package storage

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"vigil/indicators"
)

// KeySize is the length of the data key in bytes (AES-256).
const KeySize = 32

// ErrWrongKey means the data key cannot decrypt this database.
var ErrWrongKey = errors.New("the encryption key does not match this database")

// sealer encrypts sensitive values with AES-256-GCM and computes keyed
// indexes (HMAC-SHA256) for values that must be looked up without being
// stored in clear. Encryption and index keys are derived from the data key.
type sealer struct {
	aead     cipher.AEAD
	indexKey []byte
	blind    *indicators.Key // the blind index of linked cases
}

func newSealer(key []byte) (*sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("encryption key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(derive(key, "vigil/encryption"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	blind, err := indicators.NewKey(key)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead, indexKey: derive(key, "vigil/index"), blind: blind}, nil
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// seal encrypts plain, binding it to context (for example "case:VGL-2026-0001")
// so that ciphertexts cannot be moved between rows.
func (s *sealer) seal(plain []byte, context string) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic("crypto/rand failed: " + err.Error()) // never happens on supported platforms
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(context))
}

// open decrypts a value sealed with the same context.
func (s *sealer) open(sealed []byte, context string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, ErrWrongKey
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(context))
	if err != nil {
		return nil, ErrWrongKey
	}
	return plain, nil
}

// index returns a keyed hash of value for equality lookups.
func (s *sealer) index(value string) string {
	m := hmac.New(sha256.New, s.indexKey)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// ParseKey decodes a data key given as 64 hexadecimal characters.
func ParseKey(text string) ([]byte, error) {
	key, err := hex.DecodeString(strings.TrimSpace(text))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("encryption key must be %d hexadecimal characters", 2*KeySize)
	}
	return key, nil
}

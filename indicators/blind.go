package indicators

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
)

// keyInfo binds the blind-index key to this use: the same data key gives
// unrelated keys for encryption and other indexes.
const keyInfo = "vigil/indicators/blind-index/v1"

// DataKeySize is the size of the data key that NewKey takes.
const DataKeySize = 32

// Key is the blind-index key: with it, equal indicators give equal
// hashes, and without it a hash tells nothing about its value. Make it
// with NewKey; it is safe for concurrent use.
type Key struct {
	k []byte
}

// NewKey derives the blind-index key from the 32-byte data key with
// HKDF-SHA256 (RFC 5869) under a fixed info string. A key of another
// size is an error (which does not contain the key).
func NewKey(dataKey []byte) (*Key, error) {
	if len(dataKey) != DataKeySize {
		return nil, fmt.Errorf("indicators: data key must be %d bytes, got %d", DataKeySize, len(dataKey))
	}
	k, err := hkdf.Key(sha256.New, dataKey, nil, keyInfo, sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("indicators: derive blind-index key: %w", err)
	}
	return &Key{k: k}, nil
}

// Hash returns HMAC-SHA256(key, kind || 0x00 || value), 32 bytes: what
// the database stores instead of the value. The zero byte ends the kind,
// so that no other (kind, value) pair hashes the same input. value must
// be normalised already, as Extract returns it.
func (k *Key) Hash(kind Kind, value string) []byte {
	if k == nil || k.k == nil {
		panic("indicators: Key used before NewKey")
	}
	m := hmac.New(sha256.New, k.k)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(value))
	return m.Sum(nil)
}

// HashAll returns the hashes of inds, in the same order, each marked
// Common when common has it (common may be nil).
func (k *Key) HashAll(inds []Indicator, common *Common) []Hashed {
	out := make([]Hashed, len(inds))
	for i, ind := range inds {
		out[i] = Hashed{Kind: ind.Kind, Hash: k.Hash(ind.Kind, ind.Value), Common: common != nil && common.Has(ind)}
	}
	return out
}

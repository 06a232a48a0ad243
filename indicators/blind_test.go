package indicators

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
)

func testKey(t testing.TB, seed byte) *Key {
	t.Helper()
	k, err := NewKey(bytes.Repeat([]byte{seed}, DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// hkdfSHA256 is RFC 5869 written out for one 32-byte block, to check
// NewKey against an independent computation.
func hkdfSHA256(secret []byte, info string) []byte {
	extract := hmac.New(sha256.New, make([]byte, sha256.Size))
	extract.Write(secret)
	expand := hmac.New(sha256.New, extract.Sum(nil))
	expand.Write([]byte(info))
	expand.Write([]byte{1})
	return expand.Sum(nil)
}

func TestHash(t *testing.T) {
	dataKey := bytes.Repeat([]byte{7}, DataKeySize)
	k, err := NewKey(dataKey)
	if err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha256.New, hkdfSHA256(dataKey, "vigil/indicators/blind-index/v1"))
	m.Write([]byte("phone\x00+32470123456"))
	if got, want := k.Hash(Phone, "+32470123456"), m.Sum(nil); !bytes.Equal(got, want) {
		t.Fatalf("Hash = %x, want HMAC-SHA256(HKDF-SHA256(data key, info), kind||0||value) = %x", got, want)
	}
	if bytes.Equal(k.Hash(Phone, "+32470123456"), k.Hash(Phone, "+32470123457")) {
		t.Error("two values give one hash")
	}
	if bytes.Equal(k.Hash(Domain, "voice-eu.com"), k.Hash(EmailDomain, "voice-eu.com")) {
		t.Error("two kinds give one hash for one value")
	}
	if bytes.Equal(k.Hash(Phone, "+32470123456"), testKey(t, 8).Hash(Phone, "+32470123456")) {
		t.Error("two data keys give one hash")
	}
	// The derived key is not the data key itself.
	raw := hmac.New(sha256.New, dataKey)
	raw.Write([]byte("phone\x00+32470123456"))
	if bytes.Equal(k.Hash(Phone, "+32470123456"), raw.Sum(nil)) {
		t.Error("Hash uses the data key directly")
	}
}

func TestNewKeyRejectsWrongSize(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		secret := bytes.Repeat([]byte{0xAB}, n)
		_, err := NewKey(secret)
		if err == nil {
			t.Errorf("NewKey accepted a %d-byte key", n)
			continue
		}
		if n > 0 && strings.Contains(strings.ToLower(err.Error()), "abab") {
			t.Errorf("error shows the key: %v", err)
		}
	}
}

func TestHashAllMarksCommon(t *testing.T) {
	k := testKey(t, 1)
	common, err := NewCommon()
	if err != nil {
		t.Fatal(err)
	}
	inds := []Indicator{{Email, "ivan@gmail.com"}, {EmailDomain, "gmail.com"}, {Domain, "gmail.com"}, {Domain, "voice-eu.com"}}
	got := k.HashAll(inds, common)
	for i, want := range []bool{false, true, true, false} {
		if got[i].Kind != inds[i].Kind || !bytes.Equal(got[i].Hash, k.Hash(inds[i].Kind, inds[i].Value)) || got[i].Common != want {
			t.Errorf("HashAll[%d] = %+v, want kind %s, its hash, common %v", i, got[i], inds[i].Kind, want)
		}
	}
	if h := k.HashAll(inds, nil); h[1].Common {
		t.Error("HashAll without a list marked a value common")
	}
}

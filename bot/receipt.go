package bot

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
)

// receiptAlphabet is Crockford's base32 alphabet: no I, L, O or U, so codes
// are easy to copy by hand.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// receiptGroups and receiptGroupLen give 4 groups of 5 characters: 20
// base32 characters, 100 bits of randomness.
const (
	receiptGroups   = 4
	receiptGroupLen = 5
)

// NewReceipt returns a fresh anonymous receipt code such as
// "7KQ2M-9XH4T-PW3ZD-1RC8B" (100 random bits).
func NewReceipt() (string, error) {
	buf := make([]byte, receiptGroups*receiptGroupLen)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	var sb strings.Builder
	for i, b := range buf {
		if i > 0 && i%receiptGroupLen == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(receiptAlphabet[b&31])
	}
	return sb.String(), nil
}

// normalizeReceipt uppercases a typed receipt code, drops separators and
// maps look-alike letters, so that "7kq2m 9xh4t-pw3zd-1rc8b" matches.
func normalizeReceipt(code string) string {
	r := strings.NewReplacer("-", "", " ", "", "I", "1", "L", "1", "O", "0")
	return r.Replace(strings.ToUpper(strings.TrimSpace(code)))
}

// HashReceipt returns the hex SHA-256 of the normalised code. Only this hash
// is stored; the code has enough entropy that a fast hash is safe.
func HashReceipt(code string) string {
	sum := sha256.Sum256([]byte("vigil-receipt:" + normalizeReceipt(code)))
	return hex.EncodeToString(sum[:])
}

var refPattern = regexp.MustCompile(`^VGL-\d{4}-\d{4,}$`)

// normalizeRef uppercases a typed case reference and reports whether it has
// the VGL-YYYY-NNNN shape.
func normalizeRef(s string) (string, bool) {
	ref := strings.ToUpper(strings.TrimSpace(s))
	return ref, refPattern.MatchString(ref)
}

// FormatRef builds a case reference from a year and a yearly sequence.
func FormatRef(year, seq int) string { return fmt.Sprintf("VGL-%04d-%04d", year, seq) }

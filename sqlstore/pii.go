package sqlstore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// piiCipher encrypts personal data at rest with AES-256-GCM and computes the keyed
// blind index used to look an officer up by 身份证号. Both keys are derived from the
// master key: HMAC-SHA256(master, "enc") and HMAC-SHA256(master, "index").
type piiCipher struct {
	aead     cipher.AEAD
	indexKey []byte
}

func newPIICipher(master []byte) (*piiCipher, error) {
	if len(master) == 0 {
		return nil, errors.New("sqlstore: PII key is missing (32 bytes required)")
	}
	if len(master) != 32 {
		return nil, fmt.Errorf("sqlstore: PII key must be 32 bytes, got %d", len(master))
	}
	block, err := aes.NewCipher(derive(master, "enc"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &piiCipher{aead: aead, indexKey: derive(master, "index")}, nil
}

func derive(master []byte, label string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// seal encrypts plaintext for column (bound as additional data, so a value cannot be
// moved to another column) and returns base64(nonce || ciphertext); "" stays "".
func (c *piiCipher) seal(column, plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	nonce := make([]byte, c.aead.NonceSize(), c.aead.NonceSize()+len(plaintext)+c.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := c.aead.Seal(nonce, nonce, []byte(plaintext), []byte(column))
	return base64.StdEncoding.EncodeToString(out), nil
}

// open reverses seal.
func (c *piiCipher) open(column, text string) (string, error) {
	if text == "" {
		return "", nil
	}
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return "", fmt.Errorf("decrypt %s: %w", column, err)
	}
	ns := c.aead.NonceSize()
	if len(b) < ns {
		return "", fmt.Errorf("decrypt %s: ciphertext too short", column)
	}
	p, err := c.aead.Open(nil, b[:ns], b[ns:], []byte(column))
	if err != nil {
		return "", fmt.Errorf("decrypt %s: %w", column, err)
	}
	return string(p), nil
}

// index is the blind index of a normalized 身份证号: hex HMAC-SHA256 under the index key.
func (c *piiCipher) index(idNumber string) string {
	m := hmac.New(sha256.New, c.indexKey)
	m.Write([]byte(idNumber))
	return hex.EncodeToString(m.Sum(nil))
}

// normalizeIDNumber trims s, turns full-width ASCII into half-width and upper-cases
// the check character, so that one person has one index value.
func normalizeIDNumber(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}, strings.TrimSpace(s))
}

// maskIDNumber shows the first six and the last four characters: 110105********002X.
func maskIDNumber(s string) string {
	n := utf8.RuneCountInString(s)
	if n == 0 {
		return ""
	}
	r := []rune(s)
	if n <= 10 {
		return strings.Repeat("*", n)
	}
	return string(r[:6]) + strings.Repeat("*", n-10) + string(r[n-4:])
}

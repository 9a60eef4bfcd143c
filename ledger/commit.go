package ledger

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/emmansun/gmsm/sm3"
)

// SaltSize is the size of a commitment's salt in bytes. 128 random bits per entry and
// field put even a low-entropy value (a phone number, a 身份证号) beyond guessing from
// its commitment, and make equal values in two entries commit differently.
const SaltSize = 16

// Commitment is the salted commitment of one field of an entry: SHA-256 and SM3 of
// salt‖value. The entry (public, permanent) carries the commitment; the salt and the
// value stay in the business rows, readable by staff in scope and inside a case file,
// and anyone holding them can check them against the entry (Opens).
type Commitment struct {
	SHA256 [32]byte
	SM3    [32]byte
}

// NewSalt returns a fresh random salt.
func NewSalt() []byte {
	salt := make([]byte, SaltSize)
	rand.Read(salt) // never fails (crypto/rand, Go 1.24+)
	return salt
}

// Commit returns the commitment of value under salt.
func Commit(salt []byte, value string) Commitment {
	hs, hm := sha256.New(), sm3.New()
	for _, h := range []interface{ Write([]byte) (int, error) }{hs, hm} {
		h.Write(salt)
		h.Write([]byte(value))
	}
	var c Commitment
	hs.Sum(c.SHA256[:0])
	hm.Sum(c.SM3[:0])
	return c
}

// Opens reports whether salt and value open c: both hashes must match. A salt of the
// wrong size never opens a commitment.
func (c Commitment) Opens(salt []byte, value string) bool {
	if len(salt) != SaltSize {
		return false
	}
	got := Commit(salt, value)
	return subtle.ConstantTimeCompare(got.SHA256[:], c.SHA256[:]) == 1 &&
		subtle.ConstantTimeCompare(got.SM3[:], c.SM3[:]) == 1
}

// String returns "sha256:HEX sm3:HEX".
func (c Commitment) String() string {
	return fmt.Sprintf("sha256:%x sm3:%x", c.SHA256, c.SM3)
}

// Opening is the plaintext and salt of one committed field of an entry.
type Opening struct {
	Field string
	Salt  []byte
	Value string
}

// ErrCommitment is the error CheckOpenings wraps.
var ErrCommitment = errors.New("ledger: commitment not opened")

// CheckOpenings checks that the openings of entry e open exactly its commitments: one
// per committed field, each matching. It names the first field that does not, in an
// error wrapping ErrCommitment.
func CheckOpenings(e *Entry, openings []Opening) error {
	if err := checkOpenings(e, openings); err != nil {
		return fmt.Errorf("%w: %w", ErrCommitment, err)
	}
	return nil
}

func checkOpenings(e *Entry, openings []Opening) error {
	if len(openings) == 0 && len(e.Commits) == 0 {
		return nil // the common case of a verify run: nothing to open
	}
	seen := make(map[string]bool, len(openings))
	for _, o := range openings {
		c, ok := e.Commits[o.Field]
		if !ok {
			return fmt.Errorf("field %q has an opening but no commitment in the entry", o.Field)
		}
		if seen[o.Field] {
			return fmt.Errorf("field %q has two openings", o.Field)
		}
		seen[o.Field] = true
		if !c.Opens(o.Salt, o.Value) {
			return fmt.Errorf("field %q: the stored value does not open the entry's commitment (value or salt altered)", o.Field)
		}
	}
	for _, name := range sortedKeys(e.Commits) {
		if !seen[name] {
			return fmt.Errorf("field %q: the entry commits to it but its value is missing", name)
		}
	}
	return nil
}

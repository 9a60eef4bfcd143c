package ledger

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm3"
	"github.com/transparency-dev/merkle"
	"github.com/transparency-dev/merkle/rfc6962"
)

// HashSize is the size in bytes of every hash in the ledger (SHA-256 and SM3 alike).
const HashSize = 32

// Hash is a Merkle tree hash of either tree. Its text form (String, JSON) is
// standard base64, as in checkpoints.
type Hash [HashSize]byte

// String returns h in standard base64.
func (h Hash) String() string { return base64.StdEncoding.EncodeToString(h[:]) }

// MarshalText encodes h as standard base64.
func (h Hash) MarshalText() ([]byte, error) { return h.AppendText(nil) }

// AppendText appends the standard base64 form of h to b.
func (h Hash) AppendText(b []byte) ([]byte, error) {
	return base64.StdEncoding.AppendEncode(b, h[:]), nil
}

// UnmarshalText decodes standard base64 of exactly HashSize bytes.
func (h *Hash) UnmarshalText(text []byte) error {
	x, err := ParseHash(string(text))
	if err != nil {
		return err
	}
	*h = x
	return nil
}

// ParseHash decodes the standard base64 form of a hash.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != HashSize {
		return h, fmt.Errorf("ledger: malformed hash %q", s)
	}
	copy(h[:], b)
	return h, nil
}

// Algorithm names one of the ledger's two Merkle trees by its hash function.
// Both trees hash the same entries with RFC 6962 domain separation.
type Algorithm uint8

const (
	// SHA256 is the RFC 6962 SHA-256 tree, interoperable with C2SP tlog tooling.
	SHA256 Algorithm = iota
	// SM3 is the same tree hashed with SM3 (GB/T 32905-2016).
	SM3
)

// Algorithms lists both trees in a fixed order, for loops.
var Algorithms = [...]Algorithm{SHA256, SM3}

// String returns "sha256" or "sm3".
func (a Algorithm) String() string {
	switch a {
	case SHA256:
		return "sha256"
	case SM3:
		return "sm3"
	}
	return fmt.Sprintf("Algorithm(%d)", uint8(a))
}

func (a Algorithm) newHash() hash.Hash {
	switch a {
	case SHA256:
		return sha256.New()
	case SM3:
		return sm3.New()
	}
	panic("ledger: unknown algorithm " + a.String())
}

// sum returns the plain digest of b.
func (a Algorithm) sum(b []byte) Hash {
	switch a {
	case SHA256:
		return sha256.Sum256(b)
	case SM3:
		return sm3.Sum(b)
	}
	panic("ledger: unknown algorithm " + a.String())
}

// leafStackSize bounds the entries hashed from a stack buffer.
const leafStackSize = 1024

// LeafHash returns the RFC 6962 leaf hash H(0x00 || data).
func (a Algorithm) LeafHash(data []byte) Hash {
	if len(data) < leafStackSize {
		var buf [leafStackSize]byte
		n := copy(buf[1:], data)
		return a.sum(buf[:1+n])
	}
	h := a.newHash()
	h.Write([]byte{0x00})
	h.Write(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

// NodeHash returns the RFC 6962 interior node hash H(0x01 || left || right).
func (a Algorithm) NodeHash(left, right Hash) Hash {
	var buf [1 + 2*HashSize]byte
	buf[0] = 0x01
	copy(buf[1:], left[:])
	copy(buf[1+HashSize:], right[:])
	return a.sum(buf[:])
}

// EmptyRoot returns the root of the empty tree, H("") (RFC 6962, section 2.1).
func (a Algorithm) EmptyRoot() Hash { return a.sum(nil) }

// LogHasher returns the tree's hasher for github.com/transparency-dev/merkle:
// rfc6962.DefaultHasher for SHA256 and an SM3 equivalent for SM3.
func (a Algorithm) LogHasher() merkle.LogHasher {
	switch a {
	case SHA256:
		return rfc6962.DefaultHasher
	case SM3:
		return SM3Hasher
	}
	panic("ledger: unknown algorithm " + a.String())
}

// SM3Hasher is the RFC 6962 tree hasher with SM3 in place of SHA-256, for use
// with github.com/transparency-dev/merkle (compact ranges, proof verification).
var SM3Hasher merkle.LogHasher = sm3Hasher{}

type sm3Hasher struct{}

func (sm3Hasher) EmptyRoot() []byte { h := SM3.EmptyRoot(); return h[:] }

func (sm3Hasher) HashLeaf(leaf []byte) []byte { h := SM3.LeafHash(leaf); return h[:] }

func (sm3Hasher) HashChildren(l, r []byte) []byte {
	// Proof verifiers pass untrusted proof elements, which may have any length.
	if len(l) == HashSize && len(r) == HashSize {
		h := SM3.NodeHash(Hash(l), Hash(r))
		return h[:]
	}
	h := sm3.New()
	h.Write([]byte{0x01})
	h.Write(l)
	h.Write(r)
	return h.Sum(nil)
}

func (sm3Hasher) Size() int { return HashSize }

// LeafHashes returns the leaf hashes of entry (canonical entry bytes) in both trees.
func LeafHashes(entry []byte) (sha, sm Hash) {
	return SHA256.LeafHash(entry), SM3.LeafHash(entry)
}

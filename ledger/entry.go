package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/emmansun/gmsm/sm3"
)

// Entry format versions: the value of an entry's "v" member.
const (
	// EntryVersion is format 1, the original one: free text in Meta in clear, no
	// commitments. Entries of this format are still read, written and verified.
	EntryVersion = 1
	// EntryV2 is format 2: an entry may carry Commits, the salted commitments of its
	// free-text and personal fields, whose openings stay in the business rows.
	EntryV2 = 2
)

// MaxEntrySize is the largest canonical entry, in bytes: entry bundles
// prefix each entry with a big-endian uint16 length.
const MaxEntrySize = 1<<16 - 1

// MaxKindLen is the longest Kind accepted.
const MaxKindLen = 64

// maxSafeInt is the largest integer every JSON implementation reads exactly (2^53-1).
const maxSafeInt = 1<<53 - 1

// TimeLayout is the layout of entry times: RFC 3339 in UTC with exactly six
// fractional digits.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Entry is one ledger record: who did what to which case when, with the
// digests of the evidence it covers. Its only serialized form is Canonical.
type Entry struct {
	// Kind names the action, e.g. "case.open", "record.add", "evidence.add":
	// 1 to MaxKindLen bytes of a-z, 0-9, '.', '_' and '-'.
	Kind string
	// Case is the case ID or number; empty for entries about no case.
	Case string
	// Actor identifies the user (or system component) that acted. Required.
	Actor string
	// Time is when the action happened. It must be whole microseconds; it is
	// encoded in UTC, and ParseEntry returns it in UTC.
	Time time.Time
	// Hashes maps a blob name (e.g. "file", "photo-1.jpg") to the digests of
	// its content. Optional.
	Hashes map[string]Digest
	// Meta holds further string fields. Optional.
	Meta map[string]string
	// Commits maps a field name to the salted commitment of its value (format 2
	// only). Optional.
	Commits map[string]Commitment
	// V is the format version; 0 means EntryVersion (format 1).
	V int
}

// version returns e's format version, with 0 meaning format 1.
func (e *Entry) version() int {
	if e.V == 0 {
		return EntryVersion
	}
	return e.V
}

// Digest identifies a blob's content by its size and its SHA-256 and SM3
// hashes. Both hashes are always present.
type Digest struct {
	Size   int64
	SHA256 [32]byte
	SM3    [32]byte
}

// DigestBytes returns the digest of b.
func DigestBytes(b []byte) Digest {
	return Digest{Size: int64(len(b)), SHA256: sha256.Sum256(b), SM3: sm3.Sum(b)}
}

// DigestOf reads r to its end and returns the digest of what it read.
func DigestOf(r io.Reader) (Digest, error) {
	hs, hm := sha256.New(), sm3.New()
	n, err := io.Copy(io.MultiWriter(hs, hm), r)
	if err != nil {
		return Digest{}, err
	}
	d := Digest{Size: n}
	hs.Sum(d.SHA256[:0])
	hm.Sum(d.SM3[:0])
	return d, nil
}

// String returns "size sha256:HEX sm3:HEX".
func (d Digest) String() string {
	return fmt.Sprintf("%d sha256:%x sm3:%x", d.Size, d.SHA256, d.SM3)
}

var (
	errNotCanonical = errors.New("ledger: entry is not in canonical form")
	errSyntax       = errors.New("ledger: malformed entry")
)

// Canonical returns the canonical encoding of e: the bytes that are hashed
// into both trees. See the package documentation for the exact rules. It
// fails if e breaks a rule (missing or malformed field, invalid UTF-8, time
// not in whole microseconds, result larger than MaxEntrySize).
func (e *Entry) Canonical() ([]byte, error) {
	return e.appendCanonical(make([]byte, 0, 256))
}

func (e *Entry) appendCanonical(b []byte) ([]byte, error) {
	if err := checkKind(e.Kind); err != nil {
		return nil, err
	}
	if e.Actor == "" {
		return nil, errors.New("ledger: entry has no actor")
	}
	t := e.Time.UTC()
	if t.IsZero() || t.Year() < 1 || t.Year() > 9999 {
		return nil, fmt.Errorf("ledger: entry time %v out of range", e.Time)
	}
	if t.Nanosecond()%1000 != 0 {
		return nil, fmt.Errorf("ledger: entry time %v is not whole microseconds", e.Time)
	}
	v := e.version()
	if v != EntryVersion && v != EntryV2 {
		return nil, fmt.Errorf("ledger: unsupported entry version %d", v)
	}
	if len(e.Commits) > 0 && v < EntryV2 {
		return nil, errors.New("ledger: commitments need entry format 2")
	}
	var err error
	b = append(b, `{"actor":`...)
	if b, err = appendString(b, e.Actor); err != nil {
		return nil, err
	}
	if e.Case != "" {
		b = append(b, `,"case":`...)
		if b, err = appendString(b, e.Case); err != nil {
			return nil, err
		}
	}
	if len(e.Commits) > 0 {
		b = append(b, `,"commits":{`...)
		for i, name := range sortedKeys(e.Commits) {
			if name == "" {
				return nil, errors.New("ledger: entry has a commitment with an empty name")
			}
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendString(b, name); err != nil {
				return nil, err
			}
			c := e.Commits[name]
			b = append(b, `:{"sha256":"`...)
			b = hex.AppendEncode(b, c.SHA256[:])
			b = append(b, `","sm3":"`...)
			b = hex.AppendEncode(b, c.SM3[:])
			b = append(b, `"}`...)
		}
		b = append(b, '}')
	}
	if len(e.Hashes) > 0 {
		b = append(b, `,"hashes":{`...)
		for i, name := range sortedKeys(e.Hashes) {
			if name == "" {
				return nil, errors.New("ledger: entry has a blob with an empty name")
			}
			d := e.Hashes[name]
			if d.Size < 0 || d.Size > maxSafeInt {
				return nil, fmt.Errorf("ledger: blob %q has size %d out of range", name, d.Size)
			}
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendString(b, name); err != nil {
				return nil, err
			}
			b = append(b, `:{"sha256":"`...)
			b = hex.AppendEncode(b, d.SHA256[:])
			b = append(b, `","size":`...)
			b = strconv.AppendInt(b, d.Size, 10)
			b = append(b, `,"sm3":"`...)
			b = hex.AppendEncode(b, d.SM3[:])
			b = append(b, `"}`...)
		}
		b = append(b, '}')
	}
	b = append(b, `,"kind":"`...)
	b = append(b, e.Kind...)
	b = append(b, '"')
	if len(e.Meta) > 0 {
		b = append(b, `,"meta":{`...)
		for i, k := range sortedKeys(e.Meta) {
			if k == "" {
				return nil, errors.New("ledger: entry has a meta field with an empty name")
			}
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendString(b, k); err != nil {
				return nil, err
			}
			b = append(b, ':')
			if b, err = appendString(b, e.Meta[k]); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	b = append(b, `,"time":"`...)
	b = t.AppendFormat(b, TimeLayout)
	b = append(b, `","v":`...)
	b = strconv.AppendInt(b, int64(v), 10)
	b = append(b, '}')
	if len(b) > MaxEntrySize {
		return nil, fmt.Errorf("ledger: entry is %d bytes, more than %d", len(b), MaxEntrySize)
	}
	return b, nil
}

func checkKind(k string) error {
	if k == "" || len(k) > MaxKindLen {
		return fmt.Errorf("ledger: entry kind %q must be 1 to %d bytes", k, MaxKindLen)
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Errorf("ledger: entry kind %q has a character outside [a-z0-9._-]", k)
		}
	}
	return nil
}

// sortedKeys returns the keys of m in canonical order (by UTF-16 code units,
// as RFC 8785 requires).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareUTF16)
	return keys
}

// compareUTF16 compares a and b by their UTF-16 code units. It differs from
// byte order only between supplementary characters and U+E000..U+FFFF.
// Invalid UTF-8 is rejected by appendString, so its order does not matter.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := firstUnit(ra), firstUnit(rb)
			if ua != ub {
				if ua < ub {
					return -1
				}
				return 1
			}
			if ra < rb { // same high surrogate: low surrogates order as runes
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b) // the shorter prefix sorts first
}

func firstUnit(r rune) rune {
	if r >= 0x10000 {
		return 0xD800 + (r-0x10000)>>10
	}
	return r
}

// appendString appends s as a canonical JSON string (RFC 8785, section
// 3.2.2.2): '"' and '\' escaped with a backslash; U+0008, U+0009, U+000A,
// U+000C and U+000D as \b \t \n \f \r; other controls below U+0020 as \u00xx
// with lowercase hex; everything else as raw UTF-8. Invalid UTF-8 is an error.
func appendString(b []byte, s string) ([]byte, error) {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return nil, fmt.Errorf("ledger: invalid UTF-8 in %q", s)
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\f':
			b = append(b, '\\', 'f')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"'), nil
}

// ParseEntry decodes canonical entry bytes. It rejects anything that is not
// exactly the canonical encoding of the entry it decodes to: whitespace,
// other key orders, duplicate or unknown keys, other escapes, upper-case hex,
// another version, and so on.
func ParseEntry(b []byte) (*Entry, error) {
	if len(b) > MaxEntrySize {
		return nil, fmt.Errorf("ledger: entry is %d bytes, more than %d", len(b), MaxEntrySize)
	}
	p := parser{b: b}
	e, err := p.entry()
	if err != nil {
		return nil, err
	}
	// The parser accepts a little more than canonical form (e.g. any key
	// order of maps); re-encoding settles it.
	var buf [512]byte
	c, err := e.appendCanonical(buf[:0])
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(c, b) {
		return nil, errNotCanonical
	}
	return e, nil
}

// parser reads the canonical subset of JSON that entries use: objects,
// strings with canonical escapes only, and non-negative integers.
type parser struct {
	b []byte
	i int
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w at byte %d: %s", errSyntax, p.i, fmt.Sprintf(format, args...))
}

func (p *parser) consume(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *parser) expect(c byte) error {
	if !p.consume(c) {
		return p.errorf("want %q", c)
	}
	return nil
}

// object calls member for each member of an object, after its key and colon.
func (p *parser) object(member func(key string) error) error {
	if err := p.expect('{'); err != nil {
		return err
	}
	if p.consume('}') {
		return nil
	}
	for {
		key, err := p.str()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		if p.consume('}') {
			return nil
		}
		if err := p.expect(','); err != nil {
			return err
		}
	}
}

func (p *parser) str() (string, error) {
	if err := p.expect('"'); err != nil {
		return "", err
	}
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := string(p.b[start:p.i])
			p.i++
			return s, nil
		case c == '\\':
			return p.escapedStr(start)
		case c < 0x20:
			return "", p.errorf("control character in string")
		}
		p.i++
	}
	return "", p.errorf("unterminated string")
}

// escapedStr continues str from the first backslash.
func (p *parser) escapedStr(start int) (string, error) {
	s := append([]byte(nil), p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(s), nil
		case c < 0x20:
			return "", p.errorf("control character in string")
		case c != '\\':
			s = append(s, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			break
		}
		switch e := p.b[p.i+1]; e {
		case '"', '\\':
			s = append(s, e)
		case 'b':
			s = append(s, '\b')
		case 't':
			s = append(s, '\t')
		case 'n':
			s = append(s, '\n')
		case 'f':
			s = append(s, '\f')
		case 'r':
			s = append(s, '\r')
		case 'u':
			if p.i+6 > len(p.b) || string(p.b[p.i+2:p.i+4]) != "00" {
				return "", p.errorf("non-canonical escape")
			}
			var x [1]byte
			if _, err := hex.Decode(x[:], p.b[p.i+4:p.i+6]); err != nil {
				return "", p.errorf("bad escape")
			}
			s = append(s, x[0])
			p.i += 4
		default:
			return "", p.errorf("non-canonical escape")
		}
		p.i += 2
	}
	return "", p.errorf("unterminated string")
}

// uint reads a non-negative decimal integer of at most maxSafeInt.
func (p *parser) uint() (int64, error) {
	start := p.i
	var n int64
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		n = n*10 + int64(p.b[p.i]-'0')
		p.i++
		if n > maxSafeInt {
			return 0, p.errorf("number out of range")
		}
	}
	if p.i == start {
		return 0, p.errorf("want a number")
	}
	return n, nil
}

// entryKeys lists the members of an entry in canonical order.
var entryKeys = []string{"actor", "case", "commits", "hashes", "kind", "meta", "time", "v"}

func (p *parser) entry() (*Entry, error) {
	e := new(Entry)
	next := 0 // index in entryKeys of the least key still allowed
	version := int64(-1)
	err := p.object(func(key string) error {
		k := slices.Index(entryKeys[next:], key)
		if k < 0 {
			return p.errorf("unknown, repeated or misplaced member %q", key)
		}
		next += k + 1
		var err error
		switch key {
		case "actor":
			e.Actor, err = p.str()
		case "case":
			e.Case, err = p.str()
		case "kind":
			e.Kind, err = p.str()
		case "time":
			var s string
			if s, err = p.str(); err == nil {
				if e.Time, err = time.Parse(TimeLayout, s); err != nil {
					err = p.errorf("bad time %q", s)
				}
			}
		case "v":
			version, err = p.uint()
		case "meta":
			e.Meta = make(map[string]string)
			err = p.object(func(k string) error {
				v, err := p.str()
				e.Meta[k] = v
				return err
			})
		case "commits":
			e.Commits = make(map[string]Commitment)
			err = p.object(func(name string) error {
				c, err := p.commitment()
				e.Commits[name] = c
				return err
			})
		case "hashes":
			e.Hashes = make(map[string]Digest)
			err = p.object(func(name string) error {
				d, err := p.digest()
				e.Hashes[name] = d
				return err
			})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.i != len(p.b) {
		return nil, p.errorf("data after entry")
	}
	if version != EntryVersion && version != EntryV2 {
		return nil, fmt.Errorf("ledger: unsupported entry version %d", version)
	}
	e.V = int(version)
	return e, nil
}

func (p *parser) digest() (Digest, error) {
	var d Digest
	seen := 0
	err := p.object(func(key string) error {
		var err error
		switch {
		case key == "sha256" && seen == 0:
			err = p.hex32(&d.SHA256)
		case key == "size" && seen == 1:
			d.Size, err = p.uint()
		case key == "sm3" && seen == 2:
			err = p.hex32(&d.SM3)
		default:
			return p.errorf("unknown, repeated or misplaced member %q", key)
		}
		seen++
		return err
	})
	if err == nil && seen != 3 {
		err = p.errorf("digest needs sha256, size and sm3")
	}
	return d, err
}

func (p *parser) commitment() (Commitment, error) {
	var c Commitment
	seen := 0
	err := p.object(func(key string) error {
		var err error
		switch {
		case key == "sha256" && seen == 0:
			err = p.hex32(&c.SHA256)
		case key == "sm3" && seen == 1:
			err = p.hex32(&c.SM3)
		default:
			return p.errorf("unknown, repeated or misplaced member %q", key)
		}
		seen++
		return err
	})
	if err == nil && seen != 2 {
		err = p.errorf("commitment needs sha256 and sm3")
	}
	return c, err
}

func (p *parser) hex32(dst *[32]byte) error {
	s, err := p.str()
	if err != nil {
		return err
	}
	if len(s) != 64 {
		return p.errorf("hash must be 64 hex digits")
	}
	if _, err := hex.Decode(dst[:], []byte(s)); err != nil {
		return p.errorf("bad hex")
	}
	return nil
}

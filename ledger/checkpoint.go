package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sm3Extension starts the checkpoint extension line that carries the SM3 root.
const sm3Extension = "sm3 "

// Checkpoint is a tree head of both trees: the body of a signed checkpoint.
type Checkpoint struct {
	// Origin identifies the log, e.g. "zhifa.example.gov.cn/ledger". It is
	// also the name of the log's signing keys.
	Origin string
	// Size is the number of entries.
	Size int64
	// Root is the SHA-256 tree root; SM3Root the SM3 tree root.
	Root, SM3Root Hash
}

// ValidOrigin reports whether origin can name a log and its keys: non-empty
// valid UTF-8 without Unicode spaces, '+' or control characters (the
// signed-note key name rules).
func ValidOrigin(origin string) bool {
	return origin != "" && utf8.ValidString(origin) &&
		strings.IndexFunc(origin, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '+' }) < 0
}

// Marshal returns the C2SP tlog-checkpoint note text of c:
//
//	<origin>
//	<size>
//	<base64 SHA-256 root>
//	sm3 <base64 SM3 root>
//
// each line ending in a newline.
func (c Checkpoint) Marshal() ([]byte, error) {
	if !ValidOrigin(c.Origin) {
		return nil, fmt.Errorf("ledger: invalid checkpoint origin %q", c.Origin)
	}
	if c.Size < 0 {
		return nil, fmt.Errorf("ledger: negative checkpoint size %d", c.Size)
	}
	b := make([]byte, 0, len(c.Origin)+128)
	b = append(b, c.Origin...)
	b = append(b, '\n')
	b = strconv.AppendInt(b, c.Size, 10)
	b = append(b, '\n')
	b, _ = c.Root.AppendText(b)
	b = append(b, '\n')
	b = append(b, sm3Extension...)
	b, _ = c.SM3Root.AppendText(b)
	return append(b, '\n'), nil
}

// ParseCheckpoint parses checkpoint note text as written by Marshal, and
// nothing else: exactly the four lines, in canonical form.
func ParseCheckpoint(text []byte) (Checkpoint, error) {
	var c Checkpoint
	bad := func(what string) (Checkpoint, error) {
		return Checkpoint{}, fmt.Errorf("ledger: malformed checkpoint: %s", what)
	}
	if !bytes.HasSuffix(text, []byte("\n")) {
		return bad("no final newline")
	}
	lines := strings.Split(string(text[:len(text)-1]), "\n")
	if len(lines) != 4 {
		return bad(fmt.Sprintf("%d lines, want 4", len(lines)))
	}
	c.Origin = lines[0]
	if !ValidOrigin(c.Origin) {
		return bad("invalid origin")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return bad("invalid size")
	}
	c.Size = n
	if c.Root, err = parseCanonicalHash(lines[2]); err != nil {
		return bad("invalid root")
	}
	ext, ok := strings.CutPrefix(lines[3], sm3Extension)
	if !ok {
		return bad("no sm3 extension line")
	}
	if c.SM3Root, err = parseCanonicalHash(ext); err != nil {
		return bad("invalid sm3 root")
	}
	return c, nil
}

func parseCanonicalHash(s string) (Hash, error) {
	h, err := ParseHash(s)
	if err == nil && h.String() != s {
		err = errors.New("non-canonical base64")
	}
	return h, err
}

package ledger

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// auditHeadLine is the first line of an audit head note. It is not a valid origin, so an
// audit head note can never be taken for a checkpoint, nor a checkpoint for it.
const auditHeadLine = "zhifa audit chain"

// An audit head note is a signed note, with the log's keys, that anchors the hash chain
// over a database's audit log: the chain's head after link Seq.
//
//	zhifa audit chain
//	<origin>
//	<seq>
//	<base64 SHA-256 head>
type AuditHead struct {
	Origin string
	Seq    int64
	Head   []byte
}

// SignAuditHead returns the signed audit head note of seq and head.
func (s *Signer) SignAuditHead(seq int64, head []byte) ([]byte, error) {
	if seq < 1 || len(head) != HashSize {
		return nil, fmt.Errorf("ledger: invalid audit head %d/%x", seq, head)
	}
	text := fmt.Sprintf("%s\n%s\n%d\n%s\n", auditHeadLine, s.origin, seq, base64.StdEncoding.EncodeToString(head))
	return note.Sign(&note.Note{Text: text}, s.signers...)
}

// VerifyAuditHead opens a signed audit head note: every key in vkeys must have signed it
// and be named after the origin it names.
func VerifyAuditHead(signed []byte, vkeys ...string) (AuditHead, error) {
	if len(vkeys) == 0 {
		return AuditHead{}, errors.New("ledger: no verifier key")
	}
	vs := make([]note.Verifier, len(vkeys))
	for i, k := range vkeys {
		v, err := NewVerifier(k)
		if err != nil {
			return AuditHead{}, err
		}
		vs[i] = v
	}
	n, err := note.Open(signed, note.VerifierList(vs...))
	if err != nil {
		return AuditHead{}, fmt.Errorf("ledger: %w", err)
	}
	for _, v := range vs {
		found := false
		for _, sig := range n.Sigs {
			found = found || sig.Name == v.Name() && sig.Hash == v.KeyHash()
		}
		if !found {
			return AuditHead{}, fmt.Errorf("ledger: audit head not signed by key %s+%08x", v.Name(), v.KeyHash())
		}
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 5 || lines[0] != auditHeadLine || lines[4] != "" {
		return AuditHead{}, errors.New("ledger: not an audit head note")
	}
	h := AuditHead{Origin: lines[1]}
	if h.Seq, err = strconv.ParseInt(lines[2], 10, 64); err != nil || h.Seq < 1 || strconv.FormatInt(h.Seq, 10) != lines[2] {
		return AuditHead{}, fmt.Errorf("ledger: audit head: bad link number %q", lines[2])
	}
	if h.Head, err = base64.StdEncoding.DecodeString(lines[3]); err != nil || len(h.Head) != HashSize {
		return AuditHead{}, fmt.Errorf("ledger: audit head: bad hash %q", lines[3])
	}
	for _, v := range vs {
		if v.Name() != h.Origin {
			return AuditHead{}, fmt.Errorf("ledger: key %q does not belong to log %q", v.Name(), h.Origin)
		}
	}
	return h, nil
}

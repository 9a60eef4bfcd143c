package kernel

import (
	"bytes"
	"context"
	"strconv"

	"zhifa"
	"zhifa/ledger"
)

// LedgerActor is the entry Actor for an actor: "user/ID" for a user, "system/NAME" for a
// command-line or seeding actor, "public" for the public. It names no person: entries
// are permanent and public, so they hold no personal data.
func LedgerActor(actor *Actor) string {
	switch {
	case actor.UserID > 0:
		return "user/" + strconv.FormatInt(actor.UserID, 10)
	case actor.UserID < 0:
		return "system/" + actor.Login
	default:
		return "public"
	}
}

// LatestCheckpoint is tx.LatestCheckpoint with nil, not ENOTFOUND, for none.
func LatestCheckpoint(ctx context.Context, tx zhifa.Tx) (*zhifa.LedgerCheckpoint, error) {
	c, err := tx.LatestCheckpoint(ctx)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return nil, nil
	}
	return c, err
}

// CheckpointSize returns the size of the latest checkpoint, 0 if there is none.
func CheckpointSize(ctx context.Context, tx zhifa.Tx) (int64, error) {
	c, err := LatestCheckpoint(ctx, tx)
	if err != nil || c == nil {
		return 0, err
	}
	return c.Size, nil
}

// HashReaders reads the stored hashes of each tree in tx (for inclusion and consistency
// proofs).
func HashReaders(tx zhifa.Tx) (sha, sm ledger.HashReader) {
	read := func(alg ledger.Algorithm) ledger.HashReader {
		return ledger.HashReaderFunc(func(ctx context.Context, indexes []int64) ([]ledger.Hash, error) {
			a, b, err := tx.ReadLedgerHashes(ctx, indexes)
			if err != nil {
				return nil, err
			}
			if alg == ledger.SM3 {
				a = b
			}
			out := make([]ledger.Hash, len(a))
			for i := range a {
				out[i] = a[i]
			}
			return out, nil
		})
	}
	return read(ledger.SHA256), read(ledger.SM3)
}

// NoteBody is the text of a signed note (a checkpoint), up to the blank line before the
// signatures.
func NoteBody(note []byte) []byte {
	if i := bytes.Index(note, []byte("\n\n")); i >= 0 {
		return note[:i+1]
	}
	return note
}

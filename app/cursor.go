package app

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
)

// Keyset paging (issue #11): the cursor and the capped counts live in the kernel
// (kernel.EncodeCursor), shared with the contexts.

// encodeCursor is the cursor of the page after the case with the key.
func encodeCursor(k zhifa.CaseKey) string { return kernel.EncodeCursor(k) }

// decodeCursor reads a cursor; "" is the first page (nil). A malformed one is EINVALID.
func decodeCursor(s string) (*zhifa.CaseKey, error) { return kernel.DecodeCursor(s) }

// countText is how a capped count (zhifa.CountCap) is shown: exact, or "1000+".
func countText(n int) string { return kernel.CountText(n) }

// actorOfficer is the officer record of the actor (kernel.ActorOfficer).
func actorOfficer(ctx context.Context, tx zhifa.Tx, actor *Actor) (int64, error) {
	return kernel.ActorOfficer(ctx, tx, actor)
}

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

// actorOfficer is the officer record of the actor (我的案件): EINVALID when the account
// has none, since "my cases" then names no one.
func actorOfficer(ctx context.Context, tx zhifa.Tx, actor *Actor) (int64, error) {
	noOfficer := fieldError("mine", "您的账号未关联执法人员，无法只看我的案件，请查看全部案件")
	if actor.UserID <= 0 { // the system actor of the command line and the demo
		return 0, noOfficer
	}
	u, err := tx.User(ctx, actor.UserID)
	if err != nil {
		return 0, err
	}
	if u.OfficerID == 0 {
		return 0, noOfficer
	}
	return u.OfficerID, nil
}

package kernel

import (
	"context"
	"strings"

	"zhifa"
)

// AgencyPath is the path of an agency, "" when it cannot be read (then nothing is in
// scope: Actor.InScope refuses the empty path).
func AgencyPath(ctx context.Context, tx zhifa.Tx, agencyID int64) string {
	ag, err := tx.Agency(ctx, agencyID)
	if err != nil {
		return ""
	}
	return ag.Path
}

// MaskPhone masks a phone number for display: the first three and the last four digits
// stay.
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) < 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

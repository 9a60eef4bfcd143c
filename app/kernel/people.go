package kernel

import (
	"context"

	"zhifa"
)

// UserName is the name of the account id for texts people read (issue 12: people by
// name, never by login); fallback when the account is unknown.
func UserName(ctx context.Context, tx zhifa.Tx, id int64, fallback string) (string, error) {
	if id <= 0 {
		return fallback, nil
	}
	u, err := tx.User(ctx, id)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return fallback, nil
	}
	if err != nil {
		return "", err
	}
	return u.Name, nil
}

// AgencyPath is the path of an agency, "" when it cannot be read (then nothing is in
// any actor's scope).
func AgencyPath(ctx context.Context, tx zhifa.Tx, agencyID int64) string {
	ag, err := tx.Agency(ctx, agencyID)
	if err != nil {
		return ""
	}
	return ag.Path
}

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

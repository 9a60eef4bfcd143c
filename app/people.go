package app

import (
	"context"

	"zhifa"
)

// PersonName names one account by login, with its role, for a staff reader of a record
// that names it (a ledger entry, a state change, an access log): the login shows in a
// record the reader already reads, so its holder's name and role may, also for an
// account outside the reader's scope (a pooled reviewer of the justice bureau).
func (a *App) PersonName(ctx context.Context, login string) (string, error) {
	if actor := ActorFrom(ctx); actor.UserID <= 0 {
		return "", zhifa.Errorf(zhifa.EUNAUTHORIZED, "请先登录")
	}
	var name string
	err := a.read(ctx, func(tx zhifa.Tx) error {
		u, err := tx.UserByLogin(ctx, login)
		if err != nil {
			return err
		}
		name = u.Name + "（" + u.Role.Label() + "）"
		return nil
	})
	return name, err
}

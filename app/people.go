package app

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
)

// userName is the name of the account id for texts people read (issue 12: people by name,
// never by login); fallback when the account is unknown.
func userName(ctx context.Context, tx zhifa.Tx, id int64, fallback string) (string, error) {
	return kernel.UserName(ctx, tx, id, fallback)
}

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

// namePeopleOutside adds to names the people of v's events and records from outside the
// case's agency (a pooled reviewer, a supervisor), each read once, so that the timeline
// never falls back to a login (issue 12).
func namePeopleOutside(ctx context.Context, tx zhifa.Tx, v *CaseView, names map[int64]string) error {
	ids := make([]int64, 0, 2*len(v.Events)+len(v.Records))
	for _, ev := range v.Events {
		ids = append(ids, ev.ActorID, ev.ApproverID)
	}
	for _, r := range v.Records {
		ids = append(ids, r.CreatedBy)
	}
	for _, id := range ids {
		if _, known := names[id]; known || id <= 0 {
			continue
		}
		name, err := userName(ctx, tx, id, "")
		if err != nil {
			return err
		}
		names[id] = name // "" for an account since removed: the timeline says so
	}
	return nil
}

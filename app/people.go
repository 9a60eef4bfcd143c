package app

import (
	"context"

	"zhifa"
)

// userName is the name of the account id for texts people read (issue 12: people by name,
// never by login); fallback when the account is unknown.
func userName(ctx context.Context, tx zhifa.Tx, id int64, fallback string) (string, error) {
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

// PeopleNames maps the logins of the accounts within the actor's scope to their names and
// roles, for pages that show who did something recorded by login (ledger entries, state
// changes, access logs): one read per page, not one per row (issue 12).
func (a *App) PeopleNames(ctx context.Context) (map[string]string, error) {
	actor := ActorFrom(ctx)
	out := map[string]string{}
	if actor.UserID <= 0 || actor.ScopePath == "" {
		return out, nil
	}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		users, err := tx.Users(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		for _, u := range users {
			out[u.Login] = u.Name + "（" + u.Role.Label() + "）"
		}
		return nil
	})
	return out, err
}

// PersonName names one account by login for a staff reader, when the account is outside
// the reader's scope (a pooled reviewer of the justice bureau on an agency's case): the
// login shows in a record the reader already reads, so its holder's name and role may.
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

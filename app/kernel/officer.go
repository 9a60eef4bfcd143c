package kernel

import (
	"context"

	"zhifa"
)

// The actor's officer record, shared by the case list (我的案件) and the to-do.

// ActorOfficer is the officer record of the actor (我的案件): EINVALID when the account
// has none, since "my cases" then names no one.
func ActorOfficer(ctx context.Context, tx zhifa.Tx, actor *Actor) (int64, error) {
	noOfficer := FieldError("mine", "您的账号未关联执法人员，无法只看我的案件，请查看全部案件")
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

package app

import (
	"context"

	"zhifa"
)

// The kernel's scope checks (Kernel.VisibleCase, Kernel.MayApprove): every context,
// the cases context included, loads a case and asks who approves through them.

// visibleCase returns the case if the actor may read it.
func (a *App) visibleCase(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.Case, *zhifa.Agency, error) {
	c, err := tx.Case(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, nil, err
	}
	if !actor.InScope(ag.Path) {
		// A pooled reviewer of another agency reads the cases assigned to them (E2).
		if ok, err := tx.ReviewerAssigned(ctx, c.ID, actor.UserID); err != nil || !ok || !actor.LoggedIn() {
			return nil, nil, notVisible("案件")
		}
	}
	return c, ag, nil
}

// mayApprove reports whether the actor approves for the agency on day: a head of it, or
// the deputy of an active delegation by a head who still is one (personnel.IsDeputy).
func (a *App) mayApprove(ctx context.Context, tx zhifa.Tx, actor *Actor, agencyID int64, day zhifa.Date) (bool, error) {
	if !actor.LoggedIn() || actor.UserID < 0 || actor.AgencyID != agencyID {
		return false, nil
	}
	if actor.Role == zhifa.RoleHead {
		return true, nil
	}
	return a.personnel.IsDeputy(ctx, tx, actor.UserID, agencyID, day)
}

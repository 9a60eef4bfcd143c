package app

import (
	"context"

	"zhifa"
	"zhifa/app/personnel"
)

// Personnel is the personnel context: agencies and their settings, officers with their
// certificates, training and photos, delegations, the portal's officer views
// (app/personnel).
func (a *App) Personnel() *personnel.Service { return a.personnel }

// visibleAgency loads an agency inside the actor's scope, ENOTFOUND otherwise.
func (a *App) visibleAgency(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.Agency, error) {
	ag, err := tx.Agency(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.InScope(ag.Path) {
		return nil, notVisible("执法机关")
	}
	return ag, nil
}

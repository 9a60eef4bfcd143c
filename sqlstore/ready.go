package sqlstore

import (
	"context"
	"errors"
	"fmt"
)

// ErrMigrating is returned by Ready while migrations are pending or being applied.
var ErrMigrating = errors.New("database migrations are pending or running")

// Ready reports whether the store can serve: the database answers, and its schema is
// at the version of this binary — not while this or another instance migrates it
// (issue #11 readiness). It is for a load balancer's readiness probe; liveness needs
// no database.
func (db *DB) Ready(ctx context.Context) error {
	if db.migrating.Load() {
		return ErrMigrating
	}
	if err := db.sql.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	p, err := db.provider(false)
	if err != nil {
		return fmt.Errorf("readiness: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("readiness: %w", err)
	}
	if current < target {
		return ErrMigrating
	}
	return nil
}

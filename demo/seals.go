package demo

import (
	"context"
	"fmt"

	"zhifa/app"
)

// SeedSeals gives every enforcement agency an SM2 electronic seal (issue 12), so that
// the documents issued in the demo carry one. Without a seal CA (a deployment that
// configured none) there is nothing to seed.
func SeedSeals(ctx context.Context, a *app.App) error {
	if a.SealCACertificate() == nil {
		return nil
	}
	sys := app.WithActor(ctx, app.SystemActor(Actor))
	agencies, err := a.Personnel().Agencies(sys)
	if err != nil {
		return fmt.Errorf("demo: seals: %w", err)
	}
	for _, ag := range agencies {
		if !ag.IsEnforcement() {
			continue
		}
		if _, err := a.GenerateSealKey(sys, ag.ID, app.SealKeyInput{Algorithm: "sm2"}); err != nil {
			return fmt.Errorf("demo: seal of %s: %w", ag.Name, err)
		}
	}
	return nil
}

func (s *seeder) seedSeals() error { return SeedSeals(s.ctx, s.a) }

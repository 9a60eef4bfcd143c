package demo_test

import (
	"context"
	"testing"
	"time"

	"zhifa/app"
	"zhifa/demo"
	"zhifa/seal"
)

// TestSeedSeals: with a seal CA, every enforcement agency of the demo city gets an
// active seal, listed on the portal; the governments get none.
func TestSeedSeals(t *testing.T) {
	seeded, _ := seededCopy(t)
	ca, err := seal.NewCA(seal.SM2, "演示电子印章证书机构", now)
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(seeded.Store(), app.Options{Now: func() time.Time { return now }, SealCA: ca})
	if err := demo.SeedSeals(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	agencies, err := a.Personnel().Agencies(sys)
	if err != nil {
		t.Fatal(err)
	}
	enforcement := 0
	for _, ag := range agencies {
		if ag.IsEnforcement() {
			enforcement++
		}
	}
	page, err := a.PublicSealKeys(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if enforcement == 0 || len(page.Keys) != min(enforcement, 50) {
		t.Errorf("%d seals for %d enforcement agencies", len(page.Keys), enforcement)
	}
}

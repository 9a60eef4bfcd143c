package app_test

import (
	"context"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestPreparePasswordHashes checks the hashes a loader prepares (issue 11): the accounts
// opened with the prepared password log in with it, each with a hash (and salt) of its
// own; an account beyond the count, or with another password, is hashed in turn; only
// an administrator prepares, and only a password the policy allows.
func TestPreparePasswordHashes(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	admin := w.as(t, "admin")
	const pw = "Prepared-Pass-2026"
	if err := w.app.PreparePasswordHashes(admin, pw, 3); err != nil {
		t.Fatal(err)
	}
	accounts := []struct{ login, password string }{
		{"prep1", pw}, {"prep2", pw}, {"other", testPassword}, {"prep3", pw}, {"prep4", pw}, // prep4: beyond the count
	}
	hashes := map[string]bool{}
	for _, acc := range accounts {
		u, err := w.app.CreateUser(admin, app.UserInput{Login: acc.login, Name: acc.login, Role: zhifa.RoleOfficer,
			AgencyID: w.market.ID, Password: acc.password})
		if err != nil {
			t.Fatalf("create %s: %v", acc.login, err)
		}
		if hashes[u.PasswordHash] {
			t.Errorf("%s: hash repeated", acc.login)
		}
		hashes[u.PasswordHash] = true
		public := app.WithActor(ctx, &app.Actor{IP: "192.0.2.1"})
		if _, _, err := w.app.Login(public, acc.login, acc.password, zhifa.SessionAPI); err != nil {
			t.Errorf("login %s: %v", acc.login, err)
		}
		if _, _, err := w.app.Login(public, acc.login, acc.password+"x", zhifa.SessionAPI); err == nil {
			t.Errorf("login %s with a wrong password succeeded", acc.login)
		}
	}

	tests := []struct {
		name string
		ctx  context.Context
		pw   string
		code string
	}{
		{"officer", w.as(t, "officer1"), pw, zhifa.EFORBIDDEN},
		{"public", app.WithActor(ctx, &app.Actor{IP: "192.0.2.1"}), pw, zhifa.EUNAUTHORIZED},
		{"weak password", admin, "12345678", zhifa.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, w.app.PreparePasswordHashes(tt.ctx, tt.pw, 2), tt.code)
		})
	}
}

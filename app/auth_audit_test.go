package app_test

import (
	"context"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestUnknownLoginFailuresAggregated: failed logins for unknown accounts add one audit
// row per client address and hour, not one per attempt; failures for a real account
// are each audited (issue 9 §7).
func TestUnknownLoginFailuresAggregated(t *testing.T) {
	w := newWorld(t)
	from := func(ip string) context.Context { return app.WithActor(context.Background(), &app.Actor{IP: ip}) }
	count := func(object string) int {
		var n int
		err := w.store.View(context.Background(), func(tx zhifa.Tx) error {
			_, total, err := tx.Audit(context.Background(), zhifa.AuditFilter{Action: "user.login", Object: object})
			n = total
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count("")
	for i := range 50 {
		if _, _, err := w.app.Login(from("203.0.113.7"), "nobody", "guess-"+string(rune('a'+i%26)), zhifa.SessionUI); zhifa.ErrorCode(err) != zhifa.EUNAUTHORIZED {
			t.Fatalf("login %d: %v", i, err)
		}
	}
	w.app.Login(from("203.0.113.8"), "nobody", "guess", zhifa.SessionUI) // another address
	if got := count("login/nobody"); got != 2 {
		t.Errorf("%d audit rows for 51 guesses from 2 addresses, want 2", got)
	}
	w.clock.Advance(app.LoginFailureWindow)
	w.app.Login(from("203.0.113.7"), "nobody", "guess", zhifa.SessionUI) // a new window
	if got := count("login/nobody"); got != 3 {
		t.Errorf("%d audit rows after a new window, want 3", got)
	}
	// A wrong password for a real account is audited every time.
	for range 2 {
		w.app.Login(from("203.0.113.7"), "officer1", "wrong-password", zhifa.SessionUI)
	}
	if got := count(""); got != before+5 {
		t.Errorf("%d login audit rows in all, want %d", got, before+5)
	}
}

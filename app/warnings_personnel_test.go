package app_test

import (
	"context"
	"testing"

	"zhifa"
	"zhifa/app"
)

// TestPersonnelWarningsScope: the personnel warnings read from the summaries of
// migration 00064 name only the officers and agencies in the actor's scope (another
// agency's officer never appears), a role without staff access and an anonymous caller
// are refused, a bad cursor is EINVALID, and a later page lists only training
// shortfalls after the cursor (issue 11).
func TestPersonnelWarningsScope(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	mine, err := w.app.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 0))
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := w.app.Personnel().CreateOfficer(w.as(t, "outsider"), officerInput(w.bureau.ID, 1))
	if err != nil {
		t.Fatal(err)
	}
	officers := func(ctx context.Context, after int64) (map[int64][]string, map[int64]bool) {
		t.Helper()
		page, err := w.app.PersonnelWarningsPage(ctx, 2026, after)
		if err != nil {
			t.Fatal(err)
		}
		kinds, agencies := map[int64][]string{}, map[int64]bool{}
		for _, x := range page.Warnings {
			if x.OfficerID != 0 {
				kinds[x.OfficerID] = append(kinds[x.OfficerID], x.Kind)
			}
			agencies[x.AgencyID] = true
		}
		return kinds, agencies
	}
	for _, tt := range []struct {
		login     string
		see, miss int64
		agency    int64
	}{
		{"head1", mine.ID, theirs.ID, w.bureau.ID},
		{"outsider", theirs.ID, mine.ID, w.market.ID},
	} {
		kinds, agencies := officers(w.as(t, tt.login), 0)
		// Without training or a certificate, the officer is short of hours and has no
		// valid certificate (A2, A4).
		if got := kinds[tt.see]; len(got) != 2 || got[0] != app.WarnTrainingShort || got[1] != app.WarnCertInvalid {
			t.Errorf("%s: warnings of the officer in scope %v", tt.login, got)
		}
		if kinds[tt.miss] != nil || agencies[tt.agency] {
			t.Errorf("%s sees another agency's officer or agency: %v %v", tt.login, kinds, agencies)
		}
		if later, _ := officers(w.as(t, tt.login), tt.see); len(later) != 0 {
			t.Errorf("%s: the page after the last officer lists %v", tt.login, later)
		}
	}
	social := app.WithActor(context.Background(), &app.Actor{Role: zhifa.RoleSocialSupervisor, UserID: 999})
	for name, ctx := range map[string]context.Context{"social supervisor": social, "anonymous": context.Background()} {
		if _, err := w.app.PersonnelWarningsPage(ctx, 2026, 0); err == nil {
			t.Errorf("%s: personnel warnings served", name)
		} else if c := zhifa.ErrorCode(err); c != zhifa.EFORBIDDEN && c != zhifa.EUNAUTHORIZED {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := w.app.PersonnelWarningsPage(admin, 2026, -1); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("negative cursor: %v", err)
	}
}

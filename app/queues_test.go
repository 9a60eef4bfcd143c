package app_test

import (
	"context"
	"encoding/base64"
	"slices"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
)

// TestMyCases: 我的案件 lists the cases the user's officer record handles (issue #11),
// pages by cursor, stays within the user's scope, and is refused to an account without
// an officer record unless it is only the default view.
func TestMyCases(t *testing.T) {
	w := newCaseWorld(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	for login, officer := range map[string]int64{"handler1": w.certified[0], "idle1": w.uncert} {
		u, err := w.app.CreateUser(sys, app.UserInput{Login: login, Name: login, Role: zhifa.RoleOfficer, AgencyID: w.market.ID,
			OfficerID: officer, Password: testPassword})
		if err != nil {
			t.Fatalf("create user %s: %v", login, err)
		}
		w.users[login] = u
	}
	var want []int64
	for range 3 {
		want = append(want, w.file(t, w.input(zhifa.CasePenalty)).ID)
	}
	slices.Reverse(want)
	caseIDs := func(l *app.CaseList) []int64 {
		var out []int64
		for _, c := range l.Cases {
			out = append(out, c.ID)
		}
		return out
	}
	// Paged two at a time: every case once, newest first, the last page without a cursor.
	var got []int64
	f := app.CaseFilter{Mine: true, Page: zhifa.Page{Limit: 2}}
	for pages := 0; ; pages++ {
		l, err := w.app.Cases(w.as(t, "handler1"), f)
		if err != nil || !l.Mine || !l.CanMine || l.Total != 3 {
			t.Fatalf("my cases %+v, %v", l, err)
		}
		got = append(got, caseIDs(l)...)
		if l.Next == "" || pages > 3 {
			break
		}
		f.Cursor = l.Next
	}
	if !slices.Equal(got, want) {
		t.Errorf("my cases %v, want %v", got, want)
	}
	for _, tc := range []struct {
		name, login string
		f           app.CaseFilter
		want        int
		mine        bool
	}{
		{"officer without cases", "idle1", app.CaseFilter{Mine: true}, 0, true},
		{"default view of an officer", "idle1", app.CaseFilter{MineByDefault: true}, 0, true},
		{"default view without an officer record", "officer1", app.CaseFilter{MineByDefault: true}, 3, false},
		{"whole agency", "idle1", app.CaseFilter{}, 3, false},
		{"by handler", "head1", app.CaseFilter{HandlerID: w.certified[1]}, 3, false},
		{"by handler outside the scope", "outsider", app.CaseFilter{HandlerID: w.certified[1]}, 0, false},
	} {
		l, err := w.app.Cases(w.as(t, tc.login), tc.f)
		if err != nil || len(l.Cases) != tc.want || l.Mine != tc.mine {
			t.Errorf("%s: %d cases (mine %v), %v; want %d (mine %v)", tc.name, len(l.Cases), l.Mine, err, tc.want, tc.mine)
		}
	}
	_, err := w.app.Cases(w.as(t, "officer1"), app.CaseFilter{Mine: true})
	wantCode(t, err, zhifa.EINVALID)
	_, err = w.app.Cases(w.as(t, "head1"), app.CaseFilter{HandlerID: -1})
	wantCode(t, err, zhifa.EINVALID)
}

// TestFilingsCursor: the filings and approvals lists refuse a tampered or foreign cursor
// with EINVALID and report capped counts as text.
func TestFilingsCursor(t *testing.T) {
	w := newWorld(t)
	ctx := w.as(t, "supervisor1")
	for _, cursor := range []string{"garbage", base64.RawURLEncoding.EncodeToString([]byte("k1:-4")),
		base64.RawURLEncoding.EncodeToString([]byte("k2:12")), base64.RawURLEncoding.EncodeToString([]byte("k1:12:2026-03-02"))} {
		_, err := w.app.Filing().Filings(ctx, filing.FilingFilter{Cursor: cursor})
		wantCode(t, err, zhifa.EINVALID)
		_, err = w.app.Approvals(w.as(t, "officer1"), app.ApprovalListFilter{Cursor: cursor})
		wantCode(t, err, zhifa.EINVALID)
	}
	a, err := w.app.Approvals(w.as(t, "head1"), app.ApprovalListFilter{Mine: true, Cursor: base64.RawURLEncoding.EncodeToString([]byte("k1:12"))})
	if err != nil || a.TotalText != "0" || a.Next != "" {
		t.Errorf("empty approvals %+v, %v", a, err)
	}
	l, err := w.app.Filing().Filings(ctx, filing.FilingFilter{Cursor: base64.RawURLEncoding.EncodeToString([]byte("k1:12"))})
	if err != nil || l.Total != 0 || l.TotalText != "0" || l.PendingText != "0" || l.Next != "" {
		t.Errorf("empty filings %+v, %v", l, err)
	}
}

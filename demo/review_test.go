package demo_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/sqlstore"
)

// TestSeedReview: the market bureau's catalog is a template, the 开发区分局 tightens it, the
// bureau's reviewers form a pool (E2, E3, B5), and no demo case was decided as a major
// decision without a passed, approved review (E1).
func TestSeedReview(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	bg := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(bg, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blob.OpenDir(bg, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(st, app.Options{Now: func() time.Time { return now }, Blobs: blobs})
	if err := demo.Seed(bg, a); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	ctx := sys()
	ags, err := a.Personnel().Agencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*zhifa.Agency{}
	for _, ag := range ags {
		byName[ag.Name] = ag
	}
	market, dev := byName["东港市市场监督管理局"], byName["东港市市场监督管理局开发区分局"]
	mc, err := a.Review().MajorCatalog(ctx, market.ID)
	if err != nil || !mc.Own || !mc.Current.Template || len(mc.Current.Rules) < 4 {
		t.Fatalf("market catalog %+v %v", mc, err)
	}
	dc, err := a.Review().MajorCatalog(ctx, dev.ID)
	if err != nil || !dc.Own || dc.Current.BaseAgencyID != market.ID || dc.Current.ReviewDays != 3 || len(dc.Versions) != 2 {
		t.Fatalf("branch catalog %+v %v", dc, err)
	}
	pools, err := a.Review().ReviewPools(ctx)
	if err != nil || len(pools) != 1 || len(pools[0].Agencies) != 3 || len(pools[0].Reviewers) == 0 {
		t.Fatalf("pools %+v %v", pools, err)
	}
	list, err := a.Cases(ctx, app.CaseFilter{Page: zhifa.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	reviewed := 0
	for _, c := range list.Cases {
		if c.State.Review != nil && c.State.Review.Status == zhifa.ReviewPassed {
			reviewed++
		}
		if c.State.DecidedOn.IsZero() || c.Kind != zhifa.CasePenalty {
			continue
		}
		v, err := a.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Major && (c.State.Review == nil || c.State.Review.ApprovedBy == 0) {
			t.Errorf("case %s decided as major without an approved review: %+v", c.Number, v.MajorReasons)
		}
		if c.State.Review != nil {
			checkReviewDocuments(t, a, c)
		}
	}
	if reviewed == 0 {
		t.Errorf("no demo case went through legal review (%d cases)", list.Total)
	}
	checkWorkspace(t, a)
}

// checkReviewDocuments: a case submitted for legal review drew up its 调查终结报告 and
// 证据清单 as issued documents of the case (issue 12).
func checkReviewDocuments(t *testing.T, a *app.App, c *app.CaseView) {
	t.Helper()
	docs, err := a.CaseDocuments(sys(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	issued := map[zhifa.DocType]bool{}
	for _, d := range docs.Documents {
		if d.State == zhifa.DocIssued && d.RecordID != 0 {
			issued[d.Type] = true
		}
	}
	if !issued[zhifa.DocInvestigationReport] || !issued[zhifa.DocEvidenceList] {
		t.Errorf("case %s went to legal review without an issued report and evidence list: %v", c.Number, issued)
	}
}

// checkWorkspace: the officers have photos, and a demo user's unread notifications are
// those of the last week, with older ones read (issue 12).
func checkWorkspace(t *testing.T, a *app.App) {
	t.Helper()
	users, err := a.Users(sys())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Login == "officer1" && !a.Personnel().HasOfficerPhoto(sys(), u.OfficerID) {
			t.Errorf("officer1 (%s) has no photo", u.Name)
		}
		if u.Login != "head1" {
			continue
		}
		head := app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Login: u.Login, Role: u.Role, AgencyID: u.AgencyID})
		all, err := a.Notifications(head, app.NotificationListFilter{Page: zhifa.Page{Limit: 200}})
		if err != nil {
			t.Fatal(err)
		}
		week := now.Add(-7 * 24 * time.Hour)
		for _, n := range all.Notifications {
			if unread := n.ReadAt == nil; unread != !n.CreatedAt.Before(week) {
				t.Errorf("notification of %s unread=%v: %s", n.CreatedAt.Format(time.DateOnly), unread, n.Title)
			}
		}
		if all.Unread == 0 || all.Unread == all.Total {
			t.Errorf("head1: %d unread of %d notifications", all.Unread, all.Total)
		}
	}
}

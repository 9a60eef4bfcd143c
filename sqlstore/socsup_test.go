package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testSocialSupervision covers appointments (the phone sealed at rest, the roster of a
// day, dismissal under optimistic locking), accompanied cases, and remarks with their
// reply and the lists by supervisor, agency and path.
func testSocialSupervision(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	account := newUser(t, db, tr.city.ID)
	other := newUser(t, db, tr.city.ID)
	s := &zhifa.SocialSupervisor{AgencyID: tr.city.ID, UserID: account.ID, Name: "王监督", WorkUnit: "东港市第一中学",
		Phone: "13912345678", TermFrom: zhifa.MustDate("2026-01-01"), TermTo: zhifa.MustDate("2027-12-31"), OnRoster: true, CreatedBy: other.ID}
	off := &zhifa.SocialSupervisor{AgencyID: tr.city.ID, UserID: other.ID, Name: "李不公开", WorkUnit: "某公司",
		TermFrom: zhifa.MustDate("2026-01-01"), TermTo: zhifa.MustDate("2027-12-31"), CreatedBy: other.ID}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.CreateSocialSupervisor(ctx, s); err != nil {
			return err
		}
		return tx.CreateSocialSupervisor(ctx, off)
	})
	var stored string
	if err := db.sql.QueryRowContext(ctx, `SELECT phone_enc FROM social_supervisors WHERE id = $1`, s.ID).Scan(&stored); err != nil ||
		stored == "" || stored == s.Phone {
		t.Errorf("phone at rest %q, %v", stored, err)
	}
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		c, err = newCase(ctx, tx, tr, itemID, 2026)
		return err
	})
	assign := &zhifa.AccompanyCase{SupervisorID: s.ID, CaseID: c.ID, AssignedBy: other.ID, AssignedOn: zhifa.MustDate("2026-03-02")}
	update(t, db, func(tx zhifa.Tx) error { return tx.AssignAccompanyCase(ctx, assign) })
	wantCode(t, "assigned twice", db.Update(ctx, func(tx zhifa.Tx) error { return tx.AssignAccompanyCase(ctx, assign) }), zhifa.ECONFLICT)

	r := &zhifa.SocialRemark{SupervisorID: s.ID, AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: c.ID,
		AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "检查时出示了执法证件，告知了陈述申辩权利"}
	plain := &zhifa.SocialRemark{SupervisorID: s.ID, AgencyID: tr.branch.ID, AgencyPath: tr.branch.Path,
		AccompaniedOn: zhifa.MustDate("2026-03-03"), Text: "现场检查记录填写不完整"}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.CreateSocialRemark(ctx, r); err != nil {
			return err
		}
		return tx.CreateSocialRemark(ctx, plain)
	})
	stale := *r
	r.Reply, r.RepliedBy, r.RepliedOn = "感谢监督", other.ID, zhifa.MustDate("2026-03-04")
	update(t, db, func(tx zhifa.Tx) error { return tx.ReplySocialRemark(ctx, r) })
	wantCode(t, "stale reply", db.Update(ctx, func(tx zhifa.Tx) error { return tx.ReplySocialRemark(ctx, &stale) }), zhifa.ECONFLICT)

	staleS := *s
	s.DismissedOn, s.DismissReason = zhifa.MustDate("2026-06-01"), "本人申请辞去"
	update(t, db, func(tx zhifa.Tx) error { return tx.DismissSocialSupervisor(ctx, s) })
	wantCode(t, "stale dismissal", db.Update(ctx, func(tx zhifa.Tx) error { return tx.DismissSocialSupervisor(ctx, &staleS) }), zhifa.ECONFLICT)

	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.SocialSupervisor(ctx, s.ID)
		if err != nil || got.Phone != "13912345678" || got.AgencyPath != tr.city.Path || got.DismissReason != "本人申请辞去" || got.Version != 2 ||
			!got.ActiveOn(zhifa.MustDate("2026-05-31")) || got.ActiveOn(zhifa.MustDate("2026-06-01")) {
			t.Errorf("appointment %+v, %v", got, err)
		}
		mine, err := tx.SocialSupervisorOfUser(ctx, account.ID)
		if err != nil || mine.ID != s.ID {
			t.Errorf("of user %+v, %v", mine, err)
		}
		_, err = tx.SocialSupervisorOfUser(ctx, tr.city.ID*1000+7)
		wantCode(t, "no appointment", err, zhifa.ENOTFOUND)
		for name, tc := range map[string]struct {
			f    zhifa.SocialSupervisorFilter
			want []int64
		}{
			"bureau":             {zhifa.SocialSupervisorFilter{AgencyID: tr.city.ID}, []int64{off.ID, s.ID}},
			"bureau after first": {zhifa.SocialSupervisorFilter{AgencyID: tr.city.ID, Before: off.ID}, []int64{s.ID}},
			"roster in May":      {zhifa.SocialSupervisorFilter{AgencyID: tr.city.ID, RosterOn: zhifa.MustDate("2026-05-01")}, []int64{s.ID}},
			"roster in June":     {zhifa.SocialSupervisorFilter{AgencyID: tr.city.ID, RosterOn: zhifa.MustDate("2026-06-01")}, nil},
		} {
			list, err := tx.SocialSupervisors(ctx, tc.f)
			if err != nil || len(list) != len(tc.want) {
				t.Errorf("%s: %d, %v", name, len(list), err)
				continue
			}
			for i, id := range tc.want {
				if list[i].ID != id {
					t.Errorf("%s: %d is %d, want %d", name, i, list[i].ID, id)
				}
			}
		}
		cases, err := tx.AccompanyCases(ctx, s.ID)
		if err != nil || len(cases) != 1 || cases[0].CaseNumber != c.Number || cases[0].AgencyID != c.AgencyID {
			t.Errorf("accompanied %+v, %v", cases, err)
		}
		got2, err := tx.SocialRemark(ctx, r.ID)
		if err != nil || got2.CaseNumber != c.Number || got2.SupervisorName != "王监督" || got2.Reply != "感谢监督" || got2.Version != 2 {
			t.Errorf("remark %+v, %v", got2, err)
		}
		for name, tc := range map[string]struct {
			f    zhifa.SocialRemarkFilter
			want []int64
		}{
			"supervisor": {zhifa.SocialRemarkFilter{SupervisorID: s.ID}, []int64{plain.ID, r.ID}},
			"agency":     {zhifa.SocialRemarkFilter{AgencyID: tr.market.ID}, []int64{r.ID}},
			"path":       {zhifa.SocialRemarkFilter{UnderPath: tr.market.Path}, []int64{plain.ID, r.ID}},
			"unanswered": {zhifa.SocialRemarkFilter{UnderPath: tr.city.Path, Unanswered: true}, []int64{plain.ID}},
			"keyset":     {zhifa.SocialRemarkFilter{SupervisorID: s.ID, Before: plain.ID}, []int64{r.ID}},
		} {
			list, err := tx.SocialRemarks(ctx, tc.f)
			if err != nil || len(list) != len(tc.want) {
				t.Errorf("%s: %d, %v", name, len(list), err)
				continue
			}
			for i, id := range tc.want {
				if list[i].ID != id {
					t.Errorf("%s: %d is %d, want %d", name, i, list[i].ID, id)
				}
			}
		}
		return nil
	})
}

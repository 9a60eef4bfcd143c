package sqlstore

import (
	"context"
	"strings"
	"testing"

	"zhifa"
)

// testRemarkProblems: a remark raised as a prominent problem (the rebuilt problems table
// takes the source 'remark', migration 00048) links its problem once — a second link is
// ECONFLICT, a missing remark ENOTFOUND — and keeps its attachments in order.
func testRemarkProblems(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	account := newUser(t, db, tr.city.ID)
	s := &zhifa.SocialSupervisor{AgencyID: tr.city.ID, UserID: account.ID, Name: "赵监督", WorkUnit: "东港市人大代表",
		TermFrom: zhifa.MustDate("2026-01-01"), TermTo: zhifa.MustDate("2027-12-31"), CreatedBy: account.ID}
	r := &zhifa.SocialRemark{SupervisorID: s.ID, AgencyID: tr.market.ID, AgencyPath: tr.market.Path,
		AccompaniedOn: zhifa.MustDate("2026-03-02"), Text: "检查时未出示执法证件"}
	other := &zhifa.SocialRemark{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, AccompaniedOn: zhifa.MustDate("2026-03-03"), Text: "无附件"}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.CreateSocialSupervisor(ctx, s); err != nil {
			return err
		}
		r.SupervisorID, other.SupervisorID = s.ID, s.ID
		if err := tx.CreateSocialRemark(ctx, r); err != nil {
			return err
		}
		return tx.CreateSocialRemark(ctx, other)
	})
	files := []*zhifa.SocialRemarkFile{
		{RemarkID: r.ID, Name: "现场.jpg", MIME: "image/jpeg", Size: 3, SHA256: strings.Repeat("a", 64), SM3: strings.Repeat("b", 64)},
		{RemarkID: r.ID, Name: "说明.pdf", MIME: "application/pdf", Size: 5, SHA256: strings.Repeat("c", 64), SM3: strings.Repeat("d", 64)},
	}
	p := &zhifa.Problem{AgencyID: tr.market.ID, BureauID: tr.city.ID, Source: zhifa.ProblemFromRemark, SourceID: r.ID,
		Title: "未出示执法证件", Detail: "请整改", State: zhifa.ProblemOpen, OpenedOn: zhifa.MustDate("2026-03-05"), DueOn: zhifa.MustDate("2026-04-02")}
	update(t, db, func(tx zhifa.Tx) error {
		for _, f := range files {
			if err := tx.AddSocialRemarkFile(ctx, f); err != nil {
				return err
			}
		}
		if err := tx.CreateProblem(ctx, p); err != nil {
			return err
		}
		return tx.SetSocialRemarkProblem(ctx, r.ID, p.ID)
	})
	wantCode(t, "linked twice", db.Update(ctx, func(tx zhifa.Tx) error { return tx.SetSocialRemarkProblem(ctx, r.ID, p.ID+1) }), zhifa.ECONFLICT)
	wantCode(t, "missing remark", db.Update(ctx, func(tx zhifa.Tx) error { return tx.SetSocialRemarkProblem(ctx, -1, p.ID) }), zhifa.ENOTFOUND)
	wantCode(t, "file of a missing remark", db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddSocialRemarkFile(ctx, &zhifa.SocialRemarkFile{RemarkID: -1, Name: "x", MIME: "text/plain", SHA256: "e", SM3: "f"})
	}), zhifa.EINVALID)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.SocialRemark(ctx, r.ID)
		if err != nil || got.ProblemID != p.ID {
			t.Errorf("remark's problem: %+v %v", got, err)
		}
		if plain, err := tx.SocialRemark(ctx, other.ID); err != nil || plain.ProblemID != 0 {
			t.Errorf("remark without a problem: %+v %v", plain, err)
		}
		gp, err := tx.Problem(ctx, p.ID)
		if err != nil || gp.Source != zhifa.ProblemFromRemark || gp.SourceID != r.ID {
			t.Errorf("problem %+v %v", gp, err)
		}
		list, err := tx.SocialRemarkFiles(ctx, r.ID)
		if err != nil || len(list) != 2 || list[0].ID != files[0].ID || list[1].Name != "说明.pdf" || list[1].SM3 != files[1].SM3 ||
			list[0].CreatedAt.IsZero() {
			t.Errorf("files %+v %v", list, err)
		}
		if none, err := tx.SocialRemarkFiles(ctx, other.ID); err != nil || len(none) != 0 {
			t.Errorf("files of a remark without any: %+v %v", none, err)
		}
		return nil
	})
}

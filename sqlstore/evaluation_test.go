package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testFileEvaluations covers checklist versions, the closed-case population of a sample,
// an evaluation with its files, the lists by organiser, evaluator and agency, scoring and
// publication under optimistic locking.
func testFileEvaluations(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	evaluator := newUser(t, db, tr.district.ID)

	std := &zhifa.EvalStandard{AgencyID: tr.city.ID, Version: 1, Name: "评查标准", CreatedBy: evaluator.ID,
		Items: []zhifa.EvalItem{{Code: "A", Category: "程序", Text: "程序合法", Points: 100, Veto: true}}}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateEvalStandard(ctx, std) })
	dup := *std
	dup.ID = 0
	wantCode(t, "same version", db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateEvalStandard(ctx, &dup) }), zhifa.ECONFLICT)
	v2 := &zhifa.EvalStandard{AgencyID: tr.city.ID, Version: 2, Name: "评查标准（修订）", CreatedBy: evaluator.ID, Items: std.Items}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateEvalStandard(ctx, v2) })
	view(t, db, func(tx zhifa.Tx) error {
		latest, err := tx.LatestEvalStandard(ctx, tr.city.ID)
		if err != nil || latest.Version != 2 || len(latest.Items) != 1 || !latest.Items[0].Veto {
			t.Errorf("latest standard %+v, %v", latest, err)
		}
		all, err := tx.EvalStandards(ctx, tr.city.ID)
		if err != nil || len(all) != 2 || all[0].Version != 2 {
			t.Errorf("standards %d, %v", len(all), err)
		}
		_, err = tx.LatestEvalStandard(ctx, tr.market.ID)
		wantCode(t, "no standard", err, zhifa.ENOTFOUND)
		return nil
	})

	// Three cases: closed in the period, closed before it, still open.
	var closed, early, open *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for i, on := range []string{"2025-06-01", "2024-12-31", ""} {
			c, err := newCase(ctx, tx, tr, itemID, 2025)
			if err != nil {
				return err
			}
			switch i {
			case 0:
				closed = c
			case 1:
				early = c
			case 2:
				open = c
				continue
			}
			c.Stage = zhifa.StageClose
			if err := tx.UpdateCase(ctx, c); err != nil {
				return err
			}
			if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, From: zhifa.StageExecute, To: zhifa.StageClose, Action: "close",
				Actor: "head", ActedOn: zhifa.MustDate(on)}); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		refs, err := tx.ClosedCases(ctx, []int64{tr.market.ID, tr.branch.ID}, []zhifa.CaseKind{zhifa.CasePenalty},
			zhifa.MustDate("2025-01-01"), zhifa.MustDate("2025-12-31"))
		if err != nil || len(refs) != 1 || refs[0].ID != closed.ID || refs[0].Number != closed.Number || refs[0].AgencyID != tr.market.ID {
			t.Errorf("closed cases %+v, %v (early %d, open %d)", refs, err, early.ID, open.ID)
		}
		none, err := tx.ClosedCases(ctx, []int64{tr.district.ID}, []zhifa.CaseKind{zhifa.CasePenalty}, zhifa.MustDate("2025-01-01"), zhifa.MustDate("2025-12-31"))
		if err != nil || len(none) != 0 {
			t.Errorf("other agency's closed cases %+v, %v", none, err)
		}
		return nil
	})

	e := &zhifa.FileEvaluation{AgencyID: tr.city.ID, Title: "2025年度案卷评查", AgencyIDs: []int64{tr.market.ID},
		Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2025-01-01"), To: zhifa.MustDate("2025-12-31"),
		StandardVersion: 2, Items: std.Items, Seed: "seed", Population: 1, SampleSize: 1, RectifyDays: 20, CreatedBy: evaluator.ID}
	file := &zhifa.EvalCase{CaseID: closed.ID, AgencyID: tr.market.ID, Rank: 1, EvaluatorID: evaluator.ID}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateFileEvaluation(ctx, e, []*zhifa.EvalCase{file}) })
	if e.ID == 0 || file.ID == 0 || file.EvaluationID != e.ID || e.Version != 1 {
		t.Fatalf("created %+v %+v", e, file)
	}
	stale := *file
	file.Scores = []zhifa.EvalScore{{Code: "A", Deduct: 5, Note: "告知书未载明听证权利"}}
	file.Score, file.Grade, file.ScoredOn, file.RectifyDue = 95, "excellent", zhifa.MustDate("2026-02-02"), zhifa.MustDate("2026-03-02")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateEvalCase(ctx, file) })
	wantCode(t, "stale file", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateEvalCase(ctx, &stale) }), zhifa.ECONFLICT)

	staleEval := *e
	e.PublishedOn = zhifa.MustDate("2026-03-05")
	update(t, db, func(tx zhifa.Tx) error { return tx.PublishFileEvaluation(ctx, e) })
	wantCode(t, "stale evaluation", db.Update(ctx, func(tx zhifa.Tx) error { return tx.PublishFileEvaluation(ctx, &staleEval) }), zhifa.ECONFLICT)

	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.FileEvaluation(ctx, e.ID)
		if err != nil || got.Title != e.Title || got.AgencyPath != tr.city.Path || got.From != e.From || len(got.Kinds) != 1 ||
			got.AgencyIDs[0] != tr.market.ID || got.PublishedOn != e.PublishedOn || got.Version != 2 {
			t.Errorf("read back %+v, %v", got, err)
		}
		files, err := tx.EvalCases(ctx, e.ID)
		if err != nil || len(files) != 1 || files[0].CaseNumber != closed.Number || files[0].Score != 95 ||
			files[0].Scores[0].Note == "" || files[0].EvaluatorName != evaluator.Name || files[0].RectifyDue != file.RectifyDue {
			t.Errorf("files %+v, %v", files, err)
		}
		for name, f := range map[string]zhifa.FileEvaluationFilter{
			"organiser": {UnderPath: tr.city.Path}, "evaluator": {EvaluatorID: evaluator.ID}, "published": {UnderPath: tr.city.Path, PublishedOnly: true},
		} {
			list, err := tx.FileEvaluations(ctx, f)
			if err != nil || len(list) != 1 || list[0].ID != e.ID {
				t.Errorf("%s: %d evaluations, %v", name, len(list), err)
			}
		}
		if list, err := tx.FileEvaluations(ctx, zhifa.FileEvaluationFilter{UnderPath: tr.city.Path, Before: e.ID}); err != nil || len(list) != 0 {
			t.Errorf("after the last: %d, %v", len(list), err)
		}
		open, err := tx.EvalCaseList(ctx, zhifa.EvalCaseFilter{AgencyID: tr.market.ID, OpenRectification: true})
		if err != nil || len(open) != 1 {
			t.Errorf("open rectifications %d, %v", len(open), err)
		}
		mine, err := tx.EvalCaseList(ctx, zhifa.EvalCaseFilter{EvaluatorID: evaluator.ID})
		if err != nil || len(mine) != 1 {
			t.Errorf("evaluator's files %d, %v", len(mine), err)
		}
		return nil
	})
	file.Rectification, file.RectifiedOn = "已补正", zhifa.MustDate("2026-02-20")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateEvalCase(ctx, file) })
	view(t, db, func(tx zhifa.Tx) error {
		open, err := tx.EvalCaseList(ctx, zhifa.EvalCaseFilter{AgencyID: tr.market.ID, OpenRectification: true})
		if err != nil || len(open) != 0 {
			t.Errorf("rectified still open: %d, %v", len(open), err)
		}
		return nil
	})
}

// testSelfEvaluations: an agency's self-check (migration 00043) keeps its mark on the
// evaluation and on each of its files, in every read.
func testSelfEvaluations(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	evaluator := newUser(t, db, tr.market.ID)
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		var err error
		c, err = newCase(ctx, tx, tr, itemID, 2025)
		return err
	})
	e := &zhifa.FileEvaluation{AgencyID: tr.market.ID, Title: "2025年度案卷自查", AgencyIDs: []int64{tr.market.ID},
		Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, From: zhifa.MustDate("2025-01-01"), To: zhifa.MustDate("2025-12-31"),
		Items: []zhifa.EvalItem{{Code: "A", Category: "程序", Text: "程序合法", Points: 100}}, Seed: "seed", Population: 1,
		SampleSize: 1, RectifyDays: 20, CreatedBy: evaluator.ID, SelfCheck: true}
	file := &zhifa.EvalCase{CaseID: c.ID, AgencyID: tr.market.ID, Rank: 1, EvaluatorID: evaluator.ID}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateFileEvaluation(ctx, e, []*zhifa.EvalCase{file}) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.FileEvaluation(ctx, e.ID)
		if err != nil || !got.SelfCheck {
			t.Errorf("self-check read back %+v, %v", got, err)
		}
		list, err := tx.FileEvaluations(ctx, zhifa.FileEvaluationFilter{UnderPath: tr.market.Path})
		if err != nil || len(list) != 1 || !list[0].SelfCheck {
			t.Errorf("listed %+v, %v", list, err)
		}
		one, err := tx.EvalCase(ctx, file.ID)
		if err != nil || !one.SelfCheck {
			t.Errorf("file %+v, %v", one, err)
		}
		files, err := tx.EvalCases(ctx, e.ID)
		if err != nil || len(files) != 1 || !files[0].SelfCheck {
			t.Errorf("files %+v, %v", files, err)
		}
		mine, err := tx.EvalCaseList(ctx, zhifa.EvalCaseFilter{EvaluatorID: evaluator.ID})
		if err != nil || len(mine) != 1 || !mine[0].SelfCheck {
			t.Errorf("evaluator's files %+v, %v", mine, err)
		}
		return nil
	})
}

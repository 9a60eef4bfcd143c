package sqlstore

import (
	"context"
	"testing"

	"zhifa"
)

// testAssessment covers the assessment store (migration 00041): scheme versions, runs
// with optimistic versions and their scope filters, scored inputs once per agency, year
// and kind, the year's figures per agency and the records behind them.
func testAssessment(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	user := newUser(t, db, tr.market.ID)
	good := newOfficer(t, db, tr.market.ID, "王敏")
	short := newOfficer(t, db, tr.market.ID, "李强")
	var late *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for i, day := range []string{"2026-05-01", "2026-07-01"} {
			c, err := newCase(ctx, tx, tr, item, 2026)
			if err != nil {
				return err
			}
			c.Stage, c.State.DecidedOn = zhifa.StageDecide, zhifa.MustDate(day)
			if err := tx.UpdateCase(ctx, c); err != nil {
				return err
			}
			if i == 1 {
				late = c
			}
			// A legal review of each: the first's opinion on time, the second's late.
			opinion := map[int]string{0: "2026-05-08", 1: "2026-05-12"}[i]
			if err := tx.AddReviewRound(ctx, &zhifa.ReviewRound{CaseID: c.ID, AgencyID: tr.market.ID, Round: 1, Status: "agreed",
				ReviewerID: user.ID, DueOn: zhifa.MustDate("2026-05-10"), OpinionOn: zhifa.MustDate(opinion)}); err != nil {
				return err
			}
		}
		if err := tx.CreateReconsideration(ctx, &zhifa.Reconsideration{CaseID: late.ID, AgencyID: tr.market.ID, Kind: zhifa.ReviewReconsideration,
			Applicant: "张三", Body: "青岛市人民政府", ReceivedOn: zhifa.MustDate("2026-07-10"), Outcome: zhifa.OutcomeRevoke,
			OutcomeOn: zhifa.MustDate("2026-09-01"), Clocks: []zhifa.Clock{}}); err != nil {
			return err
		}
		if err := tx.CreateCertificate(ctx, &zhifa.Certificate{OfficerID: good.ID, Number: uniq("CERT"), State: zhifa.CertValid,
			ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2029-12-31"), Domains: []string{"市场监管"}}); err != nil {
			return err
		}
		if err := tx.AddTraining(ctx, &zhifa.Training{OfficerID: good.ID, Date: zhifa.MustDate("2026-03-01"), Hours: 60, Kind: zhifa.TrainingGeneralLaw}); err != nil {
			return err
		}
		return tx.AddTraining(ctx, &zhifa.Training{OfficerID: short.ID, Date: zhifa.MustDate("2026-03-01"), Hours: 10, Kind: zhifa.TrainingGeneralLaw})
	})
	f := zhifa.AssessmentCountFilter{UnderPath: tr.city.Path, Year: 2026, Corrects: []zhifa.ReviewOutcome{zhifa.OutcomeRevoke, zhifa.OutcomeChange},
		MinTrainingHours: 60, ReportDue: zhifa.MustDate("2027-01-31"), AsOf: zhifa.MustDate("2026-12-01")}
	view(t, db, func(tx zhifa.Tx) error {
		counts, err := tx.AssessmentCounts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]float64{}
		for _, c := range counts {
			if c.AgencyID == tr.market.ID {
				got[c.Key] = [2]float64{c.Num, c.Den}
			}
		}
		want := map[string][2]float64{
			zhifa.IndDecisionOnTime: {1, 2}, zhifa.IndCorrection: {1, 2}, zhifa.IndReviewOnTime: {1, 2}, zhifa.IndTraining: {1, 2},
			zhifa.IndCertificates: {1, 2}, zhifa.IndAnnualReport: {0, 1},
		}
		for key, w := range want {
			if got[key] != w {
				t.Errorf("%s = %v, want %v (all %v)", key, got[key], w, got)
			}
		}
		other := f
		other.Year = 2025
		counts, err = tx.AssessmentCounts(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			if c.AgencyID == tr.market.ID && c.Num > 0 && c.Key != zhifa.IndCertificates {
				t.Errorf("2025 counts %+v", c)
			}
		}
		for key, want := range map[string]string{zhifa.IndDecisionOnTime: late.Number, zhifa.IndCorrection: late.Number, zhifa.IndReviewOnTime: late.Number,
			zhifa.IndTraining: "李强", zhifa.IndCertificates: "李强"} {
			recs, err := tx.AssessmentRecords(ctx, f, zhifa.AssessmentRecordFilter{AgencyID: tr.market.ID, Year: 2026, Key: key})
			if err != nil {
				t.Fatal(key, err)
			}
			if len(recs) != 1 || recs[0].Label != want {
				t.Errorf("%s records %+v, want %s", key, recs, want)
			}
			after, err := tx.AssessmentRecords(ctx, f, zhifa.AssessmentRecordFilter{AgencyID: tr.market.ID, Year: 2026, Key: key, After: recs[0].ID})
			if err != nil || len(after) != 0 {
				t.Errorf("%s after the last: %v %v", key, after, err)
			}
		}
		return nil
	})

	// Schemes: each save is a new version.
	scheme := func() *zhifa.AssessmentScheme {
		return &zhifa.AssessmentScheme{AgencyID: tr.district.ID, Year: 2026, Name: "考核方案", Excellent: 90, Good: 80, Pass: 60, CreatedBy: user.ID,
			Indicators: []zhifa.AssessmentIndicator{{Key: "survey", Name: "满意度", Points: 100, Zero: 0.6, Full: 1}}}
	}
	s1, s2 := scheme(), scheme()
	s2.Indicators[0].Points = 99
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.AddAssessmentScheme(ctx, s1); err != nil {
			return err
		}
		return tx.AddAssessmentScheme(ctx, s2)
	})
	if s1.Version != 1 || s2.Version != 2 {
		t.Errorf("versions %d %d", s1.Version, s2.Version)
	}
	view(t, db, func(tx zhifa.Tx) error {
		latest, err := tx.LatestAssessmentScheme(ctx, tr.district.ID, 2026)
		if err != nil || latest.ID != s2.ID || latest.Indicators[0].Points != 99 {
			t.Errorf("latest %+v %v", latest, err)
		}
		all, err := tx.AssessmentSchemes(ctx, tr.district.ID, 2026)
		if err != nil || len(all) != 2 || all[0].Version != 2 {
			t.Errorf("all %v %v", all, err)
		}
		_, err = tx.LatestAssessmentScheme(ctx, tr.district.ID, 2020)
		wantCode(t, "no scheme", err, zhifa.ENOTFOUND)
		return nil
	})

	// Runs: results with adjustments keep their author; versions; scope filters.
	run := &zhifa.AssessmentRun{AgencyID: tr.district.ID, ScopePath: tr.city.Path, Year: 2026, SchemeID: s2.ID, SchemeVersion: 2,
		Status: zhifa.AssessmentDraft, AsOf: db.now(), CreatedBy: user.ID,
		Results: []zhifa.AssessmentResult{{AgencyID: tr.market.ID, AgencyName: tr.market.Name, Total: 88,
			Figures:     []zhifa.AssessmentFigure{{Key: "survey", Num: 88, Den: 100, Rate: 0.88, Points: 88}},
			Adjustments: []zhifa.AssessmentAdjustment{{Points: -2, Reason: "扣分", By: user.ID, ByName: "刘洋", At: db.now()}}}}}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddAssessmentRun(ctx, run) })
	stale := *run
	run.Status, run.ApprovedBy, run.ApprovedOn = zhifa.AssessmentApproved, user.ID, zhifa.MustDate("2027-01-10")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAssessmentRun(ctx, run) })
	wantCode(t, "stale run", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateAssessmentRun(ctx, &stale) }), zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.AssessmentRun(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != zhifa.AssessmentApproved || got.ApprovedOn != zhifa.MustDate("2027-01-10") || got.Version != 2 ||
			got.Results[0].Adjustments[0].ByName != "刘洋" || got.Results[0].Adjustments[0].By != user.ID || got.AgencyName != tr.district.Name {
			t.Errorf("run %+v", got)
		}
		for _, tc := range []struct {
			f    zhifa.AssessmentRunFilter
			want int
		}{
			{zhifa.AssessmentRunFilter{UnderPath: tr.city.Path}, 1},
			{zhifa.AssessmentRunFilter{Covering: tr.branch.Path}, 1},
			{zhifa.AssessmentRunFilter{UnderPath: tr.market.Path}, 0},
			{zhifa.AssessmentRunFilter{Covering: tr.branch.Path, Status: zhifa.AssessmentPublished}, 0},
			{zhifa.AssessmentRunFilter{UnderPath: tr.city.Path, After: run.ID}, 0},
		} {
			list, err := tx.AssessmentRuns(ctx, tc.f)
			if err != nil || len(list) != tc.want {
				t.Errorf("%+v: %d runs (%v), want %d", tc.f, len(list), err, tc.want)
			}
		}
		return nil
	})

	// Inputs: once per agency, year and kind; versioned.
	in := &zhifa.AssessmentInput{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, Year: 2026, Kind: zhifa.InputSelfCheck,
		Text: "自查情况", FiledBy: user.ID, FiledOn: zhifa.MustDate("2026-12-20"),
		File: &zhifa.AssessmentFile{Name: "自查报告.pdf", MIME: "application/pdf", Size: 3, SHA256: "ab", SM3: "cd"}}
	update(t, db, func(tx zhifa.Tx) error { return tx.PutAssessmentInput(ctx, in) })
	dup := *in
	dup.ID = 0
	wantCode(t, "second self-check", db.Update(ctx, func(tx zhifa.Tx) error { return tx.PutAssessmentInput(ctx, &dup) }), zhifa.ECONFLICT)
	in.Scored, in.Score, in.ScoredBy, in.ScoredOn = true, 85.5, user.ID, zhifa.MustDate("2027-01-05")
	update(t, db, func(tx zhifa.Tx) error { return tx.PutAssessmentInput(ctx, in) })
	view(t, db, func(tx zhifa.Tx) error {
		list, err := tx.AssessmentInputs(ctx, tr.city.Path, 2026)
		if err != nil || len(list) != 1 || !list[0].Scored || list[0].Score != 85.5 || list[0].AgencyName != tr.market.Name || list[0].Version != 2 {
			t.Errorf("inputs %+v %v", list, err)
		}
		one, err := tx.AssessmentInput(ctx, in.ID)
		if err != nil || one.ScoredOn != zhifa.MustDate("2027-01-05") || one.File == nil || one.File.Name != "自查报告.pdf" || one.File.Size != 3 {
			t.Errorf("input %+v %v", one, err)
		}
		return nil
	})
}

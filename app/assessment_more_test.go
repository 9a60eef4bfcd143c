package app_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/supervision"
	"zhifa/law"
)

// TestAssessmentMoreIndicators computes the service, A/V and major-review indicators of
// issue 14 from cases taken through the use cases — one on time, one late, one missing
// each — beside the data an earlier system carried over, and drills down to the records
// that cost the agency marks (F2).
func TestAssessmentMoreIndicators(t *testing.T) {
	w := newReviewWorld(t)
	ctx := context.Background()

	// 法制审核覆盖率: the major case passes its review and is decided (filed, reviewed).
	major := w.passReview(t, w.view(t, "officer1"))
	major = w.mustAct(t, "head1", major, "decide", app.ActionInput{Fine: 5_000_000})

	// 送达按期率 (行政处罚法第六十一条): handed over on the spot; served after the seven
	// working days; never served (this one and the major decision).
	spot := w.servedSummary(t, 5000)
	late := w.decidedOn(t, zhifa.MustDate("2026-02-10"))
	w.issueDoc(t, "officer1", late.ID, zhifa.DocPenaltyDecision)
	missing := w.decidedOrg(t)

	// 音像记录合规率: a seizure with its record through the use cases.
	seized := w.readyToSeize(t)
	seized = w.mustAct(t, "head1", seized, "approve_seizure", app.ActionInput{})
	seized = w.mustAct(t, "officer1", seized, "seize", signedSeizure())

	// Carried over: a major decision filed without a review, and two investigations
	// without their record, one of which gets it later.
	if err := w.store.Update(ctx, func(tx zhifa.Tx) error {
		if err := tx.CreateFiling(ctx, &zhifa.Filing{CaseID: missing.ID, CaseNumber: missing.Number, AgencyID: w.market.ID,
			Kind: zhifa.FilingPenalty, ToAgencyID: w.judge.ID, Reasons: []string{"较大数额罚款"}, Summary: "罚款",
			DecidedOn: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate("2026-03-17"), FiledAt: w.clock.Now(), Status: zhifa.FilingFiled}); err != nil {
			return err
		}
		for _, id := range []int64{missing.ID, late.ID} {
			if err := tx.AddAVStep(ctx, &zhifa.AVStep{CaseID: id, AgencyID: w.market.ID, Action: zhifa.ActInvestigate, Act: "investigate",
				ActedOn: zhifa.MustDate("2026-03-02")}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.AddRecord(w.as(t, "officer1"), late.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "调查取证执法记录仪视频",
		Act: "investigate"}); err != nil {
		t.Fatal(err)
	}

	w.clock.Advance(15 * 24 * time.Hour) // 17 March: the decisions' service period ended on 11 March
	w.mustAct(t, "officer1", w.caseWorld.view(t, "officer1", late.ID), "serve",
		app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeMail, Proof: "EMS1234567890"}})

	sup := w.as(t, "supervisor1")
	run, err := w.app.Assessment().Run(sup, 2026)
	if err != nil {
		t.Fatal(err)
	}
	res := run.Result(w.market.ID)
	if res == nil {
		t.Fatalf("no result for the market bureau: %+v", run.Results)
	}
	figs := map[string]zhifa.AssessmentFigure{}
	for _, f := range res.Figures {
		figs[f.Key] = f
	}
	for _, tc := range []struct {
		key      string
		num, den float64
		points   float64
	}{
		{zhifa.IndServiceOnTime, 1, 4, 0}, // the spot one; the late; the two unserved
		{zhifa.IndAVCompliance, 2, 3, 0},  // the seizure, the record added later; the one without
		{zhifa.IndMajorReview, 1, 2, 0},   // reviewed; carried over without review
	} {
		f := figs[tc.key]
		if f.Num != tc.num || f.Den != tc.den || f.Points != tc.points || f.NoData {
			t.Errorf("%s: %+v, want %v of %v, %v marks", tc.key, f, tc.num, tc.den, tc.points)
		}
	}

	for _, tc := range []struct {
		key    string
		caseID int64
		detail string
		counts []int64 // cases that count for the agency, not listed
	}{
		{zhifa.IndServiceOnTime, late.ID, "逾期送达行政处罚决定书（2026年3月17日送达，送达期限至2026年3月11日）", []int64{spot.ID}},
		{zhifa.IndServiceOnTime, missing.ID, "超过送达期限未送达行政处罚决定书（期限至2026年3月11日）", []int64{spot.ID}},
		{zhifa.IndServiceOnTime, major.ID, "超过送达期限未送达行政处罚决定书（期限至2026年3月11日）", []int64{spot.ID}},
		{zhifa.IndAVCompliance, missing.ID, "实施“调查取证”未留存音像记录", []int64{seized.ID, late.ID}},
		{zhifa.IndMajorReview, missing.ID, "重大行政处罚决定作出前未经法制审核通过", []int64{major.ID}},
	} {
		page, err := w.app.Assessment().Records(sup, run.ID, w.market.ID, tc.key, "", 0)
		if err != nil {
			t.Fatalf("%s records: %v", tc.key, err)
		}
		found := false
		for _, r := range page.Records {
			found = found || r.CaseID == tc.caseID && r.Detail == tc.detail && r.Label != ""
			if slices.Contains(tc.counts, r.CaseID) {
				t.Errorf("%s: record %+v of a case that counts for the agency", tc.key, r)
			}
		}
		if !found {
			t.Errorf("%s records %+v, want case %d: %s", tc.key, page.Records, tc.caseID, tc.detail)
		}
	}
}

// decidedOn drives an ordinary penalty case on an act of the day occurred to its decision
// today, as decided does (publicity_test.go), on another act than the other cases'.
func (w *caseWorld) decidedOn(t *testing.T, occurred zhifa.Date) *app.CaseView {
	t.Helper()
	in := w.input(zhifa.CasePenalty)
	in.OccurredOn = occurred
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"警告", "罚款"}, Fine: 500000, Reason: "销售超过保质期的食品，首次违法，情节一般"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "waive_statement", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	return w.mustAct(t, "head1", v, "decide", app.ActionInput{Fine: 500000})
}

// TestAssessmentComplaintsUpheld: the complaints about the market bureau's enforcement
// conduct answered this year with a finding — one upheld, one not — count half upheld;
// a refused one and a complaint about an enterprise do not count; the reply to a
// conduct complaint needs its finding (行政处罚法第七十五条第二款); the drill-down names
// the upheld one (issue 14, F2).
func TestAssessmentComplaintsUpheld(t *testing.T) {
	w := newCaseWorld(t)
	easyPoW(w)
	sv := w.app.Supervision()
	sup := w.as(t, "supervisor1")
	var numbers []string
	for i := range 3 {
		in := namedComplaint(w.market.ID)
		in.Subject, in.Target = zhifa.ComplaintAboutConduct, "东港市市场监督管理局执法人员"
		rc, err := sv.Submit(public(fmt.Sprintf("198.51.100.%d", 40+i)), solved(w, in), nil)
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, rc.Number)
	}
	enterprise, err := sv.Submit(public("198.51.100.50"), solved(w, namedComplaint(w.market.ID)), nil)
	if err != nil {
		t.Fatal(err)
	}
	byNumber := func(ctx context.Context, number string) *supervision.View {
		t.Helper()
		page, err := sv.Complaints(ctx, supervision.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			if it.Number == number {
				v, err := sv.Complaint(ctx, it.ID)
				if err != nil {
					t.Fatal(err)
				}
				return v
			}
		}
		t.Fatalf("no complaint %s", number)
		return nil
	}
	reply := func(ctx context.Context, number string, f zhifa.ComplaintFinding) (*supervision.View, error) {
		v := byNumber(ctx, number)
		v, err := sv.Act(ctx, v.ID, "accept", supervision.ActionInput{Version: v.Version})
		if err != nil {
			t.Fatal(err)
		}
		return sv.Act(ctx, v.ID, "reply", supervision.ActionInput{Version: v.Version, Reply: "经核查，答复如下。", Finding: f})
	}
	_, err = reply(sup, numbers[0], "")
	wantGate(t, err, law.RuleComplaintFinding)
	v := byNumber(sup, numbers[0])
	_, err = sv.Act(sup, v.ID, "reply", supervision.ActionInput{Version: v.Version, Reply: "经核查。", Finding: "maybe"})
	wantCode(t, err, zhifa.EINVALID)
	if v, err = sv.Act(sup, v.ID, "reply", supervision.ActionInput{Version: v.Version, Reply: "经核查，执法人员未出示证件属实，已责令整改。",
		Finding: zhifa.FindingUpheld}); err != nil || v.Finding != zhifa.FindingUpheld || v.AboutAgencyID != w.market.ID {
		t.Fatalf("upheld reply %+v, %v", v, err)
	}
	if _, err := reply(sup, numbers[1], zhifa.FindingUnfounded); err != nil {
		t.Fatal(err)
	}
	v = byNumber(sup, numbers[2])
	if _, err := sv.Act(sup, v.ID, "refuse", supervision.ActionInput{Version: v.Version, Reply: "已通过行政复议途径处理"}); err != nil {
		t.Fatal(err)
	}
	if _, err := reply(w.as(t, "officer1"), enterprise.Number, ""); err != nil { // no finding needed
		t.Fatal(err)
	}

	run, err := w.app.Assessment().Run(sup, 2026)
	if err != nil {
		t.Fatal(err)
	}
	res := run.Result(w.market.ID)
	for _, f := range res.Figures {
		if f.Key == zhifa.IndComplaintsUpheld && (f.Num != 1 || f.Den != 2 || f.Points != 0) {
			t.Errorf("complaints upheld %+v, want 1 of 2, no marks (half upheld)", f)
		}
	}
	page, err := w.app.Assessment().Records(sup, run.ID, w.market.ID, zhifa.IndComplaintsUpheld, "", 0)
	if err != nil || len(page.Records) != 1 || page.Records[0].Label != numbers[0] || page.Records[0].Detail != "执法监督投诉经查属实" {
		t.Errorf("upheld records %+v, %v", page, err)
	}
}

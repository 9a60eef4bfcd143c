package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
)

// TestSeedAssessmentMore: last year's assessment counts the market bureau's autumn
// cases — five of six decisions served on time (one late, named in the drill-down), the
// seizure's A/V record, the major decision's legal review — and one of the three
// complaints about its officers' conduct answered last year found well-founded.
func TestSeedAssessmentMore(t *testing.T) {
	a := seedSmallCity(t, 40, zhifa.MustDate("2026-11-20").Time().Add(10*time.Hour))
	public := app.WithActor(context.Background(), &app.Actor{IP: "203.0.113.10"})
	list, _, err := a.Assessment().Published(public, "", 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("published assessments %+v, %v", list, err)
	}
	sup := demoLogin(t, a, "supervisor1")
	run, err := a.Assessment().Get(sup, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var market *zhifa.AssessmentResult
	for i := range run.Results {
		if run.Results[i].AgencyName == "东港市市场监督管理局" {
			market = &run.Results[i]
		}
	}
	if market == nil {
		t.Fatalf("no market bureau in %+v", run.Results)
	}
	want := map[string][2]float64{zhifa.IndServiceOnTime: {5, 6}, zhifa.IndAVCompliance: {1, 1}, zhifa.IndMajorReview: {1, 1},
		zhifa.IndPublicationOnTime: {7, 7}, zhifa.IndComplaintsUpheld: {1, 3}}
	for _, f := range market.Figures {
		if w, ok := want[f.Key]; ok && (f.Num != w[0] || f.Den != w[1]) {
			t.Errorf("%s: %v of %v, want %v", f.Key, f.Num, f.Den, w)
		}
	}
	page, err := a.Assessment().Records(sup, run.ID, market.AgencyID, zhifa.IndServiceOnTime, "", 0)
	if err != nil || len(page.Records) != 1 || !strings.HasPrefix(page.Records[0].Detail, "逾期送达行政处罚决定书") {
		t.Errorf("late service records %+v, %v", page, err)
	}
}

package demo_test

import (
	"testing"
	"time"

	"zhifa"
	"zhifa/app/supervision"
)

// TestSeedComplaints: the demo city has complaints in every state, one overdue for
// acceptance, one that opened a case, a conduct complaint with the justice bureau, and a
// reconsideration that revoked a decision, counted in the market bureau's correction rate.
func TestSeedComplaints(t *testing.T) {
	a := seedSmallCity(t, 20, zhifa.MustDate("2026-11-20").Time().Add(10*time.Hour))
	officer := demoLogin(t, a, "officer1")
	page, err := a.Supervision().Complaints(officer, supervision.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	linked := 0
	for _, it := range page.Items {
		states[it.State]++
		if it.CaseID != 0 {
			linked++
		}
	}
	for _, st := range zhifa.ComplaintStates {
		if states[st.Label()] == 0 {
			t.Errorf("no complaint %s: %v", st.Label(), states)
		}
	}
	if linked != 1 {
		t.Errorf("%d complaints opened a case, want 1", linked)
	}
	overdue, err := a.Supervision().Complaints(officer, supervision.ListFilter{Overdue: true})
	if err != nil || len(overdue.Items) == 0 {
		t.Errorf("no overdue complaint: %v", err)
	}
	judge := demoLogin(t, a, "supervisor1")
	received, err := a.Supervision().Complaints(judge, supervision.ListFilter{State: zhifa.ComplaintReceived})
	if err != nil {
		t.Fatal(err)
	}
	conduct := 0
	for _, it := range received.Items {
		if it.Subject == zhifa.ComplaintAboutConduct.Label() && it.AgencyName == "东港市司法局" {
			conduct++
		}
	}
	if conduct != 1 {
		t.Errorf("%d conduct complaints with the justice bureau, want 1", conduct)
	}
	rates, err := a.Supervision().CorrectionRates(judge, 2026)
	if err != nil {
		t.Fatal(err)
	}
	corrected := 0
	for _, r := range rates.Rows {
		if r.Name == "东港市市场监督管理局" {
			corrected = r.Corrected
		}
	}
	if corrected != 1 {
		t.Errorf("market bureau corrected %d, want 1: %+v", corrected, rates.Rows)
	}
	checkSeededFault(t, a)
}

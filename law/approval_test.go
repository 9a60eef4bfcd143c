package law

import (
	"testing"

	"zhifa"
)

func TestCheckApprovalForm(t *testing.T) {
	for _, tc := range []struct {
		typ    zhifa.DocType
		signed bool
		gate   bool
	}{
		{zhifa.DocFilingApproval, false, true},
		{zhifa.DocFilingApproval, true, false},
		{zhifa.DocClosingApproval, false, true},
		{zhifa.DocClosingApproval, true, false},
		{zhifa.DocPenaltyDecision, false, false},
	} {
		err := CheckApprovalForm(tc.typ, tc.signed)
		if got := zhifa.ErrorCode(err) == zhifa.EGATE; got != tc.gate {
			t.Errorf("%s signed=%v: err %v, want gate %v", tc.typ, tc.signed, err, tc.gate)
		}
	}
}

func TestCheckLimitationOverride(t *testing.T) {
	ended := zhifa.Date{Year: 2020, Month: 1, Day: 1}
	late := zhifa.Date{Year: 2023, Month: 1, Day: 1}
	inTime := zhifa.Date{Year: 2021, Month: 1, Day: 1}
	for _, tc := range []struct {
		name       string
		discovered zhifa.Date
		reason     string
		head       bool
		want       string
		rule       string
	}{
		{"in time", inTime, "", false, "", ""},
		{"in time, reason ignored", inTime, "依据", false, "", ""},
		{"run, no reason", late, "", true, zhifa.EGATE, RuleLimitation},
		{"run, handler's reason", late, "某法另有规定", false, zhifa.EGATE, RuleLimitationOverride},
		{"run, head's reason", late, "某法另有规定", true, "", ""},
	} {
		err := CheckLimitationOverride(ended, tc.discovered, false, tc.reason, tc.head)
		if zhifa.ErrorCode(err) != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if e, ok := err.(*zhifa.Error); ok && e.Rule != tc.rule {
			t.Errorf("%s: rule %q, want %q", tc.name, e.Rule, tc.rule)
		}
	}
}

package law

import (
	"strings"
	"testing"
	"time"

	"zhifa"
)

// TestServiceCounted: 行政处罚法第六十一条第一款 — handed over on the spot, or served
// within seven (working) days of the decision; a decision still unserved counts against
// the agency once its period is over, not before.
func TestServiceCounted(t *testing.T) {
	d := func(m time.Month, day int) zhifa.Date { return zhifa.Date{Year: 2025, Month: m, Day: day} }
	due := d(3, 12) // a decision of 3 March 2025: seven working days
	for _, tc := range []struct {
		name            string
		due, served, on zhifa.Date
		counted, onTime bool
	}{
		{"handed over on the spot", due, d(3, 3), d(12, 31), true, true},
		{"served on the last day", due, due, d(12, 31), true, true},
		{"served a day late", due, d(3, 13), d(12, 31), true, false},
		{"unserved, period running", due, zhifa.Date{}, d(3, 12), false, false},
		{"unserved, period over", due, zhifa.Date{}, d(3, 13), true, false},
		{"no service period (not a penalty decision)", zhifa.Date{}, d(3, 3), d(12, 31), false, false},
	} {
		counted, onTime := ServiceCounted(tc.due, tc.served, tc.on)
		if counted != tc.counted || onTime != tc.onTime {
			t.Errorf("%s: counted %v on time %v, want %v %v (%s)", tc.name, counted, onTime, tc.counted, tc.onTime, RuleServiceOnTime)
		}
	}
}

// TestComplaintFinding: 行政处罚法第七十五条第二款 — a complaint about enforcement
// conduct is examined and ends with what was found; upheld in whole or in part counts.
func TestComplaintFinding(t *testing.T) {
	for _, tc := range []struct {
		name    string
		subject zhifa.ComplaintSubject
		finding zhifa.ComplaintFinding
		code    string
		upheld  bool
	}{
		{"conduct upheld", zhifa.ComplaintAboutConduct, zhifa.FindingUpheld, "", true},
		{"conduct partly upheld", zhifa.ComplaintAboutConduct, zhifa.FindingPartly, "", true},
		{"conduct unfounded", zhifa.ComplaintAboutConduct, zhifa.FindingUnfounded, "", false},
		{"conduct without a finding", zhifa.ComplaintAboutConduct, "", zhifa.EGATE, false},
		{"an enterprise, no finding needed", zhifa.ComplaintAboutEnterprise, "", "", false},
		{"an unknown finding", zhifa.ComplaintAboutEnterprise, "maybe", zhifa.EINVALID, false},
	} {
		err := CheckComplaintFinding(tc.subject, tc.finding)
		if zhifa.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
		if tc.code == zhifa.EGATE && !strings.Contains(err.Error(), "第七十五条第二款") {
			t.Errorf("%s: %v does not cite the article", tc.name, err)
		}
		if got := ComplaintUpheld(tc.finding); got != tc.upheld {
			t.Errorf("%s: upheld %v, want %v", tc.name, got, tc.upheld)
		}
	}
}

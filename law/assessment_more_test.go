package law

import (
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

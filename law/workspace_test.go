package law

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/workday"
)

// The party's periods (第四十五条、第六十四条第一项) are waited on, not the agency's overdue work.
func TestWaitingAndAgencyOverdue(t *testing.T) {
	cal := workday.Default()
	d := zhifa.MustDate
	clock := func(k zhifa.ClockKind, due string, done bool) zhifa.Clock {
		return zhifa.Clock{Kind: k, Start: d("2026-11-02"), Due: d(due), Unit: zhifa.UnitWorkday, Done: done}
	}
	for _, tc := range []struct {
		name    string
		clocks  []zhifa.Clock
		today   string
		waiting zhifa.ClockKind
		overdue int
	}{
		{"statement period running", []zhifa.Clock{clock(zhifa.ClockStatement, "2026-12-08", false), clock(zhifa.ClockDecision, "2027-01-30", false)},
			"2026-12-07", zhifa.ClockStatement, 0},
		{"its last day", []zhifa.Clock{clock(zhifa.ClockHearingRequest, "2026-12-08", false)}, "2026-12-08", zhifa.ClockHearingRequest, 0},
		{"lapsed: neither waiting nor overdue", []zhifa.Clock{clock(zhifa.ClockStatement, "2026-12-08", false)}, "2026-12-09", "", 0},
		{"waived", []zhifa.Clock{clock(zhifa.ClockStatement, "2026-12-08", true)}, "2026-12-07", "", 0},
		{"the agency's service late", []zhifa.Clock{clock(zhifa.ClockService, "2026-12-04", false), clock(zhifa.ClockTransferReply, "2026-12-01", false)},
			"2026-12-07", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &zhifa.Case{Clocks: tc.clocks}
			cl, ok := ClockWaiting(c, d(tc.today))
			if ok != (tc.waiting != "") || cl.Kind != tc.waiting {
				t.Errorf("waiting %v %q, want %q", ok, cl.Kind, tc.waiting)
			}
			if n := AgencyOverdue(cal, c, d(tc.today)); n != tc.overdue {
				t.Errorf("agency overdue %d, want %d", n, tc.overdue)
			}
		})
	}
}

func TestClockTaskAndNote(t *testing.T) {
	for _, k := range []zhifa.ClockKind{zhifa.ClockDecision, zhifa.ClockStatement, zhifa.ClockHearingRequest, zhifa.ClockHearingNotice,
		zhifa.ClockService, zhifa.ClockSeizure, zhifa.ClockReview, zhifa.ClockSeizureReport, zhifa.ClockPreservation,
		zhifa.ClockTransferDecision, zhifa.ClockTransferHandover, zhifa.ClockTransferReply, zhifa.ClockTransferRecon,
		zhifa.ClockTransferItems, zhifa.ClockSummaryFiling} {
		if ClockTask(k) == "" {
			t.Errorf("no task for %s", k)
		}
		if WaitsOnParty(k) && !WaitsOnOthers(k) {
			t.Errorf("%s waits on the party but counts as the agency's", k)
		}
	}
	if n := ProvisionalNote(zhifa.MustDate("2027-02-10")); !strings.Contains(n, "2027年") || !strings.Contains(n, "暂定") {
		t.Errorf("note %q", n)
	}
}

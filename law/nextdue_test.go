package law

import (
	"testing"

	"zhifa"
)

// TestNextDue: the stored next due date is the agency's own next deadline; the periods
// of the party (行政处罚法第四十五条、第六十四条第一项) and of the receiving organ
// (移送规定第八条、第九条第一款) are left out, as are clocks done or paused.
func TestNextDue(t *testing.T) {
	clock := func(k zhifa.ClockKind, due string, done, paused bool) zhifa.Clock {
		return zhifa.Clock{Kind: k, Due: d(due), Done: done, Paused: paused}
	}
	for _, tc := range []struct {
		name   string
		clocks []zhifa.Clock
		want   string // "" for none
	}{
		{"no clocks", nil, ""},
		{"the decision period", []zhifa.Clock{clock(zhifa.ClockDecision, "2026-06-01", false, false)}, "2026-06-01"},
		{"statement period ended before the decision period: the decision's day",
			[]zhifa.Clock{clock(zhifa.ClockDecision, "2026-06-01", false, false), clock(zhifa.ClockStatement, "2026-03-05", false, false)}, "2026-06-01"},
		{"hearing request period left out",
			[]zhifa.Clock{clock(zhifa.ClockHearingRequest, "2026-03-09", false, false), clock(zhifa.ClockDecision, "2026-06-01", false, false)}, "2026-06-01"},
		{"only the party's period running: none of the agency's",
			[]zhifa.Clock{clock(zhifa.ClockStatement, "2026-03-05", false, false), clock(zhifa.ClockDecision, "2026-06-01", true, false)}, ""},
		{"receiving organ's reply and reconsideration left out",
			[]zhifa.Clock{clock(zhifa.ClockTransferReply, "2026-03-04", false, false), clock(zhifa.ClockTransferRecon, "2026-03-03", false, false),
				clock(zhifa.ClockTransferItems, "2026-03-10", false, false)}, "2026-03-10"},
		{"the party's period to pay left out: the court application is the agency's",
			[]zhifa.Clock{clock(zhifa.ClockPayment, "2026-03-20", false, false), clock(zhifa.ClockReminder, "2026-04-01", false, false),
				clock(zhifa.ClockCourt, "2026-07-01", false, false)}, "2026-07-01"},
		{"the agency's earliest of several",
			[]zhifa.Clock{clock(zhifa.ClockDecision, "2026-06-01", false, false), clock(zhifa.ClockHearingNotice, "2026-03-12", false, false)}, "2026-03-12"},
		{"done and paused clocks left out",
			[]zhifa.Clock{clock(zhifa.ClockService, "2026-03-01", true, false), clock(zhifa.ClockSeizure, "2026-03-02", false, true),
				clock(zhifa.ClockDecision, "2026-06-01", false, false)}, "2026-06-01"},
	} {
		var want zhifa.Date
		if tc.want != "" {
			want = d(tc.want)
		}
		if got := NextDue(tc.clocks); got != want {
			t.Errorf("%s: NextDue = %s, want %s", tc.name, got, want)
		}
	}
}

// TestLapses: the periods that lapse end (ClockEnded) rather than run overdue; the
// receiving organ's reply period stays a duty whose delay is warned about.
func TestLapses(t *testing.T) {
	for k, want := range map[zhifa.ClockKind]bool{
		zhifa.ClockStatement: true, zhifa.ClockHearingRequest: true, zhifa.ClockTransferRecon: true,
		zhifa.ClockPayment: true, zhifa.ClockInstalment: true, zhifa.ClockReminder: true,
		zhifa.ClockTransferReply: false, zhifa.ClockDecision: false, zhifa.ClockService: false, zhifa.ClockReview: false,
		zhifa.ClockCourt: false, zhifa.ClockRemitAgency: false, zhifa.ClockRemitBank: false,
	} {
		if got := Lapses(k); got != want {
			t.Errorf("Lapses(%s) = %v, want %v", k, got, want)
		}
		if Lapses(k) && !WaitsOnOthers(k) {
			t.Errorf("%s lapses but is counted as the agency's work", k)
		}
	}
}

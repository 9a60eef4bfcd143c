package law

import (
	"testing"

	"zhifa"
	"zhifa/workday"
)

// 行政复议法第六十三条至第六十九条: only 变更, 撤销, 确认违法 and 确认无效 correct the decision.
func TestCorrects(t *testing.T) {
	want := map[zhifa.ReviewOutcome]bool{zhifa.OutcomeChange: true, zhifa.OutcomeRevoke: true, zhifa.OutcomeIllegal: true, zhifa.OutcomeVoid: true}
	for _, o := range zhifa.ReviewOutcomes {
		if Corrects(o) != want[o] {
			t.Errorf("Corrects(%s) = %v, want %v", o, Corrects(o), want[o])
		}
		if OutcomeArticle[o] == "" {
			t.Errorf("outcome %s cites no article", o)
		}
	}
}

// REQUIREMENTS F7: a warning above 5%, exactly 5% is within the ceiling.
func TestCorrectionWarning(t *testing.T) {
	tests := []struct {
		corrected, decisions, rate int
		warn                       bool
	}{
		{0, 0, 0, false}, {1, 0, 0, false}, {0, 10, 0, false},
		{5, 100, 50, false}, {6, 100, 60, true},
		{1, 20, 50, false}, {1, 19, 52, true},
		{101, 2000, 50, true}, // 5.05%: over although the per-mille rate rounds to 50
	}
	for _, tc := range tests {
		if got := CorrectionRate(tc.corrected, tc.decisions); got != tc.rate {
			t.Errorf("CorrectionRate(%d, %d) = %d‰, want %d‰", tc.corrected, tc.decisions, got, tc.rate)
		}
		if got := CorrectionWarning(tc.corrected, tc.decisions); got != tc.warn {
			t.Errorf("CorrectionWarning(%d, %d) = %v, want %v", tc.corrected, tc.decisions, got, tc.warn)
		}
	}
}

// 行政复议法第三十二条第二款（五日）、第四十八条（十日）、第五十四条（五日）are working days
// (第八十八条第二款); 第六十二条's sixty and thirty days are calendar days ending on a working
// day (民法典第二百零三条).
func TestReconClocks(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		name string
		r    zhifa.Reconsideration
		want map[zhifa.ClockKind]string
		done map[zhifa.ClockKind]bool
	}{
		{"answer across 春节", zhifa.Reconsideration{CopyReceivedOn: d("2026-02-12")},
			map[zhifa.ClockKind]string{ClockReconAnswer: "2026-03-04"}, nil},
		{"simple answer", zhifa.Reconsideration{CopyReceivedOn: d("2026-03-02"), Simple: true},
			map[zhifa.ClockKind]string{ClockReconAnswer: "2026-03-09"}, nil},
		{"forward across 端午", zhifa.Reconsideration{ViaAgency: true, ReceivedOn: d("2026-06-18")},
			map[zhifa.ClockKind]string{ClockReconForward: "2026-06-26"}, nil},
		{"not via the agency: no forward clock", zhifa.Reconsideration{ReceivedOn: d("2026-06-18")},
			map[zhifa.ClockKind]string{}, nil},
		{"decision 60 days", zhifa.Reconsideration{AcceptedOn: d("2026-08-01")},
			map[zhifa.ClockKind]string{ClockReconDecision: "2026-09-30"}, nil},
		{"decision ending in 国庆 rolls", zhifa.Reconsideration{AcceptedOn: d("2026-08-03")},
			map[zhifa.ClockKind]string{ClockReconDecision: "2026-10-08"}, nil},
		{"simple decision 30 days", zhifa.Reconsideration{AcceptedOn: d("2026-01-05"), Simple: true},
			map[zhifa.ClockKind]string{ClockReconDecision: "2026-02-04"}, nil},
		{"answered and decided", zhifa.Reconsideration{CopyReceivedOn: d("2026-03-02"), AnsweredOn: d("2026-03-05"), AcceptedOn: d("2026-03-01"), OutcomeOn: d("2026-04-01")},
			map[zhifa.ClockKind]string{ClockReconAnswer: "2026-03-16", ClockReconDecision: "2026-04-30"},
			map[zhifa.ClockKind]bool{ClockReconAnswer: true, ClockReconDecision: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clocks := ReconClocks(cal, &tc.r)
			if len(clocks) != len(tc.want) {
				t.Fatalf("got %d clocks %+v, want %d", len(clocks), clocks, len(tc.want))
			}
			for _, c := range clocks {
				if c.Due != d(tc.want[c.Kind]) {
					t.Errorf("%s due %s, want %s", c.Kind, c.Due, tc.want[c.Kind])
				}
				if c.Done != tc.done[c.Kind] {
					t.Errorf("%s done %v, want %v", c.Kind, c.Done, tc.done[c.Kind])
				}
			}
		})
	}
}

func TestCheckOutcomeDates(t *testing.T) {
	today := d("2026-06-01")
	for _, tc := range []struct {
		began, outcome string
		ok             bool
	}{{"2026-05-01", "2026-05-20", true}, {"2026-05-01", "2026-04-30", false}, {"2026-05-01", "2026-06-02", false}, {"2026-05-01", "2026-06-01", true}} {
		if err := CheckOutcomeDates(d(tc.began), d(tc.outcome), today); (err == nil) != tc.ok {
			t.Errorf("%s..%s: %v, want ok %v", tc.began, tc.outcome, err, tc.ok)
		}
	}
}

package law

import (
	"slices"
	"strings"
	"testing"

	"zhifa"
)

// TestAnnualReportStatus: the report of last year warns from 1 January until it is
// published and is overdue after 31 January (国办发〔2018〕118号（六）：每年1月31日前公开上年度数据).
func TestAnnualReportStatus(t *testing.T) {
	tests := []struct {
		today     string
		published bool
		year      int
		warn      bool
		overdue   bool
	}{
		{"2026-01-01", false, 2025, true, false},
		{"2026-01-31", false, 2025, true, false},
		{"2026-02-01", false, 2025, true, true},
		{"2026-12-31", false, 2025, true, true},
		{"2026-01-15", true, 2025, false, false},
		{"2026-03-01", true, 2025, false, false},
		{"2025-12-31", false, 2024, true, true},
	}
	for _, tt := range tests {
		got := AnnualReportStatus(zhifa.MustDate(tt.today), tt.published)
		if got.Year != tt.year || got.Warn != tt.warn || got.Overdue != tt.overdue {
			t.Errorf("%s published=%v: got %+v", tt.today, tt.published, got)
		}
		if got.Due != AnnualReportDue(tt.year) {
			t.Errorf("%s: due %s", tt.today, got.Due)
		}
	}
	if d := AnnualReportDue(2025); d.String() != "2026-01-31" {
		t.Errorf("due of 2025: %s", d)
	}
}

// TestCheckAnnualReportYear: only a finished year is reported.
func TestCheckAnnualReportYear(t *testing.T) {
	today := zhifa.MustDate("2026-01-10")
	tests := []struct {
		year int
		ok   bool
	}{{2025, true}, {2024, true}, {2026, false}, {2027, false}, {1999, false}, {2000, true}}
	for _, tt := range tests {
		err := CheckAnnualReportYear(tt.year, today)
		if (err == nil) != tt.ok {
			t.Errorf("%d: %v", tt.year, err)
		}
		if err != nil && (zhifa.ErrorCode(err) != zhifa.EGATE || !strings.Contains(err.Error(), RuleAnnualReport)) {
			t.Errorf("%d: %v", tt.year, err)
		}
	}
}

// TestPenaltyMask: the kinds of 行政处罚法第九条 round-trip through the mask; unknown
// kinds are not counted.
func TestPenaltyMask(t *testing.T) {
	tests := [][]string{nil, {"警告"}, {"罚款", "没收违法所得"}, {"行政拘留", "警告"}, PenaltyKinds}
	for _, kinds := range tests {
		got := zhifa.PenaltyKindsOf(zhifa.PenaltyMask(kinds))
		want := slices.Clone(kinds)
		slices.SortFunc(want, func(a, b string) int { return slices.Index(PenaltyKinds, a) - slices.Index(PenaltyKinds, b) })
		if !slices.Equal(got, want) {
			t.Errorf("%v: got %v", kinds, got)
		}
	}
	if !slices.Equal(zhifa.PenaltyMaskKinds, PenaltyKinds) {
		t.Error("the mask's kinds are not those of 行政处罚法第九条 in order")
	}
	if zhifa.PenaltyMask([]string{"责令改正"}) != 0 {
		t.Error("an unknown kind is counted")
	}
}

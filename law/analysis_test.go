package law

import (
	"testing"

	"zhifa"
)

func TestQuartilePositions(t *testing.T) {
	for _, tc := range []struct{ n, q1, q3 int }{
		{1, 0, 0}, {4, 0, 2}, {8, 1, 5}, {9, 2, 6}, {10, 2, 7}, {100, 24, 74},
	} {
		if q1, q3 := QuartilePositions(tc.n); q1 != tc.q1 || q3 != tc.q3 {
			t.Errorf("QuartilePositions(%d) = %d, %d; want %d, %d", tc.n, q1, q3, tc.q1, tc.q3)
		}
	}
}

// TestFineOutlier checks the fences of 第五条第二款 (过罚相当) as the rule applies them.
func TestFineOutlier(t *testing.T) {
	for _, tc := range []struct {
		name            string
		fine, q1, q3    int64
		peers           int
		want            bool
		wantLow, wantHi int64
	}{
		{"inside", 5000, 4000, 6000, 8, false, 1000, 9000},
		{"on the high fence", 9000, 4000, 6000, 8, false, 1000, 9000},
		{"above the high fence", 9001, 4000, 6000, 8, true, 1000, 9000},
		{"below the low fence", 999, 4000, 6000, 20, true, 1000, 9000},
		{"low fence not negative", 0, 1000, 5000, 8, false, 0, 11000},
		{"too few peers", 100000, 4000, 6000, 7, false, 0, 0},
		{"all peers equal", 5001, 5000, 5000, 8, true, 5000, 5000},
	} {
		got, low, high := FineOutlier(tc.fine, tc.q1, tc.q3, tc.peers)
		if got != tc.want || low != tc.wantLow || high != tc.wantHi {
			t.Errorf("%s: FineOutlier = %v, %d, %d; want %v, %d, %d", tc.name, got, low, high, tc.want, tc.wantLow, tc.wantHi)
		}
	}
}

func TestRepeatedEndings(t *testing.T) {
	for n, want := range map[int]bool{0: false, 4: false, 5: true, 9: true} {
		if RepeatedEndings(n) != want {
			t.Errorf("RepeatedEndings(%d) != %v", n, want)
		}
	}
}

// TestFinePeerGroup: the peers of a fine applied the same benchmark (its issuing agency;
// the deciding agency without one, 行政处罚法第三十四条) and were decided within the last
// three years.
func TestFinePeerGroup(t *testing.T) {
	for _, tc := range []struct {
		name              string
		benchmark, agency int64
		want              int64
	}{
		{"the benchmark's issuing agency", 10, 12, 10},
		{"no benchmark: the deciding agency", 0, 12, 12},
	} {
		if got := FinePeerScope(tc.benchmark, tc.agency); got != tc.want {
			t.Errorf("%s: FinePeerScope(%d, %d) = %d, want %d", tc.name, tc.benchmark, tc.agency, got, tc.want)
		}
	}
	for day, want := range map[string]string{
		"2026-03-02": "2023-03-02",
		"2028-02-29": "2025-02-28", // no 29 February three years before
		"2027-12-31": "2024-12-31",
	} {
		if got := FinePeerSince(zhifa.MustDate(day)); got != zhifa.MustDate(want) {
			t.Errorf("FinePeerSince(%s) = %s, want %s", day, got, want)
		}
	}
	if FinePeerSample < OutlierMinPeers {
		t.Errorf("a sample of %d cannot reach the %d peers the rule needs", FinePeerSample, OutlierMinPeers)
	}
}

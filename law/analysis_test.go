package law

import "testing"

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

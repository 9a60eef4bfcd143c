package law

import (
	"testing"

	"zhifa"
)

func TestReviewersShort(t *testing.T) {
	// A3 (000 §11): reviewers at least 5% of the agency's enforcement officers.
	tests := []struct {
		officers, reviewers int
		short               bool
		needed              int
	}{
		{0, 0, false, 0},
		{1, 0, true, 1},
		{20, 1, false, 1},
		{21, 1, true, 2},
		{40, 2, false, 2},
		{41, 2, true, 3},
		{100, 4, true, 5},
		{100, 5, false, 5},
	}
	for _, tt := range tests {
		if got := ReviewersShort(tt.officers, tt.reviewers); got != tt.short {
			t.Errorf("ReviewersShort(%d, %d) = %v, want %v", tt.officers, tt.reviewers, got, tt.short)
		}
		if got := ReviewersNeeded(tt.officers); got != tt.needed {
			t.Errorf("ReviewersNeeded(%d) = %d, want %d", tt.officers, got, tt.needed)
		}
		if ReviewersShort(tt.officers, ReviewersNeeded(tt.officers)) {
			t.Errorf("ReviewersNeeded(%d) is still short", tt.officers)
		}
	}
}

func TestTrainingShort(t *testing.T) {
	// A4 (002 §3-4): at least 60 hours a year.
	for _, tt := range []struct {
		hours float64
		short bool
	}{{0, true}, {59.5, true}, {60, false}, {72, false}} {
		if got := TrainingShort(tt.hours); got != tt.short {
			t.Errorf("TrainingShort(%v) = %v, want %v", tt.hours, got, tt.short)
		}
	}
}

func TestCertificateGrantable(t *testing.T) {
	// A2 (001 §1.2(2)): exam passed, or exempt by 法律职业资格.
	for _, tt := range []struct {
		exam, qual, ok bool
	}{{true, false, true}, {false, true, true}, {true, true, true}, {false, false, false}} {
		err := CertificateGrantable(tt.exam, tt.qual)
		if (err == nil) != tt.ok {
			t.Errorf("CertificateGrantable(%v, %v) = %v", tt.exam, tt.qual, err)
		}
		if err != nil && zhifa.ErrorCode(err) != zhifa.EGATE {
			t.Errorf("code = %s, want EGATE", zhifa.ErrorCode(err))
		}
	}
}

func TestCertTransition(t *testing.T) {
	tests := []struct {
		from, to zhifa.CertState
		ok       bool
	}{
		{zhifa.CertValid, zhifa.CertSuspended, true},
		{zhifa.CertValid, zhifa.CertRevoked, true},
		{zhifa.CertValid, zhifa.CertCancelled, true},
		{zhifa.CertValid, zhifa.CertValid, false},
		{zhifa.CertSuspended, zhifa.CertValid, true},
		{zhifa.CertSuspended, zhifa.CertRevoked, true},
		{zhifa.CertRevoked, zhifa.CertValid, false},
		{zhifa.CertRevoked, zhifa.CertCancelled, true},
		{zhifa.CertCancelled, zhifa.CertValid, false},
		{zhifa.CertCancelled, zhifa.CertSuspended, false},
		{zhifa.CertValid, zhifa.CertExpired, false},
	}
	for _, tt := range tests {
		err := CertTransition(tt.from, tt.to)
		if (err == nil) != tt.ok {
			t.Errorf("CertTransition(%s, %s) = %v, want ok=%v", tt.from, tt.to, err, tt.ok)
		}
	}
}

func TestMayAct(t *testing.T) {
	c := &zhifa.Certificate{State: zhifa.CertValid, ValidFrom: zhifa.MustDate("2024-01-01"), ValidUntil: zhifa.MustDate("2026-12-31")}
	for _, tt := range []struct {
		day   string
		state zhifa.CertState
		ok    bool
	}{
		{"2023-12-31", zhifa.CertValid, false},
		{"2024-01-01", zhifa.CertValid, true},
		{"2026-12-31", zhifa.CertValid, true},
		{"2027-01-01", zhifa.CertValid, false},
		{"2025-06-01", zhifa.CertSuspended, false},
		{"2025-06-01", zhifa.CertRevoked, false},
	} {
		c.State = tt.state
		if got := MayAct(c, zhifa.MustDate(tt.day)); got != tt.ok {
			t.Errorf("MayAct(%s on %s) = %v, want %v", tt.state, tt.day, got, tt.ok)
		}
	}
}

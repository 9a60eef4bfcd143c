package law

import (
	"testing"

	"zhifa/workday"
)

// TestAddMonths: 民法典第二百零二条 — the corresponding day, or the month's last day.
func TestAddMonths(t *testing.T) {
	tests := []struct {
		start string
		years int
		month int
		want  string
	}{
		{"2024-02-29", 2, 0, "2026-02-28"}, // no 29 Feb in 2026
		{"2024-02-29", 4, 0, "2028-02-29"}, // corresponding day exists
		{"2021-03-01", 5, 0, "2026-03-01"},
		{"2026-01-31", 0, 1, "2026-02-28"},
		{"2026-03-31", 0, 1, "2026-04-30"},
		{"2026-12-15", 0, 1, "2027-01-15"},
		{"2026-11-30", 0, 3, "2027-02-28"},
		{"2026-03-31", 0, -1, "2026-02-28"},
		{"2026-01-15", 0, -2, "2025-11-15"},
	}
	for _, tt := range tests {
		got := AddMonths(d(tt.start), 12*tt.years+tt.month)
		if tt.month == 0 {
			if y := AddYears(d(tt.start), tt.years); y != got {
				t.Errorf("AddYears(%s, %d) = %s, AddMonths gives %s", tt.start, tt.years, y, got)
			}
		}
		if got != d(tt.want) {
			t.Errorf("%s + %d years %d months = %s, want %s", tt.start, tt.years, tt.month, got, tt.want)
		}
	}
}

// TestPeriodEnd: 民法典第二百零三条 — one roll for every calendar-day clock, including the
// seizure period (行政强制法第二十五条) and the statutory holidays of years without a notice.
func TestPeriodEnd(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		name string
		got  Due
		want string
		prov bool
	}{
		{"working day stays", PeriodEnd(cal, d("2026-04-01")), "2026-04-01", false},
		{"Saturday rolls to Monday", PeriodEnd(cal, d("2026-03-07")), "2026-03-09", false},
		{"国庆 2026 rolls past the holiday", PeriodEnd(cal, d("2026-10-01")), "2026-10-08", false},
		{"seizure 30 days ending on 国庆", SeizureDue(cal, d("2026-09-01"), 0), "2026-10-08", false},
		{"seizure extended by 30", SeizureDue(cal, d("2026-03-02"), 30), "2026-05-06", false},
		// 2027 has no notice: 春节 (除夕 2-5 to 初三 2-8) is still off; the day after is
		// provisional (the notice may bridge it).
		{"春节 2027 without a notice", PeriodEnd(cal, d("2027-02-05")), "2027-02-09", true},
		{"decision clock across 元旦 2027", DecisionDue(cal, d("2026-10-03")), "2027-01-04", true},
	}
	for _, tt := range tests {
		if tt.got.Date != d(tt.want) || tt.got.Provisional != tt.prov {
			t.Errorf("%s: %+v, want %s provisional=%v", tt.name, tt.got, tt.want, tt.prov)
		}
	}
}

// TestCalendarClockChanges: an extension or a pause is counted from the unrolled end, so a
// period moved off a rest day is not lengthened twice.
func TestCalendarClockChanges(t *testing.T) {
	cal := workday.Default()
	c := SeizureClock(cal, d("2026-09-01")) // 10-01 → 10-08 (国庆 10-01 to 10-07, 2026 notice)
	if c.Due != d("2026-10-08") {
		t.Fatalf("seizure due %s", c.Due)
	}
	ExtendClock(cal, &c, 30) // 09-01 + 60 = 10-31 (Saturday) → 11-02
	if c.Due != d("2026-11-02") {
		t.Errorf("extended seizure due %s, want 2026-11-02", c.Due)
	}
	dc := DecisionClock(cal, d("2026-03-02")) // 05-31 (Sunday) → 06-01
	dc.Paused, dc.PausedOn = true, d("2026-04-01")
	ResumeClock(cal, &dc, d("2026-04-11")) // 10 days: 06-10 (Wednesday)
	if dc.Due != d("2026-06-10") || dc.PausedDays != 10 {
		t.Errorf("resumed decision clock %+v, want due 2026-06-10", dc)
	}
}

package workday

import (
	"strings"
	"testing"

	"zhifa"
)

// TestFixedHolidaysPublished checks the lunar and solar-term dates against published
// calendars (the State Council notices for 2024–2026 and the 紫金山天文台 almanac for later
// years).
func TestFixedHolidaysPublished(t *testing.T) {
	tests := []struct {
		date string
		name string
	}{
		{"2024-02-10", "春节"}, // 正月初一
		{"2025-01-29", "春节"},
		{"2025-01-28", "春节"}, // 除夕, a holiday since the 2024 revision
		{"2026-02-17", "春节"},
		{"2026-02-16", "春节"},
		{"2026-02-19", "春节"}, // 正月初三
		{"2027-02-06", "春节"},
		{"2027-02-05", "春节"},
		{"2028-01-26", "春节"},
		{"2030-02-03", "春节"},
		{"2030-02-02", "春节"},
		{"2025-10-06", "中秋节"},
		{"2026-09-25", "中秋节"},
		{"2026-06-19", "端午节"},
		{"2025-05-31", "端午节"},
		{"2026-04-05", "清明节"},
		{"2027-04-05", "清明节"},
		{"2028-04-04", "清明节"},
		{"2024-04-04", "清明节"},
		{"2027-01-01", "元旦"},
		{"2031-05-02", "劳动节"},
		{"2031-10-03", "国庆节"},
	}
	for _, tt := range tests {
		d := zhifa.MustDate(tt.date)
		if got := FixedHolidays(d.Year)[d]; got != tt.name {
			t.Errorf("FixedHolidays(%d)[%s] = %q, want %q", d.Year, tt.date, got, tt.name)
		}
	}
}

// TestFixedHolidaysRevision: the 2013 revision had no 除夕 and one day of 劳动节; the 2024
// revision (in force 2025) adds both. Every year has 11 (2014–2024) or 13 (2025–) days.
func TestFixedHolidaysRevision(t *testing.T) {
	absent := []string{"2024-02-09", "2024-05-02", "2027-02-09", "2027-05-03", "2027-10-04"}
	for _, s := range absent {
		d := zhifa.MustDate(s)
		if name, ok := FixedHolidays(d.Year)[d]; ok {
			t.Errorf("%s is not a statutory holiday, got %q", s, name)
		}
	}
	for y := FirstFixedYear; y <= 2100; y++ {
		want := 13
		if y < revision2024 {
			want = 11
		}
		if mid := lunarToSolar(y, 8, 15); mid.Month == 10 && mid.Day <= 3 {
			want-- // 中秋 on a 国庆 day (2020-10-01, 2028-10-03): one day, two holidays
		}
		if n := len(FixedHolidays(y)); n != want {
			t.Errorf("%d: %d statutory holidays, want %d", y, n, want)
		}
	}
	if FixedHolidays(2013) != nil {
		t.Error("2013 precedes the 2013 revision's first year")
	}
}

// TestUncoveredYear: in a year without an imported notice the statutory holidays are days
// off for certain; other days stay provisional (调休 unknown).
func TestUncoveredYear(t *testing.T) {
	c := Default()
	tests := []struct {
		date        string
		workday     bool
		kind        Kind
		provisional bool
	}{
		{"2027-02-08", false, Holiday, false}, // 正月初三, a Monday
		{"2027-02-05", false, Holiday, false}, // 除夕, a Friday
		{"2027-02-09", true, Weekday, true},   // 正月初四: the notice may bridge it
		{"2027-10-01", false, Holiday, false},
		{"2027-05-03", true, Weekday, true},
	}
	for _, tt := range tests {
		d := c.Day(zhifa.MustDate(tt.date))
		if d.Workday != tt.workday || d.Kind != tt.kind || d.Provisional != tt.provisional {
			t.Errorf("%s: %+v, want workday=%v kind=%v provisional=%v", tt.date, d, tt.workday, tt.kind, tt.provisional)
		}
	}
	// 2027-02-04 (Thu) + 1 working day skips 除夕 to 初三 and lands on 初四, provisionally.
	if due, prov := c.AddWorkdays(zhifa.MustDate("2027-02-04"), 1); due.String() != "2027-02-09" || !prov {
		t.Errorf("AddWorkdays over 春节 2027 = %s, %v", due, prov)
	}
}

// TestImportRefusesMakeupOnStatutoryHoliday: a notice cannot make a statutory holiday a
// working day.
func TestImportRefusesMakeupOnStatutoryHoliday(t *testing.T) {
	// 清明 2028 is 4 April (a Tuesday); 2032-05-02 is a Sunday (劳动节).
	if _, err := Default().Import(strings.NewReader("2032-01-01 holiday 元旦\n2032-05-02 workday 调休\n")); err == nil {
		t.Error("a make-up day on 劳动节 was accepted")
	}
}

package workday

import (
	"strings"
	"testing"

	"zhifa"
)

func TestDays(t *testing.T) {
	c := Default()
	tests := []struct {
		date        string
		workday     bool
		kind        Kind
		provisional bool
	}{
		{"2024-02-04", true, Makeup, false},   // Sunday, 春节调休 (国办发明电〔2023〕7号)
		{"2024-02-12", false, Holiday, false}, // Monday in 春节
		{"2024-10-12", true, Makeup, false},   // Saturday, 国庆节调休
		{"2025-01-28", false, Holiday, false}, // 除夕 is a holiday from 2025 on
		{"2025-10-08", false, Holiday, false}, // 国庆节、中秋节, 8 days
		{"2025-10-11", true, Makeup, false},
		{"2025-04-27", true, Makeup, false},
		{"2026-01-04", true, Makeup, false}, // Sunday, 元旦调休 (国办发明电〔2025〕7号)
		{"2026-02-23", false, Holiday, false},
		{"2026-02-28", true, Makeup, false},
		{"2026-10-10", true, Makeup, false},
		{"2026-11-23", true, Weekday, false},
		{"2026-11-22", false, Weekend, false},
		{"2027-01-04", true, Weekday, true},   // 2027 not imported: weekends only, provisional
		{"2027-01-01", false, Holiday, false}, // ...but 元旦 is a statutory holiday in any year
		{"2027-01-02", false, Weekend, true},
	}
	for _, tt := range tests {
		d := c.Day(zhifa.MustDate(tt.date))
		if d.Workday != tt.workday || d.Kind != tt.kind || d.Provisional != tt.provisional {
			t.Errorf("%s: %+v, want workday=%v kind=%v provisional=%v", tt.date, d, tt.workday, tt.kind, tt.provisional)
		}
	}
	if got := c.Years(); len(got) != 3 || got[0] != 2024 || got[2] != 2026 {
		t.Errorf("Years() = %v", got)
	}
}

func TestAddWorkdays(t *testing.T) {
	c := Default()
	tests := []struct {
		from        string
		n           int
		due         string
		provisional bool
	}{
		{"2026-11-20", 0, "2026-11-20", false},
		{"2026-11-20", 1, "2026-11-23", false}, // Friday + 1 → Monday
		{"2026-11-23", 5, "2026-11-30", false},
		// A 3-working-day period (行政处罚法 Art. 85) across 国庆节 2026, with 10-10 a make-up day.
		{"2026-09-30", 3, "2026-10-10", false}, // 10-08, 10-09, 10-10 (Saturday, worked)
		{"2026-09-30", 1, "2026-10-08", false},
		{"2026-09-29", 1, "2026-09-30", false},
		// Spring Festival 2026: 2-14 (Saturday) is worked, 2-15..2-23 off.
		{"2026-02-13", 1, "2026-02-14", false},
		{"2026-02-14", 1, "2026-02-24", false},
		// 5 working days after 2024-09-13: 9-14 (Sat, worked), 9-18, 9-19, 9-20, 9-23.
		{"2024-09-13", 5, "2024-09-23", false},
		// Into 2027, beyond the table: provisional.
		{"2026-12-30", 3, "2027-01-05", true}, // 2027-01-01 (元旦) is off in any year
	}
	for _, tt := range tests {
		due, prov := c.AddWorkdays(zhifa.MustDate(tt.from), tt.n)
		if due.String() != tt.due || prov != tt.provisional {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s, %v", tt.from, tt.n, due, prov, tt.due, tt.provisional)
		}
		if tt.n > 0 {
			if n, _ := c.WorkdaysBetween(zhifa.MustDate(tt.from), due); n != tt.n {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, due, n, tt.n)
			}
		}
	}
	if d, _ := c.NextWorkday(zhifa.MustDate("2026-10-01")); d.String() != "2026-10-08" {
		t.Errorf("NextWorkday(2026-10-01) = %s", d)
	}
}

func TestImport(t *testing.T) {
	c := Default()
	next, err := c.Import(strings.NewReader("# 2027\n2027-01-01 holiday 元旦\n2027-02-06..2027-02-12 holiday 春节\n2027-02-20 workday 春节调休\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !next.Covers(2027) || c.Covers(2027) {
		t.Fatal("Import must add 2027 to the new calendar only")
	}
	if d := next.Day(zhifa.MustDate("2027-02-08")); d.Workday || d.Provisional || d.Name != "春节" {
		t.Errorf("2027-02-08 = %+v", d)
	}
	// Re-importing a year replaces it whole.
	again, err := next.Import(strings.NewReader("2027-01-01 holiday 元旦\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := again.Day(zhifa.MustDate("2027-02-10")); !d.Workday {
		t.Errorf("replaced year kept an old holiday: %+v", d)
	}
	bad := []string{
		"",
		"2027-13-01 holiday x",
		"2027-01-01 vacation x",
		"2027-01-04 workday 调休", // a Monday cannot be a make-up day
		"2027-01-01 holiday a\n2027-01-01 workday b",
		"2027-01-10..2027-01-01 holiday x",
		"2027-02-20 workday 春节调休", // a year without holidays is incomplete
		"2027-01-01",
	}
	for _, in := range bad {
		if _, err := c.Import(strings.NewReader(in)); err == nil {
			t.Errorf("Import(%q) accepted", in)
		}
	}
}

func FuzzImport(f *testing.F) {
	f.Add("2027-01-01 holiday 元旦\n2027-02-20 workday 调休")
	f.Add("2027-01-01..2027-01-03 holiday x")
	f.Fuzz(func(t *testing.T, in string) {
		c, err := Default().Import(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, y := range c.Years() {
			d := zhifa.Date{Year: y, Month: 6, Day: 1}
			if _, prov := c.IsWorkday(d); prov {
				t.Fatalf("covered year %d is provisional", y)
			}
		}
	})
}

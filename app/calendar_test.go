package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
)

func TestCalendarImport(t *testing.T) {
	w := newWorld(t)
	w.clock.Advance(265 * 24 * time.Hour) // 2026-11-22: from November on, 2027 is needed
	admin := w.as(t, "admin")
	pub := context.Background()
	// Without the notice the statutory 春节 days (除夕 02-05 to 初三 02-08) are still off;
	// the day after is provisional (全国年节及纪念日放假办法第二条).
	sum, err := w.app.AddWorkdays(pub, zhifa.MustDate("2027-02-04"), 1)
	if err != nil || sum.Due.String() != "2027-02-09" || !sum.Provisional {
		t.Fatalf("before import: %+v, %v; want 2027-02-09, provisional", sum, err)
	}
	warned := func() bool {
		ws, err := w.app.PersonnelWarnings(admin, 2026)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ws {
			if x.Kind == app.WarnCalendarMissing && strings.Contains(x.Message, "2027") {
				return true
			}
		}
		return false
	}
	if !warned() {
		t.Fatal("no warning about the missing 2027 notice")
	}
	notice := "# 2027\n2027-01-01 holiday 元旦\n2027-02-06..2027-02-12 holiday 春节\n2027-02-20 workday 春节调休\n"
	if _, err := w.app.ImportWorkdays(w.as(t, "officer1"), strings.NewReader(notice)); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Fatalf("officer imports the calendar: %v", err)
	}
	if _, err := w.app.ImportWorkdays(admin, strings.NewReader("2027-02-30 holiday x")); zhifa.ErrorFields(err)["notice"] == "" {
		t.Fatalf("bad notice: %v", err)
	}
	years, err := w.app.ImportWorkdays(admin, strings.NewReader(notice))
	if err != nil || len(years) != 1 || years[0] != 2027 {
		t.Fatalf("import = %v, %v", years, err)
	}
	sum, err = w.app.AddWorkdays(pub, zhifa.MustDate("2027-02-04"), 1)
	if err != nil || sum.Due.String() != "2027-02-15" || sum.Provisional {
		t.Fatalf("after import: %+v, %v; want 2027-02-15, not provisional", sum, err)
	}
	// Another process (a second App over the same store) sees the import.
	other := app.New(w.store, app.Options{Now: w.clock.Now})
	day, err := other.Workday(pub, zhifa.MustDate("2027-02-20"))
	if err != nil || !day.Workday || day.Kind != "调休工作日" {
		t.Fatalf("2027-02-20 in another process: %+v, %v", day, err)
	}
	if warned() {
		t.Fatal("warning still shown after the import")
	}
	if _, err := w.app.AddWorkdays(pub, zhifa.MustDate("2026-01-01"), -1); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Fatalf("negative days: %v", err)
	}
}

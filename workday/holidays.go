package workday

import (
	"sync"
	"time"

	"github.com/6tail/lunar-go/calendar"

	"zhifa"
)

// Fixed statutory holidays (全国年节及纪念日放假办法). The State Council's yearly notice only
// arranges the bridging days and the make-up working days (调休) around them; the holidays
// themselves are fixed by the 办法, so they are days off in every year, imported or not.
//
// 2024 revision (国务院令第795号, in force 2025-01-01), Art. 2:
//
//	（一）元旦，放假1天（1月1日）；
//	（二）春节，放假4天（农历除夕、正月初一至初三）；
//	（三）清明节，放假1天（农历清明当日）；
//	（四）劳动节，放假2天（5月1日、2日）；
//	（五）端午节，放假1天（农历端午当日）；
//	（六）中秋节，放假1天（农历中秋当日）；
//	（七）国庆节，放假3天（10月1日、2日、3日）。
//
// The 2013 revision (国务院令第644号, in force 2014-01-01 to 2024-12-31) gave 春节 正月初一
// to 初三 and 劳动节 5月1日 only. Years before 2014 follow earlier rules the system has no
// use for: FixedHolidays returns nothing for them and their days stay provisional.

// FirstFixedYear is the first year whose fixed holidays are known (2013 revision).
const FirstFixedYear = 2014

// revision2024 is the first year of the 2024 revision.
const revision2024 = 2025

// FixedHolidays returns the statutory holidays of year with their names, computed from the
// lunar calendar and the solar term 清明 (github.com/6tail/lunar-go); nil before
// FirstFixedYear. The result is cached and must not be modified.
func FixedHolidays(year int) map[zhifa.Date]string {
	if year < FirstFixedYear || year > 9999 {
		return nil
	}
	if m, ok := fixedCache.Load(year); ok {
		return m.(map[zhifa.Date]string)
	}
	m := computeFixed(year)
	fixedCache.Store(year, m)
	return m
}

var fixedCache sync.Map // int → map[zhifa.Date]string

func computeFixed(year int) map[zhifa.Date]string {
	m := map[zhifa.Date]string{}
	add := func(d zhifa.Date, name string) { m[d] = name }
	day := func(month, d int) zhifa.Date { return zhifa.Date{Year: year, Month: time.Month(month), Day: d} }

	add(day(1, 1), "元旦")
	newYear := lunarToSolar(year, 1, 1) // 正月初一 always falls in the same Gregorian year
	if year >= revision2024 {
		add(newYear.AddDays(-1), "春节") // 农历除夕: the last day of the twelfth month
	}
	for i := 0; i < 3; i++ {
		add(newYear.AddDays(i), "春节")
	}
	add(qingming(year), "清明节")
	add(day(5, 1), "劳动节")
	if year >= revision2024 {
		add(day(5, 2), "劳动节")
	}
	add(lunarToSolar(year, 5, 5), "端午节")
	add(lunarToSolar(year, 8, 15), "中秋节")
	for i := 1; i <= 3; i++ {
		add(day(10, i), "国庆节")
	}
	return m
}

// lunarToSolar converts a day of the (non-leap) lunar month of lunar year y.
func lunarToSolar(y, month, d int) zhifa.Date {
	s := calendar.NewLunarFromYmd(y, month, d).GetSolar()
	return zhifa.Date{Year: s.GetYear(), Month: time.Month(s.GetMonth()), Day: s.GetDay()}
}

// qingming is the day of the solar term 清明 in Gregorian year y (China Standard Time, as
// published): it always falls on 4–6 April, inside lunar year y.
func qingming(y int) zhifa.Date {
	s := calendar.NewLunarFromYmd(y, 1, 1).GetJieQiTable()["清明"]
	return zhifa.Date{Year: s.GetYear(), Month: time.Month(s.GetMonth()), Day: s.GetDay()}
}

package law

import (
	"time"

	"zhifa"
	"zhifa/workday"
)

// Periods (期间). Every deadline of the system is computed by the functions of this file,
// so that one rule decides how a period is counted and where it ends:
//
//   - 民法典第二百零一条：按照年、月、日、小时计算期间的，开始的当日不计入，自下一日开始计算。
//   - 民法典第二百零二条：按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，
//     月末日为期间的最后一日。
//   - 民法典第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
//   - 行政处罚法第八十五条：本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日
//     (行政强制法第六十九条 likewise for periods of ten days or less).

// Citations of the period rules.
const (
	RuleMonthEnd   = "民法典第二百零二条"
	RulePeriodRoll = "民法典第二百零三条"
)

// AddMonths returns the last day of a period of n months beginning after start: the day of
// the month n months later that corresponds to start's day, or that month's last day when
// it has none (民法典第二百零二条: 2024-02-29 + 12 months = 2025-02-28, 2026-01-31 + 1 month =
// 2026-02-28). time.AddDate would normalize into the next month instead.
func AddMonths(start zhifa.Date, n int) zhifa.Date {
	m := int(start.Month) - 1 + n
	y := start.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	month := time.Month(m + 1)
	return zhifa.Date{Year: y, Month: month, Day: min(start.Day, daysIn(y, month))}
}

// AddYears is AddMonths for years (民法典第二百零二条).
func AddYears(start zhifa.Date, n int) zhifa.Date { return AddMonths(start, 12*n) }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// PeriodEnd is the one rule for a period whose last day is a rest day: the period ends on
// the first working day after it (民法典第二百零三条; 法定休假日 includes the weekly rest
// days and the holidays of the calendar, provisional in a year without a notice). Every
// clock counted in calendar days ends through it; a working-day clock (行政处罚法第八十五条)
// ends on a working day by construction.
func PeriodEnd(cal *workday.Calendar, last zhifa.Date) Due {
	d, prov := cal.NextWorkday(last)
	return Due{d, prov}
}

// CalendarDue is the end of a period of n calendar days after start (民法典第二百零一条:
// the start day is not counted), moved by PeriodEnd.
func CalendarDue(cal *workday.Calendar, start zhifa.Date, n int) Due {
	return PeriodEnd(cal, start.AddDays(n))
}

package law

import (
	"zhifa"
	"zhifa/idcode"
)

// Age for 行政处罚法第三十条 (已满十四周岁、不满十八周岁).
//
// Which rule decides the birthday itself: 周岁 are counted by the Gregorian year, month
// and day, and a person is 已满 N 周岁 only from the day after the Nth birthday
// (最高人民法院《关于审理未成年人刑事案件具体应用法律若干问题的解释》（法释〔2006〕1号）
// 第二条：“周岁，按照公历的年、月、日计算，从周岁生日的第二天起算”). The 行政处罚法 has no
// rule of its own; the same counting follows from 民法典第二百零一条第一款 (a period in
// years starts on the day after the event: 开始的当日不计入，自下一日开始计算), and
// administrative practice follows the judicial one. On the 14th or 18th birthday itself
// the party is therefore still under 14 or under 18 — the reading that favours the party,
// as Art. 30 protects minors. Someone born on 29 February reaches the age, in a common
// year, on 1 March: the birthday is the last day of February (民法典第二百零二条), and the
// day after it is 1 March.

// RuleAgeCount is the citation of the counting rule.
const RuleAgeCount = "法释〔2006〕1号第二条（周岁从周岁生日的第二天起算）；民法典第二百零一条"

// FullYears is the number of 周岁 a person born on birth has completed on day: a year is
// completed only on the day after its birthday. -1 if day is before the birth.
func FullYears(birth, day zhifa.Date) int {
	if day.Before(birth) {
		return -1
	}
	years := day.Year - birth.Year
	// Not yet past this year's birthday: the birthday itself does not complete the year.
	if day.Month < birth.Month || (day.Month == birth.Month && day.Day <= birth.Day) {
		years--
	}
	return max(years, 0)
}

// personAge is the age in 周岁 on day of the holder of a 身份证号; false if the number
// cannot be read or day is unknown.
func personAge(idNumber string, day zhifa.Date) (int, bool) {
	id, err := idcode.ParsePersonID(idNumber)
	if err != nil || day.IsZero() {
		return 0, false
	}
	b := id.Birth()
	return FullYears(zhifa.Date{Year: b.Year(), Month: b.Month(), Day: b.Day()}, day), true
}

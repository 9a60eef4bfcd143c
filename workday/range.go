package workday

import "zhifa"

// The dates the calendar answers for. Before 1995-05-01 the working week had six days
// (国务院关于职工工作时间的规定, as revised on 1995-03-25, in force 1995-05-01), so a
// Saturday was a working day and counting weekends off would be wrong. 2100-12-31 leaves
// every deadline of a case handled today far inside the range (the longest period the
// system counts, 行政处罚法 Art. 36's five years, ends decades earlier) while refusing
// dates no document can print with a four-digit year or a holiday notice can cover.
var (
	FirstDate = zhifa.Date{Year: 1995, Month: 5, Day: 1}
	LastDate  = zhifa.Date{Year: 2100, Month: 12, Day: 31}
)

// InRange reports whether d lies between FirstDate and LastDate, both included.
func InRange(d zhifa.Date) bool {
	return d.Compare(FirstDate) >= 0 && d.Compare(LastDate) <= 0
}

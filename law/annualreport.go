package law

import (
	"fmt"
	"time"

	"zhifa"
)

// The annual statistical report of enforcement (行政执法统计年报, REQUIREMENTS C6).
//
// 国办发〔2018〕118号（六）：建立行政执法统计年报制度，地方各级行政执法机关应当于每年1月31日前
// 公开本机关上年度行政执法总体情况有关数据，并报本级人民政府和上级主管部门。

// RuleAnnualReport cites the duty to publish last year's figures by 31 January.
const RuleAnnualReport = "国办发〔2018〕118号（六）"

// Annual report deadline: 每年1月31日前 (118号（六）).
const (
	AnnualReportDueMonth = time.January
	AnnualReportDueDay   = 31
)

// AnnualReportDue is the last day to publish the report of year: 31 January of the next.
func AnnualReportDue(year int) zhifa.Date {
	return zhifa.Date{Year: year + 1, Month: AnnualReportDueMonth, Day: AnnualReportDueDay}
}

// AnnualReportWarning is the state of the report due on today: the year it covers (the
// one before today's), whether it warns (from 1 January until the report is published)
// and whether its deadline has passed.
type AnnualReportWarning struct {
	Year    int
	Due     zhifa.Date
	Warn    bool
	Overdue bool
}

// AnnualReportStatus says, on today, what the report of last year asks of an agency that
// has (published) or has not published it.
func AnnualReportStatus(today zhifa.Date, published bool) AnnualReportWarning {
	year := today.Year - 1
	due := AnnualReportDue(year)
	return AnnualReportWarning{Year: year, Due: due, Warn: !published, Overdue: !published && today.After(due)}
}

// CheckAnnualReportYear gates the generation of a report: the year it covers is over
// (上年度, 118号（六）) and not before 2000.
func CheckAnnualReportYear(year int, today zhifa.Date) error {
	if year < 2000 || year >= today.Year {
		return Gate(RuleAnnualReport, fmt.Sprintf("年度统计只能生成已结束年度的数据，%d年不能生成", year))
	}
	return nil
}

package law

import (
	"zhifa"
)

// Licence decisions (行政许可决定) received from the agencies' licensing systems (issue 13,
// REQUIREMENTS C3, C6).
//
// 行政许可法第四十条：行政机关作出的准予行政许可决定，应当予以公开，公众有权查阅。
// 国办发〔2018〕118号（六）：行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开.
// 第六十九条: a licence granted unlawfully is revoked (撤销) — the decision itself falls, so
// its publication is withdrawn like a fallen penalty decision's; a licence recalled
// (撤回, 第八条第二款) or cancelled (注销, 第七十条) ends without its decision falling, and the
// later decision is published in its own right.

// Citations of the licence rules.
const (
	RuleLicencePublish = "行政许可法第四十条；国办发〔2018〕118号（六）"
	RuleLicenceRevoke  = "行政许可法第六十九条"
	RuleLicenceEnd     = "行政许可法第八条第二款、第六十九条、第七十条"
)

// LicenceEndsEarlier reports whether a decision of kind d ends a licence granted earlier
// (撤回, 撤销, 注销), so that the record must name that decision.
func LicenceEndsEarlier(d zhifa.LicenceDecision) bool {
	return d == zhifa.LicenceRecall || d == zhifa.LicenceRevoke || d == zhifa.LicenceCancel
}

// LicenceWithdrawsPublication reports whether a decision of kind d makes the publication
// of the decision it names fall (第六十九条: 撤销, the decision was unlawful), so that the
// publication is withdrawn within three working days (WithdrawClock).
func LicenceWithdrawsPublication(d zhifa.LicenceDecision) bool {
	return d == zhifa.LicenceRevoke
}

// LicenceDisplayUntil is the last day a licence decision published on published stays on
// the portal: the public may consult it while the licence runs (第四十条), and at least
// the three years other decisions show (DisplayMonths); a validity ending later extends
// it to the validity's last day.
func LicenceDisplayUntil(published, validUntil zhifa.Date) zhifa.Date {
	until := DisplayUntil(published, DisplayMonths)
	if !validUntil.IsZero() && validUntil.After(until) {
		return validUntil
	}
	return until
}

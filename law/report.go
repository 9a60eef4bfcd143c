package law

import "zhifa"

// The materials a legal reviewer reads (issue 12): the investigation final report
// (调查终结报告) and the evidence list (证据清单), drawn up inside the case.

// RuleInvestigationReport cites what the report serves: at the end of the investigation
// the head examines its results (行政处罚法第五十七条第一款), which must establish the facts
// with sufficient evidence (第四十条), before the legal review (第五十八条); the report is
// among the materials the agency's own checklist (重大执法决定法制审核目录清单) requires.
const RuleInvestigationReport = "行政处罚法第四十条、第五十七条第一款、第五十八条；本机关重大执法决定法制审核目录清单（送审材料：调查终结报告）"

// RuleEvidenceList cites the evidence list: the kinds of evidence (行政处罚法第四十六条) and
// the agency's checklist, which requires the list among the review materials.
const RuleEvidenceList = "行政处罚法第四十六条；本机关重大执法决定法制审核目录清单（送审材料：证据清单）"

// InvestigationReportElements are what the report must state for the head's examination
// (第五十七条: 违法事实、证据、依据 and the proposed decision; 第四十条: the facts
// established and the evidence): the party, the facts found, the evidence, the provisions
// applied, the proposed decision and the handlers' opinion, signed and dated.
var InvestigationReportElements = []Element{
	{"party_name", "当事人的姓名或者名称"},
	{"facts", "调查认定的违法事实（行政处罚法第四十条）"},
	{"evidence", "认定事实的证据（第四十条、第四十六条）"},
	{"basis", "适用的法律依据（条、款、项）"},
	{"proposed", "拟作出的处理决定（第五十七条第一款）"},
	{"opinion", "承办人意见"},
	{"officers", "承办人员"},
	{"date", "日期"},
}

// EvidenceListElements are what the evidence list states: the party and the evidence,
// each item generated from the case's records.
var EvidenceListElements = []Element{
	{"party_name", "当事人的姓名或者名称"},
	{"items", "证据目录（行政处罚法第四十六条）"},
	{"officers", "执法人员"},
	{"date", "日期"},
}

// CheckReviewMaterial checks the elements of an investigation report or an evidence list;
// other types pass.
func CheckReviewMaterial(t zhifa.DocType, values map[string]string) error {
	switch t {
	case zhifa.DocInvestigationReport:
		return checkElements(RuleInvestigationReport, t.Label(), InvestigationReportElements, values, false)
	case zhifa.DocEvidenceList:
		return checkElements(RuleEvidenceList, t.Label(), EvidenceListElements, values, false)
	}
	return nil
}

// MaterialDocument is the document type that provides a review material, "" when none
// does: the report and the evidence list are drawn up as documents of the case.
func MaterialDocument(code string) zhifa.DocType {
	switch code {
	case MatReport:
		return zhifa.DocInvestigationReport
	case MatEvidence:
		return zhifa.DocEvidenceList
	}
	return ""
}

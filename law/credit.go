package law

import (
	"zhifa"
	"zhifa/idcode"
)

// RuleCreditRecord names the rule of the credit-system export (issue 13): the penalty
// information of a registered market entity is recorded under the entity's name in the
// national enterprise credit-publicity system.
const RuleCreditRecord = "市场监督管理行政处罚信息公示规定第二条"

// RuleCreditPersons names why natural persons are not exported: a state organ processes
// personal information only within what its statutory duty needs, in the way least
// affecting the person; the credit system records penalties under market entities, and
// the portal already publishes the masked decision.
const RuleCreditPersons = "个人信息保护法第六条、第三十四条"

// CreditRecordable reports whether a party of a published decision of the category is
// exported to the credit-publicity system: only administrative penalties (公示规定第二条
// 第一款), and only parties that are legal persons or other organisations with a valid
// well-formed 统一社会信用代码 (a checksum warning is kept: some legally issued early codes
// fail it), under whose name the record is kept (第二条第三款). Natural persons are never
// exported (RuleCreditPersons).
func CreditRecordable(cat zhifa.PublicationCategory, p zhifa.Party) bool {
	if cat != zhifa.PubPenalty || p.Kind != zhifa.PartyOrg {
		return false
	}
	_, _, err := idcode.ParseCreditCode(p.CreditCode)
	return err == nil
}

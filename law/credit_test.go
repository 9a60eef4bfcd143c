package law

import (
	"testing"

	"zhifa"
)

// TestCreditRecordable checks the credit-system export's selection against
// 市场监督管理行政处罚信息公示规定第二条 and 个人信息保护法第六条、第三十四条.
func TestCreditRecordable(t *testing.T) {
	org := zhifa.Party{Kind: zhifa.PartyOrg, Name: "东港市海润食品有限公司", CreditCode: "91350100M000100Y43"}
	for _, tt := range []struct {
		name string
		cat  zhifa.PublicationCategory
		p    zhifa.Party
		want bool
	}{
		{"penalty of a legal person", zhifa.PubPenalty, org, true},
		{"natural person", zhifa.PubPenalty, zhifa.Party{Kind: zhifa.PartyPerson, Name: "王小明", IDNumber: "11010519491231002X"}, false},
		{"natural person with a code", zhifa.PubPenalty, zhifa.Party{Kind: zhifa.PartyPerson, Name: "王小明", CreditCode: org.CreditCode}, false},
		{"organisation without a code", zhifa.PubPenalty, zhifa.Party{Kind: zhifa.PartyOrg, Name: "某商店"}, false},
		{"malformed code", zhifa.PubPenalty, zhifa.Party{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "9135010012"}, false},
		// Some legally issued early codes fail the checksum (idcode): they are still the entity's code.
		{"check character warning", zhifa.PubPenalty, zhifa.Party{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "91350100M000100Y44"}, true},
		{"not a penalty: compulsory measure", zhifa.PubCompulsory, org, false},
		{"not a penalty: inspection", zhifa.PubInspection, org, false},
		{"not a penalty: no penalty", zhifa.PubNoPenalty, org, false},
	} {
		if got := CreditRecordable(tt.cat, tt.p); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

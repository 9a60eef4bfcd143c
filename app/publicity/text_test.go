package publicity

import (
	"slices"
	"testing"

	"zhifa"
)

// TestPublicParty: a legal person as registered with its code, a natural person as
// surname + 某 (公示规定第六条).
func TestPublicParty(t *testing.T) {
	name, code := publicParty([]zhifa.Party{{Kind: zhifa.PartyOrg, Name: "东港市海润食品有限公司", CreditCode: "91330203MA2H1234XK"},
		{Kind: zhifa.PartyPerson, Name: "欧阳明月"}})
	if name != "东港市海润食品有限公司、欧阳某" || code != "91330203MA2H1234XK" {
		t.Errorf("public party %q %q", name, code)
	}
}

// TestRedactInput: the minors of a case by their 身份证号 on the decision day, a child
// under 14 removing every name, legal persons and the agency kept, a seizure's witness
// treated as a person.
func TestRedactInput(t *testing.T) {
	ag := &zhifa.Agency{Name: "东港市市场监督管理局"}
	c := &zhifa.Case{Parties: []zhifa.Party{
		{Kind: zhifa.PartyPerson, Name: "赵大勇", IDNumber: "370202198001011232"},
		{Kind: zhifa.PartyPerson, Name: "赵小雨", IDNumber: "370202201305011236"}, // 12 on 2026-03-02
		{Kind: zhifa.PartyOrg, Name: "东港市鲜果多商贸有限公司", CreditCode: "91330203MA2H1234XK"}}}
	c.State.DecidedOn = zhifa.MustDate("2026-03-02")
	c.State.Seizure = &zhifa.SeizureRecord{Witness: "钱多多"}
	in := redactInput(c, ag, []string{"配方"}, nil)
	if !slices.Equal(in.Minors, []string{"赵小雨"}) || !in.Under14 || !slices.Contains(in.Persons, "钱多多") ||
		!slices.Contains(in.Keep, "东港市鲜果多商贸有限公司") || !slices.Contains(in.Keep, ag.Name) || !slices.Equal(in.Secrets, []string{"配方"}) {
		t.Errorf("redact input %+v", in)
	}
	c.Parties[1].IDNumber = "370202200905011235" // 16: a minor, not under 14
	if in := redactInput(c, ag, nil, nil); in.Under14 || len(in.Minors) != 1 {
		t.Errorf("16-year-old: %+v", in)
	}
}

// TestConclusionOf: the outcome line of each category.
func TestConclusionOf(t *testing.T) {
	c := &zhifa.Case{}
	c.State.Proposal = &zhifa.Proposal{Penalties: []string{"警告", "罚款", "没收违法所得"}, FineFen: 500000, ConfiscateFen: 120050}
	c.State.Disposal = "destroy"
	for _, tt := range []struct {
		cat  zhifa.PublicationCategory
		want string
	}{
		{zhifa.PubPenalty, "警告，罚款5000元，没收违法所得1200.50元"},
		{zhifa.PubCompulsory, "依法销毁查封扣押的财物"},
		{zhifa.PubNoPenalty, "不予行政处罚"},
		{zhifa.PubInspection, "检查结论：未发现违法行为"},
	} {
		if got := conclusionOf(c, tt.cat, " 未发现违法行为 "); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.cat, got, tt.want)
		}
	}
}

package law

import (
	"slices"
	"strings"
	"testing"

	"zhifa"
)

func majorCase(party zhifa.PartyKind, p *zhifa.Proposal) *zhifa.Case {
	c := &zhifa.Case{Kind: zhifa.CasePenalty, Parties: []zhifa.Party{{Kind: party, Name: "当事人"}}}
	c.State.Proposal = p
	return c
}

// TestMajor: which decisions are major, with every reason and its clause (E3, B5).
func TestMajor(t *testing.T) {
	item := &zhifa.Item{Code: "SC-001", Domain: "食品安全"}
	cat := &zhifa.MajorCatalog{Version: 3, Rules: []zhifa.MajorRule{
		{Clause: "第二条第（一）项", Label: "较大数额罚款", PersonFineFen: 1_000_000, OrgFineFen: 10_000_000},
		{Clause: "第二条第（二）项", Label: "没收较大数额财物", PersonValueFen: 2_000_000, OrgValueFen: 20_000_000},
		{Clause: "第二条第（三）项", Label: "吊销许可证件或责令停产停业", Penalties: []string{"吊销许可证件", "责令停产停业"}},
		{Clause: "第二条第（四）项", Label: "药品领域案件", Domains: []string{"药品安全"}},
		{Clause: "第二条第（五）项", Label: "特定事项", Items: []string{"SC-001"}, Kinds: []zhifa.CaseKind{zhifa.CaseCompulsory}},
	}}
	fine := func(fen int64) *zhifa.Proposal { return &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: fen} }
	tests := []struct {
		name    string
		c       *zhifa.Case
		clauses []string // wanted clauses, in order
	}{
		{"catalog 第二条第（一）项: person at the threshold", majorCase(zhifa.PartyPerson, fine(1_000_000)), []string{"第二条第（一）项"}},
		{"catalog 第二条第（一）项: person below", majorCase(zhifa.PartyPerson, fine(999_999)), nil},
		{"catalog 第二条第（一）项: organization threshold is higher", majorCase(zhifa.PartyOrg, fine(5_000_000)), nil},
		{"catalog 第二条第（一）项: organization at its threshold", majorCase(zhifa.PartyOrg, fine(10_000_000)), []string{"第二条第（一）项"}},
		{"catalog 第二条第（二）项: confiscation value", majorCase(zhifa.PartyPerson, &zhifa.Proposal{Penalties: []string{"没收非法财物"}, ConfiscateFen: 2_500_000}), []string{"第二条第（二）项"}},
		{"catalog 第二条第（三）项: 吊销许可证件", majorCase(zhifa.PartyOrg, &zhifa.Proposal{Penalties: []string{"警告", "吊销许可证件"}}), []string{"第二条第（三）项"}},
		{"no proposal: amount and penalty rules do not match", majorCase(zhifa.PartyPerson, nil), nil},
		{"行政处罚法第五十八条第一款第（一）项: 重大公共利益", majorCase(zhifa.PartyPerson, &zhifa.Proposal{Flags: []string{FlagPublicInterest}}), []string{"行政处罚法第五十八条第一款第（一）项"}},
		{"行政处罚法第五十八条第一款第（三）项: 多个法律关系", majorCase(zhifa.PartyPerson, &zhifa.Proposal{Flags: []string{FlagMultiRelations}}), []string{"行政处罚法第五十八条第一款第（三）项"}},
		{"国办发〔2018〕118号（十二）: 重大社会影响", majorCase(zhifa.PartyPerson, &zhifa.Proposal{Flags: []string{FlagSocialImpact}}), []string{"国办发〔2018〕118号（十二）"}},
		{"every reason: flag, fine and revocation", majorCase(zhifa.PartyPerson, &zhifa.Proposal{Penalties: []string{"罚款", "吊销许可证件"}, FineFen: 2_000_000, Flags: []string{FlagComplex}}),
			[]string{"行政处罚法第五十八条第一款第（三）项", "第二条第（一）项", "第二条第（三）项"}},
	}
	hearing := majorCase(zhifa.PartyPerson, fine(10_000))
	hearing.State.HearingHeld = true
	tests = append(tests, struct {
		name    string
		c       *zhifa.Case
		clauses []string
	}{"行政处罚法第五十八条第一款第（二）项: after a hearing", hearing, []string{"行政处罚法第五十八条第一款第（二）项"}})
	compulsory := majorCase(zhifa.PartyOrg, nil)
	compulsory.Kind = zhifa.CaseCompulsory
	tests = append(tests, struct {
		name    string
		c       *zhifa.Case
		clauses []string
	}{"catalog 第二条第（五）项: kind and item", compulsory, []string{"第二条第（五）项"}})
	added := majorCase(zhifa.PartyPerson, fine(100))
	added.State.MajorAdded = []zhifa.MajorReason{{Clause: "承办机构认定", Text: "社会关注"}}
	tests = append(tests, struct {
		name    string
		c       *zhifa.Case
		clauses []string
	}{"a handler's reason adds (E3)", added, []string{"承办机构认定"}})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			major, reasons := Major(tt.c, item, cat)
			if major != (len(tt.clauses) > 0) || len(reasons) != len(tt.clauses) {
				t.Fatalf("major %v reasons %+v, want %v", major, reasons, tt.clauses)
			}
			for i, want := range tt.clauses {
				if !strings.Contains(reasons[i].Clause, want) {
					t.Errorf("reason %d clause %q, want %q", i, reasons[i].Clause, want)
				}
			}
		})
	}
	// 药品 domain rule does not match a 食品安全 item.
	if major, _ := Major(majorCase(zhifa.PartyPerson, fine(1)), item, cat); major {
		t.Error("domain rule matched another domain")
	}
}

// TestCovers: a subordinate catalog may only tighten its template (E3, 国办发〔2018〕118号
// (十二) 上级行政执法机关…明确重大执法决定事项的标准).
func TestCovers(t *testing.T) {
	tmpl := zhifa.MajorRule{Clause: "1", Label: "x", Kinds: []zhifa.CaseKind{zhifa.CasePenalty}, PersonFineFen: 1_000_000, OrgFineFen: 10_000_000}
	tests := []struct {
		name string
		sub  zhifa.MajorRule
		want bool
	}{
		{"same", tmpl, true},
		{"lower person threshold", zhifa.MajorRule{Kinds: tmpl.Kinds, PersonFineFen: 500_000, OrgFineFen: 10_000_000}, true},
		{"higher org threshold loosens", zhifa.MajorRule{Kinds: tmpl.Kinds, PersonFineFen: 1_000_000, OrgFineFen: 20_000_000}, false},
		{"dropping a threshold loosens", zhifa.MajorRule{Kinds: tmpl.Kinds, PersonFineFen: 1_000_000}, false},
		{"extra value threshold catches more", zhifa.MajorRule{Kinds: tmpl.Kinds, PersonFineFen: 1_000_000, OrgFineFen: 10_000_000, PersonValueFen: 1}, true},
		{"no kind restriction catches more", zhifa.MajorRule{PersonFineFen: 1_000_000, OrgFineFen: 10_000_000}, true},
		{"other kind only", zhifa.MajorRule{Kinds: []zhifa.CaseKind{zhifa.CaseCompulsory}, PersonFineFen: 1_000_000, OrgFineFen: 10_000_000}, false},
		{"adding a hearing condition restricts", zhifa.MajorRule{Kinds: tmpl.Kinds, PersonFineFen: 1_000_000, OrgFineFen: 10_000_000, Hearing: true}, false},
	}
	for _, tt := range tests {
		if got := Covers(tt.sub, tmpl); got != tt.want {
			t.Errorf("%s: Covers = %v, want %v", tt.name, got, tt.want)
		}
	}
	pen := zhifa.MajorRule{Penalties: []string{"吊销许可证件"}}
	if !Covers(zhifa.MajorRule{Penalties: []string{"吊销许可证件", "责令关闭"}}, pen) || Covers(zhifa.MajorRule{Penalties: []string{"责令关闭"}}, pen) {
		t.Error("penalty lists: more is broader, another is not")
	}
}

// TestCheckCatalog: validation and tightening against the template (E3).
func TestCheckCatalog(t *testing.T) {
	base := &zhifa.MajorCatalog{Version: 2, ReviewDays: 5, Materials: []string{MatReport},
		Rules: []zhifa.MajorRule{{Clause: "一", Label: "罚款", PersonFineFen: 1_000_000}}}
	tests := []struct {
		name  string
		cat   zhifa.MajorCatalog
		field string // "" = valid
	}{
		{"valid tightening", zhifa.MajorCatalog{Materials: []string{MatReport}, Rules: []zhifa.MajorRule{{Clause: "一", Label: "罚款", PersonFineFen: 500_000}}}, ""},
		{"loosened threshold", zhifa.MajorCatalog{Materials: []string{MatReport}, Rules: []zhifa.MajorRule{{Clause: "一", Label: "罚款", PersonFineFen: 2_000_000}}}, "rules[0].clause"},
		{"template clause removed", zhifa.MajorCatalog{Materials: []string{MatReport}, Rules: []zhifa.MajorRule{{Clause: "二", Label: "吊销", Penalties: []string{"吊销许可证件"}}}}, "rules"},
		{"material removed", zhifa.MajorCatalog{Rules: base.Rules}, "materials"},
		{"longer time limit", zhifa.MajorCatalog{ReviewDays: 10, Materials: []string{MatReport}, Rules: base.Rules}, "review_days"},
		{"rule without condition", zhifa.MajorCatalog{Materials: []string{MatReport}, Rules: []zhifa.MajorRule{base.Rules[0], {Clause: "二", Label: "空"}}}, "rules[1].label"},
		{"unknown penalty", zhifa.MajorCatalog{Materials: []string{MatReport}, Rules: []zhifa.MajorRule{base.Rules[0], {Clause: "二", Label: "x", Penalties: []string{"罚酒"}}}}, "rules[1].penalties"},
		{"duplicate clause", zhifa.MajorCatalog{Materials: []string{MatReport}, Rules: []zhifa.MajorRule{base.Rules[0], base.Rules[0]}}, "rules[1].clause"},
	}
	for _, tt := range tests {
		err := CheckCatalog(&tt.cat, base)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if zhifa.ErrorFields(err)[tt.field] == "" {
			t.Errorf("%s: %v, want a problem with %s", tt.name, err, tt.field)
		}
	}
}

// TestCheckMaterials: the submission carries the checklist's materials, the hearing record
// when a hearing was held (行政处罚法第六十五条), and the proposal with its reasoning
// (国办发〔2018〕118号 (十四) 送审材料).
func TestCheckMaterials(t *testing.T) {
	list := []string{MatReport, MatEvidence, MatProposal, MatDiscretion}
	p := &zhifa.Proposal{Reason: "情节一般", Revision: 1}
	all := []zhifa.ReviewMaterial{{Code: MatReport, RecordID: 1}, {Code: MatEvidence, RecordID: 2}}
	tests := []struct {
		name    string
		hearing bool
		p       *zhifa.Proposal
		given   []zhifa.ReviewMaterial
		missing string
	}{
		{"complete", false, p, all, ""},
		{"no evidence list", false, p, all[:1], "证据清单"},
		{"no proposal", false, nil, all, "拟处理决定"},
		{"no discretion reasoning", false, &zhifa.Proposal{Revision: 1}, all, "裁量说明"},
		{"hearing held, no record", true, p, all, "听证笔录"},
		{"hearing held, record given", true, p, append(all, zhifa.ReviewMaterial{Code: MatHearing, RecordID: 3}), ""},
	}
	for _, tt := range tests {
		err := CheckMaterials(list, tt.hearing, tt.p, tt.given)
		if tt.missing == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		e, ok := err.(*zhifa.Error)
		if !ok || e.Rule != RuleReviewDuty || !strings.Contains(e.Message, tt.missing) {
			t.Errorf("%s: %v, want EGATE naming %s", tt.name, err, tt.missing)
		}
	}
}

// TestNeededMaterials: the hearing record is needed exactly when a hearing was held
// (行政处罚法第六十五条), whatever the agency's checklist says.
func TestNeededMaterials(t *testing.T) {
	tests := []struct {
		name      string
		checklist []string
		held      bool
		want      []string
	}{
		{"no hearing, not listed", []string{MatReport}, false, []string{MatReport}},
		{"no hearing, listed", []string{MatReport, MatHearing}, false, []string{MatReport}},
		{"hearing, not listed", []string{MatReport}, true, []string{MatReport, MatHearing}},
		{"hearing, listed", []string{MatHearing, MatReport}, true, []string{MatHearing, MatReport}},
	}
	for _, tt := range tests {
		if got := NeededMaterials(tt.checklist, tt.held); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCheckMajorDecision: the hard gate of E1 (国办发〔2018〕118号 (四); 行政处罚法第五十八条).
func TestCheckMajorDecision(t *testing.T) {
	p := func(rev int) *zhifa.Proposal { return &zhifa.Proposal{Revision: rev} }
	tests := []struct {
		name  string
		major bool
		r     *zhifa.ReviewState
		p     *zhifa.Proposal
		rule  string
	}{
		{"not major", false, nil, p(1), ""},
		{"never reviewed", true, nil, p(1), RuleMajorReview},
		{"pending", true, &zhifa.ReviewState{Round: 1, Status: zhifa.ReviewPending}, p(1), RuleMajorReview},
		{"problems", true, &zhifa.ReviewState{Round: 1, Status: zhifa.ReviewProblems}, p(1), RuleMajorReview},
		{"passed, proposal changed since", true, &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 1, ApprovedBy: 3, ApprovedRevision: 1}, p(2), RuleMajorReview},
		{"passed, not approved", true, &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 2}, p(2), RuleHeadApproval},
		{"passed and approved", true, &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 2, ApprovedBy: 3, ApprovedRevision: 2}, p(2), ""},
	}
	for _, tt := range tests {
		c := &zhifa.Case{}
		c.State.Review, c.State.Proposal = tt.r, tt.p
		err := CheckMajorDecision(c, tt.major, []zhifa.MajorReason{{Clause: "第二条", Text: "较大数额罚款"}})
		if tt.rule == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if e, ok := err.(*zhifa.Error); !ok || e.Code != zhifa.EGATE || e.Rule != tt.rule {
			t.Errorf("%s: %v, want EGATE %s", tt.name, err, tt.rule)
		}
	}
}

// TestCheckOpinionAndDiscussion: E4 findings and opinions; E6 discussions.
func TestCheckOpinionAndDiscussion(t *testing.T) {
	var ok []zhifa.ReviewFinding
	for _, p := range ReviewPoints {
		ok = append(ok, zhifa.ReviewFinding{Point: p, OK: true})
	}
	if err := CheckOpinion(ok, OpinionAgree, "同意", nil); err != nil {
		t.Errorf("agree: %v", err)
	}
	if err := CheckOpinion(ok[:9], OpinionAgree, "同意", nil); zhifa.ErrorFields(err)["findings"] == "" {
		t.Errorf("a missing point (是否涉嫌犯罪需移送): %v", err)
	}
	if err := CheckOpinion(ok, OpinionProblems, "有问题", nil); zhifa.ErrorFields(err)["problems"] == "" {
		t.Errorf("problems without a listed problem: %v", err)
	}
	if err := CheckOpinion(ok, OpinionAgree, "同意", []zhifa.ReviewProblem{{Text: "x"}}); zhifa.ErrorFields(err)["opinion"] == "" {
		t.Errorf("agree with a problem: %v", err)
	}
	d := &zhifa.Discussion{Presider: "甲", Conclusion: ConcludeOpinion, Attendees: []zhifa.DiscussionView{{Name: "甲", View: ConcludeOpinion}, {Name: "乙", View: ConcludeOpinion}, {Name: "丙", View: ConcludeProposal}}}
	if err := CheckDiscussion(d); err != nil || d.AgainstMajority {
		t.Errorf("with the majority: %v %v", err, d.AgainstMajority)
	}
	d.Conclusion = ConcludeProposal
	if err := CheckDiscussion(d); zhifa.ErrorFields(err)["discussion.reason"] == "" || !d.AgainstMajority {
		t.Errorf("against the majority without reason: %v", err)
	}
	d.Attendees = d.Attendees[:2]
	if err := CheckDiscussion(d); zhifa.ErrorFields(err)["discussion.attendees"] == "" {
		t.Errorf("two attendees: %v", err)
	}
}

// TestReviewDiff: a resubmission shows what changed (E4: 作出相应处理后再次报送).
func TestReviewDiff(t *testing.T) {
	a := zhifa.ReviewSnapshot{Facts: "甲", Proposal: &zhifa.Proposal{FineFen: 5_000_000, Level: "较重", Revision: 1},
		Materials: []zhifa.ReviewMaterial{{Label: "证据清单", Title: "证据清单", RecordID: 1}}}
	b := zhifa.ReviewSnapshot{Facts: "甲乙", Proposal: &zhifa.Proposal{FineFen: 3_000_000, Level: "一般", Revision: 2},
		Materials: []zhifa.ReviewMaterial{{Label: "证据清单", Title: "证据清单（补充）", RecordID: 4}}}
	got := map[string]zhifa.ReviewChange{}
	for _, c := range Diff(a, b) {
		got[c.Field] = c
	}
	if got["proposal.fine_fen"].Before != "50000" || got["proposal.fine_fen"].After != "30000" || got["proposal.level"].After != "一般" ||
		got["facts"].After != "甲乙" || got["materials"].After == "" || len(got) != 5 {
		t.Errorf("diff %+v", got)
	}
	if len(Diff(a, a)) != 0 {
		t.Error("no change, no diff")
	}
}

package law

import (
	"maps"
	"testing"

	"zhifa"
	"zhifa/workday"
)

// completeDecision states every element of 行政处罚法 Art. 59.
func completeDecision() map[string]string {
	return map[string]string{
		"party_name":    "东港市某某食品有限公司",
		"party_address": "东港市海滨路1号",
		"facts":         "当事人于2026年2月20日销售超过保质期的食品",
		"evidence":      "现场检查笔录、询问笔录、照片",
		"penalty":       "罚款人民币五千元",
		"basis":         "《食品安全法》第一百二十四条",
		"performance":   "自收到本决定书之日起十五日内缴至指定银行",
		"remedy":        "可在六十日内申请行政复议，或者在六个月内提起行政诉讼",
		"agency":        "东港市市场监督管理局",
		"date":          "2026年3月20日",
		"seal":          "（印章）",
	}
}

// TestDecisionDocumentElements: each element of 行政处罚法 Art. 59 is required; the remedy
// must name both channels with periods (Art. 59 ¶1 (五)).
func TestDecisionDocumentElements(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change map[string]string
		ok     bool
	}{
		{"complete", nil, true},
		{"(一) no party name", map[string]string{"party_name": ""}, false},
		{"(一) no address", map[string]string{"party_address": " "}, false},
		{"(二) no facts", map[string]string{"facts": ""}, false},
		{"(二) no evidence", map[string]string{"evidence": ""}, false},
		{"(三) no penalty", map[string]string{"penalty": ""}, false},
		{"(三) no basis", map[string]string{"basis": ""}, false},
		{"(四) no performance", map[string]string{"performance": ""}, false},
		{"(五) no remedy", map[string]string{"remedy": ""}, false},
		{"(五) review only", map[string]string{"remedy": "可在六十日内申请行政复议"}, false},
		{"(五) no period", map[string]string{"remedy": "可以申请行政复议或者提起行政诉讼"}, false},
		{"(五) arabic periods", map[string]string{"remedy": "60日内申请行政复议，6个月内提起行政诉讼"}, true},
		{"(六) no agency", map[string]string{"agency": ""}, false},
		{"(六) no date", map[string]string{"date": ""}, false},
		{"¶2 no seal", map[string]string{"seal": ""}, false},
	} {
		v := completeDecision()
		maps.Copy(v, tc.change)
		err := CheckDecisionDocument(v)
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil {
			if e := err.(*zhifa.Error); e.Code != zhifa.EGATE || e.Rule != RuleDecisionDocument {
				t.Errorf("%s: %v, want EGATE %s", tc.name, err, RuleDecisionDocument)
			}
		}
	}
}

// TestSeizureDocumentElements: 行政强制法 Art. 24 ¶2; either remedy channel suffices.
func TestSeizureDocumentElements(t *testing.T) {
	full := map[string]string{"party_name": "李某", "party_address": "东港市", "reason": "涉嫌销售过期食品",
		"basis": "《食品安全法》第一百一十条", "period": "三十日", "items": "过期牛奶20箱", "remedy": "六十日内申请行政复议",
		"agency": "东港市市场监督管理局", "date": "2026年3月2日", "seal": "（印章）"}
	if err := CheckSeizureDocument(full); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"party_name", "reason", "basis", "period", "items", "remedy", "agency", "date", "seal"} {
		v := maps.Clone(full)
		v[key] = ""
		if err := CheckSeizureDocument(v); zhifa.ErrorCode(err) != zhifa.EGATE {
			t.Errorf("without %s: %v, want EGATE", key, err)
		}
	}
}

// TestStepDocuments: the notice before notify (Art. 44), the decision before serve
// (Art. 59, 61), the seizure decision before seize (行政强制法 Art. 24), the closing
// approval before close; Missing lists them.
func TestStepDocuments(t *testing.T) {
	cal := workday.Default()
	for _, tc := range []struct {
		kind   zhifa.CaseKind
		proc   zhifa.Procedure
		stage  zhifa.Stage
		action zhifa.Action
		doc    zhifa.DocType
		rule   string
	}{
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageInvestigate, "notify", zhifa.DocPenaltyNotice, RuleNoticeDocument},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageDecide, "serve", zhifa.DocPenaltyDecision, RuleDecisionService},
		{zhifa.CasePenalty, zhifa.ProcSummary, zhifa.StageDecide, "serve", zhifa.DocPenaltyDecision, RuleDecisionService},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageExecute, "close", zhifa.DocClosingApproval, RuleClosingDocument},
		{zhifa.CaseInspection, zhifa.ProcOrdinary, zhifa.StageConclude, "close", zhifa.DocClosingApproval, RuleClosingDocument},
		{zhifa.CaseCompulsory, zhifa.ProcOrdinary, zhifa.StageRelease, "close", zhifa.DocClosingApproval, RuleClosingDocument},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageReview, "no_penalty", zhifa.DocNoPenaltyDecision, RuleNoPenaltyDocument},
	} {
		// Decided today: a summary decision is handed over on the day (第五十二条).
		c := &zhifa.Case{Kind: tc.kind, Procedure: tc.proc, Stage: tc.stage, State: zhifa.CaseState{DecidedOn: zhifa.MustDate("2026-03-02")}}
		step, err := Transition(c, tc.action)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.kind, tc.action, err)
		}
		f := &CaseFacts{Case: c, Today: zhifa.MustDate("2026-03-02"), Cal: cal}
		err = CheckStep(f, step, StepInput{})
		if e, ok := err.(*zhifa.Error); !ok || e.Rule != tc.rule {
			t.Errorf("%s %s without %s: %v, want rule %s", tc.kind, tc.action, tc.doc, err, tc.rule)
		}
		if !hasUnmet(Missing(f), tc.action, tc.rule) {
			t.Errorf("%s %s: Missing does not list %s", tc.kind, tc.action, tc.rule)
		}
		f.Issued = map[zhifa.DocType]bool{tc.doc: true}
		if err := CheckStep(f, step, StepInput{}); err != nil {
			t.Errorf("%s %s with %s issued: %v", tc.kind, tc.action, tc.doc, err)
		}
	}
	// The seizure: the document gate comes with the A/V gate (D2).
	c := &zhifa.Case{Kind: zhifa.CaseCompulsory, Stage: zhifa.StageOpen}
	step, _ := Transition(c, "seize")
	valid := &zhifa.Certificate{State: zhifa.CertValid, ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2027-01-01")}
	f := &CaseFacts{Case: c, Today: zhifa.MustDate("2026-03-02"), Cal: cal, AV: map[string]bool{"seize": true},
		Officers: []string{"甲", "乙"}, Certs: map[string]*zhifa.Certificate{"甲": valid, "乙": valid}}
	if err := CheckStep(f, step, StepInput{}); err == nil || err.(*zhifa.Error).Rule != RuleSeizureDocument {
		t.Errorf("seize without decision: %v", err)
	}
	f.Issued = map[zhifa.DocType]bool{zhifa.DocSeizureDecision: true}
	if err := CheckStep(f, step, StepInput{}); err != nil {
		t.Errorf("seize with decision: %v", err)
	}
}

func hasUnmet(list []Unmet, action zhifa.Action, rule string) bool {
	for _, u := range list {
		if u.Action == action && u.Rule == rule {
			return true
		}
	}
	return false
}

// TestDocumentAllowed: types by kind, procedure and stage.
func TestDocumentAllowed(t *testing.T) {
	for _, tc := range []struct {
		kind  zhifa.CaseKind
		proc  zhifa.Procedure
		stage zhifa.Stage
		typ   zhifa.DocType
		ok    bool
	}{
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageInvestigate, zhifa.DocPenaltyNotice, true},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageOpen, zhifa.DocPenaltyNotice, false},
		{zhifa.CasePenalty, zhifa.ProcSummary, zhifa.StageOpen, zhifa.DocPenaltyNotice, false},
		{zhifa.CasePenalty, zhifa.ProcSummary, zhifa.StageOpen, zhifa.DocPenaltyDecision, true},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageReview, zhifa.DocPenaltyDecision, true},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageInvestigate, zhifa.DocPenaltyDecision, false},
		{zhifa.CaseInspection, zhifa.ProcOrdinary, zhifa.StageOpen, zhifa.DocSeizureDecision, false},
		{zhifa.CaseCompulsory, zhifa.ProcOrdinary, zhifa.StageOpen, zhifa.DocSeizureDecision, true},
		{zhifa.CaseCompulsory, zhifa.ProcOrdinary, zhifa.StageOpen, zhifa.DocInquiryRecord, false},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageArchive, zhifa.DocServiceReceipt, false},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageExecute, zhifa.DocClosingApproval, true},
		{zhifa.CasePenalty, zhifa.ProcOrdinary, zhifa.StageExecute, "nonsense", false},
	} {
		err := DocumentAllowed(&zhifa.Case{Kind: tc.kind, Procedure: tc.proc, Stage: tc.stage}, tc.typ)
		if tc.ok != (err == nil) {
			t.Errorf("%s/%s at %s, %s: %v", tc.kind, tc.proc, tc.stage, tc.typ, err)
		}
		if err != nil && zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("%s: %v, want EINVALID", tc.typ, err)
		}
	}
}

package document

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/law"
)

func sampleData() *Data {
	c := &zhifa.Case{Number: "东市监罚〔2026〕3号", Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Facts: "销售超过保质期的食品",
		Parties: []zhifa.Party{{Kind: zhifa.PartyPerson, Name: "李某", IDNumber: "370202199001011237", IDMasked: "370202********1237", Address: "东港市海滨路1号"}},
		State:   zhifa.CaseState{FiledOn: zhifa.MustDate("2026-03-02"), Proposal: &zhifa.Proposal{Penalties: []string{"警告", "罚款"}, FineFen: 500000, Level: "一般", BenchmarkID: 3, BenchmarkVersion: 2, Reason: "初次违法"}}}
	return &Data{Agency: "东港市市场监督管理局", CaseNumber: c.Number, Case: c, ItemName: "销售过期食品",
		Basis:    []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条", Text: "……"}},
		Remedy:   "向东港市人民政府申请行政复议，或者向东港市人民法院提起行政诉讼",
		Officers: []Officer{{Name: "张三", CertNo: "DG-001"}, {Name: "钱七", CertNo: "DG-002"}}, Today: zhifa.MustDate("2026-03-20")}
}

// TestSpecs: every standard type has a spec with its fields, and a prefilled draft of it
// renders as an A4 page with the title, the case number and the fields (D1).
func TestSpecs(t *testing.T) {
	d := sampleData()
	for _, typ := range zhifa.DocTypes {
		s := SpecOf(typ)
		if s == nil || len(s.Fields) == 0 {
			t.Fatalf("%s: no spec", typ)
		}
		fields := Prefill(typ, d)
		for _, k := range s.Keys() {
			if _, ok := fields[k]; !ok {
				t.Errorf("%s: field %s not prefilled", typ, k)
			}
		}
		html, err := Render(s, Meta{Draft: true}, fields, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"<title>" + typ.Label(), "size: A4", d.CaseNumber, "草稿", "东港市市场监督管理局"} {
			if !strings.Contains(string(html), want) {
				t.Errorf("%s: rendering lacks %q", typ, want)
			}
		}
	}
}

// TestPrefillDecision: the prefilled decision meets 行政处罚法 Art. 59 and quotes the
// discretion (B3); officers carry their certificate numbers.
func TestPrefillDecision(t *testing.T) {
	d := sampleData()
	f := Prefill(zhifa.DocPenaltyDecision, d)
	if err := Check(zhifa.DocPenaltyDecision, f); err != nil {
		t.Errorf("prefilled decision: %v", err)
	}
	if !strings.Contains(f["discretion"], "一般") || !strings.Contains(f["discretion"], "初次违法") ||
		f["penalty"] != law.DefaultCorrection+"；警告；罚款人民币5000元" || !strings.Contains(f["remedy"], "60日") || !strings.Contains(f["remedy"], "6个月") {
		t.Errorf("decision fields %+v", f)
	}
	if r := Prefill(zhifa.DocFilingApproval, d)["officers"]; r != "张三（执法证号：DG-001）、钱七（执法证号：DG-002）" {
		t.Errorf("officers %q", r)
	}
}

// TestPersonalID: the 身份证号 appears in full only in the issued records that identify a
// person; masked in their drafts; never in other documents.
func TestPersonalID(t *testing.T) {
	d := sampleData()
	const id = "370202199001011237"
	for _, tc := range []struct {
		typ   zhifa.DocType
		draft bool
		full  bool
	}{
		{zhifa.DocInquiryRecord, false, true},
		{zhifa.DocInquiryRecord, true, false},
		{zhifa.DocInspectionRecord, false, true},
		{zhifa.DocPenaltyDecision, false, false},
		{zhifa.DocPenaltyNotice, false, false},
	} {
		fields := Prefill(tc.typ, d)
		for k, v := range fields {
			if strings.Contains(v, id) {
				t.Errorf("%s: prefilled field %s holds the ID number", tc.typ, k)
			}
		}
		html, err := Render(SpecOf(tc.typ), Meta{Draft: tc.draft, Number: "N"}, fields, d)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(html), id); got != tc.full {
			t.Errorf("%s (draft %v): full ID shown %v, want %v", tc.typ, tc.draft, got, tc.full)
		}
	}
}

// TestRenderEscapes: field text is escaped, never markup.
func TestRenderEscapes(t *testing.T) {
	d := sampleData()
	f := Prefill(zhifa.DocPenaltyNotice, d)
	f["facts"] = `<script>alert(1)</script>`
	html, err := Render(SpecOf(zhifa.DocPenaltyNotice), Meta{}, f, d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "<script>") {
		t.Error("field markup not escaped")
	}
}

// TestDecisionStatesTheCase: issue 10 — the decision states the order to correct (行政处罚法
// 第二十八条第一款), the confiscated gain apart from other things confiscated, the
// benchmark only when one applies, cited entries by their titles, the exact provision
// (条、款) rather than the pasted article, and the remedy once.
func TestDecisionStatesTheCase(t *testing.T) {
	d := sampleData()
	d.Basis = []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条", Text: "违反本法规定，有下列情形之一，尚不构成犯罪的，由县级以上人民政府食品安全监督管理部门没收违法所得；货值金额不足一万元的，并处五万元以上十万元以下罚款。\n（一）生产经营腐败变质的食品；\n除前款和本法第一百二十三条规定的情形外，生产经营不符合食品安全标准的食品的，依照前款规定给予处罚。"}}
	d.Remedy = "可以自知道该行政行为之日起六十日内向东港市人民政府申请行政复议；也可以自知道该行政行为之日起六个月内依法提起行政诉讼。"
	d.Entries = map[string]zhifa.ListEntry{"APL32L": {Key: "APL32L", Kind: zhifa.ListLighter, Title: "主动消除或者减轻危害后果"}}
	d.Case.State.Proposal = &zhifa.Proposal{Penalties: []string{"罚款", "没收违法所得", "没收非法财物"}, FineFen: 5000000, IllegalGainFen: 120000,
		ConfiscateFen: 320000, GoodsValueFen: 800000, ListEntries: []string{"APL32L"}, Reason: "主动下架全部问题食品", Correction: "责令当事人立即停止销售腐败变质的食品"}
	f := Prefill(zhifa.DocPenaltyDecision, d)
	for key, want := range map[string]string{
		"penalty":    "责令当事人立即停止销售腐败变质的食品；罚款人民币50000元；没收违法所得人民币1200元；没收非法财物（价值人民币2000元）",
		"basis":      "《中华人民共和国食品安全法》第一百二十四条第一款",
		"discretion": "涉案货值金额人民币8000元；违法所得人民币1200元；适用从轻处罚情形：“主动消除或者减轻危害后果”。裁量理由：主动下架全部问题食品",
		"remedy":     d.Remedy,
	} {
		if f[key] != want {
			t.Errorf("%s = %q, want %q", key, f[key], want)
		}
	}
	if strings.Contains(f["discretion"], "裁量基准") {
		t.Errorf("a proposal without a benchmark names one: %q", f["discretion"])
	}
}

// TestPublicityParagraph: a penalty decision that will be published renders the notice
// (市场监督管理行政处罚信息公示规定第八条); one that will not renders no empty paragraph.
func TestPublicityParagraph(t *testing.T) {
	c := &zhifa.Case{Number: "东市监罚〔2026〕1号", Kind: zhifa.CasePenalty}
	for _, notice := range []string{"本行政处罚决定信息将自作出之日起7个工作日内向社会公示，公示网址：https://zhifa.example.gov.cn/decisions?agency=3。", ""} {
		d := &Data{Agency: "东港市市场监督管理局", Case: c, Publication: notice}
		f := Prefill(zhifa.DocPenaltyDecision, d)
		html, err := Render(SpecOf(zhifa.DocPenaltyDecision), Meta{}, f, d)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(html), "信息公示"); got != (notice != "") {
			t.Errorf("notice %q: paragraph shown %v", notice, got)
		}
		if notice != "" && !strings.Contains(string(html), "decisions?agency=3") {
			t.Errorf("the address is not rendered")
		}
	}
}

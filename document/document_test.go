package document

import (
	"strings"
	"testing"

	"zhifa"
)

func sampleData() *Data {
	c := &zhifa.Case{Number: "东市监罚〔2026〕3号", Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Facts: "销售超过保质期的食品",
		Parties: []zhifa.Party{{Kind: zhifa.PartyPerson, Name: "李某", IDNumber: "370202199001011237", IDMasked: "370202********1237", Address: "东港市海滨路1号"}},
		State:   zhifa.CaseState{FiledOn: zhifa.MustDate("2026-03-02"), Proposal: &zhifa.Proposal{Penalties: []string{"警告", "罚款"}, FineFen: 500000, Level: "一般", Reason: "初次违法"}}}
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
		f["penalty"] != "警告；罚款人民币5000元" || !strings.Contains(f["remedy"], "60日") || !strings.Contains(f["remedy"], "6个月") {
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

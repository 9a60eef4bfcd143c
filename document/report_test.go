package document

import (
	"errors"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// ruleOf returns the rule an EGATE names.
func ruleOf(err error) string {
	var e *zhifa.Error
	if errors.As(err, &e) {
		return e.Rule
	}
	return ""
}

func sampleEvidence() []EvidenceItem {
	at := time.Date(2026, 3, 5, 2, 14, 0, 0, time.UTC) // 10:14 in Beijing
	return []EvidenceItem{
		{Title: "仓库现场照片", Kind: "照片", CapturedAt: at, Device: "DSJ-A8-000123", Place: "东港市海滨路88号仓库",
			Officers: []string{"张三", "钱七"}, SHA256: strings.Repeat("ab", 32), MIME: "image/jpeg"},
		{Title: "进货台账（扫描件）", Kind: "文书", CapturedAt: at.Add(time.Hour), Officers: []string{"张三"}, SHA256: strings.Repeat("cd", 32), MIME: "application/pdf"},
		{Title: "当事人提交的说明", Kind: "其他"},
	}
}

// TestEvidenceList: the list is generated from the case's evidence, each item with its
// title, kind, source (time, device, place), officers and SHA-256, and passes its check;
// a list of no evidence is refused at issue.
func TestEvidenceList(t *testing.T) {
	d := sampleData()
	d.Evidence = sampleEvidence()
	f := Prefill(zhifa.DocEvidenceList, d)
	items := f["items"]
	for _, want := range []string{
		"1. 仓库现场照片（照片）", "2026年3月5日 10:14形成", "设备：DSJ-A8-000123", "地点：东港市海滨路88号仓库",
		"执法人员：张三、钱七", "SHA-256：" + strings.Repeat("ab", 32),
		"2. 进货台账（扫描件）（文书）", "3. 当事人提交的说明（其他）", "（无电子文件）",
	} {
		if !strings.Contains(items, want) {
			t.Errorf("evidence list lacks %q:\n%s", want, items)
		}
	}
	if err := Check(zhifa.DocEvidenceList, f); err != nil {
		t.Errorf("generated list: %v", err)
	}
	if !Generated(zhifa.DocEvidenceList, "items") || Generated(zhifa.DocEvidenceList, "officers") || Generated(zhifa.DocPenaltyDecision, "items") {
		t.Error("generated keys")
	}
	d.Evidence = nil
	err := Check(zhifa.DocEvidenceList, Prefill(zhifa.DocEvidenceList, d))
	if zhifa.ErrorCode(err) != zhifa.EGATE || !strings.Contains(zhifa.ErrorMessage(err), "证据目录") {
		t.Errorf("empty list: %v, want EGATE naming the evidence", err)
	}
}

// TestInvestigationReport: the report drafted from the case states the party, the facts,
// the evidence from its records, the provisions applied, the discretion with its benchmark,
// the proposed decision and the handlers' opinion; each element missing is refused at
// issue naming the article that needs it.
func TestInvestigationReport(t *testing.T) {
	d := sampleData()
	d.Basis = []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条第一款第（一）项", Text: "……"}}
	d.Case.State.FiledOn = zhifa.MustDate("2026-03-02")
	d.Evidence = sampleEvidence()
	f := Prefill(zhifa.DocInvestigationReport, d)
	want := map[string][]string{
		"party_name":    {"李某"},
		"investigation": {"2026年3月2日立案", "案由：销售过期食品", "张三、钱七"},
		"facts":         {"销售超过保质期的食品"},
		"evidence":      {"1. 仓库现场照片（照片）", "2. 进货台账（扫描件）（文书）"},
		"basis":         {"《中华人民共和国食品安全法》第一百二十四条第一款第（一）项"},
		"discretion":    {"第2版", "“一般”裁量阶次", "初次违法"},
		"proposed":      {"警告", "罚款人民币5000元"},
		"opinion":       {"罚款人民币5000元", "第五十七条"},
		"officers":      {"张三（执法证号：DG-001）"},
	}
	for k, subs := range want {
		for _, s := range subs {
			if !strings.Contains(f[k], s) {
				t.Errorf("%s = %q, want it to contain %q", k, f[k], s)
			}
		}
	}
	if strings.Contains(f["basis"], "……") {
		t.Errorf("basis pastes the article: %q", f["basis"])
	}
	if err := Check(zhifa.DocInvestigationReport, f); err != nil {
		t.Fatalf("prefilled report: %v", err)
	}
	for _, tc := range []struct{ key, names string }{
		{"facts", "第四十条"}, {"evidence", "第四十六条"}, {"basis", "适用的法律依据"}, {"proposed", "第五十七条第一款"}, {"opinion", "承办人意见"},
	} {
		g := map[string]string{}
		for k, v := range f {
			g[k] = v
		}
		g[tc.key] = "  "
		err := Check(zhifa.DocInvestigationReport, g)
		if zhifa.ErrorCode(err) != zhifa.EGATE || !strings.Contains(zhifa.ErrorMessage(err), tc.names) || !strings.Contains(ruleOf(err), "第五十七条") {
			t.Errorf("without %s: %v (rule %q)", tc.key, err, ruleOf(err))
		}
	}
	// Without a benchmark the report states none.
	d.Case.State.Proposal = &zhifa.Proposal{Penalties: []string{"警告"}, Reason: "首次违法且及时改正"}
	if g := Prefill(zhifa.DocInvestigationReport, d)["discretion"]; strings.Contains(g, "基准") || !strings.Contains(g, "首次违法") {
		t.Errorf("discretion without a benchmark: %q", g)
	}
}

// TestDecisionCaseShapes reads the generated decision of several case shapes: the
// confiscated amount when there is one, the benchmark only when one applies, the
// provisions applied (条、款、项) without pasting the article, the evidence of the case's
// records, and the remedy once.
func TestDecisionCaseShapes(t *testing.T) {
	basis := []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条第一款第（一）项", Text: "违反本法规定……"}}
	tests := []struct {
		name     string
		proposal *zhifa.Proposal
		body     string // the reconsideration body
		remedy   string // the item's channels
		has      map[string][]string
		hasNot   map[string][]string
	}{
		{"fine and confiscation under a benchmark",
			&zhifa.Proposal{Penalties: []string{"罚款", "没收违法所得"}, FineFen: 5_000_000, IllegalGainFen: 120_000, ConfiscateFen: 120_000,
				Level: "较重", BenchmarkID: 7, BenchmarkVersion: 3, Reason: "货值较大"},
			"东港市人民政府", "",
			map[string][]string{"penalty": {"罚款人民币50000元", "没收违法所得人民币1200元"}, "discretion": {"第3版", "较重", "违法所得人民币1200元"}},
			map[string][]string{"discretion": {"货值金额"}}},
		{"fine without a benchmark",
			&zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 300_000, Reason: "情节轻微"},
			"东港市人民政府", "",
			map[string][]string{"penalty": {"罚款人民币3000元"}, "discretion": {"情节轻微"}},
			map[string][]string{"penalty": {"没收"}, "discretion": {"基准", "阶次"}}},
		{"confiscated goods apart from the gain",
			&zhifa.Proposal{Penalties: []string{"没收违法所得", "没收非法财物"}, IllegalGainFen: 50_000, ConfiscateFen: 80_000},
			"", "向东港市人民政府申请行政复议，或者向东港市人民法院提起行政诉讼",
			map[string][]string{"penalty": {"没收违法所得人民币500元", "没收非法财物（价值人民币300元）"}, "remedy": {"60日内向东港市人民政府申请行政复议", "6个月内"}},
			map[string][]string{"penalty": {"罚款"}}},
		{"item channels restating both remedies",
			&zhifa.Proposal{Penalties: []string{"警告"}},
			"", "可以自收到本决定书之日起60日内申请行政复议，或者6个月内提起行政诉讼",
			map[string][]string{"penalty": {"警告"}},
			map[string][]string{"discretion": {"基准"}}},
	}
	for _, tt := range tests {
		d := sampleData()
		d.Basis, d.ReviewBody, d.Remedy = basis, tt.body, tt.remedy
		d.Case.State.Proposal = tt.proposal
		d.Evidence = sampleEvidence()
		f := Prefill(zhifa.DocPenaltyDecision, d)
		if err := Check(zhifa.DocPenaltyDecision, f); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if f["basis"] != "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项" {
			t.Errorf("%s: basis %q", tt.name, f["basis"])
		}
		if !strings.Contains(f["evidence"], "仓库现场照片（照片）") {
			t.Errorf("%s: evidence %q", tt.name, f["evidence"])
		}
		for k, subs := range tt.has {
			for _, s := range subs {
				if !strings.Contains(f[k], s) {
					t.Errorf("%s: %s = %q, want %q", tt.name, k, f[k], s)
				}
			}
		}
		for k, subs := range tt.hasNot {
			for _, s := range subs {
				if strings.Contains(f[k], s) {
					t.Errorf("%s: %s = %q states %q", tt.name, k, f[k], s)
				}
			}
		}
		html, err := Render(SpecOf(zhifa.DocPenaltyDecision), Meta{Number: "东市监罚〔2026〕3号-决1"}, f, d)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(html), "申请行政复议"); n != 1 {
			t.Errorf("%s: the remedy is stated %d times:\n%s", tt.name, n, f["remedy"])
		}
	}
}

package law

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/statute"
)

// article is the library text of a law's article, as an item's basis holds it.
func article(t testing.TB, law string, n int) zhifa.Basis {
	t.Helper()
	l, ok := statute.Lookup(law)
	if !ok {
		t.Fatalf("no law %s", law)
	}
	a, ok := l.Article(n)
	if !ok {
		t.Fatalf("%s has no article %d", law, n)
	}
	return zhifa.Basis{Law: l.Title, Article: a.Label, Text: a.Text}
}

// paragraph is one paragraph (款) of an article, as a basis naming it holds it.
func paragraph(t testing.TB, law string, n, para int) zhifa.Basis {
	b := article(t, law, n)
	b.Article += "第" + statute.FormatChineseNumber(para) + "款"
	b.Text = paragraphs(b.Text)[para-1]
	return b
}

// TestApplicableRange: the statutory range for a case's 货值金额 and 违法所得, from the
// texts of the library (食品安全法第一百二十二条至第一百二十五条, 产品质量法第四十九条至
// 第五十四条, 广告法第六十三条, 消费者权益保护法第五十六条, 安全生产法第九十二条).
func TestApplicableRange(t *testing.T) {
	const wan = 1_000_000 // 一万元 in fen
	for _, tc := range []struct {
		name       string
		basis      zhifa.Basis
		a          Amounts
		lo, hi     int64
		open       bool
		confiscate bool
		err        string
	}{
		{"食品122¶1 货值不足一万元: fixed", paragraph(t, "食品安全法", 122, 1), Amounts{GoodsFen: 9999_99}, 5 * wan, 10 * wan, false, true, ""},
		{"食品122¶1 货值一万元: multiples", paragraph(t, "食品安全法", 122, 1), Amounts{GoodsFen: wan}, 10 * wan, 20 * wan, false, true, ""},
		{"食品122¶1 货值三万元", paragraph(t, "食品安全法", 122, 1), Amounts{GoodsFen: 3 * wan}, 30 * wan, 60 * wan, false, true, ""},
		{"食品122¶2 提供场所", paragraph(t, "食品安全法", 122, 2), Amounts{GoodsFen: 3 * wan}, 5 * wan, 10 * wan, false, true, ""},
		{"食品123¶1 货值两万元", paragraph(t, "食品安全法", 123, 1), Amounts{GoodsFen: 2 * wan}, 30 * wan, 60 * wan, false, true, ""},
		{"食品124¶1 货值五千元", paragraph(t, "食品安全法", 124, 1), Amounts{GoodsFen: 5000_00}, 5 * wan, 10 * wan, false, true, ""},
		{"食品125¶1 货值两万元", paragraph(t, "食品安全法", 125, 1), Amounts{GoodsFen: 2 * wan}, 10 * wan, 20 * wan, false, true, ""},
		{"食品125¶2 拒不改正 only", paragraph(t, "食品安全法", 125, 2), Amounts{}, 0, 2000_00, false, false, ""},
		{"产品49 等值以上三倍以下", article(t, "产品质量法", 49), Amounts{GoodsFen: 2 * wan}, 2 * wan, 6 * wan, false, true, ""},
		{"产品50 百分之五十以上三倍以下", article(t, "产品质量法", 50), Amounts{GoodsFen: 2 * wan}, wan, 6 * wan, false, true, ""},
		{"产品51 等值以下", article(t, "产品质量法", 51), Amounts{GoodsFen: 2 * wan}, 0, 2 * wan, false, true, ""},
		{"产品52 二倍以下", article(t, "产品质量法", 52), Amounts{GoodsFen: 2 * wan}, 0, 4 * wan, false, true, ""},
		{"产品54 百分之三十以下 (情节严重)", article(t, "产品质量法", 54), Amounts{GoodsFen: 2 * wan}, 0, 6000_00, false, true, ""},
		{"广告63 违法所得不足五万元", article(t, "广告法", 63), Amounts{GainFen: 4 * wan}, wan, 5 * wan, false, true, ""},
		{"广告63 违法所得五万元以上", article(t, "广告法", 63), Amounts{GainFen: 6 * wan}, 6 * wan, 18 * wan, false, true, ""},
		{"消保56 有违法所得", paragraph(t, "消费者权益保护法", 56, 1), Amounts{GainFen: 2 * wan}, 2 * wan, 20 * wan, false, true, ""},
		{"消保56 没有违法所得", paragraph(t, "消费者权益保护法", 56, 1), Amounts{}, 0, 50 * wan, false, true, ""},
		{"安全92¶2 违法所得不足十万元", paragraph(t, "安全生产法", 92, 2), Amounts{GainFen: 5 * wan}, 10 * wan, 20 * wan, false, true, ""},
		{"安全92¶2 违法所得十万元以上", paragraph(t, "安全生产法", 92, 2), Amounts{GainFen: 20 * wan}, 40 * wan, 100 * wan, false, true, ""},
		{"广告55 广告费用: not recorded", paragraph(t, "广告法", 55, 1), Amounts{}, 0, 0, false, false, "广告费用"},
		{"安全95 年收入: not recorded", article(t, "安全生产法", 95), Amounts{}, 0, 0, false, false, "上一年年收入"},
		{"fixed minimum only", zhifa.Basis{Law: "示例法", Article: "第一条", Text: "违反本法规定的，处十万元以上罚款。"}, Amounts{}, 10 * wan, 0, true, false, ""},
	} {
		r, err := ApplicableRange(ParseProvisions(tc.basis), tc.a)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want one naming %s", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if r.MinFen != tc.lo || r.MaxFen != tc.hi || r.Open != tc.open || r.Confiscate != tc.confiscate {
			t.Errorf("%s: %d–%d open %v confiscate %v (%s), want %d–%d open %v confiscate %v", tc.name, r.MinFen, r.MaxFen, r.Open, r.Confiscate, r.Text, tc.lo, tc.hi, tc.open, tc.confiscate)
		}
	}
}

// TestParseProvisionsSource: a basis naming a paragraph keeps its label; a whole article
// gets one provision per paragraph with a penalty, labelled with its 款; fines on the
// 直接负责的主管人员 are not the party's.
func TestParseProvisionsSource(t *testing.T) {
	ps := ParseProvisions(article(t, "食品安全法", 122))
	if len(ps) != 2 || ps[0].Source != "《食品安全法》第一百二十二条第一款" || ps[1].Source != "《食品安全法》第一百二十二条第二款" {
		t.Errorf("122: %+v", ps)
	}
	ps = ParseProvisions(paragraph(t, "食品安全法", 122, 2))
	if len(ps) != 1 || ps[0].Source != "《食品安全法》第一百二十二条第二款" {
		t.Errorf("122 ¶2: %+v", ps)
	}
	ps = ParseProvisions(article(t, "安全生产法", 98))
	for _, p := range ps {
		for _, f := range p.Fines {
			if f.MinFen == 2*1_000_000 && f.MaxFen == 5*1_000_000 {
				t.Errorf("安全生产法第九十八条: the fine on the responsible persons counted as the party's: %+v", f)
			}
		}
	}
}

func TestRangeWarnings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		basis []zhifa.Basis
		want  string
	}{
		{"readable", []zhifa.Basis{paragraph(t, "食品安全法", 124, 1)}, ""},
		{"no fine in the law", []zhifa.Basis{article(t, "食品安全法", 34)}, ""},
		{"a fine by reference", []zhifa.Basis{article(t, "产品质量法", 62)}, "无法识别"},
		{"two fining paragraphs", []zhifa.Basis{article(t, "食品安全法", 122)}, "多个设定罚款的条款"},
		{"base not recorded", []zhifa.Basis{paragraph(t, "广告法", 55, 1)}, "广告费用"},
		{"unreadable", []zhifa.Basis{{Law: "示例法", Article: "第一条", Text: "违反本法规定的，处以前款罚款数额的二倍以上五倍以下罚款。"}}, "无法识别"},
	} {
		got := strings.Join(RangeWarnings(tc.basis), "；")
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRelation: 从轻, 减轻 and 从重 on the statutory range 5万–10万 (国市监法规〔2022〕2号).
func TestRelation(t *testing.T) {
	r := &StatRange{MinFen: 50000_00, MaxFen: 100000_00, Source: "《食品安全法》第一百二十四条第一款", Text: "五万元以上十万元以下", Fines: true}
	for _, tc := range []struct {
		name                        string
		fine                        int64
		lighter, mitigated, heavier bool
		share                       float64
		rule                        string
	}{
		{"ordinary", 70000_00, false, false, false, 0, ""},
		{"above the maximum", 100000_01, false, false, false, 0, r.Source},
		{"below the minimum", 49999_99, false, false, false, 0, RuleMitigated},
		{"从轻 at the 30% point", 65000_00, true, false, false, 0, ""},
		{"从轻 above it", 65000_01, true, false, false, 0, RuleLighter},
		{"从轻 with an agency share of 20%", 60000_01, true, false, false, 0.2, RuleLighter},
		{"从轻 cannot be the maximum", 100000_00, true, false, false, 0, RuleLighter},
		{"减轻 below the minimum", 30000_00, false, true, false, 0, ""},
		{"减轻 at the minimum is not 减轻", 50000_00, false, true, false, 0, RuleMitigated},
		{"从轻或者减轻 cited: either", 60000_00, true, true, false, 0, ""},
		{"从重 at the 70% point", 85000_00, false, false, true, 0, ""},
		{"从重 below it", 84999_99, false, false, true, 0, RuleHeavier},
	} {
		err := CheckRelation(r, tc.fine, tc.lighter, tc.mitigated, tc.heavier, tc.share)
		got := ""
		if e, ok := err.(*zhifa.Error); ok {
			got = e.Rule
		}
		if got != tc.rule {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.rule)
		}
	}
}

// TestParseCoverage runs the parser over every article of the penalty laws in the
// library that fines or confiscates, and over every penalty clause the catalog of the
// demo cites (the same articles), and reports how many provisions it reads fully. The
// laws' own tables are in /work/shared/laws; the library embeds the same texts.
func TestParseCoverage(t *testing.T) {
	laws := []string{"食品安全法", "产品质量法", "广告法", "消费者权益保护法", "安全生产法"}
	total, parsed, computable := 0, 0, 0
	for _, name := range laws {
		l, _ := statute.Lookup(name)
		for _, a := range l.Articles {
			for _, p := range ParseProvisions(zhifa.Basis{Law: l.Title, Article: a.Label, Text: a.Text}) {
				total++
				if len(p.Unparsed) > 0 {
					t.Logf("unparsed: %s %q", p.Source, p.Unparsed)
					continue
				}
				parsed++
				if _, err := ApplicableRange([]Provision{p}, Amounts{GoodsFen: 2_000_000, GainFen: 2_000_000}); err == nil {
					computable++
				} else {
					t.Logf("not computable: %s: %v", p.Source, err)
				}
			}
		}
	}
	t.Logf("penalty provisions: %d; read fully: %d (%.0f%%); range computable from 货值/违法所得: %d (%.0f%%)",
		total, parsed, 100*float64(parsed)/float64(total), computable, 100*float64(computable)/float64(total))
	if total < 60 || parsed < total*95/100 {
		t.Errorf("coverage fell: %d of %d provisions read", parsed, total)
	}
}

// TestFullYears: 周岁 complete on the day after the birthday (法释〔2006〕1号第二条).
func TestFullYears(t *testing.T) {
	for _, tc := range []struct {
		birth, day string
		want       int
	}{
		{"2010-05-01", "2024-05-01", 13}, // the 14th birthday itself: still under 14
		{"2010-05-01", "2024-05-02", 14},
		{"2008-05-01", "2026-05-01", 17}, // the 18th birthday: still a minor
		{"2008-05-01", "2026-05-02", 18},
		{"2008-02-29", "2026-02-28", 17}, // born on 29 February: not yet
		{"2008-02-29", "2026-03-01", 18},
		{"2012-02-29", "2026-02-28", 13},
		{"2012-02-29", "2026-03-01", 14},
		{"2010-05-01", "2010-05-01", 0},
		{"2010-05-01", "2009-05-01", -1},
	} {
		if got := FullYears(zhifa.MustDate(tc.birth), zhifa.MustDate(tc.day)); got != tc.want {
			t.Errorf("born %s, on %s: %d, want %d", tc.birth, tc.day, got, tc.want)
		}
	}
}

// FuzzParseProvisions: no input panics, and every range read is ordered.
func FuzzParseProvisions(f *testing.F) {
	for _, s := range []string{
		"货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款。",
		"并处违法生产、销售产品（包括已售出和未售出的产品，下同）货值金额等值以上三倍以下的罚款",
		"处上一年年收入百分之六十至百分之一百的罚款", "有违法所得的，处以违法所得一倍以上十倍以下的罚款，没有违法所得的，处以五十万元以下的罚款",
		"处以前款罚款数额的二倍以上五倍以下罚款", "处罚款", "处的罚款", "处百分之罚款", "处至罚款", "处以上以下罚款",
	} {
		f.Add(s, int64(1_000_000), int64(0))
	}
	f.Fuzz(func(t *testing.T, text string, goods, gain int64) {
		provs := ParseProvisions(zhifa.Basis{Law: "示例法", Article: "第一条", Text: text})
		for _, p := range provs {
			for _, fi := range p.Fines {
				if fi.MinFen < 0 || fi.MinRate < 0 || (fi.MaxFen > 0 && fi.MinFen > fi.MaxFen) || fi.MinRate > fi.MaxRate {
					t.Fatalf("disordered fine %+v from %q", fi, text)
				}
			}
		}
		if goods < 0 || gain < 0 {
			return
		}
		if r, err := ApplicableRange(provs, Amounts{GoodsFen: goods, GainFen: gain}); err == nil && r.Fines && !r.Open && r.MinFen > r.MaxFen {
			t.Fatalf("disordered range %+v from %q", r, text)
		}
		_ = RangeWarnings([]zhifa.Basis{{Law: "示例法", Article: "第一条", Text: text}})
	})
}

func TestParagraph(t *testing.T) {
	text := article(t, "食品安全法", 122).Text
	for _, tc := range []struct {
		ref, label, starts string
		ok                 bool
	}{
		{"第二款", "第二款", "明知从事前款规定的违法行为", true},
		{"1", "第一款", "违反本法规定，未取得食品生产经营许可", true},
		{"第三款", "", "", false},
		{"第X款", "", "", false},
	} {
		label, got, ok := Paragraph(text, tc.ref)
		if ok != tc.ok || label != tc.label || !strings.HasPrefix(got, tc.starts) {
			t.Errorf("%s: %q %q %v", tc.ref, label, got, ok)
		}
	}
}

// BenchmarkRangeParse compares the statutory-range reading of a proposal (parse the
// provisions, choose the branch) with the older reading of the basis's ranges
// (StatuteFines), on 食品安全法第一百二十四条.
func BenchmarkRangeParse(b *testing.B) {
	basis := []zhifa.Basis{article(b, "食品安全法", 124)}
	b.Run("StatuteFines", func(b *testing.B) {
		for b.Loop() {
			_ = StatuteFines(basis)
		}
	})
	b.Run("ApplicableRange", func(b *testing.B) {
		for b.Loop() {
			if _, err := ApplicableRange(BasisProvisions(basis), Amounts{GoodsFen: 2_000_000}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package demo

import (
	"fmt"
	"strings"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/law"
)

// Discretion (issue #5, B3, B4): benchmarks for a dozen penalty items of the market
// bureau, derived from the fine range of each item's basis, and the bureau's own entries
// of the four lists (the built-in entries from the statute exist for every agency).
// The step runs before the demo cases, whose penalty proposals for these items choose a
// level and a fine inside its range (cases.go, planner.fine), so that the consistency aid
// (同案同罚, app.SimilarCases) of a demo case shows past fines of its item and level.

// demoBenchmarks is how many market items get a benchmark.
const demoBenchmarks = 12

// seedDiscretion sets the benchmarks and the bureau's list entries.
func (s *seeder) seedDiscretion() error {
	market := s.agencyByName(marketBureau)
	if market == nil {
		return fmt.Errorf("no agency %s", marketBureau)
	}
	list, err := s.a.Catalog().Items(s.ctx, zhifa.ItemFilter{AgencyID: market.ID, Category: zhifa.CatPenalty, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return err
	}
	n := 0
	for _, it := range list.Items {
		if n == demoBenchmarks {
			break
		}
		in, ok := demoBenchmark(it.Item)
		if !ok {
			continue
		}
		if _, err := s.a.Catalog().CreateBenchmark(s.ctx, it.Code, in); err != nil {
			return fmt.Errorf("benchmark of %s: %w", it.Code, err)
		}
		n++
	}
	if n < demoBenchmarks {
		return fmt.Errorf("only %d market items have a fine range for a benchmark", n)
	}
	for _, e := range demoListEntries {
		e.AgencyID = market.ID
		if _, err := s.a.Catalog().CreateListEntry(s.ctx, e); err != nil {
			return fmt.Errorf("list entry %s: %w", e.Title, err)
		}
	}
	return nil
}

// roundYuan rounds fen down to whole hundreds of yuan.
func roundYuan(fen int64) int64 { return fen - fen%10000 }

// demoBenchmark builds a benchmark from the item's statutory ranges: 轻微, 一般 and 严重
// split the fixed range at 30% and 70%; where the basis also fines in multiples (of 货值
// 金额, 食品安全法第一百二十二条至第一百二十四条), 较重 and 特别严重 split the multiples.
func demoBenchmark(item *zhifa.Item) (catalog.BenchmarkInput, bool) {
	var fixed, mult *law.StatuteFine
	for _, f := range law.StatuteFines(item.Basis) {
		switch {
		case f.Kind == zhifa.FineFixed && fixed == nil && f.MinFen > 0 && f.MaxFen > f.MinFen:
			fixed = &f
		case f.Kind == zhifa.FineMultiple && mult == nil && f.MaxTimes > f.MinTimes:
			mult = &f
		}
	}
	if fixed == nil {
		return catalog.BenchmarkInput{}, false
	}
	text := ""
	for _, b := range item.Basis {
		text += b.Text
	}
	kinds := []string{"罚款"}
	if strings.Contains(text, "没收违法所得") {
		kinds = append(kinds, "没收违法所得")
	}
	severe := kinds
	if strings.Contains(text, "吊销许可证") {
		severe = append(append([]string(nil), kinds...), "吊销许可证件")
	}
	lo, hi := fixed.MinFen, fixed.MaxFen
	cut1, cut2 := roundYuan(lo+(hi-lo)*3/10), roundYuan(lo+(hi-lo)*7/10)
	fix := func(name, cond string, pen []string, a, b int64) zhifa.BenchmarkLevel {
		return zhifa.BenchmarkLevel{Name: name, Conditions: cond, Penalties: pen, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: a, MaxFen: b}}
	}
	in := catalog.BenchmarkInput{Note: "演示数据：东港市市场监督管理局行政处罚裁量基准", Levels: []zhifa.BenchmarkLevel{
		fix("轻微", "初次违法；涉案货值或者违法所得较小；未造成危害后果或者危害后果轻微；积极配合调查并及时改正", kinds, lo, cut1),
		fix("一般", "违法行为持续时间较短；涉案货值或者违法所得一般；造成一定危害后果", kinds, cut1, cut2),
		fix("严重", "一年内再次违法；涉案货值或者违法所得较大；造成较大危害后果或者社会影响；拒不配合调查", severe, cut2, hi),
	}}
	if mult != nil {
		mid := mult.MinTimes + (mult.MaxTimes-mult.MinTimes)/2
		m := func(name, cond string, pen []string, a, b float64) zhifa.BenchmarkLevel {
			return zhifa.BenchmarkLevel{Name: name, Conditions: cond, Penalties: pen, Fine: zhifa.FineRange{Kind: zhifa.FineMultiple, MinTimes: a, MaxTimes: b, Base: "货值金额"}}
		}
		in.Levels = append(in.Levels,
			m("较重（货值金额一万元以上）", "货值金额一万元以上；初次违法且危害后果较小", kinds, mult.MinTimes, mid),
			m("特别严重（货值金额一万元以上）", "货值金额一万元以上；再次违法或者造成严重危害后果", severe, mid, mult.MaxTimes))
	}
	in.Basis = append(in.Basis, item.Basis...)
	in.Basis = append(in.Basis, zhifa.Basis{Law: "东港市市场监督管理局行政处罚裁量权基准（演示）", Article: "第二章",
		Text: "依照《中华人民共和国行政处罚法》第三十四条制定，按违法情节划分裁量阶次，报东港市司法局备案并向社会公布。"})
	return in, true
}

// demoListEntries are the market bureau's own entries of the four lists.
var demoListEntries = []catalog.ListEntryInput{
	{Kind: zhifa.ListNoPenalty, Title: "首次未按规定公示营业执照、许可证件等信息，及时改正",
		Conditions: "首次违法；在市场监督管理部门责令改正期限内改正；未造成危害后果",
		Basis:      []zhifa.Basis{{Law: "行政处罚法", Article: "第三十三条"}}},
	{Kind: zhifa.ListNoPenalty, Title: "食品标签、说明书存在不影响食品安全且不会对消费者造成误导的瑕疵",
		Conditions: "标签瑕疵不影响食品安全；不会对消费者造成误导；首次发现并当场改正",
		Basis:      []zhifa.Basis{{Law: "行政处罚法", Article: "第三十三条"}, {Law: "食品安全法", Article: "第一百二十五条"}}},
	{Kind: zhifa.ListLighter, Title: "积极配合调查，如实陈述违法事实并主动提供证据材料",
		Conditions: "调查中如实陈述；主动提供证据材料；在裁量理由中写明配合情况",
		Basis:      []zhifa.Basis{{Law: "行政处罚法", Article: "第三十二条"}}},
	{Kind: zhifa.ListMitigated, Title: "主动退赔消费者损失、召回问题商品，消除危害后果",
		Conditions: "立案后决定前主动退赔全部损失或者召回全部问题商品；危害后果已消除",
		Basis:      []zhifa.Basis{{Law: "行政处罚法", Article: "第三十二条"}}},
	{Kind: zhifa.ListNoCompulsion, Title: "涉案物品数量少、价值低，当事人自愿就地封存并承诺不再销售",
		Conditions: "涉案物品货值不超过二千元；不存在转移、销毁证据的可能；当事人书面承诺",
		Basis:      []zhifa.Basis{{Law: "行政强制法", Article: "第十六条"}}},
}

package kernel

import (
	"zhifa"
	"zhifa/law"
)

// The views of a discretion benchmark, shared by the catalog context (the benchmark
// pages) and the cases context (the propose form).

// LevelView is a level with its fine described in words.
type LevelView struct {
	zhifa.BenchmarkLevel
	FineText   string `json:"fine_text"`
	NoGainText string `json:"no_gain_text,omitempty"`
}

// BenchmarkView is an item's benchmark with the item and the statute's ranges.
type BenchmarkView struct {
	*zhifa.Benchmark
	ItemCode   string            `json:"item_code"`
	ItemName   string            `json:"item_name"`
	AgencyName string            `json:"agency_name"`
	LevelViews []LevelView       `json:"level_views"`
	Statute    []law.StatuteFine `json:"statute"`
}

// NewBenchmarkView is the view of the benchmark b of item, whose agency is named agency.
func NewBenchmarkView(b *zhifa.Benchmark, item *zhifa.Item, agency string) *BenchmarkView {
	v := &BenchmarkView{Benchmark: b, ItemCode: item.Code, ItemName: item.Name, AgencyName: agency,
		LevelViews: LevelViews(b.Levels), Statute: law.StatuteFines(item.Basis)}
	if v.Statute == nil {
		v.Statute = []law.StatuteFine{}
	}
	return v
}

// LevelViews describes the fines of levels in words.
func LevelViews(levels []zhifa.BenchmarkLevel) []LevelView {
	out := []LevelView{}
	for _, l := range levels {
		lv := LevelView{BenchmarkLevel: l, FineText: law.DescribeFine(l.Fine)}
		if l.Fine.Kind == zhifa.FineMultiple && l.NoGainFine.Kind == zhifa.FineFixed {
			lv.NoGainText = "没有违法所得的，" + law.DescribeFine(l.NoGainFine)
		}
		out = append(out, lv)
	}
	return out
}

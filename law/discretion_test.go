package law

import (
	"strings"
	"testing"

	"zhifa"
)

func TestParseYuan(t *testing.T) {
	for _, tc := range []struct {
		in  string
		fen int64
	}{
		{"五千", 5000_00}, {"五万", 50000_00}, {"十万", 100000_00}, {"二十万", 200000_00},
		{"一百五十万", 1500000_00}, {"二千", 2000_00}, {"两千", 2000_00}, {"5000", 5000_00}, {"1.5万", 15000_00},
		{"一万五千", 15000_00}, {"一亿", 100000000_00},
	} {
		if got, err := ParseYuan(tc.in); err != nil || got != tc.fen {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", tc.in, got, err, tc.fen)
		}
	}
}

// TestStatuteFines reads the ranges of real articles: 食品安全法第一百二十四条 (fixed and
// multiples of 货值金额), and one-sided ranges.
func TestStatuteFines(t *testing.T) {
	art124 := "……违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销许可证"
	got := StatuteFines([]zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条", Text: art124}})
	want := []StatuteFine{
		{Kind: zhifa.FineFixed, MinFen: 50000_00, MaxFen: 100000_00, Source: "食品安全法第一百二十四条"},
		{Kind: zhifa.FineMultiple, MinTimes: 10, MaxTimes: 20, Source: "食品安全法第一百二十四条"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Art. 124: %+v, want %+v", got, want)
	}
	got = StatuteFines([]zhifa.Basis{{Law: "某法", Article: "第一条", Text: "责令改正，给予警告；拒不改正的，处二千元以下的罚款"}})
	if len(got) != 1 || got[0].MaxFen != 2000_00 || got[0].MinFen != 0 {
		t.Errorf("max only: %+v", got)
	}
}

func level(name string, lo, hi int64) zhifa.BenchmarkLevel {
	return zhifa.BenchmarkLevel{Name: name, Conditions: "情形", Penalties: []string{"警告", "罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: lo * 100, MaxFen: hi * 100}}
}

// TestValidateBenchmark: B3 and 行政处罚法第三十四条 — ordered, non-overlapping ranges within
// the statute's range (here 五万元以上十万元以下 and 十倍以上二十倍以下, 食品安全法第一百二十四条).
func TestValidateBenchmark(t *testing.T) {
	st := []StatuteFine{{Kind: zhifa.FineFixed, MinFen: 50000_00, MaxFen: 100000_00, Source: "食品安全法第一百二十四条"},
		{Kind: zhifa.FineMultiple, MinTimes: 10, MaxTimes: 20, Source: "食品安全法第一百二十四条"}}
	mult := func(name string, lo, hi float64) zhifa.BenchmarkLevel {
		return zhifa.BenchmarkLevel{Name: name, Conditions: "情形", Penalties: []string{"罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineMultiple, MinTimes: lo, MaxTimes: hi, Base: "货值金额"}}
	}
	for _, tc := range []struct {
		name   string
		levels []zhifa.BenchmarkLevel
		field  string // "" = valid
	}{
		{"valid fixed levels", []zhifa.BenchmarkLevel{level("轻微", 50000, 65000), level("一般", 65000, 85000), level("严重", 85000, 100000)}, ""},
		{"valid multiples", []zhifa.BenchmarkLevel{mult("一般", 10, 15), mult("严重", 15, 20)}, ""},
		{"no levels", nil, "levels"},
		{"min above max", []zhifa.BenchmarkLevel{level("一般", 80000, 60000)}, "levels.0.fine.min_fen"},
		{"overlap", []zhifa.BenchmarkLevel{level("轻微", 50000, 70000), level("一般", 65000, 85000)}, "levels.1.fine.min_fen"},
		{"wrong order", []zhifa.BenchmarkLevel{level("严重", 85000, 100000), level("轻微", 50000, 65000)}, "levels.1.fine.min_fen"},
		{"below statute minimum", []zhifa.BenchmarkLevel{level("轻微", 10000, 65000)}, "levels.0.fine.min_fen"},
		{"above statute maximum", []zhifa.BenchmarkLevel{level("严重", 85000, 200000)}, "levels.0.fine.max_fen"},
		{"multiple above statute", []zhifa.BenchmarkLevel{mult("严重", 15, 30)}, "levels.0.fine.max_times"},
		{"duplicate name", []zhifa.BenchmarkLevel{level("一般", 50000, 60000), level("一般", 60000, 70000)}, "levels.1.name"},
		{"penalty kind not in Art. 9", []zhifa.BenchmarkLevel{{Name: "一般", Conditions: "x", Penalties: []string{"罚款", "没收汽车"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 50000_00, MaxFen: 60000_00}}}, "levels.0.penalties"},
		{"fine without 罚款", []zhifa.BenchmarkLevel{{Name: "一般", Conditions: "x", Penalties: []string{"警告"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 50000_00, MaxFen: 60000_00}}}, "levels.0.penalties"},
		{"fallback only for multiples", []zhifa.BenchmarkLevel{{Name: "一般", Conditions: "x", Penalties: []string{"罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 50000_00, MaxFen: 60000_00}, NoGainFine: zhifa.FineRange{Kind: zhifa.FineFixed, MaxFen: 100}}}, "levels.0.no_gain_fine.kind"},
	} {
		errs := ValidateBenchmark(&zhifa.Benchmark{Levels: tc.levels}, st)
		switch {
		case tc.field == "" && errs != nil:
			t.Errorf("%s: %v, want valid", tc.name, errs)
		case tc.field != "" && errs[tc.field] == "":
			t.Errorf("%s: %v, want a problem at %s", tc.name, errs, tc.field)
		}
	}
}

func TestLevelRange(t *testing.T) {
	l := &zhifa.BenchmarkLevel{Fine: zhifa.FineRange{Kind: zhifa.FineMultiple, MinTimes: 1, MaxTimes: 3},
		NoGainFine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 0, MaxFen: 10000_00}}
	if r := LevelRange(l, 2000_00); r.MinFen != 2000_00 || r.MaxFen != 6000_00 || r.None {
		t.Errorf("with gain: %+v", r)
	}
	if r := LevelRange(l, 0); r.MaxFen != 10000_00 || r.None {
		t.Errorf("fallback (没有违法所得的): %+v", r)
	}
	l.NoGainFine = zhifa.FineRange{Kind: zhifa.FineNone}
	if r := LevelRange(l, 0); !r.None {
		t.Errorf("no gain, no fallback: %+v", r)
	}
}

// TestFourLists: the built-in entries cite 行政处罚法第三十条至第三十三条 and 行政强制法第十六条.
func TestFourLists(t *testing.T) {
	seen := map[string]bool{}
	kinds := map[zhifa.ListKind]int{}
	for _, e := range BuiltinListEntries() {
		if seen[e.Key] || e.Key == "" || !e.Builtin || !e.Active || len(e.Basis) == 0 || e.Basis[0].Text == "" {
			t.Errorf("entry %+v", e)
		}
		seen[e.Key] = true
		kinds[e.Kind]++
	}
	for _, k := range zhifa.ListKinds {
		if kinds[k] == 0 {
			t.Errorf("no built-in entry in the %s list", k.Label())
		}
	}
	for _, key := range []string{"APL33-1A", "APL33-1B", "APL33-2", "APL30-1", "APL30-2L", "APL30-2M", "APL31-1", "APL32L", "APL32M", "AEL16-2"} {
		if !seen[key] {
			t.Errorf("missing built-in %s", key)
		}
	}
}

// TestCheckProposal: benchmark ranges (B3, Art. 34), 从轻/减轻 (Art. 30, 32), 不予处罚
// (Art. 30, 33), the age rule from the 身份证 birth date on occurred_on (Art. 30), the
// summary cap (Art. 51) and compulsory disposals (行政强制法 Art. 16 ¶2).
func TestCheckProposal(t *testing.T) {
	bench := &zhifa.Benchmark{ID: 7, ItemID: 1, Version: 3, Levels: []zhifa.BenchmarkLevel{
		level("轻微", 5000, 15000), level("一般", 15000, 35000), level("严重", 35000, 50000),
		{Name: "违法所得", Conditions: "有违法所得", Penalties: []string{"罚款", "没收违法所得"}, Fine: zhifa.FineRange{Kind: zhifa.FineMultiple, MinTimes: 1, MaxTimes: 3},
			NoGainFine: zhifa.FineRange{Kind: zhifa.FineNone}},
	}}
	adult := []zhifa.Party{{Kind: zhifa.PartyPerson, IDNumber: "370202199001011237"}}
	// born 2010-05-01: 15 on 2026-02-20, 13 on 2024-02-20.
	teen := []zhifa.Party{{Kind: zhifa.PartyPerson, IDNumber: idWithBirth("20100501")}}
	org := []zhifa.Party{{Kind: zhifa.PartyOrg, Name: "某公司"}}
	entries := BuiltinListEntries()
	entries = append(entries, zhifa.ListEntry{Key: "L9", Kind: zhifa.ListLighter, ItemID: 2, Title: "他项事项", Active: true})
	const why = "经营者首次违法，货值较小，情节一般"
	for _, tc := range []struct {
		name    string
		parties []zhifa.Party
		on      string
		proc    zhifa.Procedure
		p       zhifa.Proposal
		noBench bool
		rule    string // expected EGATE rule; "" ok; "EINVALID" for input problems
		noPen   bool
	}{
		{"within level", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 20000_00, Level: "一般", Reason: why}, false, "", false},
		{"reason required (002 §9)", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 20000_00, Level: "一般"}, false, RuleReason, false},
		{"above the level", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 36000_00, Level: "一般", Reason: why}, false, RuleBenchmark, false},
		{"below the level without a list entry", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 10000_00, Level: "一般", Reason: why}, false, RuleBenchmark, false},
		// The statutory range is 5000–50000 yuan: 从轻 up to 18500, 从重 from 36500, 减轻 below 5000.
		{"减轻 below the statutory minimum (Art. 32)", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 4000_00, Level: "一般", Reason: why, ListEntries: []string{"APL32M"}}, false, "", false},
		{"减轻 within the statutory range is not 减轻", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 10000_00, Level: "一般", Reason: why, ListEntries: []string{"APL32M"}}, false, RuleMitigated, false},
		{"从轻 within the statute's lower 30% (Art. 32)", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 18500_00, Level: "一般", Reason: why, ListEntries: []string{"APL32L"}}, false, "", false},
		{"从轻 above the statute's lower 30%, though low in the level", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 18500_01, Level: "一般", Reason: why, ListEntries: []string{"APL32L"}}, false, RuleLighter, false},
		{"从轻 below the level's minimum is still 从轻", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 14000_00, Level: "一般", Reason: why, ListEntries: []string{"APL32L"}}, false, "", false},
		{"从轻 does not allow below the statutory minimum", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 4000_00, Level: "轻微", Reason: why, ListEntries: []string{"APL32L"}}, false, RuleMitigated, false},
		{"从重 in the upper 30%", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 36500_00, Level: "严重", Reason: why, Heavier: true}, false, "", false},
		{"从重 below the upper 30%", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 36499_00, Level: "严重", Reason: why, Heavier: true}, false, RuleHeavier, false},
		{"从重 and 从轻 together", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 40000_00, Level: "严重", Reason: why, Heavier: true, ListEntries: []string{"APL32L"}}, false, "EINVALID", false},
		{"unknown level", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 20000_00, Level: "特别严重", Reason: why}, false, "EINVALID", false},
		{"kind outside the level", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款", "吊销许可证件"}, FineFen: 20000_00, Level: "一般", Reason: why}, false, RuleBenchmark, false},
		{"multiples of the gain", org, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款", "没收违法所得"}, FineFen: 5000_00, IllegalGainFen: 2000_00, ConfiscateFen: 2000_00, Level: "违法所得", Reason: why}, false, "", false},
		{"multiples, above 3×", org, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款", "没收违法所得"}, FineFen: 6000_01, IllegalGainFen: 2000_00, ConfiscateFen: 2000_00, Level: "违法所得", Reason: why}, false, RuleBenchmark, false},
		{"gain not confiscated (Art. 28 ¶2)", org, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 5000_00, IllegalGainFen: 2000_00, Level: "违法所得", Reason: why}, false, RuleGain, false},
		{"gain confiscated in part (Art. 28 ¶2)", org, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款", "没收违法所得"}, FineFen: 5000_00, IllegalGainFen: 2000_00, ConfiscateFen: 1000_00, Level: "违法所得", Reason: why}, false, RuleGain, false},
		{"gain refunded by law in part (Art. 28 ¶2)", org, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款", "没收违法所得"}, FineFen: 5000_00, IllegalGainFen: 2000_00, ConfiscateFen: 1000_00, RefundFen: 1000_00, RefundBasis: "消费者权益保护法第五十二条", Level: "违法所得", Reason: why}, false, "", false},
		{"refund without its basis", org, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 5000_00, IllegalGainFen: 2000_00, RefundFen: 2000_00, Level: "违法所得", Reason: why}, false, "EINVALID", false},
		{"multiples, no gain and no fallback", org, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 100_00, Level: "违法所得", Reason: why}, false, RuleBenchmark, false},
		{"首违不罚 (Art. 33 ¶1)", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 20000_00, Level: "一般", Reason: why, ListEntries: []string{"APL33-1B"}}, false, "", true},
		{"age 15 must be lighter (Art. 30)", teen, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 20000_00, Level: "一般", Reason: why}, false, RuleAge, false},
		{"age 15, 从轻 cited (Art. 30)", teen, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 15000_00, Level: "一般", Reason: why, ListEntries: []string{"APL30-2L"}}, false, "", false},
		{"age 15 cannot get the statutory maximum (Art. 30)", teen, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 50000_00, Level: "严重", Reason: why, ListEntries: []string{"APL30-2L"}}, false, RuleLighter, false},
		{"age 13 is not penalized (Art. 30)", teen, "2024-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 15000_00, Level: "一般", Reason: why, ListEntries: []string{"APL30-2L"}}, false, RuleAge, false},
		{"age 13, APL30-1 cited (Art. 30)", teen, "2024-02-20", "", zhifa.Proposal{Reason: why, ListEntries: []string{"APL30-1"}}, false, "", true},
		{"adult cannot cite the age rule", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 15000_00, Level: "一般", Reason: why, ListEntries: []string{"APL30-2L"}}, false, RuleAge, false},
		{"organization cannot cite the age rule", org, "2026-02-20", "", zhifa.Proposal{Reason: why, ListEntries: []string{"APL30-1"}}, false, RuleAge, false},
		{"entry of another item", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 15000_00, Level: "一般", Reason: why, ListEntries: []string{"L9"}}, false, RuleBenchmark, false},
		{"unknown entry", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 15000_00, Level: "一般", Reason: why, ListEntries: []string{"L404"}}, false, "EINVALID", false},
		{"penalty kind not in Art. 9", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款", "游街"}, FineFen: 15000_00, Level: "一般", Reason: why}, false, "EINVALID", false},
		{"no benchmark: level refused", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 15000_00, Level: "一般", Reason: why}, true, "EINVALID", false},
		{"no benchmark: statute bounds (五万元以上十万元以下)", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 200000_00, Reason: why}, true, "食品安全法第一百二十四条", false},
		{"no benchmark: within statute", adult, "2026-02-20", "", zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 60000_00, Reason: why}, true, "", false},
		{"summary over 200 yuan (Art. 51)", adult, "2026-02-20", zhifa.ProcSummary, zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 201_00, Reason: why}, true, RuleSummary, false},
	} {
		proc := tc.proc
		if proc == "" {
			proc = zhifa.ProcOrdinary
		}
		c := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: proc, ItemID: 1, Parties: tc.parties, OccurredOn: zhifa.MustDate(tc.on)}
		f := &ProposalFacts{Case: c, Benchmark: bench, Entries: entries,
			Provisions: ParseProvisions(zhifa.Basis{Law: "示例法", Article: "第一条", Text: "违反本法规定的，处五千元以上五万元以下罚款。"})}
		if tc.noBench {
			f.Benchmark, f.Provisions = nil, nil
			f.Statute = []StatuteFine{{Kind: zhifa.FineFixed, MinFen: 50000_00, MaxFen: 100000_00, Source: "食品安全法第一百二十四条"}}
			if tc.proc == zhifa.ProcSummary {
				f.Statute = nil
			}
		}
		p := tc.p
		_, err := CheckProposal(f, &p)
		got := ""
		if e, ok := err.(*zhifa.Error); ok {
			got = e.Rule
			if e.Code == zhifa.EINVALID {
				got = "EINVALID"
			}
		} else if err != nil {
			got = err.Error()
		}
		if got != tc.rule {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.rule)
			continue
		}
		if err == nil && p.NoPenalty != tc.noPen {
			t.Errorf("%s: NoPenalty = %v, want %v", tc.name, p.NoPenalty, tc.noPen)
		}
		if err == nil && tc.noPen && (p.FineFen != 0 || len(p.Penalties) != 0) {
			t.Errorf("%s: 不予处罚 keeps %+v", tc.name, p)
		}
		if err == nil && !tc.noPen && !tc.noBench && (p.BenchmarkID != 7 || p.BenchmarkVersion != 3) {
			t.Errorf("%s: benchmark not recorded: %+v", tc.name, p)
		}
	}
}

// TestCheckProposalCompulsory: a disposal is required; 不予实施强制措施 (行政强制法第十六条
// 第二款) requires release.
func TestCheckProposalCompulsory(t *testing.T) {
	c := &zhifa.Case{Kind: zhifa.CaseCompulsory, ItemID: 1, OccurredOn: zhifa.MustDate("2026-02-20")}
	f := &ProposalFacts{Case: c, Entries: BuiltinListEntries()}
	p := zhifa.Proposal{Disposal: "destroy", Reason: "扣押的过期食品应予销毁处理"}
	if _, err := CheckProposal(f, &p); err != nil || p.Penalties[0] != "销毁" {
		t.Fatalf("destroy: %v %+v", err, p)
	}
	p = zhifa.Proposal{Disposal: "destroy", Reason: "情节显著轻微，不采取强制措施", ListEntries: []string{"AEL16-2"}}
	if _, err := CheckProposal(f, &p); zhifa.ErrorCode(err) != zhifa.EGATE || !strings.Contains(err.Error(), "第十六条") {
		t.Errorf("destroy with AEL16-2: %v", err)
	}
	p = zhifa.Proposal{Reason: "情节显著轻微，不采取强制措施", ListEntries: []string{"APL33-1B"}, Disposal: "release"}
	if _, err := CheckProposal(f, &p); zhifa.ErrorCode(err) != zhifa.EGATE {
		t.Errorf("compulsory case citing a penalty list: %v", err)
	}
}

func TestStats(t *testing.T) {
	s := Stats([]int64{500, 100, 300, 200, 400})
	if s != (FineStats{Count: 5, Min: 100, Q1: 200, Median: 300, Q3: 400, Max: 500}) {
		t.Errorf("Stats = %+v", s)
	}
	if Stats(nil).Count != 0 {
		t.Error("empty")
	}
}

// idWithBirth builds a valid 身份证号 with the birth date (GB 11643 check digit).
func idWithBirth(birth string) string {
	first := "370202" + birth + "123"
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, r := range first {
		sum += int(r-'0') * w[i]
	}
	return first + string("10X98765432"[sum%11])
}

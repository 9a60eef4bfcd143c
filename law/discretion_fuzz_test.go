package law

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"zhifa"
)

// Fuzz tests of the discretion parsers and validators (REQUIREMENTS B3, B4; 行政处罚法
// 第三十四条). Their seed corpora run in every `go test`; run one for longer with
//
//	go test -run '^$' -fuzz FuzzValidateBenchmark -fuzztime 30s ./law

// FuzzParseYuan: statute amounts ("五千", "1.5万", "一百五十万") never panic and never
// come out negative; "NaN", "-5" or "1e9" (which strconv.ParseFloat alone would take)
// are refused.
func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"五千", "二十万", "一百五十万", "5000", "1.5万", "一万五千", "一亿", "两千", "万", "亿万",
		"NaN", "-5", "1e9", "Inf", "0x10", ".", "1..5", "99999999999999999999亿", "九千九百九十九亿亿", "零", "十", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fen, err := ParseYuan(s)
		if err != nil {
			return
		}
		if fen < 0 {
			t.Fatalf("ParseYuan(%q) = %d", s, fen)
		}
		for _, bad := range []string{"N", "n", "I", "-", "+", "e", "x"} {
			if strings.Contains(s, bad) {
				t.Fatalf("ParseYuan(%q) = %d, want an error", s, fen)
			}
		}
	})
}

// FuzzStatuteFines: any basis text gives ranges that are not negative and, where both
// ends are given, ordered as the text wrote them — never a panic.
func FuzzStatuteFines(f *testing.F) {
	f.Add("并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款")
	f.Add("拒不改正的，处二千元以下的罚款")
	f.Add("处一万元以上的罚款")
	f.Add("处NaN倍以上Inf倍以下罚款")
	f.Add("处.元以上..元以下罚款")
	f.Add("处99999999999999999999999元以下罚款")
	f.Fuzz(func(t *testing.T, text string) {
		for _, s := range StatuteFines([]zhifa.Basis{{Law: "某法", Article: "第一条", Text: text}}) {
			if s.MinFen < 0 || s.MaxFen < 0 || s.MinTimes < 0 || s.MaxTimes < 0 ||
				math.IsNaN(s.MinTimes) || math.IsNaN(s.MaxTimes) || math.IsInf(s.MinTimes, 0) || math.IsInf(s.MaxTimes, 0) {
				t.Fatalf("%q: %+v", text, s)
			}
		}
	})
}

// FuzzValidateBenchmark: a benchmark ValidateBenchmark accepts has ordered, finite,
// non-negative ranges within the statute, can be published as JSON, and LevelRange
// gives every level an ordered, non-negative range for any gain up to 1万亿元.
func FuzzValidateBenchmark(f *testing.F) {
	f.Add("fixed", int64(5000_00), int64(15000_00), 0.0, 0.0, "fixed", int64(15000_00), int64(35000_00), 0.0, 0.0, false, int64(0))
	f.Add("multiple", int64(0), int64(0), 1.0, 3.0, "multiple", int64(0), int64(0), 3.0, 5.0, true, int64(2000_00))
	f.Add("multiple", int64(0), int64(0), math.NaN(), 3.0, "none", int64(0), int64(0), 0.0, 0.0, false, int64(1))
	f.Add("multiple", int64(0), int64(0), 0.0, math.Inf(1), "fixed", int64(0), int64(1), 0.0, 0.0, false, int64(1))
	f.Add("multiple", int64(0), int64(0), 1.0, 1000.0, "none", int64(0), int64(0), 0.0, 0.0, true, int64(math.MaxInt64))
	f.Add("fixed", int64(-1), int64(math.MaxInt64), 0.0, 0.0, "fixed", int64(math.MaxInt64), int64(math.MaxInt64), 0.0, 0.0, true, int64(5))
	f.Fuzz(func(t *testing.T, k1 string, min1, max1 int64, t1, u1 float64, k2 string, min2, max2 int64, t2, u2 float64, statute bool, gain int64) {
		lvl := func(name, kind string, mn, mx int64, tl, th float64) zhifa.BenchmarkLevel {
			l := zhifa.BenchmarkLevel{Name: name, Conditions: "情形", Fine: zhifa.FineRange{Kind: zhifa.FineKind(kind), MinFen: mn, MaxFen: mx, MinTimes: tl, MaxTimes: th}}
			if kind != string(zhifa.FineNone) {
				l.Penalties = []string{"罚款"}
			}
			return l
		}
		b := &zhifa.Benchmark{Levels: []zhifa.BenchmarkLevel{lvl("一般", k1, min1, max1, t1, u1), lvl("严重", k2, min2, max2, t2, u2)}}
		var st []StatuteFine
		if statute {
			st = []StatuteFine{{Kind: zhifa.FineFixed, MinFen: 5000_00, MaxFen: 100000_00, Source: "某法第一条"},
				{Kind: zhifa.FineMultiple, MinTimes: 1, MaxTimes: 20, Source: "某法第一条"}}
		}
		if errs := ValidateBenchmark(b, st); errs != nil {
			return
		}
		if _, err := json.Marshal(b); err != nil {
			t.Fatalf("accepted benchmark cannot be published: %v (%+v)", err, b.Levels)
		}
		for _, l := range b.Levels {
			r := l.Fine
			switch r.Kind {
			case zhifa.FineFixed:
				if r.MinFen < 0 || r.MinFen > r.MaxFen {
					t.Fatalf("accepted range %+v", r)
				}
			case zhifa.FineMultiple:
				if r.MinTimes < 0 || r.MaxTimes > MaxTimes || r.MinTimes > r.MaxTimes {
					t.Fatalf("accepted range %+v", r)
				}
			}
			if gain < 0 || gain > 100_000_000_000_000 {
				gain = 100_000_000_000_000
			}
			lr := LevelRange(&l, gain)
			if !lr.None && (lr.MinFen < 0 || lr.MinFen > lr.MaxFen) {
				t.Fatalf("LevelRange(%+v, %d) = %+v", r, gain, lr)
			}
		}
	})
}

// FuzzCheckProposal: whatever a handler proposes — amounts, level, penalties, cited
// entries — CheckProposal never panics, and a fine it accepts lies within the level's
// range, or below it only with a 减轻 entry cited (行政处罚法第三十二条).
func FuzzCheckProposal(f *testing.F) {
	f.Add("一般", "罚款", int64(20000_00), int64(0), int64(0), "", false)
	f.Add("违法所得", "罚款", int64(5000_00), int64(2000_00), int64(2000_00), "", false)
	f.Add("违法所得", "罚款", int64(1), int64(math.MaxInt64), int64(0), "", false)
	f.Add("一般", "罚款", int64(10000_00), int64(0), int64(0), "APL32M", false)
	f.Add("一般", "罚款", int64(21000_00), int64(0), int64(0), "APL32L", true)
	f.Add("", "警告", int64(-5), int64(-1), int64(-1), "APL33-1B", true)
	f.Fuzz(func(t *testing.T, level, kind string, fine, gain, confiscate int64, entry string, summary bool) {
		bench := &zhifa.Benchmark{ID: 1, Version: 1, Levels: []zhifa.BenchmarkLevel{
			{Name: "一般", Conditions: "情形", Penalties: []string{"警告", "罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 15000_00, MaxFen: 35000_00}},
			{Name: "违法所得", Conditions: "有违法所得", Penalties: []string{"罚款", "没收违法所得"}, Fine: zhifa.FineRange{Kind: zhifa.FineMultiple, MinTimes: 1, MaxTimes: 3}},
		}}
		proc := zhifa.ProcOrdinary
		if summary {
			proc = zhifa.ProcSummary
		}
		c := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: proc, ItemID: 1, OccurredOn: zhifa.MustDate("2026-02-20"),
			Parties: []zhifa.Party{{Kind: zhifa.PartyOrg, Name: "某公司"}}}
		p := &zhifa.Proposal{Penalties: strings.Split(kind, ","), FineFen: fine, IllegalGainFen: gain, ConfiscateFen: confiscate,
			Level: level, Reason: "经营者首次违法，货值较小，情节一般"}
		if entry != "" {
			p.ListEntries = []string{entry}
		}
		res, err := CheckProposal(&ProposalFacts{Case: c, Benchmark: bench, Entries: BuiltinListEntries()}, p)
		if err != nil || p.NoPenalty || fine <= 0 {
			return
		}
		if res.Range == nil || res.Range.None {
			t.Fatalf("fine %d accepted without a range: %+v", fine, res)
		}
		if res.Range.MinFen < 0 || res.Range.MaxFen < 0 {
			t.Fatalf("fine %d accepted against a negative (overflowed) range %+v", fine, res.Range)
		}
		if res.Range.MaxFen > 0 && fine > res.Range.MaxFen {
			t.Fatalf("fine %d above the range %+v", fine, res.Range)
		}
		if fine < res.Range.MinFen && entry != "APL32M" && !strings.HasPrefix(entry, "APL30") {
			t.Fatalf("fine %d below the range %+v without 减轻 (%q)", fine, res.Range, entry)
		}
	})
}

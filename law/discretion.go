package law

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/statute"
)

// Discretion (裁量, REQUIREMENTS B3, B4): benchmark validation, the statutory fine ranges
// of an item's basis, the built-in entries of the four lists and the check of a proposed
// decision (CheckProposal).
//
// 从轻, 减轻 and 从重 are measured on the statutory range of the applicable provision,
// not on a benchmark level's sub-range (issue 10; law/penaltyrange.go, following
// 市场监管总局《关于规范市场监督管理行政处罚裁量权的指导意见》（国市监法规〔2022〕2号）):
//   - 从轻 (lighter): within the statutory range, in its lower 30% (an agency setting);
//   - 减轻 (mitigated): below the statutory minimum;
//   - 从重 (heavier): within the statutory range, in its upper 30%.
// A benchmark level still bounds the fine from above, and from below unless 从轻 or
// 减轻 applies. The guidance is not in the statute library; its rule is restated in
// RuleLighter, RuleMitigated and RuleHeavier so that every refusal says what it applied.

// Citations of the discretion rules.
const (
	RuleBenchmark = "行政处罚法第三十四条（裁量基准）"
	RuleReason    = "东港市提升行政执法质量三年行动具体举措第（九）项（引用裁量权基准时要说明理由）"
	RuleLighter   = "行政处罚法第三十条、第三十二条；国市监法规〔2022〕2号（从轻处罚的罚款在幅度中较低的30%部分）"
	RuleMitigated = "行政处罚法第三十条、第三十二条；国市监法规〔2022〕2号（减轻处罚在最低限以下）"
	RuleAge       = "行政处罚法第三十条"
	RuleNoPenalty = "行政处罚法第三十三条"
	RuleKinds     = "行政处罚法第九条"
	RuleProposal  = "行政处罚法第四十四条（告知拟作出的行政处罚内容）"
	RuleNoCompel  = "行政强制法第十六条第二款"
	// LighterShare is the share of a level's range, from its minimum, that 从轻 allows.
	LighterShare = 0.3
	// MaxTimes bounds a benchmark's multiple (倍数). Statutory multiples are far smaller
	// (食品安全法第一百二十四条：货值金额十倍以上二十倍以下); 1000 leaves room and keeps a
	// gain times the multiple within int64 (see mulFen).
	MaxTimes = 1000
)

// mulFen is gainFen times a multiple, rounded to the fen; a product beyond int64 (or a
// NaN multiple) saturates instead of wrapping, so that a range never comes out negative.
func mulFen(gainFen int64, times float64) int64 {
	p := math.Round(float64(gainFen) * times)
	switch {
	case math.IsNaN(p):
		return 0
	case p >= math.MaxInt64:
		return math.MaxInt64
	case p <= math.MinInt64:
		return math.MinInt64
	}
	return int64(p)
}

// PenaltyKinds are the kinds of penalty of 行政处罚法 Art. 9 (其他行政处罚 aside).
var PenaltyKinds = []string{"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
	"吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留"}

// Disposals of a compulsory case and their names.
var Disposals = map[string]string{"confiscate": "没收", "destroy": "销毁", "release": "解除查封扣押"}

// ---- statutory ranges ----

// StatuteFine is a fine range a legal text gives: 五千元以上五万元以下 (fixed, in fen) or
// 十倍以上二十倍以下 (multiple). A zero maximum means none is given (…以上).
type StatuteFine struct {
	Kind     zhifa.FineKind `json:"kind"`
	MinFen   int64          `json:"min_fen"`
	MaxFen   int64          `json:"max_fen"`
	MinTimes float64        `json:"min_times"`
	MaxTimes float64        `json:"max_times"`
	Source   string         `json:"source"` // law and article
}

const numChars = `[0-9.零〇一二两三四五六七八九十百千万亿]+`

var (
	pairYuanRe  = regexp.MustCompile(`(` + numChars + `)元以上(` + numChars + `)元以下的?罚款`)
	pairTimesRe = regexp.MustCompile(`(` + numChars + `)倍以上(` + numChars + `)倍以下的?罚款`)
	maxYuanRe   = regexp.MustCompile(`(` + numChars + `)元以下的?罚款`)
	minYuanRe   = regexp.MustCompile(`(` + numChars + `)元以上的?罚款`)
)

// StatuteFines returns the fine ranges the basis texts give, e.g. 食品安全法 Art. 124:
// 五万元以上十万元以下 and 货值金额十倍以上二十倍以下.
func StatuteFines(basis []zhifa.Basis) []StatuteFine {
	var out []StatuteFine
	for _, b := range basis {
		src := strings.Trim(b.Law, "《》") + b.Article
		text := b.Text
		for _, m := range pairYuanRe.FindAllStringSubmatch(text, -1) {
			lo, err1 := ParseYuan(m[1])
			hi, err2 := ParseYuan(m[2])
			if err1 == nil && err2 == nil {
				out = append(out, StatuteFine{Kind: zhifa.FineFixed, MinFen: lo, MaxFen: hi, Source: src})
			}
		}
		for _, m := range pairTimesRe.FindAllStringSubmatch(text, -1) {
			lo, err1 := parseTimes(m[1])
			hi, err2 := parseTimes(m[2])
			if err1 == nil && err2 == nil {
				out = append(out, StatuteFine{Kind: zhifa.FineMultiple, MinTimes: lo, MaxTimes: hi, Source: src})
			}
		}
		rest := pairTimesRe.ReplaceAllString(pairYuanRe.ReplaceAllString(text, "；"), "；")
		for _, m := range maxYuanRe.FindAllStringSubmatch(rest, -1) {
			if hi, err := ParseYuan(m[1]); err == nil {
				out = append(out, StatuteFine{Kind: zhifa.FineFixed, MaxFen: hi, Source: src})
			}
		}
		for _, m := range minYuanRe.FindAllStringSubmatch(rest, -1) {
			if lo, err := ParseYuan(m[1]); err == nil {
				out = append(out, StatuteFine{Kind: zhifa.FineFixed, MinFen: lo, Source: src})
			}
		}
	}
	return out
}

// ParseYuan reads an amount of yuan as statutes write it ("五千", "二十万", "一百五十万",
// "5000", "1.5万") and returns it in fen.
func ParseYuan(s string) (int64, error) {
	s = strings.ReplaceAll(s, "两", "二")
	if s == "" {
		return 0, fmt.Errorf("空金额")
	}
	var total float64
	for _, unit := range []struct {
		ch string
		v  float64
	}{{"亿", 1e8}, {"万", 1e4}} {
		if i := strings.Index(s, unit.ch); i >= 0 {
			n, err := parseSmall(s[:i])
			if err != nil {
				return 0, err
			}
			total += n * unit.v
			s = s[i+len(unit.ch):]
		}
	}
	if s != "" {
		n, err := parseSmall(strings.TrimPrefix(s, "零"))
		if err != nil {
			return 0, err
		}
		total += n
	}
	if fen := math.Round(total * 100); fen < math.MaxInt64 {
		return int64(fen), nil
	}
	return 0, fmt.Errorf("金额过大")
}

// arabic reports whether s is an Arabic decimal as statutes write one: digits with at
// most one point. strconv.ParseFloat alone would also take "NaN", "Inf", "-5" and "1e9".
func arabic(s string) bool {
	dots := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return s != "" && s != "." && dots <= 1
}

// parseSmall reads a number below 10,000: Arabic digits (with a decimal point) or Chinese.
func parseSmall(s string) (float64, error) {
	if s == "" {
		return 1, nil // a bare unit: "万元" is one 万
	}
	if arabic(s) {
		return strconv.ParseFloat(s, 64)
	}
	n, err := statute.ParseChineseNumber(s)
	return float64(n), err
}

func parseTimes(s string) (float64, error) {
	if arabic(s) {
		return strconv.ParseFloat(s, 64)
	}
	n, err := statute.ParseChineseNumber(strings.ReplaceAll(s, "两", "二"))
	return float64(n), err
}

// ---- benchmarks ----

// ValidateBenchmark checks a benchmark (B3): at least one level; each named once, with
// its conditions; fine ranges ordered (min ≤ max) and, from level to level of the same
// kind, rising without overlap (a level's minimum is not below the previous level's
// maximum); and within the statute's range where the item's basis gives one. It
// returns the problems by field ("levels.1.fine.max_fen"), nil if none.
func ValidateBenchmark(b *zhifa.Benchmark, statuteFines []StatuteFine) zhifa.FieldErrors {
	errs := zhifa.FieldErrors{}
	if len(b.Levels) == 0 {
		errs.Add("levels", "至少设定一个裁量阶次")
	}
	if len(b.Levels) > 10 {
		errs.Add("levels", "裁量阶次不能超过10个")
	}
	seen := map[string]bool{}
	var prev *zhifa.BenchmarkLevel
	for i := range b.Levels {
		l := &b.Levels[i]
		f := fmt.Sprintf("levels.%d.", i)
		if l.Name == "" {
			errs.Add(f+"name", "请填写阶次名称，如“轻微”“一般”“较重”“严重”")
		} else if seen[l.Name] {
			errs.Add(f+"name", "阶次名称重复")
		}
		seen[l.Name] = true
		if l.Conditions == "" {
			errs.Add(f+"conditions", "请填写适用情形")
		}
		for _, p := range l.Penalties {
			if !slices.Contains(PenaltyKinds, p) {
				errs.Add(f+"penalties", "“"+p+"”不是行政处罚法第九条规定的处罚种类")
			}
		}
		hasFine := slices.Contains(l.Penalties, "罚款")
		switch {
		case !l.Fine.Kind.Valid():
			errs.Add(f+"fine.kind", "罚款方式应为不处罚款、固定金额或倍数")
		case hasFine && l.Fine.Kind == zhifa.FineNone:
			errs.Add(f+"fine.kind", "处罚种类含罚款，请设定罚款幅度")
		case !hasFine && l.Fine.Kind != zhifa.FineNone:
			errs.Add(f+"penalties", "设定了罚款幅度，处罚种类应含“罚款”")
		}
		checkRange(errs, f+"fine.", l.Fine, statuteFines)
		switch l.NoGainFine.Kind {
		case "", zhifa.FineNone:
			l.NoGainFine = zhifa.FineRange{Kind: zhifa.FineNone}
		case zhifa.FineFixed:
			if l.Fine.Kind != zhifa.FineMultiple {
				errs.Add(f+"no_gain_fine.kind", "只有按倍数罚款的阶次才设定没有违法所得时的罚款幅度")
			}
			checkRange(errs, f+"no_gain_fine.", l.NoGainFine, statuteFines)
		default:
			errs.Add(f+"no_gain_fine.kind", "没有违法所得时的罚款幅度只能为固定金额或不设")
		}
		if prev != nil && prev.Fine.Kind == l.Fine.Kind && errs[f+"fine.min_fen"] == "" && errs[f+"fine.min_times"] == "" {
			switch l.Fine.Kind {
			case zhifa.FineFixed:
				if l.Fine.MinFen < prev.Fine.MaxFen {
					errs.Add(f+"fine.min_fen", fmt.Sprintf("阶次应由轻到重排列且幅度不重叠：下限%s元低于“%s”的上限%s元", Yuan(l.Fine.MinFen), prev.Name, Yuan(prev.Fine.MaxFen)))
				}
			case zhifa.FineMultiple:
				if l.Fine.MinTimes < prev.Fine.MaxTimes {
					errs.Add(f+"fine.min_times", fmt.Sprintf("阶次应由轻到重排列且幅度不重叠：下限%s倍低于“%s”的上限%s倍", times(l.Fine.MinTimes), prev.Name, times(prev.Fine.MaxTimes)))
				}
			}
		}
		if l.Fine.Kind != zhifa.FineNone {
			prev = l
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkRange checks one range: amounts ordered, and within the statute's ranges of the
// same kind when the basis gives any.
func checkRange(errs zhifa.FieldErrors, f string, r zhifa.FineRange, st []StatuteFine) {
	switch r.Kind {
	case zhifa.FineFixed:
		if r.MinFen < 0 || r.MaxFen <= 0 {
			errs.Add(f+"max_fen", "罚款上限应大于0，下限不能为负数")
			return
		}
		if r.MinFen > r.MaxFen {
			errs.Add(f+"min_fen", "罚款下限不能高于上限")
			return
		}
		lo, hi, src, ok := envelope(st, zhifa.FineFixed)
		if !ok {
			if _, _, src, any := envelope(st, zhifa.FineMultiple); any {
				errs.Add(f+"kind", "法律依据（"+src+"）只规定按倍数罚款，不能设定固定金额")
			}
			return
		}
		if r.MinFen < int64(lo) {
			errs.Add(f+"min_fen", fmt.Sprintf("下限%s元低于法定最低%s元（%s）", Yuan(r.MinFen), Yuan(int64(lo)), src))
		}
		if hi > 0 && r.MaxFen > int64(hi) {
			errs.Add(f+"max_fen", fmt.Sprintf("上限%s元超过法定最高%s元（%s）", Yuan(r.MaxFen), Yuan(int64(hi)), src))
		}
	case zhifa.FineMultiple:
		// NaN and ±Inf (a form's "NaN" parses as a float) would pass every comparison
		// below and could not be stored or published as JSON.
		for _, x := range []struct {
			field string
			v     float64
		}{{"min_times", r.MinTimes}, {"max_times", r.MaxTimes}} {
			if math.IsNaN(x.v) || math.IsInf(x.v, 0) {
				errs.Add(f+x.field, "倍数应为数字")
				return
			}
		}
		if r.MinTimes < 0 || r.MaxTimes <= 0 || r.MaxTimes > MaxTimes {
			errs.Add(f+"max_times", "倍数上限应大于0且不超过1000，下限不能为负数")
			return
		}
		if r.MinTimes > r.MaxTimes {
			errs.Add(f+"min_times", "倍数下限不能高于上限")
			return
		}
		lo, hi, src, ok := envelope(st, zhifa.FineMultiple)
		if !ok {
			if _, _, src, any := envelope(st, zhifa.FineFixed); any {
				errs.Add(f+"kind", "法律依据（"+src+"）只规定固定金额罚款，不能按倍数设定")
			}
			return
		}
		if r.MinTimes < lo {
			errs.Add(f+"min_times", fmt.Sprintf("下限%s倍低于法定最低%s倍（%s）", times(r.MinTimes), times(lo), src))
		}
		if hi > 0 && r.MaxTimes > hi {
			errs.Add(f+"max_times", fmt.Sprintf("上限%s倍超过法定最高%s倍（%s）", times(r.MaxTimes), times(hi), src))
		}
	}
}

// envelope is the widest range the statute gives for the kind: the lowest minimum and
// the highest maximum (0 when some range has no maximum), in fen or times.
func envelope(st []StatuteFine, kind zhifa.FineKind) (lo, hi float64, src string, ok bool) {
	unbounded := false
	for _, s := range st {
		if s.Kind != kind {
			continue
		}
		mn, mx := float64(s.MinFen), float64(s.MaxFen)
		if kind == zhifa.FineMultiple {
			mn, mx = s.MinTimes, s.MaxTimes
		}
		if !ok || mn < lo {
			lo = mn
		}
		if mx == 0 {
			unbounded = true
		} else if mx > hi {
			hi = mx
		}
		if !strings.Contains(src, s.Source) {
			if src != "" {
				src += "、"
			}
			src += s.Source
		}
		ok = true
	}
	if unbounded {
		hi = 0
	}
	return lo, hi, src, ok
}

func times(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Range is the fine range that applies to one case, in fen. None means no fine may be
// imposed (the level has none, or it is in multiples and there is no gain nor fallback).
type Range struct {
	MinFen int64  `json:"min_fen"`
	MaxFen int64  `json:"max_fen"`
	None   bool   `json:"none"`
	Text   string `json:"text"` // e.g. "5000–20000元（违法所得1–3倍）"
}

// LevelRange is the fine range of the level for an illegal gain (or other base) of
// gainFen: a fixed range as is; multiples of the gain rounded to the fen; without a gain,
// the fallback range (没有违法所得的) if the level has one.
func LevelRange(l *zhifa.BenchmarkLevel, gainFen int64) Range {
	switch l.Fine.Kind {
	case zhifa.FineFixed:
		return Range{MinFen: l.Fine.MinFen, MaxFen: l.Fine.MaxFen, Text: Yuan(l.Fine.MinFen) + "–" + Yuan(l.Fine.MaxFen) + "元"}
	case zhifa.FineMultiple:
		base := l.Fine.Base
		if base == "" {
			base = "违法所得"
		}
		if gainFen > 0 {
			lo, hi := mulFen(gainFen, l.Fine.MinTimes), mulFen(gainFen, l.Fine.MaxTimes)
			return Range{MinFen: lo, MaxFen: hi, Text: fmt.Sprintf("%s–%s元（%s%s元的%s–%s倍）", Yuan(lo), Yuan(hi), base, Yuan(gainFen), times(l.Fine.MinTimes), times(l.Fine.MaxTimes))}
		}
		if l.NoGainFine.Kind == zhifa.FineFixed {
			return Range{MinFen: l.NoGainFine.MinFen, MaxFen: l.NoGainFine.MaxFen, Text: Yuan(l.NoGainFine.MinFen) + "–" + Yuan(l.NoGainFine.MaxFen) + "元（没有" + base + "）"}
		}
		return Range{None: true, Text: "没有" + base + "，本阶次无可适用的罚款幅度"}
	}
	return Range{None: true, Text: "本阶次不处罚款"}
}

// DescribeFine is a short Chinese description of a level's fine, for pages.
func DescribeFine(r zhifa.FineRange) string {
	base := r.Base
	if base == "" {
		base = "违法所得"
	}
	switch r.Kind {
	case zhifa.FineFixed:
		return Yuan(r.MinFen) + "元以上" + Yuan(r.MaxFen) + "元以下"
	case zhifa.FineMultiple:
		return base + times(r.MinTimes) + "倍以上" + times(r.MaxTimes) + "倍以下"
	}
	return "不处罚款"
}

// ---- the four lists ----

func apl(article, text string) []zhifa.Basis {
	return []zhifa.Basis{{Law: "中华人民共和国行政处罚法", Article: article, Text: text}}
}

const (
	art30 = "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；已满十四周岁不满十八周岁的未成年人有违法行为的，应当从轻或者减轻行政处罚。"
	art31 = "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚，但应当责令其监护人严加看管和治疗。间歇性精神病人在精神正常时有违法行为的，应当给予行政处罚。尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人有违法行为的，可以从轻或者减轻行政处罚。"
	art32 = "当事人有下列情形之一，应当从轻或者减轻行政处罚：（一）主动消除或者减轻违法行为危害后果的；（二）受他人胁迫或者诱骗实施违法行为的；（三）主动供述行政机关尚未掌握的违法行为的；（四）配合行政机关查处违法行为有立功表现的；（五）法律、法规、规章规定其他应当从轻或者减轻行政处罚的。"
	art33 = "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"
)

// BuiltinListEntries are the entries every agency's lists hold from the statute
// (行政处罚法第三十条至第三十三条, 行政强制法第十六条第二款), B4. Their keys are stable:
// proposals cite them.
func BuiltinListEntries() []zhifa.ListEntry {
	e := func(key string, kind zhifa.ListKind, title, cond string, basis []zhifa.Basis) zhifa.ListEntry {
		return zhifa.ListEntry{Key: key, Kind: kind, Title: title, Conditions: cond, Basis: basis, Builtin: true, Active: true}
	}
	minor := e("APL30-1", zhifa.ListNoPenalty, "不满十四周岁的未成年人违法", "违法行为发生时当事人不满十四周岁（按身份证号出生日期计算）；责令监护人加以管教", apl("第三十条", art30))
	minor.AgeBelow = 14
	teenL := e("APL30-2L", zhifa.ListLighter, "已满十四周岁不满十八周岁的未成年人违法（从轻）", "违法行为发生时当事人已满十四周岁不满十八周岁；应当从轻或者减轻", apl("第三十条", art30))
	teenL.AgeFrom, teenL.AgeBelow = 14, 18
	teenM := e("APL30-2M", zhifa.ListMitigated, "已满十四周岁不满十八周岁的未成年人违法（减轻）", "违法行为发生时当事人已满十四周岁不满十八周岁；应当从轻或者减轻", apl("第三十条", art30))
	teenM.AgeFrom, teenM.AgeBelow = 14, 18
	return []zhifa.ListEntry{
		e("APL33-1A", zhifa.ListNoPenalty, "违法行为轻微并及时改正，没有造成危害后果", "违法行为轻微；及时改正；没有造成危害后果", apl("第三十三条第一款", art33)),
		e("APL33-1B", zhifa.ListNoPenalty, "首违不罚：初次违法且危害后果轻微并及时改正", "初次违法；危害后果轻微；及时改正（可以不予行政处罚）", apl("第三十三条第一款", art33)),
		e("APL33-2", zhifa.ListNoPenalty, "当事人有证据足以证明没有主观过错", "当事人有证据足以证明没有主观过错；法律、行政法规另有规定的，从其规定", apl("第三十三条第二款", "当事人有证据足以证明没有主观过错的，不予行政处罚。法律、行政法规另有规定的，从其规定。")),
		minor,
		e("APL31-1", zhifa.ListNoPenalty, "精神病人、智力残疾人在不能辨认或者不能控制自己行为时违法", "有鉴定或者诊断证明；责令其监护人严加看管和治疗", apl("第三十一条", art31)),
		teenL,
		e("APL31-3L", zhifa.ListLighter, "尚未完全丧失辨认或者控制能力的精神病人、智力残疾人违法（从轻）", "有鉴定或者诊断证明（可以从轻或者减轻）", apl("第三十一条", art31)),
		e("APL32L", zhifa.ListLighter, "主动消除或者减轻危害后果、受胁迫诱骗、主动供述、立功等（从轻）", "具有第三十二条所列情形之一，在裁量理由中写明具体情形", apl("第三十二条", art32)),
		teenM,
		e("APL31-3M", zhifa.ListMitigated, "尚未完全丧失辨认或者控制能力的精神病人、智力残疾人违法（减轻）", "有鉴定或者诊断证明（可以从轻或者减轻）", apl("第三十一条", art31)),
		e("APL32M", zhifa.ListMitigated, "主动消除或者减轻危害后果、受胁迫诱骗、主动供述、立功等（减轻）", "具有第三十二条所列情形之一，在裁量理由中写明具体情形", apl("第三十二条", art32)),
		e("AEL16-2", zhifa.ListNoCompulsion, "违法行为情节显著轻微或者没有明显社会危害", "情节显著轻微或者没有明显社会危害的，可以不采取行政强制措施",
			[]zhifa.Basis{{Law: "中华人民共和国行政强制法", Article: "第十六条第二款", Text: "违法行为情节显著轻微或者没有明显社会危害的，可以不采取行政强制措施。"}}),
	}
}

// PartyAges are the ages in 周岁 of the case's citizen parties on the violation date
// (occurred_on), from the birth date in their 身份证号 (GB 11643), counted by FullYears
// (the birthday itself does not complete a year; law/age.go); -1 where unknown.
func PartyAges(c *zhifa.Case) []int {
	var out []int
	for _, p := range c.Parties {
		if p.Kind != zhifa.PartyPerson {
			continue
		}
		age, ok := personAge(p.IDNumber, c.OccurredOn)
		if !ok {
			age = -1
		}
		out = append(out, age)
	}
	return out
}

// EntryApplies tells whether a list entry may be relied on in the case, and if not, why:
// it must be active, of the case's item or of any item, of a list the case's kind has
// (不予实施强制措施 for compulsory measures, the others for penalties), and an age-gated
// entry (Art. 30) needs every citizen party's age on the violation date in its bounds.
func EntryApplies(e *zhifa.ListEntry, c *zhifa.Case) (bool, string) {
	if !e.Active {
		return false, "该清单条目已停用"
	}
	if e.ItemID != 0 && e.ItemID != c.ItemID {
		return false, "该清单条目不适用于本案的执法事项"
	}
	compulsory := c.Kind == zhifa.CaseCompulsory
	if (e.Kind == zhifa.ListNoCompulsion) != compulsory {
		if compulsory {
			return false, "行政强制案件只能引用不予实施行政强制措施清单"
		}
		return false, "行政处罚案件不能引用不予实施行政强制措施清单"
	}
	if e.AgeFrom == 0 && e.AgeBelow == 0 {
		return true, ""
	}
	ages := PartyAges(c)
	if len(ages) == 0 {
		return false, "本案当事人不是公民，不适用年龄规定（" + RuleAge + "）"
	}
	for _, age := range ages {
		if age < 0 {
			return false, "无法由身份证号确定当事人违法时的年龄（" + RuleAge + "）"
		}
		if age < e.AgeFrom || (e.AgeBelow > 0 && age >= e.AgeBelow) {
			return false, fmt.Sprintf("当事人于违法行为发生时（%s）为%d周岁，不符合该条目的年龄条件（%s）", c.OccurredOn.Chinese(), age, RuleAge)
		}
	}
	return true, ""
}

// ---- the proposal ----

// ProposalFacts is what CheckProposal looks at besides the proposal.
type ProposalFacts struct {
	Case *zhifa.Case
	// Benchmark is the item's benchmark, nil if it has none.
	Benchmark *zhifa.Benchmark
	// Statute are the fine ranges of the item's basis (StatuteFines).
	Statute []StatuteFine
	// Entries are the entries the case may cite: the built-ins and the agency's own.
	Entries []zhifa.ListEntry
	// Provisions are the penalty provisions of the item's basis (BasisProvisions).
	Provisions []Provision
	// LighterShare is the agency's share of the statutory range that 从轻 keeps to; 0 is
	// the default LighterShare (国市监法规〔2022〕2号).
	LighterShare float64
}

// ProposalCheck is what CheckProposal found: the range that applied and, for a proposal
// turned into 不予处罚, the guidance to give.
type ProposalCheck struct {
	Range *Range `json:"range,omitempty"`
	// Statute is the statutory range of the applicable provision for the case's amounts;
	// Unchecked says why it could not be computed (the item is flagged, RangeWarnings).
	Statute   *StatRange `json:"statute,omitempty"`
	Unchecked string     `json:"unchecked,omitempty"`
	Guidance  string     `json:"guidance,omitempty"`
}

// CheckProposal checks a proposed decision (拟处罚决定) against the benchmark and the
// four lists, and normalizes it (B3, B4):
//   - a reason is always required (RuleReason);
//   - every cited list entry must exist and apply (EntryApplies);
//   - a citizen under 14 on the violation date is not penalized (Art. 30): a penalty is
//     refused unless the 不予处罚 entry is cited; one of 14 to 17 must be penalized more
//     lightly (Art. 30: 应当从轻或者减轻): a Lighter or Mitigated entry must be cited;
//   - a cited 不予处罚 entry turns the proposal into 不予处罚 (NoPenalty set, penalties
//     and fine cleared; Art. 33 ¶3: the party is educated) and the case ends with
//     no_penalty;
//   - penalty kinds are those of Art. 9 and, with a benchmark, of the chosen level;
//   - an illegal gain is confiscated, except what is refunded by law (Art. 28 ¶2,
//     CheckGainConfiscated);
//   - the fine is at most the level's maximum and, unless a Lighter or Mitigated entry
//     is cited, at least its minimum;
//   - the fine lies in the statutory range of the item's provision for the case's 货值金额
//     and 违法所得 (ApplicableRange), and a cited Lighter entry, Mitigated entry or 从重
//     places it in the lower share, below the minimum or in the upper 30% of that range
//     (CheckRelation); where the range cannot be computed, the ranges the basis names
//     (StatuteFines) bound it and the check says so (ProposalCheck.Unchecked);
//   - a summary-procedure fine stays within Art. 51;
//   - a compulsory case proposes its disposal; a cited 不予实施强制措施 entry requires
//     release (行政强制法第十六条第二款).
func CheckProposal(f *ProposalFacts, p *zhifa.Proposal) (*ProposalCheck, error) {
	c := f.Case
	out := &ProposalCheck{}
	if strings.TrimSpace(p.Reason) == "" {
		return nil, Gate(RuleReason, "请写明裁量理由：所选裁量阶次的事实依据及从轻、减轻、不予处罚的情形")
	}
	if utf8.RuneCountInString(p.Reason) < 10 {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "裁量理由过于简单", Fields: map[string]string{"reason": "请具体说明裁量理由（至少10个字）"}}
	}
	cited := map[zhifa.ListKind]bool{}
	for _, key := range p.ListEntries {
		var e *zhifa.ListEntry
		for i := range f.Entries {
			if f.Entries[i].Key == key {
				e = &f.Entries[i]
			}
		}
		if e == nil {
			return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "引用的清单条目不存在", Fields: map[string]string{"list_entries": "清单条目“" + key + "”不存在或不属于本机关"}}
		}
		if ok, why := EntryApplies(e, c); !ok {
			rule := RuleBenchmark
			if e.AgeFrom != 0 || e.AgeBelow != 0 {
				rule = RuleAge
			}
			return nil, Gate(rule, "不能引用“"+e.Title+"”："+why)
		}
		cited[e.Kind] = true
	}
	if c.Kind == zhifa.CaseCompulsory {
		name, ok := Disposals[p.Disposal]
		if !ok {
			return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "请选择处理决定", Fields: map[string]string{"disposal": "处理决定应为没收、销毁或解除查封扣押"}}
		}
		if cited[zhifa.ListNoCompulsion] && p.Disposal != "release" {
			return nil, Gate(RuleNoCompel, "引用了不予实施行政强制措施清单条目，应当解除查封、扣押")
		}
		p.Penalties, p.FineFen, p.NoPenalty = []string{name}, 0, false
		return out, nil
	}
	p.Disposal = ""
	// Art. 30: age on the day of the violation.
	for _, age := range PartyAges(c) {
		switch {
		case age >= 0 && age < 14 && !cited[zhifa.ListNoPenalty]:
			return nil, Gate(RuleAge, fmt.Sprintf("当事人于违法行为发生时（%s）不满十四周岁（%d周岁），不予行政处罚，责令监护人加以管教；请引用不予处罚清单条目APL30-1", c.OccurredOn.Chinese(), age))
		case age >= 14 && age < 18 && !cited[zhifa.ListNoPenalty] && !cited[zhifa.ListLighter] && !cited[zhifa.ListMitigated]:
			return nil, Gate(RuleAge, fmt.Sprintf("当事人于违法行为发生时（%s）已满十四周岁不满十八周岁（%d周岁），应当从轻或者减轻行政处罚；请引用从轻或减轻清单条目（APL30-2L 或 APL30-2M）", c.OccurredOn.Chinese(), age))
		}
	}
	if cited[zhifa.ListNoPenalty] {
		p.NoPenalty, p.Penalties, p.FineFen, p.ConfiscateFen = true, nil, 0, 0
		out.Guidance = "依据所引用的不予处罚清单条目，拟不予行政处罚：请对当事人进行教育（行政处罚法第三十三条第三款），并以“不予行政处罚”结束案件"
		return out, nil
	}
	p.NoPenalty = false
	if len(p.Penalties) == 0 {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "请选择处罚种类", Fields: map[string]string{"penalties": "至少选择一种处罚（行政处罚法第九条）"}}
	}
	for _, k := range p.Penalties {
		if !slices.Contains(PenaltyKinds, k) {
			return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "处罚种类无效", Fields: map[string]string{"penalties": "“" + k + "”不是行政处罚法第九条规定的处罚种类"}}
		}
	}
	hasFine := slices.Contains(p.Penalties, "罚款")
	if hasFine != (p.FineFen > 0) {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "罚款金额与处罚种类不一致", Fields: map[string]string{"fine": "处罚种类含“罚款”时须填写罚款金额，不含时不能填写"}}
	}
	if p.ConfiscateFen > 0 && !slices.Contains(p.Penalties, "没收违法所得") && !slices.Contains(p.Penalties, "没收非法财物") {
		return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "没收金额与处罚种类不一致", Fields: map[string]string{"confiscate": "填写没收金额时，处罚种类应含“没收违法所得”或“没收非法财物”"}}
	}
	if err := CheckGainConfiscated(p); err != nil {
		return nil, err
	}
	lighter, mitigated := cited[zhifa.ListLighter], cited[zhifa.ListMitigated]
	var r *Range
	if b := f.Benchmark; b != nil {
		l := b.Level(p.Level)
		if l == nil {
			names := make([]string, 0, len(b.Levels))
			for _, l := range b.Levels {
				names = append(names, l.Name)
			}
			return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "请选择裁量阶次", Fields: map[string]string{"level": "裁量阶次应为：" + strings.Join(names, "、")}}
		}
		p.BenchmarkID, p.BenchmarkVersion = b.ID, b.Version
		for _, k := range p.Penalties {
			if len(l.Penalties) > 0 && !slices.Contains(l.Penalties, k) {
				return nil, Gate(RuleBenchmark, fmt.Sprintf("裁量基准（第%d版）“%s”阶次的处罚种类为%s，不含“%s”", b.Version, l.Name, strings.Join(l.Penalties, "、"), k))
			}
		}
		lr := LevelRange(l, levelBase(l, p))
		r = &lr
		if hasFine && lr.None {
			return nil, Gate(RuleBenchmark, fmt.Sprintf("裁量基准（第%d版）“%s”阶次：%s", b.Version, l.Name, lr.Text))
		}
		// The level's maximum binds; its minimum yields to 从轻 and 减轻, which are
		// measured on the statutory range below, not on the level's sub-range.
		switch {
		case !hasFine || lr.None:
		case lr.MaxFen > 0 && p.FineFen > lr.MaxFen:
			return nil, Gate(RuleBenchmark, fmt.Sprintf("拟罚款%s元超过裁量基准（第%d版）“%s”阶次上限（%s）", Yuan(p.FineFen), b.Version, l.Name, lr.Text))
		case p.FineFen < lr.MinFen && !lighter && !mitigated:
			return nil, Gate(RuleBenchmark, fmt.Sprintf("拟罚款%s元低于裁量基准（第%d版）“%s”阶次下限（%s）：从轻、减轻处罚须引用相应清单条目", Yuan(p.FineFen), b.Version, l.Name, lr.Text))
		}
	} else {
		if p.Level != "" {
			return nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "本事项尚未制定裁量基准", Fields: map[string]string{"level": "本事项尚未制定裁量基准，不能选择裁量阶次"}}
		}
		p.BenchmarkID, p.BenchmarkVersion = 0, 0
	}
	out.Range = r
	if hasFine {
		if err := checkStatutory(f, p, out, lighter, mitigated); err != nil {
			return nil, err
		}
	}
	if c.Procedure == zhifa.ProcSummary {
		warningOnly := len(p.Penalties) == 1 && p.Penalties[0] == "警告"
		for _, party := range c.Parties {
			if err := SummaryAllowed(PartyKind(party.Kind), p.FineFen, warningOnly); err != nil {
				return nil, err
			}
		}
		if !warningOnly && slices.ContainsFunc(p.Penalties, func(k string) bool { return k != "警告" && k != "罚款" }) {
			return nil, Gate(RuleSummary, "简易程序只能当场给予警告或者罚款")
		}
	}
	return out, nil
}

// statuteRange is the range the item's basis gives for a gain: the fixed ranges and, with
// a gain, the multiples; nil if the basis gives none (nothing to check).
func statuteRange(st []StatuteFine, gainFen int64) *Range {
	var r *Range
	add := func(lo, hi int64, text string) {
		if r == nil {
			r = &Range{MinFen: lo, MaxFen: hi, Text: text}
			return
		}
		r.MinFen = min(r.MinFen, lo)
		if hi == 0 || r.MaxFen == 0 {
			r.MaxFen = 0
		} else {
			r.MaxFen = max(r.MaxFen, hi)
		}
		r.Text += "；" + text
	}
	for _, s := range st {
		switch {
		case s.Kind == zhifa.FineFixed:
			text := Yuan(s.MinFen) + "元以上"
			if s.MaxFen > 0 {
				text += Yuan(s.MaxFen) + "元以下"
			}
			add(s.MinFen, s.MaxFen, s.Source+"："+text)
		case gainFen > 0:
			lo, hi := mulFen(gainFen, s.MinTimes), mulFen(gainFen, s.MaxTimes)
			add(lo, hi, fmt.Sprintf("%s：%s–%s倍即%s–%s元", s.Source, times(s.MinTimes), times(s.MaxTimes), Yuan(lo), Yuan(hi)))
		}
	}
	return r
}

// CheckProposalStep is the gate of the steps that need a proposal: the notice of an
// ordinary penalty case states the intended penalty (Art. 44), so it needs one; a
// decision equals the proposal, so it needs one that is not 不予处罚.
func CheckProposalStep(c *zhifa.Case, action zhifa.Action) error {
	p := c.State.Proposal
	switch action {
	case zhifa.ActNotify:
		if p == nil {
			return Gate(RuleProposal, "告知书应载明拟作出的行政处罚内容，请先“拟作出处罚决定”")
		}
		if p.NoPenalty {
			return Gate(RuleNoPenalty, "拟不予行政处罚的案件无须告知拟处罚内容，请以“不予行政处罚”结束案件")
		}
	case zhifa.ActDecide:
		if p == nil {
			if c.Kind == zhifa.CaseCompulsory {
				return Gate(RuleSeizureDecide, "请先“拟作出处理决定”（没收、销毁或解除查封扣押）")
			}
			return Gate(RuleBenchmark, "请先“拟作出处罚决定”，决定以拟处罚决定为准")
		}
		if p.NoPenalty {
			return Gate(RuleNoPenalty, "拟处罚决定为不予行政处罚，应以“不予行政处罚”结束案件")
		}
	}
	return nil
}

package law

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"zhifa"
)

// The relations of a penalty to the statutory range (issue 10, 行政处罚法第二十八条、
// 第三十条、第三十二条): 从轻, 减轻 and 从重 are positions in the range of the applicable
// provision (ApplicableRange: the branch chosen by 货值金额 or 违法所得), not in a benchmark
// level's sub-range. Following 市场监管总局《关于规范市场监督管理行政处罚裁量权的指导意见》
// （国市监法规〔2022〕2号）:
//   - 从轻: within the range, not above its lower part: min + share·(max − min), share 30%
//     by default (an agency may set another share, ProposalFacts.LighterShare);
//   - 减轻: below the statutory minimum;
//   - 从重: within the range, not below its upper 30%: max − 30%·(max − min).
// An entry of the 从轻 or 减轻 list that applies and is cited (Art. 30 minors of 14 to 17,
// Art. 32) forces the reduction: such a party cannot be fined the statutory maximum.

// Citations of the rules of this file.
const (
	RuleCorrection = "行政处罚法第二十八条第一款"
	RuleGain       = "行政处罚法第二十八条第二款"
	RuleHeavier    = "国市监法规〔2022〕2号（从重处罚的罚款在幅度中较高的30%部分）"
	// HeavierShare is the upper share of the statutory range that 从重 keeps to.
	HeavierShare = 0.3
)

// LighterCeiling is the highest fine that is still 从轻 in the range [lo, hi]: the lower
// share of it (国市监法规〔2022〕2号: 30%), rounded down to the fen.
func LighterCeiling(lo, hi int64, share float64) int64 {
	return lo + int64(math.Floor(float64(hi-lo)*share))
}

// HeavierFloor is the lowest fine that is 从重 in the range [lo, hi]: the upper 30% of
// it, rounded up to the fen.
func HeavierFloor(lo, hi int64) int64 {
	return hi - int64(math.Floor(float64(hi-lo)*HeavierShare))
}

// CheckRelation checks a fine against the statutory range r for the relations the
// proposal claims: lighter (a cited 从轻 entry), mitigated (a cited 减轻 entry) and
// heavier (从重). With both lighter and mitigated cited the handler may choose either.
// Without mitigation the fine lies within the range; the statutory maximum bounds
// every fine.
func CheckRelation(r *StatRange, fineFen int64, lighter, mitigated, heavier bool, share float64) error {
	if share <= 0 || share >= 1 {
		share = LighterShare
	}
	text := r.Source + "：" + r.Text
	if !r.Open && fineFen > r.MaxFen {
		return Gate(r.Source, fmt.Sprintf("拟罚款%s元超过法定幅度上限（%s）", Yuan(fineFen), text))
	}
	if heavier && (lighter || mitigated) {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "从重与从轻、减轻不能同时适用", Fields: map[string]string{"heavier": "已引用从轻或减轻清单条目，不能从重处罚"}}
	}
	below := fineFen < r.MinFen
	switch {
	case below && !mitigated:
		return Gate(RuleMitigated, fmt.Sprintf("拟罚款%s元低于法定幅度下限（%s）：只有依法减轻处罚才能在法定最低限以下处罚", Yuan(fineFen), text))
	case mitigated && !lighter && !below && r.MinFen > 0:
		return Gate(RuleMitigated, fmt.Sprintf("减轻处罚应在法定最低限%s元以下（%s），拟罚款%s元", Yuan(r.MinFen), text, Yuan(fineFen)))
	case lighter && !below && !r.Open:
		if top := LighterCeiling(r.MinFen, r.MaxFen, share); fineFen > top {
			return Gate(RuleLighter, fmt.Sprintf("从轻处罚的罚款应在法定幅度（%s）较低的%s部分，即不超过%s元，拟罚款%s元", text, percent(share), Yuan(top), Yuan(fineFen)))
		}
	case heavier && !r.Open:
		if floor := HeavierFloor(r.MinFen, r.MaxFen); fineFen < floor {
			return Gate(RuleHeavier, fmt.Sprintf("从重处罚的罚款应在法定幅度（%s）较高的30%%部分，即不低于%s元，拟罚款%s元", text, Yuan(floor), Yuan(fineFen)))
		}
	}
	return nil
}

func percent(share float64) string {
	return fmt.Sprintf("%g%%", math.Round(share*1000)/10)
}

// CheckGainConfiscated applies 行政处罚法第二十八条第二款: an illegal gain is confiscated,
// except the part refunded by law (依法应当退赔), which must name its legal basis. A
// proposal that confiscates the illegal gain states the gain.
func CheckGainConfiscated(p *zhifa.Proposal) error {
	confiscates := slices.Contains(p.Penalties, "没收违法所得")
	switch {
	case p.RefundFen < 0 || p.RefundFen > p.IllegalGainFen:
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "退赔金额无效", Fields: map[string]string{"refund": "依法退赔的金额不能为负数，也不能超过违法所得"}}
	case p.RefundFen > 0 && strings.TrimSpace(p.RefundBasis) == "":
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "请写明退赔依据", Fields: map[string]string{"refund_basis": "依法应当退赔的，请写明规定退赔的法律、法规条款"}}
	case confiscates && p.IllegalGainFen == 0:
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "请填写违法所得", Fields: map[string]string{"illegal_gain": "没收违法所得的，请填写认定的违法所得数额"}}
	}
	due := p.IllegalGainFen - p.RefundFen
	if due <= 0 {
		return nil
	}
	if !confiscates {
		return Gate(RuleGain, fmt.Sprintf("当事人有违法所得%s元，除依法应当退赔的外，应当予以没收：请在处罚种类中选择“没收违法所得”", Yuan(p.IllegalGainFen)))
	}
	if p.ConfiscateFen < due {
		return Gate(RuleGain, fmt.Sprintf("应当没收的违法所得为%s元（违法所得%s元，依法退赔%s元），拟没收%s元", Yuan(due), Yuan(p.IllegalGainFen), Yuan(p.RefundFen), Yuan(p.ConfiscateFen)))
	}
	return nil
}

// DefaultCorrection is the order to correct a decision states when the handler wrote no
// specific one (行政处罚法第二十八条第一款：应当责令当事人改正或者限期改正违法行为).
const DefaultCorrection = "责令当事人立即改正上述违法行为"

// CorrectionOrder is the order to correct that a penalty decision states (行政处罚法第二十八条
// 第一款): the handler's own (限期改正 with its period), the default order, or none when
// the violation has already ended or been corrected (Corrected).
func CorrectionOrder(p *zhifa.Proposal) string {
	switch {
	case p == nil || p.NoPenalty || p.Disposal != "":
		return ""
	case strings.TrimSpace(p.Correction) != "":
		return strings.TrimSpace(p.Correction)
	case p.Corrected:
		return ""
	}
	return DefaultCorrection
}

// levelBase is the amount a benchmark level's multiples are of: 货值金额 for a level
// that says so, the illegal gain otherwise.
func levelBase(l *zhifa.BenchmarkLevel, p *zhifa.Proposal) int64 {
	if l.Fine.Base == string(BaseGoods) {
		return p.GoodsValueFen
	}
	return p.IllegalGainFen
}

// multiplies reports whether a provision's fine is computed from base.
func multiplies(provs []Provision, base FineBase) bool {
	for _, pr := range provs {
		for _, f := range pr.Fines {
			if f.Base == base {
				return true
			}
		}
	}
	return false
}

// hasBelowBranch reports whether a provision has a fine for base below a threshold
// (货值金额不足一万元的).
func hasBelowBranch(provs []Provision, base FineBase) bool {
	for _, pr := range provs {
		for _, f := range pr.Fines {
			if f.Cond.Base == base && f.Cond.BelowFen > 0 {
				return true
			}
		}
	}
	return false
}

// checkStatutory checks the fine against the statutory range of the item's provisions
// for the case's 货值金额 and 违法所得 (CheckRelation). Where the range cannot be computed
// (an unreadable provision, a base the case does not record) the proposal is checked
// against the ranges the basis names (StatuteFines) and the reason is reported, as the
// item carries the same warning for its catalog owner.
func checkStatutory(f *ProposalFacts, p *zhifa.Proposal, out *ProposalCheck, lighter, mitigated bool) error {
	// A goods value of 0 is "not recorded": it selects the 不足一万元 branch where the
	// provision has one, but a fine in multiples of it cannot be computed.
	if multiplies(f.Provisions, BaseGoods) && p.GoodsValueFen == 0 && !hasBelowBranch(f.Provisions, BaseGoods) {
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "请填写货值金额", Fields: map[string]string{"goods_value": "本事项的法定罚款幅度取决于货值金额，请填写认定的货值金额"}}
	}
	sr, err := ApplicableRange(f.Provisions, Amounts{GoodsFen: p.GoodsValueFen, GainFen: p.IllegalGainFen})
	if err == nil && sr.Fines {
		out.Statute = sr
		return CheckRelation(sr, p.FineFen, lighter, mitigated, p.Heavier, f.LighterShare)
	}
	if err == nil {
		return Gate(sr.Source, "所适用的条款不设罚款（"+sr.Text+"），不能处以罚款")
	}
	out.Unchecked = "法定幅度无法自动计算：" + err.Error()
	r := statuteRange(f.Statute, p.IllegalGainFen)
	if r == nil || r.None {
		return nil
	}
	rule := "法定幅度"
	if _, _, src, ok := envelope(f.Statute, zhifa.FineFixed); ok {
		rule = src
	}
	switch {
	case r.MaxFen > 0 && p.FineFen > r.MaxFen:
		return Gate(rule, fmt.Sprintf("拟罚款%s元超过法定幅度上限（%s）", Yuan(p.FineFen), r.Text))
	case p.FineFen < r.MinFen && !mitigated:
		return Gate(RuleMitigated, fmt.Sprintf("拟罚款%s元低于法定幅度下限（%s）：只有依法减轻处罚才能在法定最低限以下处罚", Yuan(p.FineFen), r.Text))
	}
	return nil
}

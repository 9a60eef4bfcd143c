package law

import (
	"fmt"
	"slices"
	"strings"

	"zhifa"
)

// The notice and the decision (行政处罚法第四十四条、第四十五条第二款、第六十二条、第六十三条、
// 第六十四条; REQUIREMENTS B3, C1): the notify step snapshots the proposal the party was
// notified of (CaseState.NotifiedProposal); the decision may not be heavier than it
// (Heavier, CheckNotHeavier) — a heavier penalty needs a new notice (renotify, 重新告知),
// which restarts the statement and hearing-request periods. The hearing right is derived
// from the notified proposal (HearingRight), the handler may only add one.

// Citations of the notice rules.
const (
	// RuleNoHeavier: 行政机关不得因当事人陈述、申辩而给予更重的处罚 (Art. 45 ¶2); a decision
	// not notified (Art. 44) may not be made (Art. 62).
	RuleNoHeavier = "行政处罚法第四十五条第二款、第六十二条"
	// RuleRenotice is the gate of renotify: the new notice states the new proposal (Art. 44).
	RuleRenotice = "行政处罚法第四十四条、第四十五条第二款（重新告知）"
	// RuleHearingAmount is the source of the amount thresholds of Art. 63(一)(二): the
	// statute leaves 较大数额 to local rules; the default follows 市场监督管理行政处罚听证办法
	// 第五条 (not in the statute library), an agency setting.
	RuleHearingAmount = "行政处罚法第六十三条；本机关听证数额标准（默认参照市场监督管理行政处罚听证办法第五条：自然人一万元、法人或者其他组织十万元）"
)

// HearingThresholds are the amounts from which a fine, or the value of what is
// confiscated (违法所得和非法财物价值总额), is 较大数额 (Art. 63(一)(二)), per party kind, in
// fen. A zero field is the default.
type HearingThresholds struct {
	PersonFen int64 `json:"person_fen"` // 公民
	OrgFen    int64 `json:"org_fen"`    // 法人或者其他组织
}

// DefaultHearingThresholds is the default setting: 市场监督管理行政处罚听证办法第五条第一款
// 第（三）（四）项 (对自然人处以一万元以上、对法人或者其他组织处以十万元以上罚款；没收违法所得
// 和非法财物价值总额达到上述数额). It is a default, not statute: agencies set their own.
var DefaultHearingThresholds = HearingThresholds{PersonFen: 1_000_000, OrgFen: 10_000_000}

// Or returns t with its zero fields taken from DefaultHearingThresholds.
func (t HearingThresholds) Or() HearingThresholds {
	if t.PersonFen <= 0 {
		t.PersonFen = DefaultHearingThresholds.PersonFen
	}
	if t.OrgFen <= 0 {
		t.OrgFen = DefaultHearingThresholds.OrgFen
	}
	return t
}

// Of is the threshold for a party of kind k.
func (t HearingThresholds) Of(k zhifa.PartyKind) int64 {
	t = t.Or()
	if k == zhifa.PartyOrg {
		return t.OrgFen
	}
	return t.PersonFen
}

// hearingKinds are the penalty kinds that always give a hearing right (Art. 63).
var hearingKinds = []struct{ kind, clause string }{
	{"降低资质等级", "第六十三条第一款第三项"},
	{"吊销许可证件", "第六十三条第一款第三项"},
	{"责令停产停业", "第六十三条第一款第四项"},
	{"责令关闭", "第六十三条第一款第四项"},
	{"限制从业", "第六十三条第一款第四项"},
	{"其他较重的行政处罚", "第六十三条第一款第五项"},
}

// HearingRight reports whether the proposal gives the parties a right to request a
// hearing (行政处罚法第六十三条) and why: a penalty kind of items (三)–(五), or a fine
// (item 一) or a confiscated value (item 二) at or above the threshold of a party's kind.
// Items (五)(六) beyond the listed kinds are the handler's call (the manual input adds a
// right, it never removes this one).
func HearingRight(p *zhifa.Proposal, parties []zhifa.PartyKind, t HearingThresholds) (bool, string) {
	if p == nil || p.NoPenalty {
		return false, ""
	}
	var why []string
	for _, k := range hearingKinds {
		if slices.Contains(p.Penalties, k.kind) {
			why = append(why, fmt.Sprintf("拟%s（%s）", k.kind, k.clause))
		}
	}
	who := func(k zhifa.PartyKind) string {
		if k == zhifa.PartyOrg {
			return "法人或者其他组织"
		}
		return "公民"
	}
	for _, k := range parties {
		if p.FineFen > 0 && p.FineFen >= t.Of(k) {
			why = append(why, fmt.Sprintf("对%s拟罚款%s元，达到较大数额%s元（第六十三条第一款第一项）", who(k), Yuan(p.FineFen), Yuan(t.Of(k))))
			break
		}
	}
	for _, k := range parties {
		if p.ConfiscateFen > 0 && p.ConfiscateFen >= t.Of(k) {
			why = append(why, fmt.Sprintf("对%s拟没收违法所得、非法财物价值%s元，达到较大数额%s元（第六十三条第一款第二项）", who(k), Yuan(p.ConfiscateFen), Yuan(t.Of(k))))
			break
		}
	}
	return len(why) > 0, strings.Join(why, "；")
}

// CopyProposal returns a deep copy of p (nil for nil), for the snapshot of the notice.
func CopyProposal(p *zhifa.Proposal) *zhifa.Proposal {
	if p == nil {
		return nil
	}
	cp := *p
	cp.Penalties = slices.Clone(p.Penalties)
	cp.ListEntries = slices.Clone(p.ListEntries)
	cp.Flags = slices.Clone(p.Flags)
	return &cp
}

// Heavier lists how the proposal p is heavier than the notified one n (行政处罚法第四十五条
// 第二款): a penalty kind the notice did not state, a higher fine or a higher confiscated
// value. Nothing (nil) means equal or lighter, and the decision may be made. A proposal
// of 不予处罚 is never heavier.
func Heavier(p, n *zhifa.Proposal) []string {
	if p == nil || n == nil || p.NoPenalty {
		return nil
	}
	var out []string
	for _, k := range p.Penalties {
		if !slices.Contains(n.Penalties, k) {
			out = append(out, "增加了告知书未载明的处罚种类“"+k+"”")
		}
	}
	if p.FineFen > n.FineFen {
		out = append(out, fmt.Sprintf("罚款%s元高于告知的%s元", Yuan(p.FineFen), Yuan(n.FineFen)))
	}
	if p.ConfiscateFen > n.ConfiscateFen {
		out = append(out, fmt.Sprintf("没收价值%s元高于告知的%s元", Yuan(p.ConfiscateFen), Yuan(n.ConfiscateFen)))
	}
	return out
}

// CheckNotHeavier is the gate of an ordinary penalty decision against the notice: the
// proposal decided may not be heavier than the one notified (第四十五条第二款、第六十二条).
// A case notified before snapshots were kept (no NotifiedProposal) is not checked.
func CheckNotHeavier(c *zhifa.Case) error {
	st := c.State
	why := Heavier(st.Proposal, st.NotifiedProposal)
	if len(why) == 0 {
		return nil
	}
	return Gate(RuleNoHeavier, fmt.Sprintf("拟作出的处罚重于告知书所载内容（第%d稿：%s）。行政机关不得因当事人陈述、申辩而给予更重的处罚；"+
		"如需给予更重的处罚，须重新签发并送达行政处罚事先告知书（重新告知），重新听取陈述、申辩", st.Proposal.Revision, strings.Join(why, "；")))
}

// checkRenotify is the gate of renotify besides the document gate: the new notice states
// a proposal (Art. 44).
func checkRenotify(c *zhifa.Case) error {
	return CheckProposalStep(c, zhifa.ActNotify)
}

// checkNewNotice is the document gate of renotify: a 行政处罚事先告知书 issued after the
// last notice was served (a higher document ID than the one snapshotted).
func checkNewNotice(f *CaseFacts, rule, why string) error {
	if f.NoticeID > f.Case.State.NoticeDocID {
		return nil
	}
	return Gate(rule, why)
}

// ApplyNotice records a notice served on day (notify or renotify) on the case of f: the
// snapshot of the proposal and the notice, the hearing right derived from the proposal
// (manual only adds one: Art. 63(五)(六)), the statement clock (restarted) and the
// hearing-request clock (Art. 64(一)) when there is a right. A renotify resets the
// waivers and the hearing request of the earlier notice. It returns the event's detail.
func ApplyNotice(f *CaseFacts, day zhifa.Date, manual bool) string {
	c := f.Case
	st := &c.State
	renotify := !st.NoticeServedOn.IsZero()
	right, why := HearingRight(st.Proposal, partyKinds(c), f.HearingThresholds)
	if !right && manual {
		right, why = true, "执法人员认定属于第六十三条第一款第五项、第六项情形"
	}
	st.NoticeServedOn, st.HearingRight, st.HearingReason = day, right, why
	st.NotifiedProposal, st.NoticeDocID = CopyProposal(st.Proposal), f.NoticeID
	if renotify {
		st.Renotified++
		st.StatementWaived, st.HearingWaived = false, false
		st.HearingAsked, st.HearingNotice, st.HearingOn, st.HearingHeld = zhifa.Date{}, zhifa.Date{}, zhifa.Date{}, false
	}
	setClock(c, StatementClock(f.Cal, day, f.StatementDays))
	if right {
		setClock(c, HearingRequestClock(f.Cal, day))
	} else if cl := c.Clock(zhifa.ClockHearingRequest); cl != nil {
		cl.Done = true
	}
	detail := fmt.Sprintf("告知书送达于%s", day)
	if renotify {
		detail = fmt.Sprintf("重新告知（第%d次），告知书送达于%s", st.Renotified, day)
	}
	if p := st.NotifiedProposal; p != nil {
		detail += fmt.Sprintf("；告知拟处罚第%d稿", p.Revision)
	}
	if right {
		return detail + "；有听证权：" + why
	}
	return detail + "；无听证权"
}

// setClock replaces the clock of cl's kind, or adds it.
func setClock(c *zhifa.Case, cl zhifa.Clock) {
	if old := c.Clock(cl.Kind); old != nil {
		*old = cl
		return
	}
	c.Clocks = append(c.Clocks, cl)
}

// noticeStages are the stages a 行政处罚事先告知书 may be drafted in (documents.go): before
// the notice, and again in the notify and review stages, since a heavier proposal needs
// a new one (renotify).
var noticeStages = []zhifa.Stage{zhifa.StageInvestigate, zhifa.StageNotify, zhifa.StageReview}

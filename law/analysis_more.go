package law

import (
	"fmt"
	"time"

	"zhifa"
)

// The further analytic warnings (REQUIREMENTS D5, H4, B2, A2): cases closed without a
// penalty after their decision period, officers acting outside their certificate, catalog
// items unused for five years, and complaints clustered on one target.

// Rules cited by the further warnings, in the words users read.
const (
	RuleLongNoPenalty = "《中华人民共和国行政处罚法》第六十条：行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。" +
		"超过办案期限（含经批准延长的期限）后以不予行政处罚或撤案结案"
	RuleOutsideCertificate = "《中华人民共和国行政处罚法》第四十二条第一款：行政处罚应当由具有行政执法资格的执法人员实施；" +
		"东港市提升行政执法质量三年行动具体举措第（五）项（持证上岗，按执法证件载明的执法领域执法）"
	RuleIdleItem = "东港市提升行政执法质量三年行动具体举措第（十四）项：有法定依据但连续五年未实施的执法事项，" +
		"列入取消、调整或者暂停实施的建议清单"
)

// LongInvestigation reports whether a case that ended on ended without a penalty
// decision ran past its decision deadline due (第六十条: 九十日 from filing, as
// extended), and by how many calendar days. A case without a deadline (zero due) is not
// long.
func LongInvestigation(due, ended zhifa.Date) (bool, int) {
	if due.IsZero() || ended.IsZero() || !ended.After(due) {
		return false, 0
	}
	return true, int(ended.Time().Sub(due.Time()).Hours()+12) / 24
}

// OfficersOutsideCertificate lists, for each officer whose certificate is not valid on
// day or does not cover the item's domain, what is wrong (第四十二条第一款; A2 持证上岗).
// certs maps each officer's name to the certificate that would let them act; a missing
// entry means none. An empty domain is covered by any valid certificate.
func OfficersOutsideCertificate(day zhifa.Date, domain string, officers []string, certs map[string]*zhifa.Certificate) []string {
	var out []string
	for _, name := range officers {
		c := certs[name]
		switch {
		case c == nil:
			out = append(out, name+"无执法证件")
		case c.StateOn(day) != zhifa.CertValid:
			out = append(out, name+"的执法证件"+c.StateOn(day).Label())
		case domain != "" && !contains(c.Domains, domain):
			out = append(out, name+"的执法证件不含“"+domain+"”领域")
		}
	}
	return out
}

// IdleItemYears is how long an item may go without a case before it is proposed for
// cancelling, adjusting or suspending (B2; 三年行动具体举措第（十四）项: 连续五年).
const IdleItemYears = 5

// IdleSince is the first filing month ("2021-12") of the five years before today: an
// item with no case filed in that month or later, and held since before it, is idle.
func IdleSince(today zhifa.Date) string {
	return today.Time().AddDate(-IdleItemYears, 0, 0).Format("2006-01")
}

// IdleHeldBefore is the instant an item must have been in the catalog by to have been
// held through the whole five years.
func IdleHeldBefore(today zhifa.Date) time.Time {
	return today.Time().AddDate(-IdleItemYears, 0, 0)
}

// Defaults and bounds of the complaint-cluster rule (投诉举报集中): the justice bureau's
// supervisor may set the threshold and the window of a run within the bounds.
const (
	ComplaintClusterThreshold = 3
	ComplaintClusterDays      = 90
	ComplaintClusterMinCount  = 2
	ComplaintClusterMaxCount  = 100
	ComplaintClusterMinDays   = 7
	ComplaintClusterMaxDays   = 730
)

// ComplaintClusterRule cites the rule a cluster warning applies: complaints about an
// enterprise call for its supervision (暂行办法第三十一条), complaints about enforcement
// conduct for the review of that conduct (行政处罚法第七十五条第二款); both with the
// threshold and window of the run.
func ComplaintClusterRule(subject zhifa.ComplaintSubject, threshold, days int) string {
	base := "《中华人民共和国行政处罚法》第七十五条第二款：公民、法人或者其他组织对行政机关实施行政处罚的行为，有权申诉或者检举；" +
		"行政机关应当认真审查，发现有错误的，应当主动改正"
	if subject == zhifa.ComplaintAboutEnterprise {
		base = "《市场监督管理投诉举报处理暂行办法》第三十一条第一款：市场监督管理部门应当按照市场监督管理行政处罚等有关规定处理举报"
	}
	return fmt.Sprintf("%s。监督部门设定的预警规则：%d日内针对同一对象的投诉举报达到%d件", base, days, threshold)
}

// ComplaintCluster reports whether count complaints about one target reach threshold.
func ComplaintCluster(count, threshold int) bool { return threshold > 0 && count >= threshold }

// CheckComplaintClusterSettings checks a run's threshold and window; it answers the
// fields that are out of bounds.
func CheckComplaintClusterSettings(threshold, days int) map[string]string {
	out := map[string]string{}
	if threshold < ComplaintClusterMinCount || threshold > ComplaintClusterMaxCount {
		out["complaint_threshold"] = fmt.Sprintf("投诉举报件数应为%d至%d件", ComplaintClusterMinCount, ComplaintClusterMaxCount)
	}
	if days < ComplaintClusterMinDays || days > ComplaintClusterMaxDays {
		out["complaint_days"] = fmt.Sprintf("统计期间应为%d至%d日", ComplaintClusterMinDays, ComplaintClusterMaxDays)
	}
	return out
}

// Rules of the warnings about decisions taken without what the law requires before them.
// The gates refuse such steps (CheckStep); these find what got past them: data carried
// over from an earlier system, or a gate bypassed.
const (
	RuleMissingReview = "《中华人民共和国行政处罚法》第五十八条第一款：重大行政处罚决定作出前应当进行法制审核，" +
		"未经法制审核或者审核未通过的，不得作出决定；国办发〔2018〕118号（四）（重大执法决定法制审核）"
	// RuleMissingAV precedes the rule of the act's statutory A/V record.
	RuleMissingAV = "《中华人民共和国行政处罚法》第四十七条：对行政处罚的启动、调查取证、审核、决定、送达、执行等进行全过程记录；"
)

// MandatoryAVStep is a step whose A/V record no recording list can waive (the statutory
// minimum, D2): the act key its record names, the act's label and its rule.
type MandatoryAVStep struct {
	Action zhifa.Action
	Act    string
	Label  string
	Rule   string
}

// MandatoryAVSteps lists the steps of the stage machine that complete a statutory
// whole-process-recording act (RecordableActs with Statutory and Actions).
func MandatoryAVSteps() []MandatoryAVStep {
	var out []MandatoryAVStep
	for _, a := range RecordableActs {
		if !a.Statutory {
			continue
		}
		for _, action := range a.Actions {
			out = append(out, MandatoryAVStep{Action: action, Act: a.Act, Label: a.Label, Rule: RuleMissingAV + a.Rule})
		}
	}
	return out
}

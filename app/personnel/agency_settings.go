package personnel

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// Per-agency case settings (issue #4): the statement period (陈述申辩期) and the
// case-number template. Admins edit them with the agency; FileCase numbers cases with
// the template and the notify step starts the statement clock with the period.

// Limits of the settings.
const (
	// maxStatementDays bounds the statement period. 行政处罚法 Art. 44-45 require hearing
	// the party before the decision but set no period; a month of working days is more
	// than any agency rule gives.
	maxStatementDays = 30
	// maxDecisionExtendDays and maxDecisionHeadExtends bound the decision-period rule
	// (行政处罚法第六十条): no procedure rule lets an extension exceed the 90 days themselves.
	maxDecisionExtendDays  = 90
	maxDecisionHeadExtends = 5
	// maxNumberTemplate bounds the template, in characters.
	maxNumberTemplate = 60
)

// numberFields are the placeholders of a case-number template and whether a template
// must hold each: the counter runs per agency, year and kind, so a number without the
// year, the kind's character or the sequence would repeat.
var numberFields = []struct {
	name     string
	required bool
}{{"{代字}", false}, {"{类}", true}, {"{年}", true}, {"{号}", true}}

// checkNumberTemplate checks a case-number template and returns the problem, "" if
// there is none. The empty template is the default.
func checkNumberTemplate(t string) string {
	if t == "" {
		return ""
	}
	if !utf8.ValidString(t) {
		// Case numbers are text in both databases (PostgreSQL refuses invalid UTF-8) and
		// appear in documents and file names; a form may post any bytes.
		return "编号模板包含无效字符"
	}
	if utf8.RuneCountInString(t) > maxNumberTemplate {
		return fmt.Sprintf("编号模板不能超过%d个字符", maxNumberTemplate)
	}
	for _, r := range t {
		if unicode.IsControl(r) || r == '"' || r == '\\' {
			return "编号模板不能包含引号、反斜杠或控制字符"
		}
	}
	rest := t
	for _, f := range numberFields {
		switch n := strings.Count(t, f.name); {
		case n == 0 && f.required:
			return "编号模板须包含" + f.name + "（可用占位符：{代字}、{类}、{年}、{号}），否则不同年份或类别的案件编号会重复"
		case n > 1:
			return "占位符" + f.name + "只能出现一次"
		}
		rest = strings.ReplaceAll(rest, f.name, "")
	}
	if strings.ContainsAny(rest, "{}") {
		return "编号模板含有无法识别的占位符；可用：{代字}、{类}、{年}、{号}"
	}
	return ""
}

// checkSettings validates the case settings of an agency input.
func (in *AgencyInput) checkSettings(c *kernel.Checker) {
	if in.StatementDays < 0 || in.StatementDays > maxStatementDays {
		c.Add("statement_days", fmt.Sprintf("陈述申辩期应为1到%d个工作日（不填为默认%d个工作日）", maxStatementDays, law.StatementDays))
	}
	in.NumberTemplate = strings.TrimSpace(in.NumberTemplate)
	if msg := checkNumberTemplate(in.NumberTemplate); msg != "" {
		c.Add("number_template", msg)
	}
	checkHearingThresholds(c, in.HearingPersonFen, in.HearingOrgFen)
	if in.LighterSharePct < 0 || in.LighterSharePct > maxLighterSharePct {
		c.Add("lighter_share_pct", fmt.Sprintf("从轻处罚幅度比例应为1%%到%d%%（不填为默认30%%）", maxLighterSharePct))
	}
	if in.DecisionExtendDays < 0 || in.DecisionExtendDays > maxDecisionExtendDays {
		c.Add("decision_extend_days", fmt.Sprintf("每次延长办案期限的天数应为1到%d日（不填为默认%d日）", maxDecisionExtendDays, law.DefaultDecisionExtension.Days))
	}
	if in.DecisionHeadExtends < 0 || in.DecisionHeadExtends > maxDecisionHeadExtends {
		c.Add("decision_head_extends", fmt.Sprintf("负责人批准延长的次数应为1到%d次（不填为默认%d次）", maxDecisionHeadExtends, law.DefaultDecisionExtension.HeadExtends))
	}
	if in.SummaryFilingDays < 0 || in.SummaryFilingDays > law.MaxSummaryFilingDays {
		c.Add("summary_filing_days", fmt.Sprintf("当场处罚决定备案期限应为1到%d个工作日（不填为默认%d个工作日）", law.MaxSummaryFilingDays, law.SummaryFilingDays))
	}
}

// maxLighterSharePct bounds an agency's 从轻 share: above half of the range 从轻 would
// reach the upper part that 从重 keeps to.
const maxLighterSharePct = 50

// NumberExample shows what a template makes of the agency's next penalty case this
// year, for the agency form.
func NumberExample(ag *zhifa.Agency, template string, year int) string {
	short := ag.ShortName
	if short == "" {
		short = ag.Name
	}
	return FormatCaseNumber(template, short, zhifa.CasePenalty.Char(), year, 1)
}

// checkHearingThresholds validates an agency's hearing thresholds (in fen; 0 is the
// default): not negative, at most kernel.MaxFen.
func checkHearingThresholds(c *kernel.Checker, personFen, orgFen int64) {
	for _, t := range []struct {
		field string
		fen   int64
	}{{"hearing_person_fen", personFen}, {"hearing_org_fen", orgFen}} {
		if t.fen < 0 || t.fen > kernel.MaxFen {
			c.Add(t.field, "听证标准应为不小于0的金额（元）；不填为默认设置（行政处罚法第六十三条，参照市场监督管理行政处罚听证办法第五条）")
		}
	}
}

// The agency's case settings as rules are the kernel's (kernel/agency.go): the cases
// context numbers cases and starts clocks with them.

// FormatCaseNumber fills a template ("" is zhifa.DefaultNumberTemplate).
func FormatCaseNumber(template, short, kindChar string, year int, seq int64) string {
	return kernel.FormatCaseNumber(template, short, kindChar, year, seq)
}

// LighterShare is the share of the statutory range that 从轻 keeps to in the agency's cases.
func LighterShare(ag *zhifa.Agency) float64 { return kernel.LighterShare(ag) }

// AgencyDecisionExtension is the agency's rule for extending the decision period.
func AgencyDecisionExtension(ag *zhifa.Agency) law.DecisionExtension {
	return kernel.AgencyDecisionExtension(ag)
}

// AgencyStatementDays is the agency's statement period in working days.
func AgencyStatementDays(ag *zhifa.Agency) int { return kernel.AgencyStatementDays(ag) }

// CaseStatementDays is the statement period of c (kernel.CaseStatementDays).
func CaseStatementDays(c *zhifa.Case, ag *zhifa.Agency) int { return kernel.CaseStatementDays(c, ag) }

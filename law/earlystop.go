package law

import (
	"slices"
	"strings"

	"zhifa"
)

// Early stop of a publication on the party's application (信用修复, 市场监督管理行政处罚信息
// 公示规定第十四条).
//
// 第十四条：行政处罚信息公示达到规定时限要求，且同时符合以下条件的，可以向作出行政处罚决定的市场
// 监督管理部门申请提前停止公示：（一）已经自觉履行行政处罚决定中规定的义务；（二）已经主动消除危害
// 后果和不良影响；（三）未因同一类违法行为再次受到市场监督管理部门行政处罚；（四）未在经营异常名录和
// 严重违法失信名单中。……当事人受到责令停产停业、限制开展生产经营活动、限制从业、降低资质等级、吊销
// 许可证件、吊销营业执照以及国家市场监督管理总局规定的其他较为严重行政处罚的，不得提前停止公示。
//
// The minimum time on the portal (时限要求) is left by the article to a later rule of the
// State Administration; until one exists the head judges it with the four conditions.

// Citations of the early stop.
const (
	RuleEarlyStop         = "市场监督管理行政处罚信息公示规定第十四条第一款"
	RuleEarlyStopExcluded = "市场监督管理行政处罚信息公示规定第十四条第三款"
)

// EarlyStopExcluded are the penalties whose publication may never stop early (第十四条第三款).
var EarlyStopExcluded = []string{"责令停产停业", "限制开展生产经营活动", "限制从业", "降低资质等级", "吊销许可证件", "吊销营业执照"}

// EarlyStopFacts are what the head establishes on the party's application: the penalties
// decided and the four conditions of 第十四条第一款.
type EarlyStopFacts struct {
	Penalties []string
	// Performed: 已经自觉履行行政处罚决定中规定的义务; Remedied: 已经主动消除危害后果和不良影响;
	// NoRepeat: 未因同一类违法行为再次受到行政处罚; NotListed: 未在经营异常名录和严重违法失信名单中.
	Performed, Remedied, NoRepeat, NotListed bool
}

// CheckEarlyStop gates the early stop: never for the excluded penalties (第三款), and
// only when all four conditions hold (第一款).
func CheckEarlyStop(f EarlyStopFacts) error {
	for _, p := range f.Penalties {
		if slices.Contains(EarlyStopExcluded, p) {
			return Gate(RuleEarlyStopExcluded, "受到"+p+"处罚的，不得提前停止公示")
		}
	}
	var unmet []string
	for _, c := range []struct {
		ok   bool
		text string
	}{{f.Performed, "已经自觉履行行政处罚决定中规定的义务"}, {f.Remedied, "已经主动消除危害后果和不良影响"},
		{f.NoRepeat, "未因同一类违法行为再次受到行政处罚"}, {f.NotListed, "未在经营异常名录和严重违法失信名单中"}} {
		if !c.ok {
			unmet = append(unmet, c.text)
		}
	}
	if len(unmet) > 0 {
		return Gate(RuleEarlyStop, "不符合提前停止公示的条件，尚未确认："+strings.Join(unmet, "；"))
	}
	return nil
}

// EarlyStopDisplayUntil is the last day on the portal of a publication stopped on day:
// the day before, so that it leaves the portal and the feeds at once and stays in the
// archive.
func EarlyStopDisplayUntil(day zhifa.Date) zhifa.Date { return day.AddDays(-1) }

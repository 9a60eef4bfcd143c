package demo

import (
	"strings"

	"zhifa"
)

// planInitiation is how a planned inspection case was initiated (issue 13): under a 抽查
// item mostly a random draw, some on complaints; under the others mostly of the agency's
// own motion, some on complaints or assigned by a superior. pick is the plan's own draw
// (no further random numbers are taken, so the rest of a seeded plan stays as it was).
// Other kinds have none.
func planInitiation(kind zhifa.CaseKind, itemName string, pick int) zhifa.Initiation {
	if kind != zhifa.CaseInspection {
		return ""
	}
	share := pick % 10
	if strings.Contains(itemName, "抽查") || strings.Contains(itemName, "随机") {
		if share < 8 {
			return zhifa.InitRandom
		}
		return zhifa.InitComplaint
	}
	switch {
	case share < 2:
		return zhifa.InitComplaint
	case share < 3:
		return zhifa.InitAssigned
	case share < 4:
		return zhifa.InitRandom
	}
	return zhifa.InitExOfficio
}

// inspectionFacts is the statement of an inspection case initiated so.
func inspectionFacts(in zhifa.Initiation, party string) string {
	switch in {
	case zhifa.InitRandom:
		return "依据年度双随机抽查计划，对" + party + "的生产经营场所实施监督检查。"
	case zhifa.InitComplaint:
		return "根据群众投诉举报反映的线索，对" + party + "的生产经营场所实施监督检查。"
	case zhifa.InitAssigned:
		return "根据上级机关交办的任务，对" + party + "的生产经营场所实施监督检查。"
	}
	return "依职权对" + party + "的生产经营场所实施日常监督检查。"
}

package law

import "zhifa"

// How an inspection case was initiated (检查的启动方式, issue 13; REQUIREMENTS B6, C6). The
// annual report counts 行政检查（双随机抽查） apart from the other inspections (国办发〔2018〕
// 118号（六）：公开本机关上年度行政执法总体情况有关数据); a random inspection is one whose
// target and inspectors were drawn at random (《国务院关于在市场监管领域全面推行部门联合
// “双随机、一公开”监管的意见》), which only the inspection itself can say: an item named
// 抽查 is also inspected on complaints, and a 日常检查 item may be drawn at random. So every
// inspection case records its initiation when it is filed, and the report counts it.

// InitiationProblem says what is wrong with the initiation of a case of the kind, ""
// when nothing is: an inspection case names one of zhifa.Initiations, the other kinds
// none (their figures do not split by it).
func InitiationProblem(kind zhifa.CaseKind, in zhifa.Initiation) string {
	switch {
	case kind != zhifa.CaseInspection && in != "":
		return "只有行政检查案件填写检查启动方式"
	case kind == zhifa.CaseInspection && in == "":
		return "行政检查案件应当选择检查启动方式（双随机抽查、投诉举报、上级交办或转办、依职权检查）"
	case kind == zhifa.CaseInspection && !in.Valid():
		return "检查启动方式应为双随机抽查、投诉举报、上级交办或转办、依职权检查之一"
	}
	return ""
}

// RandomInspection reports whether an inspection initiated so is a random one (双随机
// 抽查), counted in the annual report's 行政检查（双随机抽查）.
func RandomInspection(in zhifa.Initiation) bool { return in == zhifa.InitRandom }

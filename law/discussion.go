package law

import "zhifa"

// Collective discussion (行政处罚法第五十七条第二款：对情节复杂或者重大违法行为给予行政处罚，
// 行政机关负责人应当集体讨论决定). Which cases are 情节复杂或者重大违法行为 the agency defines
// (the handler marks them at review, CaseState.DiscussionReq); at least a major decision
// (法制审核的重大执法决定, law.Major) and a case heard at a hearing (第六十三条: the penalties
// that give a hearing right are the heavier ones, and the hearing makes the facts
// contested) are always among them: the agency's definition can add cases, not remove these.

// DiscussionRequired reports whether a penalty decision on the case must be decided by
// collective discussion, and why (in Chinese); major is law.Major for the case.
func DiscussionRequired(st *zhifa.CaseState, major bool) (bool, string) {
	switch {
	case st.HearingHeld:
		return true, "本案已经听证，属于须经行政机关负责人集体讨论决定的案件"
	case major:
		return true, "本案属于重大执法决定，须经行政机关负责人集体讨论决定"
	case st.DiscussionReq:
		return true, "本案为情节复杂或重大违法行为，须经行政机关负责人集体讨论决定"
	}
	return false, ""
}

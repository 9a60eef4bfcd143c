package law

import "zhifa"

// Personnel rules (REQUIREMENTS A2–A4).
const (
	// MinTrainingHours is the yearly training each officer must complete
	// (A4; 002 §3-4: 每人每年不少于60学时).
	MinTrainingHours = 60.0
	// MinReviewerPercent is the share of an agency's enforcement officers that its legal
	// reviewers must reach (A3; 000 §11: 原则上不少于本单位执法人员总数的5%).
	MinReviewerPercent = 5
)

// Sources cited by the personnel rules.
const (
	RuleCertificateGrant = "东港市提升行政执法质量三年行动具体举措第（五）项（执法人员资格管理）：未通过执法资格考试的，不得发放执法证件（法律职业资格可免考）"
	RuleCertificateState = "东港市提升行政执法质量三年行动具体举措第（五）项（执法证件管理、年审、暂扣和收缴）"
)

// TrainingShort reports whether hours fall short of the yearly minimum (A4).
func TrainingShort(hours float64) bool { return hours < MinTrainingHours }

// ReviewersShort reports whether an agency with the given numbers of enforcement officers
// and legal reviewers falls below the 5% rule (A3). An agency without officers needs none.
func ReviewersShort(officers, reviewers int) bool {
	return reviewers*100 < officers*MinReviewerPercent
}

// ReviewersNeeded is the smallest number of reviewers that satisfies the 5% rule (A3).
func ReviewersNeeded(officers int) int {
	return (officers*MinReviewerPercent + 99) / 100
}

// CertificateGrantable checks that an officer may be granted a certificate: a passed
// qualification exam, or a legal professional qualification that exempts it (A2;
// 001 §1.2(2), 002 §5).
func CertificateGrantable(examPassed, legalQualification bool) error {
	if examPassed || legalQualification {
		return nil
	}
	return Gate(RuleCertificateGrant, "该人员未通过执法资格考试，也未取得法律职业资格，不能发放执法证件")
}

// certTransitions lists the allowed changes of a certificate's recorded state (A2).
// Revocation (收缴) and cancellation (注销) are final; a suspension (暂扣) ends by
// restoration or by revocation or cancellation.
var certTransitions = map[zhifa.CertState][]zhifa.CertState{
	zhifa.CertValid:     {zhifa.CertSuspended, zhifa.CertRevoked, zhifa.CertCancelled},
	zhifa.CertSuspended: {zhifa.CertValid, zhifa.CertRevoked, zhifa.CertCancelled},
	zhifa.CertRevoked:   {zhifa.CertCancelled},
}

// CertTransition checks that a certificate may move from one recorded state to another.
func CertTransition(from, to zhifa.CertState) error {
	for _, s := range certTransitions[from] {
		if s == to {
			return nil
		}
	}
	return Gate(RuleCertificateState, "执法证件不能从“"+from.Label()+"”变更为“"+to.Label()+"”")
}

// MayAct reports whether a certificate allows its holder to act on day: only a valid
// certificate within its validity dates does (持证上岗, A2).
func MayAct(c *zhifa.Certificate, day zhifa.Date) bool {
	return c.StateOn(day) == zhifa.CertValid
}

package zhifa

// SummaryRecord is what a summary-procedure decision (当场行政处罚决定, 行政处罚法第五十二条)
// records of how it was made on the spot: the officers showed their certificates, the
// party was told the facts, grounds and basis and the right to state and defend
// (第四十四条), and what the party said.
type SummaryRecord struct {
	// CertificatesShown: the officers showed their 执法证件 to the party (第五十二条第一款).
	CertificatesShown bool `json:"certificates_shown"`
	// Informed: the party was told the facts, grounds and basis of the penalty and the
	// right to state and defend (第四十四条).
	Informed bool `json:"informed"`
	// Statement is what the party said (陈述、申辩), or a note that the party said nothing
	// or waived it; never empty.
	Statement string `json:"statement"`
	// Response is how the officers dealt with the statement (复核、采纳), 第四十五条第一款.
	Response string `json:"response,omitempty"`
}

// EducationRecord is the education given to a party whose violation is, by law, not
// punished (对当事人进行教育, 行政处罚法第三十三条第三款): how, what and when.
type EducationRecord struct {
	// Method is how the party was educated: 当面教育, 约谈, 书面告诫, 组织学习 and the like.
	Method string `json:"method"`
	// Content is what the party was taught: the provisions violated, the harm, what to
	// do from now on.
	Content string `json:"content"`
	// On is the day of the education (the day of the step).
	On Date `json:"on"`
}

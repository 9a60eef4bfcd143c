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

package law

import (
	"testing"

	"zhifa"
	"zhifa/workday"
)

func TestSummaryAllowed(t *testing.T) {
	// 行政处罚法 Art. 51: 公民 ≤ 200 元, 组织 ≤ 3,000 元, or a warning.
	tests := []struct {
		party   PartyKind
		fen     int64
		warning bool
		ok      bool
	}{
		{PartyPerson, 0, true, true},
		{PartyPerson, 200_00, false, true},
		{PartyPerson, 200_01, false, false},
		{PartyOrg, 3000_00, false, true},
		{PartyOrg, 3000_01, false, false},
		{PartyOrg, 500_00, true, true},
		{PartyPerson, -1, false, false},
	}
	for _, tt := range tests {
		err := SummaryAllowed(tt.party, tt.fen, tt.warning)
		if (err == nil) != tt.ok {
			t.Errorf("SummaryAllowed(%s, %d, %v) = %v, want ok=%v", tt.party, tt.fen, tt.warning, err, tt.ok)
		}
		if err != nil {
			if e := err.(*zhifa.Error); e.Code != zhifa.EGATE || e.Rule != RuleSummary {
				t.Errorf("error %+v, want EGATE citing %s", e, RuleSummary)
			}
		}
	}
	if got := Yuan(12345); got != "123.45" {
		t.Errorf("Yuan(12345) = %s", got)
	}
}

func TestLimitation(t *testing.T) {
	// 行政处罚法 Art. 36: 二年, or 五年 with harm to life, health or financial safety.
	tests := []struct {
		ended, discovered string
		harm              bool
		reason            string
		ok                bool
	}{
		{"2024-03-01", "2026-03-01", false, "", true},
		{"2024-03-01", "2026-03-02", false, "", false},
		{"2024-03-01", "2026-03-02", false, "《税收征收管理法》第八十六条：五年", true},
		{"2021-03-01", "2026-03-01", true, "", true},
		{"2021-03-01", "2026-03-02", true, "", false},
		// 民法典第二百零二条: 2026 has no 29 February, so the period ends on 28 February.
		{"2024-02-29", "2026-02-28", false, "", true},
		{"2024-02-29", "2026-03-01", false, "", false},
		// No roll (LimitationEnds): 2026-02-28 is a Saturday, and still the last day.
		{"2024-02-29", "2026-03-02", false, "", false},
	}
	for _, tt := range tests {
		err := CheckLimitation(zhifa.MustDate(tt.ended), zhifa.MustDate(tt.discovered), tt.harm, tt.reason)
		if (err == nil) != tt.ok {
			t.Errorf("CheckLimitation(%s, %s, harm=%v) = %v, want ok=%v", tt.ended, tt.discovered, tt.harm, err, tt.ok)
		}
	}
}

func TestCheckOfficers(t *testing.T) {
	// 行政处罚法 Art. 42 and REQUIREMENTS A2: two officers with valid certificates covering the domain.
	day := zhifa.MustDate("2026-06-01")
	valid := &zhifa.Certificate{State: zhifa.CertValid, ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2027-01-01"), Domains: []string{"食品安全"}}
	expired := &zhifa.Certificate{State: zhifa.CertValid, ValidFrom: zhifa.MustDate("2020-01-01"), ValidUntil: zhifa.MustDate("2026-05-31"), Domains: []string{"食品安全"}}
	suspended := &zhifa.Certificate{State: zhifa.CertSuspended, ValidFrom: valid.ValidFrom, ValidUntil: valid.ValidUntil, Domains: valid.Domains}
	otherDomain := &zhifa.Certificate{State: zhifa.CertValid, ValidFrom: valid.ValidFrom, ValidUntil: valid.ValidUntil, Domains: []string{"交通运输"}}
	certs := map[string]*zhifa.Certificate{"甲": valid, "乙": valid, "丙": expired, "丁": suspended, "戊": otherDomain}
	tests := []struct {
		officers []string
		ok       bool
	}{
		{[]string{"甲", "乙"}, true},
		{[]string{"甲"}, false},
		{[]string{"甲", "丙"}, false},
		{[]string{"甲", "丁"}, false},
		{[]string{"甲", "戊"}, false},
		{[]string{"甲", "己"}, false}, // no certificate at all
	}
	for _, tt := range tests {
		err := CheckOfficers(day, "食品安全", tt.officers, certs)
		if (err == nil) != tt.ok {
			t.Errorf("CheckOfficers(%v) = %v, want ok=%v", tt.officers, err, tt.ok)
		}
	}
}

func TestClocks(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		name string
		got  Due
		want string
	}{
		// Art. 60: 90 calendar days; 2026-07-03 + 90 = 2026-10-01, a holiday → 2026-10-08.
		{"decision across 国庆", DecisionDue(cal, zhifa.MustDate("2026-07-03")), "2026-10-08"},
		{"decision", DecisionDue(cal, zhifa.MustDate("2026-03-02")), "2026-06-01"}, // 05-31 is a Sunday
		// Art. 61 + 85: 7 working days; 2026-09-28 → 09-29, 09-30, 10-08, 10-09, 10-10 (Sat, worked), 10-12, 10-13.
		{"service", ServiceDue(cal, zhifa.MustDate("2026-09-28")), "2026-10-13"},
		// Art. 64 + 85: 5 working days to ask for a hearing; Friday 2026-11-20 → 11-27.
		{"hearing request", HearingRequestDue(cal, zhifa.MustDate("2026-11-20")), "2026-11-27"},
		// Art. 64: notice 7 working days before a hearing on Monday 2026-11-30: 11-19 + 7 = 11-30.
		{"hearing notice", LatestHearingNotice(cal, zhifa.MustDate("2026-11-30")), "2026-11-19"},
	}
	for _, tt := range tests {
		if tt.got.Date.String() != tt.want || tt.got.Provisional {
			t.Errorf("%s: %+v, want %s", tt.name, tt.got, tt.want)
		}
	}
	if d := DecisionDue(cal, zhifa.MustDate("2026-12-01")); !d.Provisional {
		t.Errorf("a due date in 2027 must be provisional: %+v", d)
	}
}

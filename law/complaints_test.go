package law

import (
	"testing"

	"zhifa"
	"zhifa/workday"
)

// The complaint clocks count working days on the 2026 calendar (国办发明电〔2025〕7号):
// the day of the event is not counted, holidays are skipped and 调休 Saturdays count.
func TestComplaintClocks(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		name  string
		clock zhifa.Clock
		due   string
		days  int
		rule  string
	}{
		// 第十四条: 七个工作日 from receipt; an ordinary week.
		{"accept, plain weeks", AcceptClock(cal, d("2026-03-02"), RuleComplaintAccept), "2026-03-11", 7, RuleComplaintAccept},
		// … across 国庆节 (10-01..10-07 off, Saturday 10-10 a working day).
		{"accept, across 国庆", AcceptClock(cal, d("2026-09-29"), RuleComplaintAccept), "2026-10-14", 7, RuleComplaintAccept},
		// 第三十一条第二款: 五个工作日 from the filing decision, across 劳动节 (05-09 worked).
		{"report notice, across 劳动节", ReportNoticeClock(cal, d("2026-04-30")), "2026-05-11", 5, RuleReportNotice},
		{"report notice, plain", ReportNoticeClock(cal, d("2026-03-02")), "2026-03-09", 5, RuleReportNotice},
		// The agency's reply deadline: default 15 working days, or as set.
		{"reply default", ReplyClock(cal, d("2026-03-02"), 0), "2026-03-23", DefaultReplyDays, RuleComplaintReply},
		{"reply set", ReplyClock(cal, d("2026-03-02"), 3), "2026-03-05", 3, RuleComplaintReply},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.clock
			if c.Due != d(tc.due) || c.Days != tc.days || c.Rule != tc.rule || c.Unit != zhifa.UnitWorkday {
				t.Errorf("clock = due %s, %d %s, %s; want due %s, %d working days, %s", c.Due, c.Days, c.Unit, c.Rule, tc.due, tc.days, tc.rule)
			}
		})
	}
}

func TestAcceptRule(t *testing.T) {
	tests := []struct {
		kind    zhifa.ComplaintKind
		subject zhifa.ComplaintSubject
		rule    string
		ok      bool
	}{
		{zhifa.ComplaintKindComplaint, zhifa.ComplaintAboutEnterprise, RuleComplaintAccept, true},
		{zhifa.ComplaintKindComplaint, zhifa.ComplaintAboutConduct, RuleConductComplaintAccept, true},
		{zhifa.ComplaintKindReport, zhifa.ComplaintAboutEnterprise, "", false},
		{zhifa.ComplaintKindReport, zhifa.ComplaintAboutConduct, "", false},
	}
	for _, tc := range tests {
		if rule, ok := AcceptRule(tc.kind, tc.subject); rule != tc.rule || ok != tc.ok {
			t.Errorf("AcceptRule(%s, %s) = %q, %v; want %q, %v", tc.kind, tc.subject, rule, ok, tc.rule, tc.ok)
		}
	}
}

func TestCheckReplyDays(t *testing.T) {
	for _, tc := range []struct {
		days int
		ok   bool
	}{{0, true}, {1, true}, {MaxReplyDays, true}, {MaxReplyDays + 1, false}, {-1, false}} {
		err := CheckReplyDays(tc.days)
		if (err == nil) != tc.ok {
			t.Errorf("CheckReplyDays(%d) = %v, want ok %v", tc.days, err, tc.ok)
		}
		if err != nil && zhifa.ErrorCode(err) != zhifa.EGATE {
			t.Errorf("CheckReplyDays(%d) code = %s, want EGATE", tc.days, zhifa.ErrorCode(err))
		}
	}
}

func TestCheckComplaintStep(t *testing.T) {
	tests := []struct {
		from, to zhifa.ComplaintState
		ok       bool
	}{
		{zhifa.ComplaintReceived, zhifa.ComplaintAccepted, true},
		{zhifa.ComplaintReceived, zhifa.ComplaintRefused, true},
		{zhifa.ComplaintReceived, zhifa.ComplaintReplied, false},
		{zhifa.ComplaintAccepted, zhifa.ComplaintReplied, true},
		{zhifa.ComplaintAccepted, zhifa.ComplaintRefused, false},
		{zhifa.ComplaintRefused, zhifa.ComplaintAccepted, false},
		{zhifa.ComplaintReplied, zhifa.ComplaintReplied, false},
	}
	for _, tc := range tests {
		if err := CheckComplaintStep(tc.from, tc.to); (err == nil) != tc.ok {
			t.Errorf("%s → %s: %v, want ok %v", tc.from, tc.to, err, tc.ok)
		}
	}
}

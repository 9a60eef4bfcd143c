package law

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/workday"
)

// TestPublicationOf: which decisions enter the publication queue (行政处罚法第四十八条,
// 公示规定第二条, 118号（六）) and under which agency rule.
func TestPublicationOf(t *testing.T) {
	ordinary := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary}
	summary := &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcSummary}
	compulsory := &zhifa.Case{Kind: zhifa.CaseCompulsory}
	inspection := &zhifa.Case{Kind: zhifa.CaseInspection}
	all := &zhifa.PublicityRule{PublishSummary: true, PublishNoPenalty: true}
	tests := []struct {
		name   string
		c      *zhifa.Case
		action zhifa.Action
		rule   *zhifa.PublicityRule
		cat    zhifa.PublicationCategory
		must   bool
	}{
		{"ordinary decision", ordinary, "decide", nil, zhifa.PubPenalty, true},
		{"summary decision, no rule", summary, "decide", nil, zhifa.PubPenalty, false},
		{"summary decision, agency publishes them", summary, "decide", all, zhifa.PubPenalty, true},
		{"compulsory decision", compulsory, "decide", nil, zhifa.PubCompulsory, true},
		{"inspection conclusion", inspection, "conclude", nil, zhifa.PubInspection, true},
		{"no penalty, no rule", ordinary, "no_penalty", nil, zhifa.PubNoPenalty, false},
		{"no penalty, agency publishes them", ordinary, "no_penalty", all, zhifa.PubNoPenalty, true},
		{"serve publishes nothing", ordinary, "serve", all, "", false},
		{"propose publishes nothing", ordinary, "propose", all, "", false},
	}
	for _, tt := range tests {
		cat, must := PublicationOf(tt.c, tt.action, tt.rule)
		if cat != tt.cat || must != tt.must {
			t.Errorf("%s: got %q %v, want %q %v", tt.name, cat, must, tt.cat, tt.must)
		}
	}
}

// TestPublishClock: 7 working days for penalties, 20 for others (118号（六）), shorter by
// the agency's rule, never longer, counted on the holiday calendar.
func TestPublishClock(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		name    string
		cat     zhifa.PublicationCategory
		rule    *zhifa.PublicityRule
		decided string
		days    int
		due     string
	}{
		// Friday 2026-03-06 + 7 working days = Tuesday 2026-03-17.
		{"penalty, statute", zhifa.PubPenalty, nil, "2026-03-06", 7, "2026-03-17"},
		{"penalty, agency 5 days", zhifa.PubPenalty, &zhifa.PublicityRule{PenaltyDays: 5}, "2026-03-06", 5, "2026-03-13"},
		{"penalty, agency 9 days is ignored", zhifa.PubPenalty, &zhifa.PublicityRule{PenaltyDays: 9}, "2026-03-06", 7, "2026-03-17"},
		{"compulsory, statute", zhifa.PubCompulsory, nil, "2026-03-06", 20, "2026-04-03"},
		// 行政许可 decisions share the 7 working days of 处罚 (118号（六）), and the agency's shorter period.
		{"licence, statute", zhifa.PubLicence, nil, "2026-03-06", 7, "2026-03-17"},
		{"licence, agency 5 days", zhifa.PubLicence, &zhifa.PublicityRule{PenaltyDays: 5, OtherDays: 3}, "2026-03-06", 5, "2026-03-13"},
		{"licence across National Day", zhifa.PubLicence, nil, "2026-09-29", 7, "2026-10-14"},
		{"no penalty has the 20 days of others", zhifa.PubNoPenalty, nil, "2026-03-06", 20, "2026-04-03"},
		// Across the National Day holiday (10-01…10-08 off in 2026, make-up days 09-20 and 10-10).
		{"penalty across National Day", zhifa.PubPenalty, nil, "2026-09-29", 7, "2026-10-14"},
	}
	for _, tt := range tests {
		days := AgencyPublicationDays(tt.cat, tt.rule)
		cl := PublishClock(cal, zhifa.MustDate(tt.decided), days)
		if days != tt.days || cl.Due.String() != tt.due || cl.Kind != zhifa.ClockPublish || cl.Unit != zhifa.UnitWorkday {
			t.Errorf("%s: %d days due %s (%s %s), want %d days due %s", tt.name, days, cl.Due, cl.Kind, cl.Unit, tt.days, tt.due)
		}
	}
}

// TestWithdrawClock: three working days from the day the decision fell (第四十八条第二款,
// 第八十五条, 公示规定第十一条).
func TestWithdrawClock(t *testing.T) {
	cal := workday.Default()
	for _, tt := range []struct{ fell, due string }{
		{"2026-03-02", "2026-03-05"}, // Monday → Thursday
		{"2026-03-05", "2026-03-10"}, // Thursday → Tuesday over the weekend
	} {
		cl := WithdrawClock(cal, zhifa.MustDate(tt.fell))
		if cl.Due.String() != tt.due || cl.Kind != zhifa.ClockWithdraw || cl.Rule != RuleWithdraw {
			t.Errorf("fell %s: due %s, want %s", tt.fell, cl.Due, tt.due)
		}
	}
}

// TestCheckPublicityRule: an agency may shorten the periods, never lengthen them.
func TestCheckPublicityRule(t *testing.T) {
	tests := []struct {
		rule  zhifa.PublicityRule
		field string
	}{
		{zhifa.PublicityRule{PenaltyDays: 7, OtherDays: 20}, ""},
		{zhifa.PublicityRule{PenaltyDays: 3, OtherDays: 10, LowFineFen: 1_000_000}, ""},
		{zhifa.PublicityRule{PenaltyDays: 8}, "penalty_days"},
		{zhifa.PublicityRule{OtherDays: 21}, "other_days"},
		{zhifa.PublicityRule{PenaltyDays: -1}, "penalty_days"},
		{zhifa.PublicityRule{LowFineFen: -1}, "low_fine"},
	}
	for _, tt := range tests {
		err := CheckPublicityRule(&tt.rule)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.rule, err)
			}
			continue
		}
		if e, ok := err.(*zhifa.Error); !ok || e.Code != zhifa.EINVALID || e.Fields[tt.field] == "" {
			t.Errorf("%+v: %v, want EINVALID on %s", tt.rule, err, tt.field)
		}
	}
}

// TestDisplayMonths: 公示规定第十三条 — three months for 通报批评 or a low fine, three years
// otherwise, the real period for restrictions over three years.
func TestDisplayMonths(t *testing.T) {
	const low = 1_000_000 // 1万元
	tests := []struct {
		name string
		in   DisplayInput
		want int
	}{
		{"通报批评 only", DisplayInput{Penalties: []string{"通报批评"}}, 3},
		{"fine at the threshold", DisplayInput{Penalties: []string{"罚款"}, FineFen: low, LowFineFen: low}, 3},
		{"fine one fen over", DisplayInput{Penalties: []string{"罚款"}, FineFen: low + 1, LowFineFen: low}, 36},
		{"fine, no threshold set", DisplayInput{Penalties: []string{"罚款"}, FineFen: 100, LowFineFen: 0}, 36},
		{"warning and low fine", DisplayInput{Penalties: []string{"警告", "罚款"}, FineFen: 5000, LowFineFen: low}, 3},
		{"low fine and confiscation", DisplayInput{Penalties: []string{"罚款", "没收违法所得"}, FineFen: 5000, LowFineFen: low}, 36},
		{"licence revoked", DisplayInput{Penalties: []string{"吊销许可证件"}}, 36},
		{"restriction of 3 years", DisplayInput{Penalties: []string{"限制从业"}, RestrictionMonths: 36}, 36},
		{"restriction of 5 years", DisplayInput{Penalties: []string{"限制从业"}, RestrictionMonths: 60}, 60},
	}
	for _, tt := range tests {
		if got := DisplayMonthsOf(tt.in); got != tt.want {
			t.Errorf("%s: %d months, want %d", tt.name, got, tt.want)
		}
	}
	if got := DisplayUntil(zhifa.MustDate("2026-03-10"), 3); got.String() != "2026-06-09" {
		t.Errorf("3 months from 2026-03-10 end on %s, want 2026-06-09", got)
	}
	if got := DisplayUntil(zhifa.MustDate("2026-03-10"), 36); got.String() != "2029-03-09" {
		t.Errorf("3 years from 2026-03-10 end on %s, want 2029-03-09", got)
	}
}

// TestNoPublishGrounds: every ground cites 政府信息公开条例 and is found by its code.
func TestNoPublishGrounds(t *testing.T) {
	for _, g := range NoPublishGrounds {
		if got := NoPublishGroundOf(g.Code); got == nil || got.Rule == "" || got.Label == "" {
			t.Errorf("ground %s: %+v", g.Code, got)
		}
	}
	if NoPublishGroundOf("convenience") != nil {
		t.Error("a ground the law does not give was accepted")
	}
	if err := CheckPublishable("  ", nil); err == nil {
		t.Error("an empty public version was accepted")
	}
	if err := CheckPublishable("文本", []string{"身份证号"}); err == nil {
		t.Error("a public version with an ID number was accepted")
	}
}

// TestPublicationNotice: a decision that will be published tells the party so, the
// period in working days and where (公示规定第八条); one that will not says nothing.
func TestPublicationNotice(t *testing.T) {
	tests := []struct {
		must  bool
		days  int
		where string
		want  []string
	}{
		{true, 7, "https://zhifa.example.gov.cn/decisions?agency=3", []string{"7个工作日内向社会公示", "https://zhifa.example.gov.cn/decisions?agency=3", "第八条"}},
		{true, 5, "行政执法公示平台", []string{"5个工作日", "行政执法公示平台"}},
		{false, 7, "x", nil},
	}
	for _, tt := range tests {
		got := PublicationNotice(tt.must, tt.days, tt.where)
		if (got == "") != (tt.want == nil) {
			t.Errorf("%v: %q", tt.must, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q lacks %q", got, w)
			}
		}
	}
}

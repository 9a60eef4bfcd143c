package law

import (
	"testing"

	"zhifa"
	"zhifa/workday"
)

// TestCheckSummaryRecord: 行政处罚法第五十二条第一款 (certificates shown) and 第四十四条 (the
// party told the facts, grounds, basis and rights, and heard).
func TestCheckSummaryRecord(t *testing.T) {
	ok := zhifa.SummaryRecord{CertificatesShown: true, Informed: true, Statement: "当事人未提出陈述、申辩"}
	with := func(f func(r *zhifa.SummaryRecord)) *zhifa.SummaryRecord { r := ok; f(&r); return &r }
	tests := []struct {
		name string
		r    *zhifa.SummaryRecord
		rule string
	}{
		{"nothing recorded", nil, RuleSummaryRecord},
		{"complete", &ok, ""},
		{"certificates not shown", with(func(r *zhifa.SummaryRecord) { r.CertificatesShown = false }), RuleSummaryRecord},
		{"party not informed", with(func(r *zhifa.SummaryRecord) { r.Informed = false }), RuleSummaryRecord},
		{"statement not recorded", with(func(r *zhifa.SummaryRecord) { r.Statement = "  " }), RuleSummaryRecord},
	}
	for _, tt := range tests {
		if got := ruleOf(CheckSummaryRecord(tt.r)); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
}

// TestCheckSummaryHandover: 第五十二条第一款 — 当场交付: in person, on the day of the decision.
func TestCheckSummaryHandover(t *testing.T) {
	day := zhifa.MustDate("2026-12-04")
	tests := []struct {
		name   string
		served zhifa.Date
		s      *zhifa.Service
		rule   string
	}{
		{"handed over the same day", day, &zhifa.Service{Method: zhifa.ServeDirect}, ""},
		{"no method given (gate preview)", day, nil, ""},
		{"handed over the next day", day.AddDays(1), &zhifa.Service{Method: zhifa.ServeDirect}, RuleSummaryHandover},
		{"sent by mail", day, &zhifa.Service{Method: zhifa.ServeMail}, RuleSummaryHandover},
		{"left at the premises", day, &zhifa.Service{Method: zhifa.ServeLeft}, RuleSummaryHandover},
	}
	for _, tt := range tests {
		if got := ruleOf(CheckSummaryHandover(day, tt.served, tt.s)); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
}

// TestSummaryFilingClock: 第五十二条第三款 with the agency's deadline in working days (default
// two, 第七十一条 and 第八十五条), across a weekend.
func TestSummaryFilingClock(t *testing.T) {
	cal := workday.Default()
	friday := zhifa.MustDate("2026-12-04")
	tests := []struct {
		days int
		due  string
	}{
		{0, "2026-12-08"}, // default 2 working days: Monday, Tuesday
		{1, "2026-12-07"},
		{5, "2026-12-11"},
	}
	for _, tt := range tests {
		cl := SummaryFilingClock(cal, friday, tt.days)
		if cl.Kind != zhifa.ClockSummaryFiling || cl.Due.String() != tt.due || cl.Unit != zhifa.UnitWorkday || cl.Rule != RuleSummaryFiling {
			t.Errorf("days %d: clock %+v, want due %s", tt.days, cl, tt.due)
		}
	}
	st := &zhifa.CaseState{}
	if ruleOf(CheckSummaryFiled(st)) != RuleSummaryFiling {
		t.Error("closing an unfiled summary case passed")
	}
	st.SummaryFiledOn = friday
	if err := CheckSummaryFiled(st); err != nil {
		t.Errorf("filed: %v", err)
	}
}

// TestCheckDecisionOnRecord: 行政处罚法第六十五条 — after a hearing the decision rests on the
// 听证笔录; a proposal changed after it may not rely on evidence added after it unless the
// party was renotified (which clears HearingHeld).
func TestCheckDecisionOnRecord(t *testing.T) {
	held := zhifa.MustDate("2026-11-10")
	state := func(heard bool, rev, heardRev int) *zhifa.CaseState {
		return &zhifa.CaseState{HearingHeld: heard, HearingHeldOn: held, HearingProposalRev: heardRev,
			Proposal: &zhifa.Proposal{Penalties: []string{"罚款"}, FineFen: 500000, Revision: rev}}
	}
	tests := []struct {
		name     string
		st       *zhifa.CaseState
		evidence zhifa.Date
		rule     string
	}{
		{"no hearing", state(false, 3, 0), held.AddDays(5), ""},
		{"proposal unchanged since the hearing", state(true, 2, 2), held.AddDays(5), ""},
		{"changed, no evidence after the hearing", state(true, 3, 2), zhifa.Date{}, ""},
		{"changed, evidence of the hearing day", state(true, 3, 2), held, ""},
		{"changed, evidence added after the hearing", state(true, 3, 2), held.AddDays(1), RuleDecideOnRecord},
		{"renotified: the hearing of the old notice no longer counts", state(false, 3, 2), held.AddDays(1), ""},
	}
	for _, tt := range tests {
		if got := ruleOf(CheckDecisionOnRecord(tt.st, tt.evidence)); got != tt.rule {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.rule)
		}
	}
	for _, tt := range []struct {
		r    zhifa.Record
		want bool
	}{
		{zhifa.Record{Kind: zhifa.RecordPhoto}, true},
		{zhifa.Record{Kind: zhifa.RecordAV, Act: "investigate"}, true},
		{zhifa.Record{Kind: zhifa.RecordDocument, EvidenceID: 4}, true},                     // an attached file
		{zhifa.Record{Kind: zhifa.RecordDocument, Act: "investigate", EvidenceID: 5}, true}, // 询问笔录
		{zhifa.Record{Kind: zhifa.RecordDocument}, false},
		{zhifa.Record{Kind: zhifa.RecordDocument, Act: "hold_hearing", EvidenceID: 6}, false}, // 听证笔录
		{zhifa.Record{Kind: zhifa.RecordDocument, Act: "notify", EvidenceID: 7}, false},       // 告知书
		{zhifa.Record{Kind: zhifa.RecordAV, Act: "hearing"}, false},
	} {
		if got := IsEvidenceRecord(&tt.r); got != tt.want {
			t.Errorf("IsEvidenceRecord(%+v) = %v", tt.r, got)
		}
	}
}

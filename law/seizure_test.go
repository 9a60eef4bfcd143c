package law

import (
	"testing"
	"time"

	"zhifa"
	"zhifa/workday"
)

func gateRule(err error) string {
	if e, ok := err.(*zhifa.Error); ok && e.Code == zhifa.EGATE {
		return e.Rule
	}
	if err != nil {
		return "other:" + zhifa.ErrorCode(err)
	}
	return ""
}

// TestCheckSeizure: 行政强制法第十八条 (approval, notice, 现场笔录, witness) and the
// emergency path of 第十九条.
func TestCheckSeizure(t *testing.T) {
	signed := zhifa.SeizureRecord{Notified: true, PartyPresent: true, Signed: true}
	with := func(f func(*zhifa.SeizureRecord)) *zhifa.SeizureRecord { r := signed; f(&r); return &r }
	tests := []struct {
		name     string
		rec      *zhifa.SeizureRecord
		approved bool
		want     string
	}{
		{"no record", nil, true, RuleSeizureRecord},
		{"approved, signed", &signed, true, ""},
		{"第十八条第一项: no approval", &signed, false, RuleSeizureApproval},
		{"第十九条: emergency without approval", with(func(r *zhifa.SeizureRecord) { r.Emergency = true }), false, ""},
		{"第十八条第五项: not told", with(func(r *zhifa.SeizureRecord) { r.Notified = false }), true, RuleSeizureNotice},
		{"第十八条第八项: neither signed nor refusal noted", with(func(r *zhifa.SeizureRecord) { r.Signed = false }), true, RuleSeizureRecord},
		{"第十八条第八项: refusal noted", with(func(r *zhifa.SeizureRecord) { r.Signed, r.Refusal = false, "当事人拒绝签名" }), true, ""},
		{"第十八条第九项: absent, no witness", with(func(r *zhifa.SeizureRecord) { r.PartyPresent = false }), true, RuleSeizureWitness},
		{"第十八条第九项: absent, witness", with(func(r *zhifa.SeizureRecord) { r.PartyPresent, r.Witness = false, "王某（社区工作人员）" }), true, ""},
		{"blank witness", with(func(r *zhifa.SeizureRecord) { r.PartyPresent, r.Witness = false, "  " }), true, RuleSeizureWitness},
	}
	for _, tt := range tests {
		on := zhifa.Date{}
		if tt.approved {
			on = zhifa.MustDate("2026-03-02")
		}
		if got := gateRule(CheckSeizure(tt.rec, on, on)); got != tt.want {
			t.Errorf("%s: rule %q, want %q", tt.name, got, tt.want)
		}
	}
	// The approval comes before the seizure, unless it was carried out on the spot.
	approvedOn, dayBefore := zhifa.MustDate("2026-03-02"), zhifa.MustDate("2026-03-01")
	if got := gateRule(CheckSeizure(&signed, approvedOn, dayBefore)); got != RuleSeizureApproval {
		t.Errorf("seized the day before the approval: rule %q", got)
	}
	if got := gateRule(CheckSeizure(with(func(r *zhifa.SeizureRecord) { r.Emergency = true }), approvedOn, dayBefore)); got != "" {
		t.Errorf("on the spot the day before the approval: rule %q", got)
	}
}

// TestSeizureApproval: the head approves before (第十八条第一项) or within 24 hours after
// an emergency seizure (第十九条); after that the measure is lifted, not approved.
func TestSeizureApproval(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, zhifa.CST)
	cl := SeizureReportClock(at)
	if cl.DueAt == nil || !cl.DueAt.Equal(at.Add(24*time.Hour)) || cl.Unit != zhifa.UnitHour || cl.Due != zhifa.MustDate("2026-03-03") {
		t.Fatalf("report clock %+v", cl)
	}
	emergency := func(approved bool) *zhifa.Case {
		return &zhifa.Case{Stage: zhifa.StageSeize, Clocks: []zhifa.Clock{cl},
			State: zhifa.CaseState{Seizure: &zhifa.SeizureRecord{Emergency: true}, SeizureApproved: approved}}
	}
	tests := []struct {
		name                string
		c                   *zhifa.Case
		now                 time.Time
		approval, continued string
	}{
		{"prior approval", &zhifa.Case{Stage: zhifa.StageOpen}, at, "", ""},
		{"approved twice", &zhifa.Case{Stage: zhifa.StageOpen, State: zhifa.CaseState{SeizureApproved: true}}, at, RuleSeizureApproval, ""},
		{"seized with approval", &zhifa.Case{Stage: zhifa.StageSeize, State: zhifa.CaseState{Seizure: &zhifa.SeizureRecord{}, SeizureApproved: true}}, at, RuleSeizureApproval, ""},
		{"emergency, 23h59m", emergency(false), at.Add(24*time.Hour - time.Minute), "", RuleSeizureEmergency},
		{"emergency, exactly 24h", emergency(false), at.Add(24 * time.Hour), "", RuleSeizureEmergency},
		{"emergency, 24h01m", emergency(false), at.Add(24*time.Hour + time.Minute), RuleSeizureEmergency, RuleSeizureEmergency},
		{"emergency approved in time", emergency(true), at.Add(48 * time.Hour), RuleSeizureApproval, ""},
	}
	for _, tt := range tests {
		if got := gateRule(CheckSeizureApproval(tt.c, tt.now)); got != tt.approval {
			t.Errorf("%s: approval rule %q, want %q", tt.name, got, tt.approval)
		}
		if got := gateRule(CheckSeizureApproved(tt.c, tt.now)); got != tt.continued {
			t.Errorf("%s: continuation rule %q, want %q", tt.name, got, tt.continued)
		}
	}
}

// TestMeasureClockChange: the 24 hours (行政强制法第十九条) and the seven days (行政处罚法
// 第五十六条) are neither paused nor extended; other clocks are left to their own rules.
func TestMeasureClockChange(t *testing.T) {
	for k, want := range map[zhifa.ClockKind]string{zhifa.ClockSeizureReport: RuleSeizureEmergency,
		zhifa.ClockPreservation: RulePreservationDays, zhifa.ClockSeizure: "", zhifa.ClockDecision: ""} {
		if got := gateRule(CheckMeasureClockChange(k)); got != want {
			t.Errorf("%s: rule %q, want %q", k, got, want)
		}
	}
}

// TestPreservation: 行政处罚法第五十六条 — a decision within seven days, working days by
// 第八十五条; release at any time, seizure only within them.
func TestPreservation(t *testing.T) {
	cal := workday.Default()
	// Monday 2026-03-02 + 7 working days = Wednesday 2026-03-11.
	cl := PreservationClock(cal, zhifa.MustDate("2026-03-02"))
	if cl.Due != zhifa.MustDate("2026-03-11") || cl.Unit != zhifa.UnitWorkday || cl.Days != PreservationDays {
		t.Fatalf("preservation clock %+v", cl)
	}
	active := &zhifa.Case{Clocks: []zhifa.Clock{cl}, State: zhifa.CaseState{Preservation: &zhifa.Preservation{Items: "食品20箱", On: zhifa.MustDate("2026-03-02")}}}
	ended := &zhifa.Case{State: zhifa.CaseState{Preservation: &zhifa.Preservation{Items: "食品20箱", On: zhifa.MustDate("2026-03-02"), Disposal: "release", EndedOn: zhifa.MustDate("2026-03-03")}}}
	none := &zhifa.Case{}
	tests := []struct {
		name     string
		c        *zhifa.Case
		items    string
		disposal string
		day      string
		preserve string
		end      string
		resolved string
	}{
		{"none yet", none, "食品20箱", "release", "2026-03-03", "", RulePreservation, ""},
		{"no items", none, " ", "release", "2026-03-03", RulePreservation, RulePreservation, ""},
		{"active: seize on the last day", active, "其他", "seize", "2026-03-11", RulePreservation, "", RulePreservation},
		{"active: seize after seven working days", active, "其他", "seize", "2026-03-12", RulePreservation, RulePreservationDays, RulePreservation},
		{"active: release after them", active, "其他", "release", "2026-03-20", RulePreservation, "", RulePreservation},
		{"active: before the preservation", active, "其他", "release", "2026-03-01", RulePreservation, RulePreservation, RulePreservation},
		{"active: unknown disposal", active, "其他", "keep", "2026-03-03", RulePreservation, "other:" + zhifa.EINVALID, RulePreservation},
		{"ended: a new one", ended, "其他", "release", "2026-03-04", "", RulePreservation, ""},
	}
	for _, tt := range tests {
		if got := gateRule(CheckPreserve(tt.c, tt.items)); got != tt.preserve {
			t.Errorf("%s: preserve %q, want %q", tt.name, got, tt.preserve)
		}
		if got := gateRule(CheckEndPreservation(tt.c, tt.disposal, zhifa.MustDate(tt.day))); got != tt.end {
			t.Errorf("%s: end %q, want %q", tt.name, got, tt.end)
		}
		if got := gateRule(CheckPreservationResolved(tt.c)); got != tt.resolved {
			t.Errorf("%s: resolved %q, want %q", tt.name, got, tt.resolved)
		}
	}
}

package law

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/workday"
)

// marketList is an agency list (B5) that requires A/V of inspections (whole process) and
// hearings (key moments) and keeps the statutory minimum.
func marketList() *zhifa.RecordingList {
	acts, err := NormalizeRecordingActs([]zhifa.RecordingAct{
		{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true},
		{Act: "hearing", Level: zhifa.RecordingRequired},
		{Act: "serve", Level: zhifa.RecordingRecommended},
	})
	if err != nil {
		panic(err)
	}
	return &zhifa.RecordingList{AgencyID: 1, Version: 2, Acts: acts}
}

// TestAVRequired: which steps need an A/V record, and under which rule — the statutory
// minimum (D2, 国办发〔2018〕118号（八）) whatever the list, the agency's list (B5) for the
// rest; recommended acts are not required.
func TestAVRequired(t *testing.T) {
	listRule := RuleAVList + "第2版；国办发〔2018〕118号（八）"
	for _, tc := range []struct {
		name   string
		list   *zhifa.RecordingList
		action zhifa.Action
		rule   string // "" = not required
	}{
		{"D2: seizure without any list", nil, "seize", RuleAVSeizure},
		{"D2: seizure under the default list", DefaultRecordingList(1), "seize", RuleAVSeizure},
		{"D2: seizure under an agency list", marketList(), "seize", RuleAVSeizure},
		{"D2: inspection only recommended by default", DefaultRecordingList(1), "inspect", ""},
		{"B5: the list requires the inspection", marketList(), "inspect", listRule},
		{"B5: the list requires the hearing (key moments)", marketList(), "hold_hearing", listRule},
		{"B5: service recommended, not required", marketList(), "serve", ""},
		{"B5: investigation not in the list", marketList(), "investigate", ""},
		{"no recordable act: the decision", marketList(), "decide", ""},
	} {
		req, rule := AVRequired(tc.list, tc.action)
		if req != (tc.rule != "") || rule != tc.rule {
			t.Errorf("%s: AVRequired = %v %q, want %q", tc.name, req, rule, tc.rule)
		}
	}
	if AVAct("hold_hearing") != "hearing" || AVAct("seize") != "seize" || AVAct("decide") != "" {
		t.Error("AVAct maps steps to the wrong acts")
	}
}

// TestNormalizeRecordingActs: a list's acts in order, omitted ones filled in, and the
// statutory minimum (D2) that no list may lower.
func TestNormalizeRecordingActs(t *testing.T) {
	for _, tc := range []struct {
		name string
		acts []zhifa.RecordingAct
		code string
		rule string
	}{
		{"empty list keeps the statutory minimum", nil, "", ""},
		{"D2: seizure not required", []zhifa.RecordingAct{{Act: "seize", Level: zhifa.RecordingRecommended, WholeProcess: true}}, zhifa.EGATE, RuleAVSeizure},
		{"D2: seizure key moments only", []zhifa.RecordingAct{{Act: "seize", Level: zhifa.RecordingRequired}}, zhifa.EGATE, RuleAVSeizure},
		{"D2: demolition removed", []zhifa.RecordingAct{{Act: "demolish", Level: zhifa.RecordingNone}}, zhifa.EGATE, RuleAVDemolish},
		{"D2: case-handling rooms removed", []zhifa.RecordingAct{{Act: "case_room", Level: zhifa.RecordingNone}}, zhifa.EGATE, RuleAVStatutory},
		{"unknown act", []zhifa.RecordingAct{{Act: "fly", Level: zhifa.RecordingRequired}}, zhifa.EINVALID, ""},
		{"unknown level", []zhifa.RecordingAct{{Act: "inspect", Level: "always"}}, zhifa.EINVALID, ""},
		{"repeated act", []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired}, {Act: "inspect", Level: zhifa.RecordingNone}}, zhifa.EINVALID, ""},
		{"B5: agency requires more", []zhifa.RecordingAct{{Act: "serve", Level: zhifa.RecordingRequired, WholeProcess: true}}, "", ""},
	} {
		out, err := NormalizeRecordingActs(tc.acts)
		if zhifa.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
			continue
		}
		if e, ok := err.(*zhifa.Error); ok && e.Rule != tc.rule {
			t.Errorf("%s: rule %q, want %q", tc.name, e.Rule, tc.rule)
		}
		if err != nil {
			continue
		}
		if len(out) != len(RecordableActs) {
			t.Fatalf("%s: %d acts, want every act (%d)", tc.name, len(out), len(RecordableActs))
		}
		for i, a := range out {
			ra := RecordableActs[i]
			if a.Act != ra.Act {
				t.Errorf("%s: act %d is %s, want %s", tc.name, i, a.Act, ra.Act)
			}
			if ra.Statutory && (a.Level != zhifa.RecordingRequired || !a.WholeProcess) {
				t.Errorf("%s: statutory act %s is %s", tc.name, a.Act, a.Level)
			}
		}
	}
	if out, _ := NormalizeRecordingActs([]zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingNone, WholeProcess: true}}); RecordingActOf(&zhifa.RecordingList{Acts: out}, "inspect").WholeProcess {
		t.Error("an act recorded in writing only cannot be whole-process A/V")
	}
}

// TestAVGate: the step is refused with EGATE naming the list clause or D2 until the case
// has an A/V record of the act, and Missing shows the requirement before the act.
func TestAVGate(t *testing.T) {
	cal := workday.Default()
	valid := &zhifa.Certificate{State: zhifa.CertValid, ValidFrom: d("2025-01-01"), ValidUntil: d("2027-01-01")}
	facts := func(c *zhifa.Case, list *zhifa.RecordingList, av ...string) *CaseFacts {
		f := &CaseFacts{Case: c, Today: d("2026-03-10"), Cal: cal, Officers: []string{"甲", "乙"},
			Certs: map[string]*zhifa.Certificate{"甲": valid, "乙": valid}, AV: map[string]bool{}, Recording: list}
		for _, a := range av {
			f.AV[a] = true
		}
		return f
	}
	inspection := func() *zhifa.Case {
		return &zhifa.Case{Kind: zhifa.CaseInspection, Procedure: zhifa.ProcOrdinary, Stage: zhifa.StageOpen}
	}
	hearing := func() *zhifa.Case {
		return &zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Stage: zhifa.StageNotify,
			State: zhifa.CaseState{NoticeServedOn: d("2026-03-02"), HearingRight: true, HearingAsked: d("2026-03-03"), HearingOn: d("2026-03-10")}}
	}
	seizure := func() *zhifa.Case {
		return &zhifa.Case{Kind: zhifa.CaseCompulsory, Procedure: zhifa.ProcOrdinary, Stage: zhifa.StageOpen}
	}
	listRule := RuleAVList + "第2版；国办发〔2018〕118号（八）"
	for _, tc := range []struct {
		name   string
		f      *CaseFacts
		action zhifa.Action
		rule   string // the A/V rule refused under; "" = the A/V gate passes
	}{
		{"B5: inspection without A/V", facts(inspection(), marketList()), "inspect", listRule},
		{"B5: inspection with A/V", facts(inspection(), marketList(), "inspect"), "inspect", ""},
		{"D2: inspection under the default list", facts(inspection(), DefaultRecordingList(1)), "inspect", ""},
		{"B5: hearing without A/V", facts(hearing(), marketList()), "hold_hearing", listRule},
		{"B5: hearing with A/V", facts(hearing(), marketList(), "hearing"), "hold_hearing", ""},
		{"D2: seizure without A/V, any list", facts(seizure(), nil), "seize", RuleAVSeizure},
		{"D2: seizure without A/V, agency list", facts(seizure(), marketList()), "seize", RuleAVSeizure},
		{"D2: seizure with A/V", facts(seizure(), marketList(), "seize"), "seize", ""},
	} {
		s, err := Transition(tc.f.Case, tc.action)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		err = CheckStep(tc.f, s, StepInput{})
		var rule string
		if e, ok := err.(*zhifa.Error); ok && (e.Rule == RuleAVSeizure || strings.HasPrefix(e.Rule, RuleAVList)) {
			rule = e.Rule
		}
		if rule != tc.rule {
			t.Errorf("%s: %v, want A/V rule %q", tc.name, err, tc.rule)
		}
		var missing bool
		for _, u := range Missing(tc.f) {
			if u.Action == tc.action && u.Rule == tc.rule {
				missing = true
			}
		}
		if tc.rule != "" && !missing {
			t.Errorf("%s: Missing %+v does not show the A/V requirement", tc.name, Missing(tc.f))
		}
	}
	// The hearing's A/V requirement is not shown before the hearing is scheduled: the
	// hearing gates come first (Art. 64).
	c := hearing()
	c.State.HearingOn = zhifa.Date{}
	for _, u := range Missing(facts(c, marketList())) {
		if u.Action == "hold_hearing" {
			t.Errorf("unscheduled hearing shows %+v", u)
		}
	}
	if err := CheckStep(facts(seizure(), nil), &Step{Action: "seize"}, StepInput{}); err == nil || !strings.Contains(err.Error(), "请先登记本次查封扣押的音像记录") {
		t.Errorf("seizure message changed: %v", err)
	}
}

// cityTemplate is a superior agency's list published as a template (B5): inspections
// recorded for the whole process, hearings at their key moments, service recommended.
func cityTemplate() *zhifa.RecordingList {
	l := marketList()
	l.AgencyID, l.Version, l.Template = 9, 3, true
	return l
}

// TestCheckRecordingTightens: below a template an agency's list may require more, never
// less (B5); the statutory minimum is checked before (NormalizeRecordingActs).
func TestCheckRecordingTightens(t *testing.T) {
	rule := RuleAVTemplate + "第3版；国办发〔2018〕118号（八）"
	for _, tc := range []struct {
		name   string
		tmpl   *zhifa.RecordingList
		acts   []zhifa.RecordingAct
		fields []string // lowered acts' fields; none = accepted
	}{
		{"no template: anything goes", nil, []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingNone}}, nil},
		{"B5: the template as it is", cityTemplate(), cityTemplate().Acts, nil},
		{"B5: more acts required", cityTemplate(), []zhifa.RecordingAct{
			{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}, {Act: "hearing", Level: zhifa.RecordingRequired, WholeProcess: true},
			{Act: "serve", Level: zhifa.RecordingRequired}, {Act: "investigate", Level: zhifa.RecordingRecommended}}, nil},
		{"B5: inspection left out", cityTemplate(), []zhifa.RecordingAct{{Act: "hearing", Level: zhifa.RecordingRequired}, {Act: "serve", Level: zhifa.RecordingRecommended}},
			[]string{"acts[3].level"}},
		{"B5: inspection only at key moments", cityTemplate(), []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired},
			{Act: "hearing", Level: zhifa.RecordingRequired}, {Act: "serve", Level: zhifa.RecordingRecommended}}, []string{"acts[3].level"}},
		{"B5: hearing recommended, service dropped", cityTemplate(), []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true},
			{Act: "hearing", Level: zhifa.RecordingRecommended}}, []string{"acts[5].level", "acts[6].level"}},
	} {
		acts, err := NormalizeRecordingActs(tc.acts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		err = CheckRecordingTightens(acts, tc.tmpl)
		if len(tc.fields) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		e, ok := err.(*zhifa.Error)
		if !ok || e.Code != zhifa.EGATE || e.Rule != rule || len(e.Fields) != len(tc.fields) {
			t.Errorf("%s: %v, want EGATE %s on %v", tc.name, err, rule, tc.fields)
			continue
		}
		for _, f := range tc.fields {
			if e.Fields[f] == "" {
				t.Errorf("%s: no error on %s: %v", tc.name, f, e.Fields)
			}
		}
	}
}

// TestAVRequiredUnder: under a template the gate requires what the agency's list or the
// template requires (B5), naming whichever requires it; MergeRecording shows the acts the
// template makes stricter.
func TestAVRequiredUnder(t *testing.T) {
	tmplRule := RuleAVTemplate + "第3版；国办发〔2018〕118号（八）"
	own := &zhifa.RecordingList{AgencyID: 1, Version: 1, Acts: DefaultRecordingList(1).Acts}
	own.Acts[4] = zhifa.RecordingAct{Act: "investigate", Level: zhifa.RecordingRequired}
	for _, tc := range []struct {
		name       string
		list, tmpl *zhifa.RecordingList
		action     zhifa.Action
		rule       string
	}{
		{"D2 before any list", DefaultRecordingList(1), cityTemplate(), "seize", RuleAVSeizure},
		{"B5: inherited template requires the inspection", DefaultRecordingList(1), cityTemplate(), "inspect", tmplRule},
		{"B5: inherited template, service only recommended", DefaultRecordingList(1), cityTemplate(), "serve", ""},
		{"B5: own list requires the investigation", own, cityTemplate(), "investigate", RuleAVList + "第1版；国办发〔2018〕118号（八）"},
		{"B5: own list cannot drop the template's hearing", own, cityTemplate(), "hold_hearing", tmplRule},
		{"no template", own, nil, "inspect", ""},
	} {
		req, rule := AVRequiredUnder(tc.list, tc.tmpl, tc.action)
		if req != (tc.rule != "") || rule != tc.rule {
			t.Errorf("%s: = %v %q, want %q", tc.name, req, rule, tc.rule)
		}
		if tc.rule != "" && !IsAVRule(rule) {
			t.Errorf("%s: %q is not an A/V rule", tc.name, rule)
		}
	}
	merged, raised := MergeRecording(own, cityTemplate())
	if !raised["inspect"] || !raised["hearing"] || raised["serve"] || raised["investigate"] || len(raised) != 2 { // service: recommended by default too
		t.Errorf("raised %v", raised)
	}
	if a := RecordingActOf(merged, "inspect"); a.Level != zhifa.RecordingRequired || !a.WholeProcess {
		t.Errorf("merged inspect %+v", a)
	}
	if merged.Version != 1 || RecordingActOf(merged, "investigate").Level != zhifa.RecordingRequired {
		t.Errorf("merged %+v", merged)
	}
	if m, _ := MergeRecording(nil, cityTemplate()); RecordingActOf(m, "hearing").Level != zhifa.RecordingRequired {
		t.Errorf("merged nil list %+v", m)
	}
}

package law

import (
	"fmt"
	"slices"
	"strings"

	"zhifa"
)

// Whole-process recording (全过程记录): which enforcement acts need an audio/video record
// (REQUIREMENTS B5, D2). 国办发〔2018〕118号 (八)「规范音像记录」: 对查封扣押财产、强制拆除等
// 直接涉及人身自由、生命健康、重大财产权益的现场执法活动和执法办案场所，要推行全程音像记录；
// 对现场执法、调查取证、举行听证、留置送达和公告送达等容易引发争议的行政执法过程，要根据
// 实际情况进行音像记录. 行政处罚法第四十七条 requires the whole process to be recorded in
// writing, audio or video. Each agency keeps its own list (B5); the statutory minimum
// applies whatever the list says.

// Citations of the recording rules.
const (
	// RuleAVStatutory is the statutory minimum: whole-process A/V for seizure and
	// detention of property, forced demolition and case-handling rooms.
	RuleAVStatutory = "国办发〔2018〕118号（八）（查封扣押财产、强制拆除等现场执法活动推行全程音像记录）"
	// RuleAVDemolish is the statutory minimum for forced demolition.
	RuleAVDemolish = "国办发〔2018〕118号（八）（强制拆除全过程音像记录）"
	// RuleAVList is an agency's own whole-process-recording list.
	RuleAVList = "本机关全过程记录清单"
	// RuleAVTemplate is the list a superior agency publishes as a template: the agencies
	// below without their own list apply it, and their own lists may only tighten it.
	RuleAVTemplate = "上级机关发布的全过程记录清单模板"
)

// RecordableAct is an enforcement act a recording list can cover. Act is the key an A/V
// record names (Record.Act); Actions are the steps of the stage machine (Steps) that
// complete the act. An act without actions (强制拆除) is listed for the agency's staff and
// the public; no step of the system performs it yet.
type RecordableAct struct {
	Act     string         `json:"act"`
	Label   string         `json:"label"`
	Actions []zhifa.Action `json:"actions"`
	// Statutory marks an act that always needs a whole-process A/V record (D2); no list
	// can lower it. Rule is the citation of its gate.
	Statutory bool   `json:"statutory"`
	Rule      string `json:"rule,omitempty"`
	// Recommended marks an act D2 recommends recording (根据实际情况进行音像记录).
	Recommended bool `json:"recommended"`
}

// RecordableActs lists the acts in the order lists show them.
var RecordableActs = []RecordableAct{
	{Act: "seize", Label: "查封、扣押财产", Actions: []zhifa.Action{zhifa.ActSeize}, Statutory: true, Rule: RuleAVSeizure},
	{Act: "demolish", Label: "强制拆除", Actions: nil, Statutory: true, Rule: RuleAVDemolish},
	{Act: "case_room", Label: "执法办案场所内的询问、调查", Actions: nil, Statutory: true, Rule: RuleAVStatutory},
	{Act: "inspect", Label: "现场检查（现场执法）", Actions: []zhifa.Action{zhifa.ActInspect}, Recommended: true},
	{Act: "investigate", Label: "调查取证", Actions: []zhifa.Action{zhifa.ActInvestigate}, Recommended: true},
	{Act: "hearing", Label: "举行听证", Actions: []zhifa.Action{zhifa.ActHoldHearing}, Recommended: true},
	{Act: "serve", Label: "送达（留置送达、公告送达）", Actions: []zhifa.Action{zhifa.ActServe}, Recommended: true},
	{Act: "release", Label: "解除查封、扣押", Actions: []zhifa.Action{zhifa.ActRelease}},
	{Act: "execute", Label: "现场执行", Actions: []zhifa.Action{zhifa.ActExecute}},
}

// RecordableActOf returns the recordable act with key act, nil if there is none.
func RecordableActOf(act string) *RecordableAct {
	for i := range RecordableActs {
		if RecordableActs[i].Act == act {
			return &RecordableActs[i]
		}
	}
	return nil
}

// AVAct returns the key of the act an A/V record must name for the step action to be
// covered, "" when no recordable act is completed by the action.
func AVAct(action zhifa.Action) string {
	for _, a := range RecordableActs {
		if slices.Contains(a.Actions, action) {
			return a.Act
		}
	}
	return ""
}

// RecordingActLabel is the Chinese name of a recordable act, the key itself if unknown.
func RecordingActLabel(act string) string {
	if a := RecordableActOf(act); a != nil {
		return a.Label
	}
	return act
}

// DefaultRecordingList is the list of an agency that has none of its own (version 0):
// the statutory acts required for the whole process, the recommended acts recommended
// at their key moments, the others in writing only (D2).
func DefaultRecordingList(agencyID int64) *zhifa.RecordingList {
	l := &zhifa.RecordingList{AgencyID: agencyID, Acts: make([]zhifa.RecordingAct, 0, len(RecordableActs))}
	for _, a := range RecordableActs {
		l.Acts = append(l.Acts, defaultAct(a))
	}
	return l
}

// defaultAct is the entry of a in the default list.
func defaultAct(a RecordableAct) zhifa.RecordingAct {
	ra := zhifa.RecordingAct{Act: a.Act, Level: zhifa.RecordingNone}
	switch {
	case a.Statutory:
		ra.Level, ra.WholeProcess = zhifa.RecordingRequired, true
	case a.Recommended:
		ra.Level = zhifa.RecordingRecommended
	}
	return ra
}

// NormalizeRecordingActs checks the acts of a new list version and returns them in the
// order of RecordableActs with every act present: an act left out is not required
// (none), a statutory act left out is required for the whole process. An unknown or
// repeated act or an unknown level is EINVALID (field acts[i]); lowering a statutory act
// (not required, or key moments only) is EGATE naming D2 — the statutory minimum cannot
// be removed from any list.
func NormalizeRecordingActs(acts []zhifa.RecordingAct) ([]zhifa.RecordingAct, error) {
	given := map[string]zhifa.RecordingAct{}
	fields := zhifa.FieldErrors{}
	for i, a := range acts {
		f := fmt.Sprintf("acts[%d]", i)
		a.Act = strings.TrimSpace(a.Act)
		ra := RecordableActOf(a.Act)
		switch {
		case ra == nil:
			fields.Add(f+".act", fmt.Sprintf("未知的执法行为“%s”", a.Act))
			continue
		case !a.Level.Valid():
			fields.Add(f+".level", "音像记录要求应为必须、建议或文字记录即可")
			continue
		}
		if _, dup := given[a.Act]; dup {
			fields.Add(f+".act", fmt.Sprintf("执法行为“%s”重复", ra.Label))
			continue
		}
		if a.Level == zhifa.RecordingNone {
			a.WholeProcess = false
		}
		given[a.Act] = a
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	out := make([]zhifa.RecordingAct, 0, len(RecordableActs))
	for _, ra := range RecordableActs {
		a, ok := given[ra.Act]
		if !ok {
			a = zhifa.RecordingAct{Act: ra.Act, Level: zhifa.RecordingNone}
			if ra.Statutory {
				a.Level, a.WholeProcess = zhifa.RecordingRequired, true
			}
		}
		if ra.Statutory && (a.Level != zhifa.RecordingRequired || !a.WholeProcess) {
			return nil, Gate(ra.Rule, fmt.Sprintf("“%s”依法必须全程音像记录，不能从全过程记录清单中删除或降低要求", ra.Label))
		}
		out = append(out, a)
	}
	return out, nil
}

// AVRequired reports whether the step action needs an A/V record of its act before it
// can be taken, and the rule that requires it: the statutory minimum (D2) first, then
// the agency's list (B5, nil for none). Recommended acts are not required.
func AVRequired(list *zhifa.RecordingList, action zhifa.Action) (bool, string) {
	act := AVAct(action)
	if act == "" {
		return false, ""
	}
	ra := RecordableActOf(act)
	if ra.Statutory {
		return true, ra.Rule
	}
	if listRequires(list, act) {
		return true, listRule(list)
	}
	return false, ""
}

// listRequires reports whether the list (nil for none) requires an A/V record of act.
func listRequires(list *zhifa.RecordingList, act string) bool {
	return list != nil && slices.ContainsFunc(list.Acts, func(a zhifa.RecordingAct) bool {
		return a.Act == act && a.Level == zhifa.RecordingRequired
	})
}

// listRule names the version of an agency's list.
func listRule(l *zhifa.RecordingList) string {
	if l.Version > 0 {
		return fmt.Sprintf("%s第%d版；国办发〔2018〕118号（八）", RuleAVList, l.Version)
	}
	return RuleAVList + "；国办发〔2018〕118号（八）"
}

// RecordingActOf returns the entry of act in the list, or the default's for a list
// without it.
func RecordingActOf(list *zhifa.RecordingList, act string) zhifa.RecordingAct {
	if list != nil {
		for _, a := range list.Acts {
			if a.Act == act {
				return a
			}
		}
	}
	if ra := RecordableActOf(act); ra != nil {
		return defaultAct(*ra)
	}
	return zhifa.RecordingAct{Act: act, Level: zhifa.RecordingNone}
}

// templateRule names the version of a superior agency's template.
func templateRule(l *zhifa.RecordingList) string {
	return fmt.Sprintf("%s第%d版；国办发〔2018〕118号（八）", RuleAVTemplate, l.Version)
}

// AVRequiredUnder is AVRequired under the agency's list and the template above it (nil
// for none): the statutory minimum first, then the agency's list, then the template —
// an act the template requires stays required whatever the agency's list says (B5).
func AVRequiredUnder(list, tmpl *zhifa.RecordingList, action zhifa.Action) (bool, string) {
	if req, rule := AVRequired(list, action); req {
		return req, rule
	}
	if listRequires(tmpl, AVAct(action)) {
		return true, templateRule(tmpl)
	}
	return false, ""
}

// recordingRank orders what an entry asks for: nothing, a recommendation, a record of
// the key moments, a record of the whole process.
func recordingRank(a zhifa.RecordingAct) int {
	switch {
	case a.Level == zhifa.RecordingRequired && a.WholeProcess:
		return 3
	case a.Level == zhifa.RecordingRequired:
		return 2
	case a.Level == zhifa.RecordingRecommended:
		return 1
	}
	return 0
}

// CheckRecordingTightens checks that an agency's acts (NormalizeRecordingActs' order)
// keep every requirement of the template above it (nil for none): an agency below may
// require more, never less (B5). A lowered act is EGATE naming the template, with the
// field acts[i].level of each lowered act.
func CheckRecordingTightens(acts []zhifa.RecordingAct, tmpl *zhifa.RecordingList) error {
	if tmpl == nil {
		return nil
	}
	fields := zhifa.FieldErrors{}
	var lowered []string
	for i, a := range acts {
		base := RecordingActOf(tmpl, a.Act)
		if recordingRank(a) >= recordingRank(base) {
			continue
		}
		want := base.Level.Label()
		if base.Level == zhifa.RecordingRequired && base.WholeProcess {
			want += "（全过程）"
		}
		fields.Add(fmt.Sprintf("acts[%d].level", i), "上级模板要求“"+want+"”，本机关清单只能从严")
		lowered = append(lowered, RecordingActLabel(a.Act))
	}
	if len(lowered) == 0 {
		return nil
	}
	err := Gate(templateRule(tmpl), fmt.Sprintf("本机关全过程记录清单只能在上级模板基础上从严，不能降低“%s”的音像记录要求", strings.Join(lowered, "”“")))
	err.Fields = fields
	return err
}

// MergeRecording returns the list as it applies under the template above it (nil for
// none): each act at the stricter of the list's and the template's entry (B5), and the
// acts the template made stricter. With no template the list is returned as it is.
func MergeRecording(list, tmpl *zhifa.RecordingList) (*zhifa.RecordingList, map[string]bool) {
	raised := map[string]bool{}
	if tmpl == nil {
		return list, raised
	}
	if list == nil {
		list = DefaultRecordingList(tmpl.AgencyID)
	}
	out := *list
	out.Acts = make([]zhifa.RecordingAct, 0, len(RecordableActs))
	for _, ra := range RecordableActs {
		own, base := RecordingActOf(list, ra.Act), RecordingActOf(tmpl, ra.Act)
		if recordingRank(base) > recordingRank(own) {
			own.Level, own.WholeProcess, own.Note = base.Level, base.WholeProcess, base.Note
			raised[ra.Act] = true
		}
		out.Acts = append(out.Acts, own)
	}
	return &out, raised
}

// checkAV is the A/V gate of a step: an act the statutory minimum, the agency's list or
// the template above it requires cannot be completed without an A/V record naming it
// (D2, B5).
func checkAV(f *CaseFacts, s *Step) error {
	req, rule := AVRequiredUnder(f.Recording, f.RecordingTemplate, s.Action)
	act := AVAct(s.Action)
	if !req || f.AV[act] {
		return nil
	}
	if act == "seize" {
		return Gate(rule, "查封、扣押须全程音像记录，请先登记本次查封扣押的音像记录")
	}
	scope := "关键环节"
	merged, _ := MergeRecording(f.Recording, f.RecordingTemplate)
	if RecordingActOf(merged, act).WholeProcess {
		scope = "全过程"
	}
	whose := "本机关全过程记录清单"
	if strings.HasPrefix(rule, RuleAVTemplate) {
		whose = "上级机关发布的全过程记录清单模板"
	}
	return Gate(rule, fmt.Sprintf("%s要求“%s”%s音像记录，请先登记本次%s的音像记录",
		whose, RecordingActLabel(act), scope, RecordingActLabel(act)))
}

// avUnmet is the A/V gate of an act within the stage (a step that keeps the stage, such
// as holding the hearing), for Missing: shown when A/V is the first rule the act still
// needs.
func avUnmet(f *CaseFacts, s *Step) (Unmet, bool) {
	if req, _ := AVRequiredUnder(f.Recording, f.RecordingTemplate, s.Action); !req || f.AV[AVAct(s.Action)] {
		return Unmet{}, false
	}
	err := CheckStep(f, s, StepInput{})
	e, ok := err.(*zhifa.Error)
	if !ok || err == nil {
		return Unmet{}, false
	}
	if want, _ := checkAV(f, s).(*zhifa.Error); want == nil || want.Message != e.Message {
		return Unmet{}, false
	}
	return Unmet{Action: s.Action, Rule: e.Rule, Message: e.Message}, true
}

// IsAVRule reports whether rule is one of the A/V gates (the statutory minimum or an
// agency's list), e.g. to preselect the act of an upload while it is pending.
func IsAVRule(rule string) bool {
	return rule == RuleAVSeizure || rule == RuleAVDemolish || rule == RuleAVStatutory || strings.HasPrefix(rule, RuleAVList) ||
		strings.HasPrefix(rule, RuleAVTemplate)
}

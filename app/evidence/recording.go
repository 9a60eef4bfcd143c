package evidence

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Whole-process-recording lists (全过程记录清单, REQUIREMENTS B5, D2). Each agency keeps a
// list of which enforcement acts need an audio/video record, and whether for the whole
// process or its key moments; the statutory minimum (查封扣押、强制拆除、执法办案场所, 国办发
// 〔2018〕118号（八）) is in every list and cannot be lowered (law.NormalizeRecordingActs).
// Everyone on the staff reads the lists in scope; admins (kernel.PermManageCatalog) edit the
// lists of enforcement agencies in their scope; the public portal shows them (C1). Every
// change is a new version with who and when, one ledger entry and one audit record. The
// case gates (law.CheckStep, law.Missing) read the latest version.
//
// Like the major-decision catalog (法制审核目录), a superior agency may publish its list as a
// template (RecordingList.Template; the city government or the justice bureau, which
// enforce nothing themselves, may keep a list only as a template): an agency below without
// its own list applies the nearest ancestor's template, and an agency's own list may only
// tighten it (law.CheckRecordingTightens) — the gate applies what the template requires
// whatever the own list says (law.AVRequiredUnder), so a template tightened later binds
// the lists saved under its earlier version too.

// effectiveRecordingList is the agency's own list: its latest version, else the
// statutory default (version 0).
func effectiveRecordingList(ctx context.Context, tx zhifa.Tx, agencyID int64) (*zhifa.RecordingList, error) {
	l, err := tx.RecordingList(ctx, agencyID, 0)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return law.DefaultRecordingList(agencyID), nil
	}
	return l, err
}

// recordingTemplateAbove returns the latest version of the nearest ancestor's list if it
// is a template, nil if no ancestor publishes one. An ancestor whose latest list is not a
// template is passed over, as for the major-decision catalogs. The template is returned as it
// applies to its own agency — under the templates above that (law.MergeRecording) — so a
// template tightened higher up binds every agency below it. The ancestors are read from
// the agency's path (kernel.TemplatesAbove).
func recordingTemplateAbove(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.RecordingList, error) {
	chain, err := kernel.TemplatesAbove(ctx, ag, tx.RecordingList, func(l *zhifa.RecordingList) bool { return l.Template }, false)
	if err != nil {
		return nil, err
	}
	var tmpl *zhifa.RecordingList
	for i := len(chain) - 1; i >= 0; i-- {
		tmpl, _ = law.MergeRecording(chain[i], tmpl)
	}
	return tmpl, nil
}

// RecordingFacts sets the agency's list and the template above it on the gate facts and
// which of the acts they or the statute require have an A/V record on the case; ag is the
// case's agency.
func (s *Service) RecordingFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, f *law.CaseFacts) error {
	l, err := effectiveRecordingList(ctx, tx, ag.ID)
	if err != nil {
		return err
	}
	tmpl, err := recordingTemplateAbove(ctx, tx, ag)
	if err != nil {
		return err
	}
	f.Recording, f.RecordingTemplate = l, tmpl
	if c.ID == 0 {
		return nil
	}
	for _, ra := range law.RecordableActs {
		needed := slices.ContainsFunc(ra.Actions, func(action zhifa.Action) bool {
			req, _ := law.AVRequiredUnder(l, tmpl, action)
			return req
		})
		if !needed {
			continue
		}
		ok, err := tx.HasAVRecord(ctx, c.ID, ra.Act)
		if err != nil {
			return err
		}
		f.AV[ra.Act] = ok
	}
	return nil
}

// RecordingActView is one act of a list as shown: the act, its level and scope, and
// what the statute says of it.
type RecordingActView struct {
	zhifa.RecordingAct
	Label       string `json:"label"`
	LevelLabel  string `json:"level_label"`
	Statutory   bool   `json:"statutory"`
	Recommended bool   `json:"recommended"`
	Rule        string `json:"rule,omitempty"`
	// Actions are the case steps the act completes (law.Steps); none for an act no step
	// performs yet (强制拆除).
	Actions []zhifa.Action `json:"actions"`
	// FromTemplate tells that the template above the agency makes the act stricter than
	// the agency's own list (or the default) does (B5).
	FromTemplate bool `json:"from_template"`
}

// Sources of the list that applies to an agency (RecordingListView.Source).
const (
	RecordingSourceOwn      = "own"      // the agency's own list (tightening any template above)
	RecordingSourceTemplate = "template" // the nearest ancestor's template, inherited
	RecordingSourceDefault  = "default"  // the statutory default (D2)
)

// RecordingListView is an agency's list as it applies, with its history.
type RecordingListView struct {
	AgencyID   int64  `json:"agency_id"`
	AgencyName string `json:"agency_name"`
	// Current is the agency's own list (else the statutory default, version 0); Own tells
	// whether the agency has its own. Acts are what applies: Current, each act at least
	// as strict as the template above.
	Current *zhifa.RecordingList `json:"current"`
	Own     bool                 `json:"own"`
	Acts    []RecordingActView   `json:"acts"`
	// Template is the nearest ancestor's published template (nil for none) and
	// TemplateAgency its agency's name.
	Template       *zhifa.RecordingList `json:"template,omitempty"`
	TemplateAgency string               `json:"template_agency,omitempty"`
	// Source is where the list that applies comes from (RecordingSource*), SourceText
	// the same in words for the page.
	Source     string `json:"source"`
	SourceText string `json:"source_text"`
	// Versions are the stored versions, newest first (empty for the public).
	Versions []*zhifa.RecordingList `json:"versions"`
	// MayEdit tells whether the actor may store a new version.
	MayEdit bool `json:"may_edit"`
}

// recordingListView is the agency's list as it applies: its own list (or the default)
// under the template above it.
func recordingListView(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*RecordingListView, error) {
	l, err := effectiveRecordingList(ctx, tx, ag.ID)
	if err != nil {
		return nil, err
	}
	tmpl, err := recordingTemplateAbove(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	v := &RecordingListView{AgencyID: ag.ID, AgencyName: ag.Name, Current: l, Own: l.Version > 0, Template: tmpl,
		Versions: []*zhifa.RecordingList{}}
	if tmpl != nil {
		tag, err := tx.Agency(ctx, tmpl.AgencyID)
		if err != nil {
			return nil, err
		}
		v.TemplateAgency = tag.Name
	}
	switch {
	case v.Own && tmpl != nil:
		v.Source, v.SourceText = RecordingSourceOwn, fmt.Sprintf("本机关清单第%d版（在%s发布的模板第%d版基础上从严）", l.Version, v.TemplateAgency, tmpl.Version)
	case v.Own:
		v.Source, v.SourceText = RecordingSourceOwn, fmt.Sprintf("本机关清单第%d版", l.Version)
	case tmpl != nil:
		v.Source, v.SourceText = RecordingSourceTemplate, fmt.Sprintf("本机关尚未制定清单，沿用%s发布的模板第%d版", v.TemplateAgency, tmpl.Version)
	default:
		v.Source, v.SourceText = RecordingSourceDefault, "本机关尚未制定清单，上级机关也未发布模板，适用法定要求（国办发〔2018〕118号（八））"
	}
	if l.Template {
		v.SourceText += "；本清单同时作为模板发布，下级机关未制定清单的沿用本清单"
	}
	merged, raised := law.MergeRecording(l, tmpl)
	for _, ra := range law.RecordableActs {
		a := law.RecordingActOf(merged, ra.Act)
		v.Acts = append(v.Acts, RecordingActView{RecordingAct: a, Label: ra.Label, LevelLabel: a.Level.Label(),
			Statutory: ra.Statutory, Recommended: ra.Recommended, Rule: ra.Rule, Actions: ra.Actions, FromTemplate: raised[ra.Act]})
	}
	return v, nil
}

// RecordingList returns the list of an agency in the actor's scope, with its versions.
func (s *Service) RecordingList(ctx context.Context, agencyID int64) (*RecordingListView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *RecordingListView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		v, err = recordingListHistory(ctx, tx, ag, actor.Can(kernel.PermManageCatalog))
		return err
	})
	return v, err
}

// recordingListHistory is recordingListView with the stored versions, for the staff.
func recordingListHistory(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, mayEdit bool) (*RecordingListView, error) {
	v, err := recordingListView(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	if v.Versions, err = tx.RecordingLists(ctx, ag.ID); err != nil {
		return nil, err
	}
	v.MayEdit = mayEdit
	return v, nil
}

// PublicRecordingList returns the list of an enforcement agency for the public portal
// (B5 lists are public, C1): the current version, without the history.
func (s *Service) PublicRecordingList(ctx context.Context, agencyID int64) (*RecordingListView, error) {
	var v *RecordingListView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		if !ag.IsEnforcement() {
			return zhifa.NotFound("执法主体")
		}
		v, err = recordingListView(ctx, tx, ag)
		return err
	})
	return v, err
}

// RecordingListInput is a new version of an agency's list. Version is the version the
// editor saw (0 when the agency has none yet). Acts left out are not required; the
// statutory acts are always required for the whole process. Template publishes the
// version for the agencies below (B5).
type RecordingListInput struct {
	Version  int                  `json:"version"`
	Template bool                 `json:"template"`
	Acts     []zhifa.RecordingAct `json:"acts"`
	Note     string               `json:"note"`
}

// SaveRecordingList stores a new version of an agency's list (B5): admins of the agency
// or above it only; the statutory minimum cannot be lowered (D2, EGATE); below a template
// the list may only tighten it (EGATE naming the template); an agency that is not an
// enforcement body keeps a list only as a template for the agencies below; a stale
// Version is ECONFLICT.
func (s *Service) SaveRecordingList(ctx context.Context, agencyID int64, in RecordingListInput) (*RecordingListView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	chk := kernel.NewChecker()
	chk.Text("note", &in.Note, false, 500)
	if len(in.Acts) > len(law.RecordableActs) {
		chk.Add("acts", fmt.Sprintf("执法行为不能超过%d项", len(law.RecordableActs)))
	}
	for i := range in.Acts {
		chk.Text(fmt.Sprintf("acts[%d].note", i), &in.Acts[i].Note, false, 200)
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	acts, err := law.NormalizeRecordingActs(in.Acts)
	if err != nil {
		return nil, err
	}
	var v *RecordingListView
	err = s.k.Write(ctx, "recording.list", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", ag.ID), ag.Path
		if !actor.InScope(ag.Path) {
			return zhifa.NotFound("执法机关")
		}
		if !ag.IsEnforcement() && !in.Template {
			return &zhifa.Error{Code: zhifa.EINVALID, Message: ag.Name + "不是执法主体，只能将全过程记录清单作为模板发布给下级机关",
				Fields: map[string]string{"template": "非执法主体的清单须作为模板发布"}}
		}
		cur := 0
		if own, err := tx.RecordingList(ctx, ag.ID, 0); err == nil {
			cur = own.Version
		} else if zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			return err
		}
		if in.Version != cur {
			return zhifa.Errorf(zhifa.ECONFLICT, "全过程记录清单已被他人修改（当前第%d版），请刷新后重试", cur)
		}
		tmpl, err := recordingTemplateAbove(ctx, tx, ag)
		if err != nil {
			return err
		}
		if err := law.CheckRecordingTightens(acts, tmpl); err != nil {
			return err
		}
		l := &zhifa.RecordingList{AgencyID: ag.ID, Version: cur + 1, Acts: acts, Note: in.Note, Template: in.Template,
			CreatedBy: actor.Login, CreatedAt: s.k.Now()}
		if tmpl != nil {
			l.BaseAgencyID, l.BaseVersion = tmpl.AgencyID, tmpl.Version
		}
		if err := tx.AddRecordingList(ctx, l); err != nil {
			return err
		}
		rec.Detail = fmt.Sprintf("%s 全过程记录清单第%d版", ag.Name, l.Version)
		if l.Template {
			rec.Detail += "（作为模板发布）"
		}
		meta := map[string]string{"agency": strconv.FormatInt(ag.ID, 10), "version": strconv.Itoa(l.Version),
			"template": strconv.FormatBool(l.Template)}
		if tmpl != nil {
			meta["base"] = fmt.Sprintf("agency/%d@%d", tmpl.AgencyID, tmpl.Version)
		}
		for _, x := range l.Acts {
			scope := "key"
			if x.WholeProcess {
				scope = "whole"
			}
			meta["act."+x.Act] = string(x.Level) + "/" + scope
		}
		if _, err := s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "recording.list", Meta: meta}); err != nil {
			return err
		}
		v, err = recordingListHistory(ctx, tx, ag, true)
		return err
	})
	return v, err
}

package app

import (
	"context"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/law"
	"zhifa/ledger"
)

// Whole-process-recording lists (全过程记录清单, REQUIREMENTS B5, D2). Each agency keeps a
// list of which enforcement acts need an audio/video record, and whether for the whole
// process or its key moments; the statutory minimum (查封扣押、强制拆除、执法办案场所, 国办发
// 〔2018〕118号（八）) is in every list and cannot be lowered (law.NormalizeRecordingActs).
// Everyone on the staff reads the lists in scope; admins (PermManageCatalog) edit the
// lists of enforcement agencies in their scope; the public portal shows them (C1). Every
// change is a new version with who and when, one ledger entry and one audit record. The
// case gates (law.CheckStep, law.Missing) read the latest version.

// effectiveRecordingList is the list that applies to the agency's cases: its latest
// version, else the statutory default (version 0).
func effectiveRecordingList(ctx context.Context, tx zhifa.Tx, agencyID int64) (*zhifa.RecordingList, error) {
	l, err := tx.RecordingList(ctx, agencyID, 0)
	if isCode(err, zhifa.ENOTFOUND) {
		return law.DefaultRecordingList(agencyID), nil
	}
	return l, err
}

// recordingFacts sets the agency's list on the gate facts and which of the acts the
// list or the statute requires have an A/V record on the case.
func (a *App) recordingFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, f *law.CaseFacts) error {
	l, err := effectiveRecordingList(ctx, tx, c.AgencyID)
	if err != nil {
		return err
	}
	f.Recording = l
	if c.ID == 0 {
		return nil
	}
	for _, ra := range law.RecordableActs {
		needed := false
		for _, action := range ra.Actions {
			if req, _ := law.AVRequired(l, action); req {
				needed = true
			}
		}
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
	Actions []string `json:"actions"`
}

// RecordingListView is an agency's list as it applies, with its history.
type RecordingListView struct {
	AgencyID   int64  `json:"agency_id"`
	AgencyName string `json:"agency_name"`
	// Current is the list that applies; Own tells whether the agency has its own (else
	// the statutory default applies, version 0).
	Current *zhifa.RecordingList `json:"current"`
	Own     bool                 `json:"own"`
	Acts    []RecordingActView   `json:"acts"`
	// Versions are the stored versions, newest first (empty for the public).
	Versions []*zhifa.RecordingList `json:"versions"`
	// MayEdit tells whether the actor may store a new version.
	MayEdit bool `json:"may_edit"`
}

func recordingListView(ag *zhifa.Agency, l *zhifa.RecordingList) *RecordingListView {
	v := &RecordingListView{AgencyID: ag.ID, AgencyName: ag.Name, Current: l, Own: l.Version > 0,
		Versions: []*zhifa.RecordingList{}}
	for _, ra := range law.RecordableActs {
		a := law.RecordingActOf(l, ra.Act)
		v.Acts = append(v.Acts, RecordingActView{RecordingAct: a, Label: ra.Label, LevelLabel: a.Level.Label(),
			Statutory: ra.Statutory, Recommended: ra.Recommended, Rule: ra.Rule, Actions: ra.Actions})
	}
	return v
}

// RecordingList returns the list of an agency in the actor's scope, with its versions.
func (a *App) RecordingList(ctx context.Context, agencyID int64) (*RecordingListView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	var v *RecordingListView
	err := a.read(ctx, func(tx zhifa.Tx) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		if !actor.InScope(ag.Path) {
			return notVisible("执法机关")
		}
		l, err := effectiveRecordingList(ctx, tx, ag.ID)
		if err != nil {
			return err
		}
		v = recordingListView(ag, l)
		if v.Versions, err = tx.RecordingLists(ctx, ag.ID); err != nil {
			return err
		}
		v.MayEdit = actor.Can(PermManageCatalog) && ag.IsEnforcement()
		return nil
	})
	return v, err
}

// PublicRecordingList returns the list of an enforcement agency for the public portal
// (B5 lists are public, C1): the current version, without the history.
func (a *App) PublicRecordingList(ctx context.Context, agencyID int64) (*RecordingListView, error) {
	var v *RecordingListView
	err := a.read(ctx, func(tx zhifa.Tx) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		if !ag.IsEnforcement() {
			return zhifa.NotFound("执法主体")
		}
		l, err := effectiveRecordingList(ctx, tx, ag.ID)
		if err != nil {
			return err
		}
		v = recordingListView(ag, l)
		return nil
	})
	return v, err
}

// RecordingListInput is a new version of an agency's list. Version is the version the
// editor saw (0 when the agency has none yet). Acts left out are not required; the
// statutory acts are always required for the whole process.
type RecordingListInput struct {
	Version int                  `json:"version"`
	Acts    []zhifa.RecordingAct `json:"acts"`
	Note    string               `json:"note"`
}

// SaveRecordingList stores a new version of an enforcement agency's list (B5): admins of
// the agency or above it only; the statutory minimum cannot be lowered (D2, EGATE); a
// stale Version is ECONFLICT.
func (a *App) SaveRecordingList(ctx context.Context, agencyID int64, in RecordingListInput) (*RecordingListView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageCatalog); err != nil {
		return nil, err
	}
	chk := newChecker()
	chk.text("note", &in.Note, false, 500)
	if len(in.Acts) > len(law.RecordableActs) {
		chk.Add("acts", fmt.Sprintf("执法行为不能超过%d项", len(law.RecordableActs)))
	}
	for i := range in.Acts {
		chk.text(fmt.Sprintf("acts[%d].note", i), &in.Acts[i].Note, false, 200)
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	acts, err := law.NormalizeRecordingActs(in.Acts)
	if err != nil {
		return nil, err
	}
	var v *RecordingListView
	err = a.write(ctx, "recording.list", func(tx zhifa.Tx, rec *audit) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = objectRef("agency", ag.ID), ag.Path
		if !actor.InScope(ag.Path) {
			return notVisible("执法机关")
		}
		if !ag.IsEnforcement() {
			return zhifa.Errorf(zhifa.EINVALID, "%s不是执法主体，没有全过程记录清单", ag.Name)
		}
		cur := 0
		if own, err := tx.RecordingList(ctx, ag.ID, 0); err == nil {
			cur = own.Version
		} else if !isCode(err, zhifa.ENOTFOUND) {
			return err
		}
		if in.Version != cur {
			return zhifa.Errorf(zhifa.ECONFLICT, "全过程记录清单已被他人修改（当前第%d版），请刷新后重试", cur)
		}
		l := &zhifa.RecordingList{AgencyID: ag.ID, Version: cur + 1, Acts: acts, Note: in.Note,
			CreatedBy: actor.Login, CreatedAt: a.now()}
		if err := tx.AddRecordingList(ctx, l); err != nil {
			return err
		}
		rec.Detail = fmt.Sprintf("%s 全过程记录清单第%d版", ag.Name, l.Version)
		meta := map[string]string{"agency": strconv.FormatInt(ag.ID, 10), "version": strconv.Itoa(l.Version)}
		for _, x := range l.Acts {
			scope := "key"
			if x.WholeProcess {
				scope = "whole"
			}
			meta["act."+x.Act] = string(x.Level) + "/" + scope
		}
		if _, err := a.appendEntry(ctx, tx, &ledger.Entry{Kind: "recording.list", Meta: meta}); err != nil {
			return err
		}
		v = recordingListView(ag, l)
		if v.Versions, err = tx.RecordingLists(ctx, ag.ID); err != nil {
			return err
		}
		v.MayEdit = true
		return nil
	})
	return v, err
}

package app

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app/evidence"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// What the case pages of the workspace show besides the case itself (issue #4;
// REQUIREMENTS D1, D2, D5): the choices of the filing wizard, the case's officers and
// the heads who may approve a step, the timeline of events and records with their
// ledger entries, and the upload of a photo or an A/V record linked to the case.

// CaseItem is a catalog item a case may be filed under.
type CaseItem struct {
	Code     string             `json:"code"`
	Name     string             `json:"name"`
	Category zhifa.ItemCategory `json:"category"`
	Domain   string             `json:"domain"`
}

// CaseOfficer is an officer with what decides whether they may act on a case today
// (持证上岗, 行政处罚法 Art. 42; REQUIREMENTS A2).
type CaseOfficer struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Cert    string   `json:"cert"`    // number of the certificate that lets them act, or the newest
	Domains []string `json:"domains"` // the certificate's domains
	// Eligible is set when the officer is on duty and holds a certificate valid today;
	// Problem says why not otherwise. Whether the certificate covers the item's domain
	// is checked on filing.
	Eligible bool   `json:"eligible"`
	Problem  string `json:"problem,omitempty"`
}

// CaseFormOptions are the choices of the filing wizard in the actor's agency.
type CaseFormOptions struct {
	Items    []CaseItem    `json:"items"`
	Officers []CaseOfficer `json:"officers"`
}

// Approver is a head of an agency who may approve a step (机关负责人).
type Approver = kernel.Approver

// TimelineItem is one line of a case's history: a step (event) or a record, with the
// index of its ledger entry (-1 when none was found).
type TimelineItem struct {
	At         time.Time        `json:"at"`
	Event      *zhifa.CaseEvent `json:"event,omitempty"`
	Record     *zhifa.Record    `json:"record,omitempty"`
	Label      string           `json:"label"`
	Who        string           `json:"who"`
	LedgerKind string           `json:"ledger_kind"`
	Ledger     int64            `json:"ledger"`
	// Backdated says, for an act recorded after the day it bears (补录), that day and why.
	Backdated string `json:"backdated,omitempty"`
}

// CasePage is a case with everything its page shows.
type CasePage struct {
	*CaseView
	Officers  []CaseOfficer  `json:"officers"`
	Approvers []Approver     `json:"approvers"`
	Timeline  []TimelineItem `json:"timeline"`
	// MayAct is set when the actor may take the case's steps (own agency, PermHandleCases).
	MayAct bool `json:"may_act"`
	// NextStep is the one step the case waits for, as the actor sees it (nextstep.go).
	NextStep *NextStepView `json:"next_step"`
}

// CaseFormOptions returns the items of the actor's agency (and its parents, whose
// catalog applies to it) that cases can be filed under, and its active officers with
// their eligibility today.
func (a *App) CaseFormOptions(ctx context.Context) (*CaseFormOptions, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermHandleCases); err != nil {
		return nil, err
	}
	out := &CaseFormOptions{Items: []CaseItem{}, Officers: []CaseOfficer{}}
	today := a.Today()
	err := a.read(ctx, func(tx zhifa.Tx) error {
		ag, err := tx.Agency(ctx, actor.AgencyID)
		if err != nil {
			return err
		}
		// The agency and its parents, nearest first.
		for id := ag.ID; id != 0; {
			cur, err := tx.Agency(ctx, id)
			if err != nil {
				return err
			}
			for _, cat := range []zhifa.ItemCategory{zhifa.CatPenalty, zhifa.CatInspection, zhifa.CatCompulsion} {
				for off := 0; ; off += 200 {
					items, total, err := tx.Items(ctx, zhifa.ItemFilter{AgencyID: cur.ID, Category: cat, Page: zhifa.Page{Limit: 200, Offset: off}})
					if err != nil {
						return err
					}
					for _, it := range items {
						out.Items = append(out.Items, CaseItem{Code: it.Code, Name: it.Name, Category: it.Category, Domain: it.Domain})
					}
					if off+200 >= total {
						break
					}
				}
			}
			id = cur.ParentID
		}
		out.Officers, err = agencyCaseOfficers(ctx, tx, ag.ID, today)
		return err
	})
	return out, err
}

// CaseOfficers returns the active officers of the actor's agency with their
// eligibility today, as the filing wizard shows them.
func (a *App) CaseOfficers(ctx context.Context) ([]CaseOfficer, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermHandleCases); err != nil {
		return nil, err
	}
	var out []CaseOfficer
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		out, err = agencyCaseOfficers(ctx, tx, actor.AgencyID, a.Today())
		return err
	})
	return out, err
}

// agencyCaseOfficers lists the active officers of the agency with their eligibility on day.
func agencyCaseOfficers(ctx context.Context, tx zhifa.Tx, agencyID int64, day zhifa.Date) ([]CaseOfficer, error) {
	active := true
	officers, _, err := tx.Officers(ctx, zhifa.OfficerFilter{AgencyID: agencyID, Active: &active, Page: zhifa.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(officers))
	for i, o := range officers {
		ids[i] = o.ID
	}
	certs := map[int64][]*zhifa.Certificate{}
	if len(ids) > 0 {
		all, err := tx.Certificates(ctx, ids...)
		if err != nil {
			return nil, err
		}
		for _, c := range all {
			certs[c.OfficerID] = append(certs[c.OfficerID], c)
		}
	}
	out := []CaseOfficer{}
	for _, o := range officers {
		out = append(out, officerEligibility(o, certs[o.ID], day))
	}
	return out, nil
}

// caseOfficer describes o's eligibility on day: the certificate that lets them act
// (valid on day), else the newest with its state.
func caseOfficer(ctx context.Context, tx zhifa.Tx, o *zhifa.Officer, day zhifa.Date) (CaseOfficer, error) {
	certs, err := tx.Certificates(ctx, o.ID)
	if err != nil {
		return CaseOfficer{}, err
	}
	return officerEligibility(o, certs, day), nil
}

// officerEligibility describes o's eligibility on day given its certificates, newest
// first.
func officerEligibility(o *zhifa.Officer, certs []*zhifa.Certificate, day zhifa.Date) CaseOfficer {
	co := CaseOfficer{ID: o.ID, Name: o.Name, Domains: []string{}}
	var cert *zhifa.Certificate
	for _, c := range certs {
		if law.MayAct(c, day) {
			cert = c
			break
		}
	}
	if cert == nil && len(certs) > 0 {
		cert = certs[0]
	}
	switch {
	case !o.Active:
		co.Problem = "不在岗"
	case cert == nil:
		co.Problem = "无执法证件"
	case !law.MayAct(cert, day):
		co.Problem = "执法证件" + cert.StateOn(day).Label()
	default:
		co.Eligible = true
	}
	if cert != nil {
		co.Cert, co.Domains = cert.Number, cert.Domains
	}
	return co
}

// CasePage returns the case with its officers, the heads who may approve its steps and
// its timeline, each line with its ledger entry.
func (a *App) CasePage(ctx context.Context, id int64) (*CasePage, error) {
	v, err := a.Case(ctx, id)
	if err != nil {
		return nil, err
	}
	actor := ActorFrom(ctx)
	p := &CasePage{CaseView: v, Officers: []CaseOfficer{}, Approvers: []Approver{}, Timeline: []TimelineItem{},
		MayAct: actor.Can(PermHandleCases) && actor.AgencyID == v.AgencyID}
	today := a.Today()
	cal, err := a.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	p.NextStep = nextStep(actor, v, cal, today)
	err = a.read(ctx, func(tx zhifa.Tx) error {
		for _, oid := range v.OfficerIDs {
			o, err := tx.Officer(ctx, oid)
			if err != nil {
				return err
			}
			co, err := caseOfficer(ctx, tx, o, today)
			if err != nil {
				return err
			}
			p.Officers = append(p.Officers, co)
		}
		ag, err := tx.Agency(ctx, v.AgencyID)
		if err != nil {
			return err
		}
		users, err := tx.Users(ctx, ag.Path)
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, u := range users {
			names[u.ID] = u.Name
			if u.AgencyID == v.AgencyID && u.Role == zhifa.RoleHead && !u.Disabled {
				p.Approvers = append(p.Approvers, Approver{ID: u.ID, Name: u.Name})
			}
		}
		// The record of each "record.add" entry of the case is named in its metadata.
		records := map[string]int64{}
		for _, e := range v.Entries {
			if e.Kind != "record.add" {
				continue
			}
			rows, err := tx.LedgerEntries(ctx, e.Index, e.Index+1)
			if err != nil {
				return err
			}
			if len(rows) == 1 {
				if en, err := ledger.ParseEntry(rows[0].Data); err == nil && en.Case == v.Number {
					records[en.Meta["record"]] = e.Index
				}
			}
		}
		// A record made with its evidence in one write (an issued document) has the
		// evidence's entry.
		for _, r := range v.Records {
			key := strconv.FormatInt(r.ID, 10)
			if _, ok := records[key]; ok || r.EvidenceID == 0 {
				continue
			}
			if e, err := tx.Evidence(ctx, r.EvidenceID); err == nil {
				records[key] = e.LedgerIndex
			} else if !isCode(err, zhifa.ENOTFOUND) {
				return err
			}
		}
		if err := namePeopleOutside(ctx, tx, v, names); err != nil {
			return err
		}
		p.Timeline = timeline(v, records, names)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// timeline merges the events and records of v in time order with the ledger entry of
// each: the n-th event of an action is the n-th "case.ACTION" entry of the case (one
// entry per step, in the step's transaction); records maps a record ID to its
// "record.add" entry.
func timeline(v *CaseView, records map[string]int64, names map[int64]string) []TimelineItem {
	byKind := map[string][]int64{}
	for _, e := range v.Entries {
		if strings.HasPrefix(e.Kind, "case.") {
			byKind[e.Kind] = append(byKind[e.Kind], e.Index)
		}
	}
	var out []TimelineItem
	seen := map[string]int{}
	for _, ev := range v.Events {
		kind := "case." + string(ev.Action)
		idx := int64(-1)
		if n := seen[kind]; n < len(byKind[kind]) {
			idx = byKind[kind][n]
		}
		seen[kind]++
		who, approver := ev.Actor, ev.Approver
		if n := names[ev.ActorID]; n != "" {
			who = n
		}
		if n := names[ev.ApproverID]; n != "" && ev.ApproverID != 0 {
			approver = n
		}
		if approver != "" && ev.ApproverID != ev.ActorID {
			who += "（批准：" + approver + "）"
		}
		item := TimelineItem{At: ev.At, Event: ev, Label: actionLabel(v.Case, ev.Action), Who: who, LedgerKind: kind, Ledger: idx}
		if ev.Backdated() {
			item.Backdated = "补录：办案日期" + ev.ActedOn.Chinese() + "，补录理由：" + ev.BackdateReason
		}
		out = append(out, item)
	}
	for _, r := range v.Records {
		idx, ok := records[strconv.FormatInt(r.ID, 10)]
		if !ok {
			idx = -1
		}
		who := names[r.CreatedBy]
		if who == "" {
			who = "用户" + strconv.FormatInt(r.CreatedBy, 10)
		}
		out = append(out, TimelineItem{At: r.CreatedAt, Record: r, Label: "登记" + r.Kind.Label() + "：" + r.Title, Who: who, LedgerKind: "record.add", Ledger: idx})
	}
	slices.SortStableFunc(out, func(x, y TimelineItem) int {
		if c := x.At.Compare(y.At); c != 0 {
			return c
		}
		return int(x.Ledger - y.Ledger)
	})
	return out
}

// actionLabel is the Chinese name of an action of c's stage machine ("立案" for open).
func actionLabel(c *zhifa.Case, action zhifa.Action) string {
	if action == zhifa.ActOpen {
		return "立案"
	}
	return law.StepLabel(c, action)
}

// recordKindOf is the record kind of an evidence kind: audio and video are A/V records
// (D2), photos photos, documents documents.
func recordKindOf(k zhifa.EvidenceKind) zhifa.RecordKind {
	switch k {
	case zhifa.EvidenceAudio, zhifa.EvidenceVideo:
		return zhifa.RecordAV
	case zhifa.EvidencePhoto:
		return zhifa.RecordPhoto
	case zhifa.EvidenceDocument:
		return zhifa.RecordDocument
	}
	return zhifa.RecordOther
}

// UploadCaseEvidence uploads an evidence file for a case and links it as a record of
// act (D1, D2: an A/V record of "seize" meets the seizure gate). The case is checked
// first, so that nothing is stored for a case the actor may not record on; the upload
// and the record are then two writes, each with its ledger entry. The evidence's case
// reference is the case number.
func (a *App) UploadCaseEvidence(ctx context.Context, caseID int64, act string, in evidence.EvidenceInput, r io.Reader) (*zhifa.Record, *evidence.EvidenceView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermHandleCases); err != nil {
		return nil, nil, err
	}
	act = strings.TrimSpace(act)
	if len(act) > 50 {
		return nil, nil, fieldError("act", "执法行为不能超过50个字符")
	}
	var number string
	err := a.read(ctx, func(tx zhifa.Tx) error {
		c, _, err := a.visibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		if c.Stage == zhifa.StageArchive {
			return zhifa.Errorf(zhifa.EINVALID, "案件已归档，不能再添加记录")
		}
		number = c.Number
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	in.CaseRef = number
	ev, err := a.evidence.UploadEvidence(ctx, in, r)
	if err != nil {
		return nil, nil, err
	}
	title := ev.Title
	if title == "" {
		title = ev.Kind.Label() + "（" + ev.CapturedAt.In(zhifa.CST).Format("2006-01-02 15:04") + "）"
	}
	rec, err := a.AddRecord(ctx, caseID, RecordInput{Kind: recordKindOf(ev.Kind), Title: title, Act: act, EvidenceID: ev.ID})
	if err != nil {
		return nil, ev, err
	}
	return rec, ev, nil
}

// HasEvidenceStorage reports whether evidence files can be stored.
func (a *App) HasEvidenceStorage() bool { return a.blobs != nil }

// WithClock returns an App over the same store, evidence storage and settings whose
// clock is now: the demo seeder files its cases on days spread over the year with it.
// It signs no checkpoints (entries it appends are integrated by the main App).
func (a *App) WithClock(now func() time.Time) *App {
	b := &App{store: a.store, now: now, log: a.log, blobs: a.blobs, maxEvidence: a.maxEvidence, extraStages: a.extraStages, sealCA: a.sealCA}
	b.ledger.poke = make(chan struct{}, 1)
	b.wireContexts() // the contexts read the new clock through their kernel
	return b
}

package cases

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"zhifa"
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
	// MayAct is set when the actor may take the case's steps (own agency, kernel.PermHandleCases).
	MayAct bool `json:"may_act"`
	// NextStep is the one step the case waits for, as the actor sees it (nextstep.go).
	NextStep *NextStepView `json:"next_step"`
}

// CaseFormOptions returns the items of the actor's agency (and its parents, whose
// catalog applies to it) that cases can be filed under, and its active officers with
// their eligibility today.
func (s *Service) CaseFormOptions(ctx context.Context) (*CaseFormOptions, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	out := &CaseFormOptions{Items: []CaseItem{}, Officers: []CaseOfficer{}}
	today := s.k.Today()
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
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
func (s *Service) CaseOfficers(ctx context.Context) ([]CaseOfficer, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out []CaseOfficer
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		out, err = agencyCaseOfficers(ctx, tx, actor.AgencyID, s.k.Today())
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
func (s *Service) CasePage(ctx context.Context, id int64) (*CasePage, error) {
	v, err := s.Case(ctx, id)
	if err != nil {
		return nil, err
	}
	actor := kernel.ActorFrom(ctx)
	p := &CasePage{CaseView: v, Officers: []CaseOfficer{}, Approvers: []Approver{}, Timeline: []TimelineItem{},
		MayAct: actor.Can(kernel.PermHandleCases) && actor.AgencyID == v.AgencyID}
	today := s.k.Today()
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	p.NextStep = nextStep(actor, v, cal, today)
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
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

// namePeopleOutside adds to names the people of v's events and records from outside the
// case's agency (a pooled reviewer, a supervisor), each read once, so that the timeline
// never falls back to a login (issue 12).
func namePeopleOutside(ctx context.Context, tx zhifa.Tx, v *CaseView, names map[int64]string) error {
	ids := make([]int64, 0, 2*len(v.Events)+len(v.Records))
	for _, ev := range v.Events {
		ids = append(ids, ev.ActorID, ev.ApproverID)
	}
	for _, r := range v.Records {
		ids = append(ids, r.CreatedBy)
	}
	for _, id := range ids {
		if _, known := names[id]; known || id <= 0 {
			continue
		}
		name, err := userName(ctx, tx, id, "")
		if err != nil {
			return err
		}
		names[id] = name // "" for an account since removed: the timeline says so
	}
	return nil
}

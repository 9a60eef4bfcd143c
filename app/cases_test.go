package app_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/law"
)

// caseWorld adds to the world: three officers of the market bureau, two with
// certificates covering 食品安全 and one without a certificate, and items of each kind.
type caseWorld struct {
	*world
	certified []int64
	uncert    int64
	items     map[zhifa.CaseKind]string
	served    int // cases served by servedSummary (execution_test.go)
}

func newCaseWorld(t *testing.T) *caseWorld {
	t.Helper()
	w := &caseWorld{world: newWorld(t), items: map[zhifa.CaseKind]string{}}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	for i := range 3 {
		v, err := w.app.Personnel().CreateOfficer(sys, officerInput(w.market.ID, i))
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			w.uncert = v.ID
			continue
		}
		if _, err := w.app.Personnel().IssueCertificate(sys, v.ID, personnel.CertInput{Number: "CASE-" + itoa(i), Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
		w.certified = append(w.certified, v.ID)
	}
	for kind, cat := range map[zhifa.CaseKind]zhifa.ItemCategory{zhifa.CasePenalty: zhifa.CatPenalty, zhifa.CaseCompulsory: zhifa.CatCompulsion, zhifa.CaseInspection: zhifa.CatInspection} {
		code := "DG-" + string(kind)
		if _, err := w.app.Catalog().CreateItem(sys, catalog.ItemInput{Code: code, Name: "食品安全" + kind.Label(), Category: cat, AgencyID: w.market.ID,
			Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百一十条"}}}); err != nil {
			t.Fatal(err)
		}
		w.items[kind] = code
	}
	w.withBlobs(t) // issuing documents stores them as evidence (documents_test.go)
	return w
}

func (w *caseWorld) input(kind zhifa.CaseKind) app.CaseInput {
	in := app.CaseInput{Kind: kind, Procedure: zhifa.ProcOrdinary, Item: w.items[kind], Officers: w.certified,
		OccurredOn: zhifa.MustDate("2026-02-20"), Facts: "销售超过保质期的食品",
		Parties: []app.PartyInput{{Kind: zhifa.PartyPerson, Name: "李某", IDNumber: "370202199001011237", Phone: "13912345678"}}}
	if kind == zhifa.CaseInspection {
		in.Initiation = zhifa.InitExOfficio
	}
	return in
}

func (w *caseWorld) file(t *testing.T, in app.CaseInput) *app.CaseView {
	t.Helper()
	v, err := w.app.FileCase(w.as(t, "officer1"), in)
	if err != nil {
		t.Fatalf("file case: %v", err)
	}
	return v
}

// act takes a step as login with the case's current version.
func (w *caseWorld) act(t *testing.T, login string, v *app.CaseView, action zhifa.Action, in app.ActionInput) (*app.CaseView, error) {
	t.Helper()
	in.Version = v.Version
	return w.app.Act(w.as(t, login), v.ID, action, in)
}

func (w *caseWorld) mustAct(t *testing.T, login string, v *app.CaseView, action zhifa.Action, in app.ActionInput) *app.CaseView {
	t.Helper()
	nv, err := w.act(t, login, v, action, in)
	if err != nil {
		t.Fatalf("%s: %v", action, err)
	}
	return nv
}

func wantGate(t *testing.T, err error, rule string) {
	t.Helper()
	var e *zhifa.Error
	if zhifa.ErrorCode(err) != zhifa.EGATE {
		t.Fatalf("error %v, want EGATE %s", err, rule)
	}
	if ok := asError(err, &e); !ok || e.Rule != rule {
		t.Fatalf("gate rule %q (%v), want %q", e.Rule, err, rule)
	}
}

// asError finds the *zhifa.Error in err's chain (a stage's refusal comes wrapped with the
// stage's name, kernel.Stage).
func asError(err error, e **zhifa.Error) bool {
	return errors.As(err, e)
}

func (w *caseWorld) ledgerSize(t *testing.T) int64 {
	var n int64
	if err := w.store.View(context.Background(), func(tx zhifa.Tx) (err error) { n, err = tx.LedgerSize(context.Background()); return err }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFileCaseGates: filing needs two certified officers covering the item's domain
// (行政处罚法 Art. 42, REQUIREMENTS A2) and a violation within the limitation period
// (Art. 36) unless a reason is recorded; bad input is EINVALID.
func TestFileCaseGates(t *testing.T) {
	w := newCaseWorld(t)
	ctx := w.as(t, "officer1")
	in := w.input(zhifa.CasePenalty)
	in.Officers = []int64{w.certified[0]}
	_, err := w.app.FileCase(ctx, in)
	wantGate(t, err, law.RuleTwoOfficers)
	in.Officers = []int64{w.certified[0], w.uncert}
	_, err = w.app.FileCase(ctx, in)
	wantGate(t, err, law.RuleTwoOfficers)

	in = w.input(zhifa.CasePenalty)
	in.OccurredOn = zhifa.MustDate("2023-01-10") // discovered 2026-03-02: more than two years
	_, err = w.app.FileCase(ctx, in)
	wantGate(t, err, law.RuleLimitation)
	in.Harm = true // five years where life or health was harmed
	v := w.file(t, in)
	if !strings.HasSuffix(v.Number, "罚〔2026〕1号") || v.Stage != zhifa.StageOpen || v.Version != 1 {
		t.Errorf("filed %s stage %s version %d", v.Number, v.Stage, v.Version)
	}
	if v.Parties[0].IDNumber != "" || v.Parties[0].IDMasked != "370202********1237" {
		t.Errorf("party not masked: %+v", v.Parties[0])
	}
	if cl := v.Clocks; len(cl) != 1 || cl[0].Kind != zhifa.ClockDecision || cl[0].Due != zhifa.MustDate("2026-06-01") || cl[0].Status != law.ClockOK {
		t.Errorf("decision clock (Art. 60, 90 days from 2026-03-02 → 2026-05-31, a Sunday → 2026-06-01): %+v", cl)
	}
	in = w.input(zhifa.CasePenalty)
	in.OccurredOn = zhifa.MustDate("2020-01-10")
	in.LimitationReason = "《某法》第N条另有规定"
	// Past the limitation the ground is the head's approval, not the handler's text (issue 10).
	_, err = w.app.FileCase(w.as(t, "officer1"), in)
	wantGate(t, err, law.RuleLimitationOverride)
	late, err := w.app.FileCase(w.as(t, "head1"), in)
	if err != nil {
		t.Fatalf("head files past the limitation: %v", err)
	}
	if !strings.HasSuffix(late.Number, "〔2026〕2号") {
		t.Errorf("second number %s", late.Number)
	}
	if e := late.Events[0]; e.Approver != "head1" || e.Reason != in.LimitationReason {
		t.Errorf("open event %+v, want the head's approval with its reason", e)
	}

	for name, mod := range map[string]func(*app.CaseInput){
		"unknown party kind": func(in *app.CaseInput) { in.Parties[0].Kind = "alien" },
		"invalid 身份证":        func(in *app.CaseInput) { in.Parties[0].IDNumber = "370202199001011238" },
		"unknown item":       func(in *app.CaseInput) { in.Item = "NO-SUCH" },
		"item of other kind": func(in *app.CaseInput) { in.Item = w.items[zhifa.CaseInspection] },
		"summary inspection": func(in *app.CaseInput) {
			in.Kind, in.Item, in.Procedure = zhifa.CaseInspection, w.items[zhifa.CaseInspection], zhifa.ProcSummary
		},
	} {
		in := w.input(zhifa.CasePenalty)
		in.Parties = append([]app.PartyInput(nil), in.Parties...)
		mod(&in)
		_, err := w.app.FileCase(ctx, in)
		if zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
	// An org whose credit code fails its checksum is filed with a warning (GB 32100).
	in = w.input(zhifa.CasePenalty)
	in.Parties = []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "某公司", CreditCode: "91350100M000100Y44"}}
	if v := w.file(t, in); len(v.Warnings) == 0 {
		t.Error("no warning for a bad credit-code checksum")
	}
	// Reviewers, supervisors and admins do not file cases.
	for _, login := range []string{"reviewer1", "supervisor1", "admin"} {
		_, err := w.app.FileCase(w.as(t, login), w.input(zhifa.CasePenalty))
		wantCode(t, err, zhifa.EFORBIDDEN)
	}
}

// TestOrdinaryPenaltyFlow walks a case from filing to archive, with the notice, statement
// period (agency rule, 3 working days), hearing request period (Art. 64(一)) and head
// approval gates (Art. 57), one ledger entry per step.
func TestOrdinaryPenaltyFlow(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))

	_, err := w.act(t, "officer1", v, "serve", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID)
	if !strings.Contains(zhifa.ErrorMessage(err), "立案") {
		t.Errorf("wrong-transition message does not name the stage: %v", err)
	}
	_, err = w.app.Act(w.as(t, "officer1"), v.ID, "investigate", app.ActionInput{Version: v.Version + 1})
	wantCode(t, err, zhifa.ECONFLICT)

	before := w.ledgerSize(t)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	if got := w.ledgerSize(t) - before; got != 1 {
		t.Errorf("investigate appended %d ledger entries, want 1", got)
	}
	// The proposal comes first: the notice states it (Art. 44; propose.go).
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 500000, Reason: "销售超过保质期的食品，首次违法，情节一般"})
	// Monday 2026-03-02: notice served, the party has a hearing right.
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice) // the notice before notify (Art. 44)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{HearingRight: true})
	if c := clockOf(v, zhifa.ClockStatement); c == nil || c.Due != zhifa.MustDate("2026-03-05") {
		t.Errorf("statement clock %+v, want due 2026-03-05", c)
	}
	if c := clockOf(v, zhifa.ClockHearingRequest); c == nil || c.Due != zhifa.MustDate("2026-03-09") || c.Status != law.ClockOK {
		t.Errorf("hearing request clock %+v, want due 2026-03-09, ok (5 working days left)", c)
	}
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	if !hasMissing(v, "decide", law.RuleStatementAgency) {
		t.Errorf("missing = %+v, want the statement period for decide", v.Missing)
	}
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 500000})
	wantGate(t, err, law.RuleStatementAgency)

	w.clock.Advance(4 * 24 * time.Hour) // Friday 2026-03-06: statement period over
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 500000})
	wantGate(t, err, law.RuleHearing)

	w.clock.Advance(4 * 24 * time.Hour) // Tuesday 2026-03-10: hearing request period over
	// Issue 9 §1: the officer cannot decide, nor name a head as having approved.
	_, err = w.act(t, "officer1", v, "decide", app.ActionInput{Fine: 500000})
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.act(t, "officer1", v, "decide", app.ActionInput{Fine: 500000, ApproverID: w.users["head1"].ID})
	wantCode(t, err, zhifa.EFORBIDDEN)
	req, err := w.app.RequestApproval(w.as(t, "officer1"), v.ID, app.ApprovalRequestInput{Action: "decide",
		Input: app.ActionInput{Version: v.Version, Fine: 500000, ApproverID: w.users["head1"].ID}})
	if err != nil {
		t.Fatalf("request approval: %v", err)
	}
	if _, err := w.app.ApproveRequest(w.as(t, "head1"), req.ID, app.ApprovalDecision{Opinion: "同意。"}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	v = w.view(t, "officer1", v.ID)
	if v.Stage != zhifa.StageDecide || v.Outcome != zhifa.OutcomePenalty || clockOf(v, zhifa.ClockDecision).Status != law.ClockDone {
		t.Errorf("after decide: %s %s %+v", v.Stage, v.Outcome, v.Clocks)
	}
	if c := clockOf(v, zhifa.ClockService); c == nil || c.Due != zhifa.MustDate("2026-03-19") {
		t.Errorf("service clock (Art. 61+85: 7 working days from 2026-03-10) %+v", c)
	}
	if e := v.Events[len(v.Events)-1]; e.Action != "decide" || e.Approver != "head1" || e.From != zhifa.StageReview {
		t.Errorf("decide event %+v", e)
	}
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyDecision) // the decision before serve (Art. 59, 61)
	// Art. 61: the seven days are neither paused nor extended; service records its method
	// and proof, and electronic service the party's prior written consent and address.
	_, err = w.act(t, "head1", v, "pause_clock", app.ActionInput{Clock: zhifa.ClockService, Reason: "当事人外出"})
	wantGate(t, err, law.RuleServiceFixed)
	_, err = w.act(t, "head1", v, "extend", app.ActionInput{Clock: zhifa.ClockService, Days: 3, Reason: "当事人外出"})
	wantGate(t, err, law.RuleServiceFixed)
	_, err = w.act(t, "officer1", v, "serve", app.ActionInput{})
	wantGate(t, err, law.RuleServiceMethod)
	_, err = w.act(t, "officer1", v, "serve", app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeElectronic, Proof: "电子邮件已送达"}})
	wantGate(t, err, law.RuleServiceElectronic)
	later := w.app.Today().AddDays(1)
	_, err = w.act(t, "officer1", v, "serve", app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeElectronic, Proof: "电子邮件已送达",
		ConsentOn: later, Address: "li@example.com"}})
	wantGate(t, err, law.RuleServiceElectronic)
	served := &zhifa.Service{Method: zhifa.ServeElectronic, Proof: "电子邮件已送达，系统记录已到达", ConsentOn: w.app.Today(), Address: "li@example.com"}
	v = w.mustAct(t, "officer1", v, "serve", app.ActionInput{Service: served})
	if got := v.State.Service; got == nil || *got != *served {
		t.Errorf("service recorded %+v", got)
	}
	v = w.payInFull(t, v) // the bank's notice (execution_test.go)
	v = w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocClosingApproval)
	v = w.mustAct(t, "head1", v, "close", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "archive", app.ActionInput{})
	if v.Stage != zhifa.StageArchive || len(v.Events) != 10 || len(v.Next) != 0 {
		t.Errorf("archived: stage %s, %d events, next %v", v.Stage, len(v.Events), v.Next)
	}
	// D1: every write of the case is one linked ledger entry, in log order (the case's
	// steps, its documents: four drafted and issued, two entries each, the head's signature
	// of the closing approval, the approval request of the decision, and the payment).
	if len(v.Entries) != len(v.Events)+11 || v.Entries[0].Kind != "case.open" || v.Entries[len(v.Entries)-1].Kind != "case.archive" {
		t.Errorf("case ledger entries %+v for %d events", v.Entries, len(v.Events))
	}
}

// TestHearingAndDiscussion: a requested hearing must be held (Art. 63-64) with its notice
// seven working days ahead (Art. 64(二)), and a case sent to collective discussion must be
// discussed (Art. 57), before the decision.
func TestHearingAndDiscussion(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 1000000, Reason: "销售超过保质期的食品，数量较大"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice) // the notice before notify (Art. 44)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{HearingRight: true})
	w.clock.Advance(9 * 24 * time.Hour) // 2026-03-11, after the 5 working days (2026-03-09)
	_, err := w.act(t, "officer1", v, "request_hearing", app.ActionInput{})
	wantGate(t, err, law.RuleHearing)
	v = w.mustAct(t, "officer1", v, "request_hearing", app.ActionInput{Date: zhifa.MustDate("2026-03-04"), BackdateReason: "当事人书面申请当日未录入"})
	_, err = w.act(t, "officer1", v, "schedule_hearing", app.ActionInput{Date: zhifa.MustDate("2026-03-16")})
	wantGate(t, err, law.RuleHearing)
	v = w.mustAct(t, "officer1", v, "schedule_hearing", app.ActionInput{Date: zhifa.MustDate("2026-03-23")})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{DiscussionRequired: true})
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Fine: 1000000})
	wantGate(t, err, law.RuleHearing)
	_, err = w.act(t, "officer1", v, "hold_hearing", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID) // the stage moved on to review
	// Another case: the statement waived (Art. 62), the hearing held, then discussion.
	vw := w.file(t, w.input(zhifa.CasePenalty))
	vw = w.mustAct(t, "officer1", vw, "investigate", app.ActionInput{})
	vw = w.mustAct(t, "officer1", vw, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 1000000, Reason: "销售超过保质期的食品，数量较大"})
	w.issueDoc(t, "officer1", vw.ID, zhifa.DocPenaltyNotice)
	vw = w.mustAct(t, "officer1", vw, "notify", app.ActionInput{HearingRight: true})
	vw = w.mustAct(t, "officer1", vw, "waive_statement", app.ActionInput{})
	vw = w.mustAct(t, "officer1", vw, "request_hearing", app.ActionInput{})
	vw = w.mustAct(t, "officer1", vw, "schedule_hearing", app.ActionInput{Date: zhifa.MustDate("2026-03-31")})
	// Not before the notified day (Art. 64(二), law/order.go).
	heard := &zhifa.HearingRecord{PresiderID: w.uncert, Public: true, Signed: true}
	_, err = w.act(t, "officer1", vw, "hold_hearing", app.ActionInput{Hearing: heard})
	wantGate(t, err, law.RuleHearingDay)
	w.clock.set(zhifa.MustDate("2026-03-31").Time().Add(9 * time.Hour))
	// Presided by someone who did not investigate, the 笔录 signed or the refusal noted
	// (Art. 64(四)(八)).
	_, err = w.act(t, "officer1", vw, "hold_hearing", app.ActionInput{Hearing: &zhifa.HearingRecord{PresiderID: w.certified[0], Public: true, Signed: true}})
	wantGate(t, err, law.RuleHearingPresider)
	_, err = w.act(t, "officer1", vw, "hold_hearing", app.ActionInput{Hearing: &zhifa.HearingRecord{PresiderID: w.uncert, Public: true}})
	wantGate(t, err, law.RuleHearingRecord)
	vw = w.mustAct(t, "officer1", vw, "hold_hearing", app.ActionInput{Hearing: heard})
	if h := vw.State.Hearing; h == nil || h.Presider == "" || vw.State.HearingHeldOn != w.app.Today() {
		t.Errorf("hearing record %+v", h)
	}
	vw = w.mustAct(t, "officer1", vw, "review", app.ActionInput{})
	// After a hearing the decision is major (行政处罚法第五十八条第一款第（二）项): it needs a
	// passed legal review first (E1), then the heads' collective discussion (第五十七条第二款:
	// every case after a hearing, whatever the handler marked).
	_, err = w.act(t, "head1", vw, "decide", app.ActionInput{Fine: 1000000})
	wantGate(t, err, law.RuleMajorReview)
	vw = w.passReview(t, vw)
	_, err = w.act(t, "head1", vw, "decide", app.ActionInput{Fine: 1000000})
	wantGate(t, err, law.RuleDiscussion)
	vw = w.mustAct(t, "head1", vw, "discuss", app.ActionInput{})
	vw = w.mustAct(t, "head1", vw, "decide", app.ActionInput{Fine: 1000000})
	if vw.State.FineFen != 1000000 {
		t.Errorf("fine %d", vw.State.FineFen)
	}
}

// TestSummaryProcedure: on-the-spot penalties only within Art. 51's caps.
func TestSummaryProcedure(t *testing.T) {
	w := newCaseWorld(t)
	in := w.input(zhifa.CasePenalty)
	in.Procedure = zhifa.ProcSummary
	v := w.file(t, in)
	why := "当场查获，违法事实确凿，情节轻微"
	_, err := w.act(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 20001, Reason: why})
	wantGate(t, err, law.RuleSummary)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 20000, Reason: why})
	_, err = w.act(t, "officer1", v, "decide", app.ActionInput{Fine: 10000, Summary: onTheSpot()})
	wantCode(t, err, zhifa.EINVALID) // the decision equals the proposal
	// 第五十二条第一款、第四十四条: the certificates shown, the party told and heard.
	for _, rec := range []*zhifa.SummaryRecord{nil, {Informed: true, Statement: "无异议"}, {CertificatesShown: true, Statement: "无异议"},
		{CertificatesShown: true, Informed: true}} {
		_, err = w.act(t, "officer1", v, "decide", app.ActionInput{Summary: rec})
		wantGate(t, err, law.RuleSummaryRecord)
	}
	v = w.mustAct(t, "officer1", v, "decide", app.ActionInput{Summary: onTheSpot()})
	if v.State.FineFen != 20000 {
		t.Errorf("decided fine %d, want the proposal's 20000", v.State.FineFen)
	}
	if v.State.Summary == nil || v.State.Summary.Statement != onTheSpot().Statement {
		t.Errorf("summary record %+v", v.State.Summary)
	}
	if cl := clockOf(v, zhifa.ClockSummaryFiling); cl == nil || cl.Done || cl.Rule != law.RuleSummaryFiling {
		t.Errorf("filing clock %+v", cl)
	}
	// The decision says reconsideration comes first (行政复议法第二十三条), naming the
	// government of the agency's level; "复议或者诉讼" is refused.
	ctx := w.as(t, "officer1")
	d, err := w.app.CreateDocument(ctx, v.ID, app.DocumentCreate{Type: zhifa.DocPenaltyDecision})
	if err != nil {
		t.Fatal(err)
	}
	if r := d.Fields["remedy"]; !strings.Contains(r, "先向") || strings.Contains(r, "或者自收到") {
		t.Errorf("summary remedy %q", r)
	}
	fill := map[string]string{"remedy": law.RemedyText(&zhifa.Case{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary}, "")}
	for _, f := range d.FieldList {
		if strings.TrimSpace(d.Fields[f.Key]) == "" {
			fill[f.Key] = "经核实：" + f.Label
		}
	}
	if d, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: fill}); err != nil {
		t.Fatal(err)
	}
	_, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version})
	wantGate(t, err, law.RuleRemedyFirst)
	if d, err = w.app.SaveDocument(ctx, d.ID, app.DocumentInput{Version: d.Version, Fields: map[string]string{"remedy": law.RemedyText(v.Case, "")}}); err != nil {
		t.Fatal(err)
	}
	if _, err = w.app.IssueDocument(ctx, d.ID, app.DocumentIssue{Version: d.Version}); err != nil {
		t.Fatalf("issue: %v", err)
	}
	// 当场交付 (第五十二条第一款): not by mail.
	_, err = w.act(t, "officer1", v, "serve", app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeMail, Proof: "EMS1234"}})
	wantGate(t, err, law.RuleSummaryHandover)
	v = w.mustAct(t, "officer1", v, "serve", app.ActionInput{Service: &zhifa.Service{Method: zhifa.ServeDirect, Proof: "当场交付"}})
	if v.Stage != zhifa.StageServe {
		t.Errorf("stage %s", v.Stage)
	}
	v = w.payInFull(t, v)
	v = w.mustAct(t, "officer1", v, "execute", app.ActionInput{})
	// 第五十二条第三款: filed with the agency before the case closes.
	if !hasMissing(v, "close", law.RuleSummaryFiling) {
		t.Errorf("missing %+v, want the filing rule for close", v.Missing)
	}
	_, err = w.act(t, "head1", v, "close", app.ActionInput{})
	wantGate(t, err, law.RuleSummaryFiling)
	v = w.mustAct(t, "officer1", v, "file_summary", app.ActionInput{})
	if cl := clockOf(v, zhifa.ClockSummaryFiling); cl == nil || !cl.Done || v.State.SummaryFiledOn.IsZero() {
		t.Errorf("after filing: clock %+v, filed %v", cl, v.State.SummaryFiledOn)
	}
	_, err = w.act(t, "officer1", v, "file_summary", app.ActionInput{})
	wantGate(t, err, law.RuleSummaryFiling) // once
	if hasMissing(v, "close", law.RuleSummaryFiling) {
		t.Errorf("filed, still missing %+v", v.Missing)
	}
}

// onTheSpot is a complete record of a summary decision (行政处罚法第五十二条).
func onTheSpot() *zhifa.SummaryRecord {
	return &zhifa.SummaryRecord{CertificatesShown: true, Informed: true, Statement: "当事人对违法事实无异议，未提出申辩"}
}

// TestCompulsoryFlow: seizure needs an A/V record (D2) and two officers (行政强制法 Art. 18);
// it lasts 30 days, extendable once by at most 30 with a head's approval (Art. 25); no
// decision after it expired (Art. 27).
func TestCompulsoryFlow(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CaseCompulsory))
	if !hasMissing(v, "seize", law.RuleAVSeizure) {
		t.Errorf("missing %+v, want the A/V rule for seize", v.Missing)
	}
	_, err := w.act(t, "officer1", v, "seize", app.ActionInput{})
	wantGate(t, err, law.RuleAVSeizure)
	before := w.ledgerSize(t)
	if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "查封现场执法记录仪视频", Act: "seize"}); err != nil {
		t.Fatal(err)
	}
	if w.ledgerSize(t) != before+1 {
		t.Error("record appended no ledger entry")
	}
	_, err = w.act(t, "officer1", v, "seize", app.ActionInput{})
	wantGate(t, err, law.RuleSeizureDocument)
	w.issueDoc(t, "officer1", v.ID, zhifa.DocSeizureDecision)          // 行政强制法 Art. 24
	v = w.mustAct(t, "head1", v, "approve_seizure", app.ActionInput{}) // Art. 18(一)
	v = w.mustAct(t, "officer1", v, "seize", signedSeizure())
	if c := clockOf(v, zhifa.ClockSeizure); c == nil || c.Due != zhifa.MustDate("2026-04-01") {
		t.Errorf("seizure clock %+v", c)
	}
	_, err = w.act(t, "head1", v, "extend", app.ActionInput{Days: 31, Reason: "情况复杂"})
	wantGate(t, err, law.RuleSeizure)
	_, err = w.act(t, "officer1", v, "extend", app.ActionInput{Days: 30})
	wantCode(t, err, zhifa.EINVALID) // no reason
	v = w.mustAct(t, "head1", v, "extend", app.ActionInput{Days: 30, Reason: "情况复杂，需检验"})
	// 03-02 + 60 days = 05-01, 劳动节: the period ends on 05-06 (民法典第二百零三条).
	if c := clockOf(v, zhifa.ClockSeizure); c.Due != zhifa.MustDate("2026-05-06") || c.ExtendedBy != 30 {
		t.Errorf("extended clock %+v", c)
	}
	_, err = w.act(t, "head1", v, "extend", app.ActionInput{Days: 1, Reason: "再延"})
	wantGate(t, err, law.RuleSeizure)
	w.clock.Advance(61 * 24 * time.Hour)
	_, err = w.act(t, "head1", v, "decide", app.ActionInput{Disposal: "confiscate"})
	wantGate(t, err, law.RuleSeizureDecide)
	v = w.mustAct(t, "officer1", v, "release", app.ActionInput{})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocClosingApproval)
	v = w.mustAct(t, "head1", v, "close", app.ActionInput{})
	if v.Stage != zhifa.StageClose {
		t.Errorf("stage %s", v.Stage)
	}
}

// TestCaseClocksPauseAndEndings: a clock pause and resume move the due date and are events
// with reason and approver; alternative endings need a reason.
func TestCaseClocksPauseAndEndings(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "head1", v, "pause_clock", app.ActionInput{Clock: zhifa.ClockDecision, Reason: "检验检测"})
	if c := clockOf(v, zhifa.ClockDecision); c.Status != law.ClockPaused {
		t.Errorf("paused clock %+v", c)
	}
	w.clock.Advance(10 * 24 * time.Hour)
	v = w.mustAct(t, "head1", v, "resume_clock", app.ActionInput{Clock: zhifa.ClockDecision, Reason: "检验报告已出"})
	// 03-02 + 90 + 10 paused days = 06-10 (the first due date, 05-31, had rolled to 06-01:
	// the pause is added to the period, not to the rolled day).
	if c := clockOf(v, zhifa.ClockDecision); c.Due != zhifa.MustDate("2026-06-10") {
		t.Errorf("resumed clock due %s, want 2026-06-10", c.Due)
	}
	_, err := w.act(t, "head1", v, "withdraw", app.ActionInput{})
	wantCode(t, err, zhifa.EINVALID)
	v = w.mustAct(t, "head1", v, "withdraw", app.ActionInput{Reason: "违法事实不能成立"})
	if v.Stage != zhifa.StageClose || v.Outcome != zhifa.OutcomeWithdrawn {
		t.Errorf("withdrawn: %s %s", v.Stage, v.Outcome)
	}
}

// TestCaseScopes: another government's users do not see the case; supervisors read it
// but do not act; list filters.
func TestCaseScopes(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	_, err := w.app.Case(w.as(t, "outsider"), v.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.app.Act(w.as(t, "outsider"), v.ID, "investigate", app.ActionInput{Version: 1})
	wantCode(t, err, zhifa.EFORBIDDEN) // admins do not handle cases at all
	if _, err := w.app.Case(w.as(t, "supervisor1"), v.ID); err != nil {
		t.Errorf("supervisor reads: %v", err)
	}
	_, err = w.app.Act(w.as(t, "supervisor1"), v.ID, "investigate", app.ActionInput{Version: 1})
	wantCode(t, err, zhifa.EFORBIDDEN)
	list, err := w.app.Cases(w.as(t, "outsider"), app.CaseFilter{})
	if err != nil || list.Total != 0 {
		t.Errorf("outsider lists %d, %v", list.Total, err)
	}
	list, err = w.app.Cases(w.as(t, "supervisor1"), app.CaseFilter{Stage: zhifa.StageOpen})
	if err != nil || list.Total != 1 {
		t.Errorf("supervisor lists %+v, %v", list, err)
	}
	w.clock.Advance(95 * 24 * time.Hour)
	list, err = w.app.Cases(w.as(t, "officer1"), app.CaseFilter{Due: "overdue"})
	if err != nil || list.Total != 1 || list.Cases[0].Clocks[0].Status != law.ClockOverdue {
		t.Errorf("overdue list %+v, %v", list, err)
	}
}

// TestConcurrentFilings files many cases at once through the app: distinct numbers 1..n.
func TestConcurrentFilings(t *testing.T) {
	w := newCaseWorld(t)
	ctx := w.as(t, "officer1")
	const n = 100
	var wg sync.WaitGroup
	numbers := make(chan string, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := w.app.FileCase(ctx, w.input(zhifa.CaseInspection))
			if err != nil {
				t.Error(err)
				return
			}
			numbers <- v.Number
		}()
	}
	wg.Wait()
	close(numbers)
	seen := map[string]bool{}
	for s := range numbers {
		if seen[s] {
			t.Errorf("number %s twice", s)
		}
		seen[s] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[w.market.Name+"检〔2026〕"+strconv.Itoa(i)+"号"] {
			t.Errorf("number %d missing", i)
		}
	}
}

func clockOf(v *app.CaseView, k zhifa.ClockKind) *app.ClockView {
	for i := range v.Clocks {
		if v.Clocks[i].Kind == k {
			return &v.Clocks[i]
		}
	}
	return nil
}

func hasMissing(v *app.CaseView, action zhifa.Action, rule string) bool {
	for _, m := range v.Missing {
		if m.Action == action && m.Rule == rule {
			return true
		}
	}
	return false
}

// TestDecisionOnHearingRecord: after a hearing the decision rests on the 听证笔录
// (行政处罚法第六十五条): a proposal changed after the hearing with evidence added after it
// is refused until the party is renotified.
func TestDecisionOnHearingRecord(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 1000000, Reason: "销售超过保质期的食品，数量较大"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{HearingRight: true})
	v = w.mustAct(t, "officer1", v, "waive_statement", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "request_hearing", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "schedule_hearing", app.ActionInput{Date: zhifa.MustDate("2026-03-31")})
	w.clock.set(zhifa.MustDate("2026-03-31").Time().Add(9 * time.Hour))
	v = w.mustAct(t, "officer1", v, "hold_hearing", app.ActionInput{Hearing: &zhifa.HearingRecord{PresiderID: w.uncert, Public: true, Signed: true}})
	if v.State.HearingProposalRev != v.State.Proposal.Revision {
		t.Fatalf("hearing heard revision %d of %d", v.State.HearingProposalRev, v.State.Proposal.Revision)
	}
	// The next day: new evidence, and a proposal changed on it.
	w.clock.Advance(24 * time.Hour)
	if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordPhoto, Title: "听证后补充的现场照片"}); err != nil {
		t.Fatal(err)
	}
	v = w.refresh(t, v.ID)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 800000, Reason: "根据补充的现场照片重新认定数量"})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	if !hasMissing(v, "decide", law.RuleDecideOnRecord) {
		t.Errorf("missing %+v, want 第六十五条 for decide", v.Missing)
	}
	_, err := w.act(t, "head1", v, "decide", app.ActionInput{})
	wantGate(t, err, law.RuleDecideOnRecord)
	// Renotified on the new proposal and evidence: the old hearing no longer decides.
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "renotify", app.ActionInput{})
	if hasMissing(v, "decide", law.RuleDecideOnRecord) {
		t.Errorf("renotified, still missing %+v", v.Missing)
	}
}

// TestSummaryFilingSetting: the agency's 备案 deadline (行政处罚法第五十二条第三款 sets none)
// is 1–30 working days, 0 for the default two, and the summary decision's clock uses it.
func TestSummaryFilingSetting(t *testing.T) {
	w := newCaseWorld(t)
	admin := w.as(t, "admin")
	for _, tc := range []struct {
		days int
		ok   bool
	}{{0, true}, {5, true}, {31, false}, {-1, false}} {
		ag, err := w.app.Personnel().Agency(admin, w.market.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := personnel.AgencyInputOf(ag)
		in.SummaryFilingDays = tc.days
		_, err = w.app.Personnel().UpdateAgency(admin, w.market.ID, in)
		if !tc.ok {
			if zhifa.ErrorFields(err)["summary_filing_days"] == "" {
				t.Errorf("%d days: %v, want a problem with summary_filing_days", tc.days, err)
			}
			continue
		}
		if after, _ := w.app.Personnel().Agency(admin, w.market.ID); err != nil || after.SummaryFilingDays != tc.days {
			t.Errorf("%d days: %v, stored %d", tc.days, err, after.SummaryFilingDays)
		}
	}
	in := w.input(zhifa.CasePenalty)
	in.Procedure = zhifa.ProcSummary
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"警告"}, Warning: true, Reason: "情节轻微，当场给予警告"})
	v = w.mustAct(t, "officer1", v, "decide", app.ActionInput{Summary: onTheSpot()}) // Monday 2026-03-02
	if cl := clockOf(v, zhifa.ClockSummaryFiling); cl == nil || cl.Days != 5 || cl.Due != zhifa.MustDate("2026-03-09") {
		t.Errorf("filing clock %+v, want 5 working days, due 2026-03-09", cl)
	}
}

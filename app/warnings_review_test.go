package app_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
	"zhifa/app/review"
	"zhifa/law"
)

// setClock sets the test clock to the instant.
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// sessions logs each user in once: a login is an argon2id check, and the actor stays in
// the context however the test clock moves.
type sessions struct {
	w    *world
	ctxs map[string]context.Context
}

func (s *sessions) as(t *testing.T, login string) context.Context {
	t.Helper()
	if s.ctxs == nil {
		s.ctxs = map[string]context.Context{}
	}
	if s.ctxs[login] == nil {
		s.ctxs[login] = s.w.as(t, login)
	}
	return s.ctxs[login]
}

// caseWarnings returns login's case warnings of the kind.
func (s *sessions) caseWarnings(t *testing.T, login, kind string) []app.Warning {
	t.Helper()
	list, err := s.w.app.CaseWarnings(s.as(t, login))
	if err != nil {
		t.Fatalf("%s: case warnings: %v", login, err)
	}
	var out []app.Warning
	for _, x := range list {
		if x.Kind == kind {
			out = append(out, x)
		}
	}
	return out
}

// wantWarned checks, for each login, whether it sees a warning of the kind on the case.
func (s *sessions) wantWarned(t *testing.T, kind string, caseID int64, want map[string]bool) {
	t.Helper()
	for login, sees := range want {
		got := false
		for _, x := range s.caseWarnings(t, login, kind) {
			got = got || x.CaseID == caseID
		}
		if got != sees {
			t.Errorf("%s at %s: %s warning on case %d = %v, want %v", login, s.w.clock.Now().In(zhifa.CST).Format("2006-01-02 15:04"), kind, caseID, got, sees)
		}
	}
}

// TestCaseWarningsReview: a pending legal review warns while at most law.DueSoonWorkdays
// working days of the agency's time limit (5 working days here, E5) are left and once it
// is overdue, to the case's agency, the supervisors of its government and the pooled
// reviewer of another agency it is assigned to (E2) — never to another government's
// staff — and stops once the opinion is given.
func TestCaseWarningsReview(t *testing.T) {
	w := newReviewWorld(t)
	ss := &sessions{w: w.world}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	lawyer, err := w.app.CreateUser(sys, app.UserInput{Login: "lawyer1", Name: "公职律师", Role: zhifa.RoleReviewer, AgencyID: w.judge.ID, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	o := officerInput(w.judge.ID, 3)
	o.LegalQual, o.LegalQualNo = true, "A2018000001"
	ov, err := w.app.Personnel().CreateOfficer(sys, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.UpdateUser(sys, lawyer.ID, app.UserInput{Login: "lawyer1", Name: "公职律师", Role: zhifa.RoleReviewer, AgencyID: w.judge.ID, OfficerID: ov.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Review().SaveReviewPool(w.as(t, "admin"), 0, review.PoolInput{Name: "东港市法律顾问库", Agencies: []int64{w.market.ID}, Reviewers: []int64{lawyer.ID}}); err != nil {
		t.Fatal(err)
	}
	v := w.view(t, "officer1")
	v = w.mustAct(t, "officer1", v, "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: w.records(t), ReviewerID: lawyer.ID}})
	// Submitted Monday 2026-03-02: five working days run to Monday 2026-03-09.
	if c := clockOf(v, zhifa.ClockReview); c == nil || c.Due != zhifa.MustDate("2026-03-09") {
		t.Fatalf("review clock %+v, want due 2026-03-09", c)
	}
	everyone := func(sees bool) map[string]bool {
		return map[string]bool{"officer1": sees, "head1": sees, "reviewer1": sees, "lawyer1": sees, "supervisor1": sees, "admin": sees, "outsider": false}
	}
	for _, tc := range []struct {
		at         string
		soon, over bool
	}{
		{"2026-03-03", false, false}, // four working days left
		{"2026-03-04", true, false},  // three left: law.DueSoonWorkdays
		{"2026-03-09", true, false},  // the last day
		{"2026-03-10", false, true},  // past the limit
	} {
		w.clock.set(zhifa.MustDate(tc.at).Time().Add(9 * time.Hour))
		ss.wantWarned(t, app.WarnReviewDueSoon, v.ID, everyone(tc.soon))
		ss.wantWarned(t, app.WarnReviewOverdue, v.ID, everyone(tc.over))
	}
	ws := ss.caseWarnings(t, "lawyer1", app.WarnReviewOverdue)
	if len(ws) != 1 || ws[0].CaseNumber != v.Number || ws[0].Agency != w.market.Name || !strings.Contains(ws[0].Message, "已逾期1日") ||
		!strings.Contains(ws[0].Rule, "本机关审核时限") {
		t.Errorf("pooled reviewer's warning %+v", ws)
	}
	v = w.view(t, "officer1")
	w.mustAct(t, "lawyer1", v, "review_opinion", app.ActionInput{Review: &app.ReviewInput{Opinion: "agree", OpinionText: "同意", Findings: allFindings(true)}})
	ss.wantWarned(t, app.WarnReviewOverdue, v.ID, everyone(false))
}

// TestCaseWarningsTransfer: an overdue transfer clock warns the case's agency and the
// supervisors (移送规定第五条第二款): the head's decision after three days, the handover
// 24 hours to the minute after the approval; a transfer clock that still runs does not.
func TestCaseWarningsTransfer(t *testing.T) {
	w := newCaseWorld(t)
	ss := &sessions{w: w.world}
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "propose_transfer", app.ActionInput{Transfer: &app.TransferInput{Facts: "销售过期食品货值金额逾十万元", Offence: "生产、销售伪劣产品罪"}})
	scope := func(sees bool) map[string]bool {
		return map[string]bool{"officer1": sees, "head1": sees, "reviewer1": sees, "supervisor1": sees, "outsider": false}
	}
	monday := zhifa.MustDate("2026-03-02").Time()
	for _, tc := range []struct {
		at   time.Time
		over bool
	}{
		{monday.Add(3*24*time.Hour + 17*time.Hour), false}, // Thursday 03-05, the third day
		{monday.Add(4*24*time.Hour + 9*time.Hour), true},   // Friday 03-06
	} {
		w.clock.set(tc.at)
		ss.wantWarned(t, app.WarnTransferOverdue, v.ID, scope(tc.over))
	}
	if ws := ss.caseWarnings(t, "supervisor1", app.WarnTransferOverdue); len(ws) != 1 || !strings.Contains(ws[0].Message, "移送审批期限") ||
		!strings.Contains(ws[0].Rule, law.RuleTransferDecision) {
		t.Errorf("decision warning %+v", ws)
	}
	approved := w.clock.Now()
	v = w.mustAct(t, "head1", v, "approve_transfer", app.ActionInput{})
	for _, tc := range []struct {
		after time.Duration
		over  bool
	}{
		{0, false}, {24*time.Hour - time.Minute, false}, {24*time.Hour + 90*time.Minute, true},
	} {
		w.clock.set(approved.Add(tc.after))
		ss.wantWarned(t, app.WarnTransferOverdue, v.ID, scope(tc.over))
	}
	ws := ss.caseWarnings(t, "head1", app.WarnTransferOverdue)
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "24小时") || !strings.Contains(ws[0].Message, "已逾期1小时30分钟") {
		t.Errorf("handover warning %+v", ws)
	}
}

// TestCaseWarningsFiling: a decision filed after the filing deadline (REQUIREMENTS F6,
// law.FilingDays) warns the deciding agency and the justice bureau's supervisors until a
// supervisor marks the filing 已审查; a filing in time never warns.
func TestCaseWarningsFiling(t *testing.T) {
	w := newReviewWorld(t)
	ss := &sessions{w: w.world}
	head := w.users["head1"].ID
	w.setCase(t, func(c *zhifa.Case) {
		c.State.Review = &zhifa.ReviewState{Round: 1, Status: zhifa.ReviewPassed, PassedRevision: 1, ApprovedBy: head, ApprovedRevision: 1}
	})
	// Decided on 2026-03-03, recorded twenty days later: due 2026-03-18, filed 03-23.
	w.clock.set(zhifa.MustDate("2026-03-23").Time().Add(10 * time.Hour))
	v := w.mustAct(t, "head1", w.view(t, "officer1"), "decide", app.ActionInput{Fine: 5_000_000, Date: zhifa.MustDate("2026-03-03"), BackdateReason: "决定书当日签发，系统录入延后"})
	scope := func(sees bool) map[string]bool {
		return map[string]bool{"officer1": sees, "head1": sees, "supervisor1": sees, "admin": sees, "outsider": false}
	}
	ss.wantWarned(t, app.WarnFilingLate, v.ID, scope(true))
	ws := ss.caseWarnings(t, "supervisor1", app.WarnFilingLate)
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "逾期5日") || !strings.Contains(ws[0].Message, "待审查") || ws[0].Rule != law.RuleFiling {
		t.Fatalf("filing warning %+v", ws)
	}
	list, err := w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{})
	if err != nil || len(list.Filings) != 1 {
		t.Fatalf("filings %+v %v", list, err)
	}
	f := list.Filings[0]
	d, err := w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: f.Version, Result: zhifa.FilingCorrection, Remark: "说明逾期备案原因"})
	if err != nil {
		t.Fatal(err)
	}
	if ws := ss.caseWarnings(t, "officer1", app.WarnFilingLate); len(ws) != 1 || !strings.Contains(ws[0].Message, "责令纠正") {
		t.Errorf("after correction %+v", ws)
	}
	if _, err := w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: d.Version, Result: zhifa.FilingReviewed}); err != nil {
		t.Fatal(err)
	}
	ss.wantWarned(t, app.WarnFilingLate, v.ID, scope(false))
}

// countingStore counts the per-row reads the case list could repeat for every case.
type countingStore struct {
	zhifa.Store
	reads atomic.Int64
}

type countingTx struct {
	zhifa.Tx
	s *countingStore
}

func (s *countingStore) View(ctx context.Context, fn func(zhifa.Tx) error) error {
	return s.Store.View(ctx, func(tx zhifa.Tx) error { return fn(countingTx{tx, s}) })
}

func (tx countingTx) Agency(ctx context.Context, id int64) (*zhifa.Agency, error) {
	tx.s.reads.Add(1)
	return tx.Tx.Agency(ctx, id)
}

func (tx countingTx) Item(ctx context.Context, id int64) (*zhifa.Item, error) {
	tx.s.reads.Add(1)
	return tx.Tx.Item(ctx, id)
}

func (tx countingTx) MajorCatalog(ctx context.Context, agencyID int64, version int) (*zhifa.MajorCatalog, error) {
	tx.s.reads.Add(1)
	return tx.Tx.MajorCatalog(ctx, agencyID, version)
}

// TestCaseListMajorAndReview: the case list shows, like the case page, whether each
// decision is major (E3, with its reasons) and the legal-review status (E1); a page of 50
// reads each agency, item and catalog once, not once per case (timing in the log).
func TestCaseListMajorAndReview(t *testing.T) {
	w := newReviewWorld(t)
	ctx := w.as(t, "officer1")
	for range 49 {
		if _, err := w.app.FileCase(ctx, w.input(zhifa.CasePenalty)); err != nil {
			t.Fatal(err)
		}
	}
	list, err := w.app.Cases(ctx, app.CaseFilter{Page: zhifa.Page{Limit: 50}})
	if err != nil || len(list.Cases) != 50 {
		t.Fatalf("list %d, %v", len(list.Cases), err)
	}
	for _, c := range list.Cases {
		detail, err := w.app.Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Major != detail.Major || len(c.MajorReasons) != len(detail.MajorReasons) || c.ReviewStatus != detail.ReviewStatus {
			t.Errorf("%s: list major %v (%d reasons) review %q; page %v (%d) %q", c.Number, c.Major, len(c.MajorReasons), c.ReviewStatus,
				detail.Major, len(detail.MajorReasons), detail.ReviewStatus)
		}
		if want := c.ID == w.caseID; c.Major != want {
			t.Errorf("%s: major %v, want %v (the 50,000-yuan proposal only)", c.Number, c.Major, want)
		}
	}
	w.qualify(t, "reviewer1", 3, true)
	mats := w.records(t)
	w.mustAct(t, "officer1", w.view(t, "officer1"), "submit_review", app.ActionInput{Review: &app.ReviewInput{Materials: mats}})
	cs := &countingStore{Store: w.store}
	counted := app.New(cs, app.Options{Now: w.clock.Now})
	start := time.Now()
	list, err = counted.Cases(ctx, app.CaseFilter{Page: zhifa.Page{Limit: 50}})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list.Cases {
		if c.ID == w.caseID && (c.ReviewStatus != zhifa.ReviewPending || !c.Major) {
			t.Errorf("submitted case in the list: major %v review %q", c.Major, c.ReviewStatus)
		}
	}
	// One agency, one item, one catalog (and the template lookup above the agency).
	if n := cs.reads.Load(); n > 6 {
		t.Errorf("a page of 50 made %d agency/item/catalog reads, want a handful", n)
	}
	t.Logf("case list page of %d with major and review status: %v, %d agency/item/catalog reads", len(list.Cases), took, cs.reads.Load())
}

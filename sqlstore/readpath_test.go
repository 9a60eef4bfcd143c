package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"zhifa"
)

// TestReadPath covers the read path of issue #11 on both engines: keyset paging with
// capped counts, the index of running clocks, and case search.
func TestReadPath(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, db *DB)
	}{
		{"KeysetPaging", testKeysetPaging},
		{"ClocksIndex", testClocksIndex},
		{"CaseSearch", testCaseSearch},
		{"SearchBackfill", testSearchBackfill},
		{"SearchTermCounts", testSearchTermCounts},
		{"SearchPaging", testSearchPaging},
		{"PublicationDatePaging", testPublicationDatePaging},
	}
	for _, engine := range []struct {
		name string
		open func(t testing.TB) *DB
	}{{"sqlite", openSQLite}, {"postgres", openPostgres}} {
		t.Run(engine.name, func(t *testing.T) {
			db := engine.open(t)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) { tt.run(t, db) })
			}
		})
	}
}

// fileCase files a case of agency with the parties, officers and clocks.
func fileCase(t *testing.T, db *DB, ag *zhifa.Agency, itemID int64, stage zhifa.Stage, officers []int64, clocks []zhifa.Clock, parties ...zhifa.Party) *zhifa.Case {
	t.Helper()
	ctx := context.Background()
	var c *zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		seq, err := tx.NextCaseSeq(ctx, ag.ID, 2026, zhifa.CasePenalty)
		if err != nil {
			return err
		}
		c = &zhifa.Case{AgencyID: ag.ID, Number: fmt.Sprintf("%s罚〔2026〕%d号", ag.Name, seq), Year: 2026, Seq: seq,
			Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, ItemID: itemID, OfficerIDs: officers,
			Stage: stage, Outcome: zhifa.OutcomeNone, Parties: parties, Clocks: clocks}
		if c.Parties == nil {
			c.Parties = []zhifa.Party{{Kind: zhifa.PartyPerson, Name: "赵六", IDNumber: randomID()}}
		}
		if c.OfficerIDs == nil {
			c.OfficerIDs = []int64{}
		}
		if c.Clocks == nil {
			c.Clocks = []zhifa.Clock{}
		}
		for _, cl := range c.Clocks {
			if !cl.Done && !cl.Paused && (c.NextDue.IsZero() || cl.Due.Before(c.NextDue)) {
				c.NextDue = cl.Due
			}
		}
		return tx.CreateCase(ctx, c)
	})
	return c
}

// testKeysetPaging pages through a subtree by keyset: every case once, newest first,
// the subtree only, with capped counts.
func testKeysetPaging(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	var want []int64
	for i := range 23 {
		ag := tr.market
		if i%3 == 0 {
			ag = tr.branch // below the market bureau: in its scope
		}
		stage := zhifa.StageOpen
		if i%2 == 0 {
			stage = zhifa.StageInvestigate
		}
		want = append(want, fileCase(t, db, ag, item, stage, nil, nil).ID)
		fileCase(t, db, tr.district, item, stage, nil, nil) // out of scope
	}
	slices.Reverse(want)
	for _, tt := range []struct {
		name  string
		stage zhifa.Stage
		size  int
	}{{"all", "", 5}, {"all by one", "", 1}, {"stage", zhifa.StageInvestigate, 4}, {"one page", "", 100}} {
		t.Run(tt.name, func(t *testing.T) {
			var expect []int64
			for i, id := range want {
				// want is newest first; stage alternates with the filing order.
				if tt.stage == "" || (len(want)-1-i)%2 == 0 {
					expect = append(expect, id)
				}
			}
			var got []int64
			var after *zhifa.CaseKey
			for pages := 0; ; pages++ {
				if pages > len(expect)+1 {
					t.Fatal("paging does not end")
				}
				var list []*zhifa.Case
				var total int
				view(t, db, func(tx zhifa.Tx) error {
					var err error
					list, total, err = tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, Stage: tt.stage, After: after,
						Page: zhifa.Page{Limit: tt.size}})
					return err
				})
				if total != len(expect) {
					t.Fatalf("total %d, want %d", total, len(expect))
				}
				for _, c := range list {
					got = append(got, c.ID)
				}
				if len(list) < tt.size {
					break
				}
				after = &zhifa.CaseKey{ID: list[len(list)-1].ID}
			}
			if !slices.Equal(got, expect) {
				t.Errorf("paged IDs %v, want %v", got, expect)
			}
		})
	}
	// Filtered by due date the list is most urgent first; many cases share a due date,
	// and the key (due, id) pages through them without repeating or skipping one.
	var urgent []*zhifa.Case
	for i := range 14 {
		due := zhifa.MustDate("2026-04-01").AddDays(i % 3)
		urgent = append(urgent, fileCase(t, db, tr.market, item, zhifa.StageInvestigate, nil,
			[]zhifa.Clock{{Kind: zhifa.ClockDecision, Start: zhifa.MustDate("2026-03-02"), Due: due, Unit: zhifa.UnitCalendar}}))
	}
	slices.SortFunc(urgent, func(x, y *zhifa.Case) int {
		if c := x.NextDue.Compare(y.NextDue); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	var got []int64
	var after *zhifa.CaseKey
	for range len(urgent) {
		var list []*zhifa.Case
		view(t, db, func(tx zhifa.Tx) error {
			var err error
			list, _, err = tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, DueTo: zhifa.MustDate("2026-04-30"),
				After: after, Page: zhifa.Page{Limit: 4}})
			return err
		})
		for _, c := range list {
			got = append(got, c.ID)
		}
		if len(list) < 4 {
			break
		}
		last := list[len(list)-1]
		after = &zhifa.CaseKey{ID: last.ID, Due: last.NextDue}
	}
	if want := ids(urgent, func(c *zhifa.Case) int64 { return c.ID }); !slices.Equal(got, want) {
		t.Errorf("by due date: paged %v, want %v", got, want)
	}
	// The count stops at the cap: a whole-database count of a scope larger than the cap
	// is reported as CountCap+1 (checked through the query, not by filing 1,000 cases).
	q := caseListQueryOf(t, db, zhifa.CaseFilter{})
	if !strings.Contains(q.count, fmt.Sprintf("LIMIT %d", zhifa.CountCap+1)) {
		t.Errorf("count query %q is not capped", q.count)
	}
}

// testClocksIndex: the running clocks are indexed with the case and follow its
// updates; the warnings' query and the list's filters use their indexes (SQLite plan).
func testClocksIndex(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	due := zhifa.MustDate("2026-05-06")
	review := func(done bool) []zhifa.Clock {
		return []zhifa.Clock{{Kind: zhifa.ClockReview, Start: zhifa.MustDate("2026-04-27"), Due: due, Unit: zhifa.UnitWorkday, Done: done},
			{Kind: zhifa.ClockDecision, Start: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate("2026-06-01"), Unit: zhifa.UnitCalendar}}
	}
	pending := fileCase(t, db, tr.market, item, zhifa.StageReview, nil, review(false))
	other := fileCase(t, db, tr.district, item, zhifa.StageReview, nil, review(false))
	fileCase(t, db, tr.market, item, zhifa.StageReview, nil, review(true))
	find := func(path string, to zhifa.Date) []int64 {
		var got []int64
		view(t, db, func(tx zhifa.Tx) error {
			var err error
			got, err = tx.CasesWithClocksDue(ctx, path, zhifa.ClocksDue{Kinds: []zhifa.ClockKind{zhifa.ClockReview}, To: to})
			return err
		})
		return got
	}
	for _, tt := range []struct {
		name string
		path string
		to   zhifa.Date
		want []int64
	}{
		{"market by due", tr.market.Path, due, []int64{pending.ID}},
		{"before due", tr.market.Path, due.AddDays(-1), nil},
		{"city", tr.city.Path, due, []int64{pending.ID, other.ID}},
		{"district", tr.district.Path, due, []int64{other.ID}},
	} {
		if got := find(tt.path, tt.to); !slices.Equal(got, tt.want) {
			t.Errorf("%s: cases %v, want %v", tt.name, got, tt.want)
		}
	}
	// The opinion given, the clock is done and leaves the index in the same write.
	update(t, db, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, pending.ID)
		if err != nil {
			return err
		}
		c.Clocks[0].Done = true
		return tx.UpdateCase(ctx, c)
	})
	if got := find(tr.market.Path, due); len(got) != 0 {
		t.Errorf("after the opinion: cases %v, want none", got)
	}
	var cases []*zhifa.Case
	view(t, db, func(tx zhifa.Tx) error {
		var err error
		cases, err = tx.CasesByIDs(ctx, []int64{other.ID, 1 << 40, pending.ID})
		return err
	})
	if got := ids(cases, func(c *zhifa.Case) int64 { return c.ID }); !slices.Equal(got, []int64{other.ID, pending.ID}) {
		t.Errorf("CasesByIDs: %v, want %v in that order", got, []int64{other.ID, pending.ID})
	}
	if len(cases) == 2 && len(cases[0].Parties) != 1 {
		t.Errorf("CasesByIDs: parties not loaded")
	}
}

// provinceStats are planner statistics (sqlite_stat1) of a province: a million cases in
// 2,000 agencies, 60,000 running clocks, forty bigrams per case. SQLite plans a tiny test
// database by scanning tables; with these statistics it plans as it does at scale.
var provinceStats = [][3]string{
	{"agencies", "agencies_path", "2000 1"},
	{"agencies", "agencies_parent", "2000 10"},
	{"cases", "cases_agency", "1000000 500 1"},
	{"cases", "sqlite_autoindex_cases_1", "1000000 500 1"},
	{"cases", "sqlite_autoindex_cases_2", "1000000 500 200 100 1"},
	{"cases", "cases_stage", "1000000 80000 1"},
	{"cases", "cases_kind", "1000000 333333 1"},
	{"cases", "cases_due", "1000000 20000 1"},
	{"cases", "cases_agency_stage", "1000000 500 40 1"},
	{"cases", "cases_agency_kind", "1000000 500 170 1"},
	{"cases", "cases_agency_due", "1000000 500 10 1"},
	{"case_clocks", "case_clocks_case", "60000 2"},
	{"case_clocks", "case_clocks_due", "60000 10000 20 2"},
	// The workspace's ranges (migration 00026): 30 running clocks per agency, 60 a day.
	{"case_clocks", "case_clocks_agency_due", "60000 30 2 2"},
	{"case_clocks", "case_clocks_day", "60000 60 2"},
	{"case_terms", "sqlite_autoindex_case_terms_1", "40000000 2000 1"},
	{"case_search", "sqlite_autoindex_case_search_1", "1000000 1"},
	{"case_parties", "case_parties_id", "1500000 2"},
	{"case_parties", "case_parties_credit", "1500000 3"},
	// Two officers per case among 2,000; a filing for one case in ten.
	{"case_officers", "sqlite_autoindex_case_officers_1", "2000000 1000 1"},
	{"case_officers", "case_officers_case", "2000000 2"},
	{"filings", "filings_agency", "100000 50 1"},
	{"filings", "filings_status", "100000 33000 1"},
	{"filings", "filings_kind", "100000 20000 1"},
	{"filings", "filings_late", "100000 50000 20000 1"},
	{"filings", "filings_agency_status", "100000 50 17 1"},
	{"filings", "filings_agency_kind", "100000 50 10 1"},
	{"filings", "filings_agency_late", "100000 50 25 10 1"},
	// An approval request for one case in five, among 2,000 heads.
	{"approval_requests", "approval_requests_approver", "200000 100 50 1"},
	{"approval_requests", "approval_requests_agency", "200000 400 200 1"},
	{"approval_requests", "approval_requests_case", "200000 2 1"},
}

// TestReadPlans: on SQLite, with the statistics of a province, the warnings' query and
// each filter of the case list use their index and scan no table whole.
func TestReadPlans(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `ANALYZE; DELETE FROM sqlite_stat1`); err != nil {
		t.Fatal(err)
	}
	for _, st := range provinceStats {
		if _, err := conn.ExecContext(ctx, `INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ($1, $2, $3)`, st[0], st[1], st[2]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.ExecContext(ctx, `ANALYZE sqlite_schema`); err != nil { // reload the statistics
		t.Fatal(err)
	}
	scope := "/1/4/"
	query, args := clocksDueQuery(scope, []zhifa.ClocksDue{{Kinds: []zhifa.ClockKind{zhifa.ClockReview}, To: zhifa.MustDate("2026-05-06")},
		{Kinds: []zhifa.ClockKind{zhifa.ClockTransferDecision, zhifa.ClockTransferReply}, To: zhifa.MustDate("2026-05-01")}})
	// Scoped, each agency's range (case_clocks_agency_due, migration 00026) or each
	// kind's (case_clocks_due); unscoped, each kind's. Never the table whole.
	wantPlan(t, conn, "warnings", query, args, "USING INDEX case_clocks_", true)
	query, args = clocksDueQuery("", []zhifa.ClocksDue{{Kinds: []zhifa.ClockKind{zhifa.ClockReview}, To: zhifa.MustDate("2026-05-06")}})
	wantPlan(t, conn, "warnings of the province", query, args, "case_clocks_due", true)
	// Unscoped (a supervisor of the province): each filter reads its index in list
	// order and stops at the page's end, whatever the depth.
	for _, f := range []struct {
		name   string
		filter zhifa.CaseFilter
		index  string
	}{
		// Newest first without a filter is the table in rowid order, stopped at the limit.
		{"first page", zhifa.CaseFilter{}, "SCAN c"},
		{"deep page", zhifa.CaseFilter{After: &zhifa.CaseKey{ID: 500000}}, "PRIMARY KEY"},
		{"stage", zhifa.CaseFilter{Stage: zhifa.StageReview, After: &zhifa.CaseKey{ID: 500000}}, "cases_stage"},
		{"kind", zhifa.CaseFilter{Kind: zhifa.CasePenalty, After: &zhifa.CaseKey{ID: 100}}, "cases_kind"},
		{"due", zhifa.CaseFilter{DueTo: zhifa.MustDate("2026-05-06")}, "cases_due"},
		{"due deep", zhifa.CaseFilter{DueFrom: zhifa.MustDate("2026-05-01"), DueTo: zhifa.MustDate("2026-05-06"),
			After: &zhifa.CaseKey{ID: 7, Due: zhifa.MustDate("2026-05-02")}}, "cases_due"},
		{"search", zhifa.CaseFilter{Query: "海润食品"}, "sqlite_autoindex_case_terms_1"},
		{"search by number", zhifa.CaseFilter{Query: "91370200MA3C00001X"}, "case_parties_credit"},
		// 我的案件: the officer's range of case_officers, in case order (migration 00023).
		{"mine", zhifa.CaseFilter{OfficerID: 7}, "sqlite_autoindex_case_officers_1"},
		{"mine deep", zhifa.CaseFilter{OfficerID: 7, After: &zhifa.CaseKey{ID: 500000}}, "sqlite_autoindex_case_officers_1"},
	} {
		q := caseListQueryOf(t, db, f.filter)
		wantPlan(t, conn, f.name, q.list, q.listArgs, f.index, false)
		if f.filter.Query == "" { // a search is not counted
			wantPlan(t, conn, f.name+" count", q.count, q.countArgs, "", false)
		} else if q.count != "" {
			t.Errorf("%s: a search has a count query %q", f.name, q.count)
		}
	}
	// Scoped to a subtree: through an index, never a whole table; the planner may read
	// the subtree's cases by agency and sort them.
	// A filter within the subtree reads its agencies' ranges of the filter's index, for
	// the page and for the capped count alike.
	for _, f := range []struct {
		filter zhifa.CaseFilter
		index  string
	}{
		{zhifa.CaseFilter{UnderPath: scope}, ""},
		{zhifa.CaseFilter{UnderPath: scope, Stage: zhifa.StageReview}, "cases_agency_stage"},
		{zhifa.CaseFilter{UnderPath: scope, Kind: zhifa.CaseCompulsory}, "cases_agency_kind"},
		{zhifa.CaseFilter{UnderPath: scope, DueTo: zhifa.MustDate("2026-05-06")}, "cases_agency_due"},
		{zhifa.CaseFilter{UnderPath: scope, Query: "海润食品"}, ""},
	} {
		q := caseListQueryOf(t, db, f.filter)
		name := fmt.Sprintf("scoped %+v", f.filter)
		wantPlan(t, conn, name, q.list, q.listArgs, f.index, true)
		if q.count != "" {
			wantPlan(t, conn, name+" count", q.count, q.countArgs, f.index, true)
		}
	}
	// The filings list (migration 00023): each filter reads its index in id order and
	// stops at the page's end; within a subtree, its agencies' ranges of the filter's index.
	for _, f := range []struct {
		name   string
		filter zhifa.FilingFilter
		index  string
		sorts  bool
	}{
		{"filings", zhifa.FilingFilter{}, "SCAN f", false},
		{"filings deep", zhifa.FilingFilter{AfterID: 50000}, "PRIMARY KEY", false},
		{"filings pending", zhifa.FilingFilter{Status: zhifa.FilingFiled}, "filings_status", false},
		{"filings kind", zhifa.FilingFilter{Kind: zhifa.FilingCompulsory, AfterID: 50000}, "filings_kind", false},
		{"filings late unreviewed", zhifa.FilingFilter{Late: true, Unreviewed: true}, "filings_late", true},
		{"filings scoped", zhifa.FilingFilter{UnderPath: scope}, "filings_agency", true},
		{"filings scoped pending", zhifa.FilingFilter{UnderPath: scope, Status: zhifa.FilingFiled}, "filings_agency_status", true},
		{"filings scoped kind", zhifa.FilingFilter{UnderPath: scope, Kind: zhifa.FilingPenalty}, "filings_agency_kind", true},
		{"filings scoped late", zhifa.FilingFilter{UnderPath: scope, Late: true}, "filings_agency_late", true},
	} {
		q, err := filingListQuery(f.filter)
		if err != nil {
			t.Fatal(err)
		}
		wantPlan(t, conn, f.name, q.list, q.listArgs, f.index, f.sorts)
		wantPlan(t, conn, f.name+" count", q.count, q.countArgs, "", f.sorts)
	}
	// The approvals queue (待我审批) and the agency's requests: each filter reads its
	// index in id order, the case joined by its key.
	for _, f := range []struct {
		name   string
		filter zhifa.ApprovalFilter
		index  string
	}{
		{"approvals mine pending", zhifa.ApprovalFilter{ApproverID: 9, Status: zhifa.ApprovalPending}, "approval_requests_approver"},
		{"approvals mine deep", zhifa.ApprovalFilter{ApproverID: 9, Status: zhifa.ApprovalApproved, AfterID: 150000}, "approval_requests_approver"},
		{"approvals agency", zhifa.ApprovalFilter{AgencyID: 4, Status: zhifa.ApprovalRejected}, "approval_requests_agency"},
		{"approvals of a case", zhifa.ApprovalFilter{CaseID: 77}, "approval_requests_case"},
	} {
		q := approvalListQuery(f.filter)
		wantPlan(t, conn, f.name, q.list, q.listArgs, f.index, false)
		wantPlan(t, conn, f.name+" count", q.count, q.countArgs, f.index, false)
	}
}

// wantPlan checks that SQLite's plan of query uses the index (unless "") and reads no
// table whole nor sorts it.
func wantPlan(t *testing.T, conn *sql.Conn, name, query string, args []any, index string, sorts bool) {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, "\n")
	if index != "" && !strings.Contains(all, index) {
		t.Errorf("%s: plan does not use %s:\n%s", name, index, all)
	}
	for _, line := range plan {
		whole := strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "INDEX") && !strings.HasPrefix(line, "SCAN n") &&
			index != line
		if whole || !sorts && strings.Contains(line, "TEMP B-TREE FOR ORDER BY") && !strings.Contains(all, "case_clocks") {
			t.Errorf("%s: plan reads a table whole or sorts it (%s):\n%s", name, line, all)
		}
	}
}

// testCaseSearch finds cases by each key, within the scope only.
func testCaseSearch(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	it := &zhifa.Item{Code: uniq("SP-GUOQI"), Name: "销售超过保质期的食品", Category: zhifa.CatPenalty, AgencyID: tr.market.ID, Domain: "食品安全"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateItem(ctx, it, "") })
	li := newOfficer(t, db, tr.market.ID, "李建国")
	sun := newOfficer(t, db, tr.market.ID, "孙丽")
	person := idNumber("37020219800101123")
	credit := "91370200MA3C00001X"
	a := fileCase(t, db, tr.market, it.ID, zhifa.StageOpen, []int64{li.ID}, nil,
		zhifa.Party{Kind: zhifa.PartyPerson, Name: "王小明", IDNumber: strings.ToLower(person)})
	b := fileCase(t, db, tr.branch, it.ID, zhifa.StageOpen, []int64{sun.ID}, nil,
		zhifa.Party{Kind: zhifa.PartyOrg, Name: "青岛海润食品（集团）有限公司", CreditCode: credit})
	c := fileCase(t, db, tr.district, it.ID, zhifa.StageOpen, nil, nil,
		zhifa.Party{Kind: zhifa.PartyPerson, Name: "王小明", IDNumber: randomID()})
	search := func(path, q string) ([]int64, error) {
		var got []int64
		err := db.View(ctx, func(tx zhifa.Tx) error {
			list, _, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: path, Query: q, Page: zhifa.Page{Limit: 50}})
			got = ids(list, func(c *zhifa.Case) int64 { return c.ID })
			return err
		})
		return got, err
	}
	for _, tt := range []struct {
		name, path, q string
		want          []int64
	}{
		{"two characters of a name", tr.market.Path, "小明", []int64{a.ID}},
		{"whole name", tr.market.Path, "王小明", []int64{a.ID}},
		{"company name part", tr.market.Path, "海润食品", []int64{b.ID}},
		{"full-width brackets as typed", tr.market.Path, "(集团)", []int64{b.ID}},
		{"not contiguous", tr.market.Path, "海润公司", []int64{}},
		{"two words", tr.market.Path, "海润 有限", []int64{b.ID}},
		{"credit code", tr.market.Path, credit, []int64{b.ID}},
		{"credit code lower case", tr.market.Path, strings.ToLower(credit), []int64{b.ID}},
		{"identity number", tr.market.Path, person, []int64{a.ID}},
		{"case number", tr.market.Path, a.Number, []int64{a.ID}},
		{"item name", tr.market.Path, "保质期", []int64{b.ID, a.ID}},
		{"item code", tr.market.Path, strings.ToLower(it.Code), []int64{b.ID, a.ID}},
		{"officer", tr.market.Path, "建国", []int64{a.ID}},
		{"other officer", tr.market.Path, "孙丽", []int64{b.ID}},
		{"scope: district", tr.district.Path, "王小明", []int64{c.ID}},
		{"scope: city", tr.city.Path, "小明", []int64{c.ID, a.ID}},
		{"scope: branch", tr.branch.Path, "小明", []int64{}},
	} {
		got, err := search(tt.path, tt.q)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got == nil {
			got = []int64{}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s (%q): %v, want %v", tt.name, tt.q, got, tt.want)
		}
	}
	for _, q := range []string{"王", "海润 公", strings.Repeat("案", maxQueryRunes+1)} {
		_, err := search(tr.market.Path, q)
		wantCode(t, "query "+q, err, zhifa.EINVALID)
		var e *zhifa.Error
		if errors.As(err, &e) && e.Fields["q"] == "" {
			t.Errorf("query %q: error names no field: %v", q, err)
		}
	}
	// A new officer on the case is found from the same write on.
	update(t, db, func(tx zhifa.Tx) error {
		cs, err := tx.Case(ctx, a.ID)
		if err != nil {
			return err
		}
		cs.OfficerIDs = append(cs.OfficerIDs, sun.ID)
		return tx.UpdateCase(ctx, cs)
	})
	if got, err := search(tr.market.Path, "孙丽"); err != nil || !slices.Equal(got, []int64{b.ID, a.ID}) {
		t.Errorf("after adding an officer: %v %v, want %v", got, err, []int64{b.ID, a.ID})
	}
}

// testSearchBackfill: cases written before migration 00020 are indexed when the store
// opens.
func testSearchBackfill(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	c := fileCase(t, db, tr.market, item, zhifa.StageOpen, nil, nil, zhifa.Party{Kind: zhifa.PartyPerson, Name: "欧阳娜娜", IDNumber: randomID()})
	// Forget its index, as before the migration, and make it the oldest case unindexed.
	update(t, db, func(ztx zhifa.Tx) error {
		for _, q := range []string{`DELETE FROM case_terms`, `DELETE FROM case_search`} {
			if _, err := ztx.(*tx).exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err := db.backfillSearch(ctx); err != nil {
		t.Fatal(err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		list, _, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, Query: "阳娜"})
		if err != nil {
			return err
		}
		if len(list) != 1 || list[0].ID != c.ID {
			t.Errorf("after backfill: %v, want case %d", ids(list, func(c *zhifa.Case) int64 { return c.ID }), c.ID)
		}
		return nil
	})
}

// TestReady: the store is ready once migrated, not before, and not once closed.
func TestReady(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zhifa.db")
	raw, err := Open(ctx, path, Options{PIIKey: testKey(), NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.Ready(ctx); !errors.Is(err, ErrMigrating) {
		t.Errorf("unmigrated: Ready = %v, want ErrMigrating", err)
	}
	raw.Close()
	db, err := Open(ctx, path, Options{PIIKey: testKey()})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(ctx); err != nil {
		t.Errorf("migrated: Ready = %v", err)
	}
	db.Close()
	if err := db.Ready(ctx); err == nil {
		t.Error("closed: Ready = nil, want an error")
	}
}

// caseListQueryOf is the query of Cases for f, its search words parsed and ranked by
// their shape (Cases ranks them by their counts).
func caseListQueryOf(t *testing.T, db *DB, f zhifa.CaseFilter) *listQuery {
	t.Helper()
	var sq *caseQuery
	if f.Query != "" {
		var err error
		if sq, err = parseCaseQuery(f.Query); err != nil {
			t.Fatal(err)
		}
	}
	q, err := db.caseListQuery(f, sq)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

package sqlstore

import (
	"context"
	"slices"
	"testing"
	"time"

	"zhifa"
)

// TestQueues covers the lists of issue #11 added with migration 00023 on both engines:
// 我的案件 through case_officers, and the filings list by keyset.
func TestQueues(t *testing.T) {
	for _, engine := range []struct {
		name string
		open func(t testing.TB) *DB
	}{{"sqlite", openSQLite}, {"postgres", openPostgres}} {
		t.Run(engine.name, func(t *testing.T) {
			db := engine.open(t)
			t.Run("HandlerFilter", func(t *testing.T) { testHandlerFilter(t, db) })
			t.Run("FilingPaging", func(t *testing.T) { testFilingPaging(t, db) })
			t.Run("ApprovalPaging", func(t *testing.T) { testApprovalPaging(t, db) })
		})
	}
}

// testHandlerFilter: an officer's cases follow the case's officers as they change, stay
// within the scope, page by keyset and combine with the other filters and search.
func testHandlerFilter(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	const me, other = 9001, 9002
	var mine []int64
	for i := range 9 {
		officers := []int64{other, me}
		if i%3 == 0 {
			officers = []int64{other}
		}
		c := fileCase(t, db, tr.market, item, zhifa.StageInvestigate, officers, nil,
			zhifa.Party{Kind: zhifa.PartyPerson, Name: "钱多多", IDNumber: randomID()})
		if i%3 != 0 {
			mine = append(mine, c.ID)
		}
	}
	outside := fileCase(t, db, tr.district, item, zhifa.StageInvestigate, []int64{me}, nil) // out of scope
	// Reassigned: the case leaves the officer's list with the update that changes it.
	moved := mine[0]
	update(t, db, func(tx zhifa.Tx) error {
		c, err := tx.Case(ctx, moved)
		if err != nil {
			return err
		}
		c.OfficerIDs = []int64{other, other}
		return tx.UpdateCase(ctx, c)
	})
	mine = mine[1:]
	slices.Reverse(mine)
	list := func(f zhifa.CaseFilter) ([]int64, int) {
		var got []*zhifa.Case
		var total int
		view(t, db, func(tx zhifa.Tx) (err error) { got, total, err = tx.Cases(ctx, f); return err })
		return ids(got, func(c *zhifa.Case) int64 { return c.ID }), total
	}
	var got []int64
	var after *zhifa.CaseKey
	for range len(mine) + 1 {
		page, total := list(zhifa.CaseFilter{UnderPath: tr.market.Path, OfficerID: me, After: after, Page: zhifa.Page{Limit: 2}})
		if total != len(mine) {
			t.Fatalf("total %d, want %d", total, len(mine))
		}
		got = append(got, page...)
		if len(page) < 2 {
			break
		}
		after = &zhifa.CaseKey{ID: page[len(page)-1]}
	}
	if !slices.Equal(got, mine) {
		t.Errorf("my cases paged %v, want %v", got, mine)
	}
	for _, tc := range []struct {
		name string
		f    zhifa.CaseFilter
		want []int64
	}{
		{"whole store", zhifa.CaseFilter{OfficerID: me, Page: zhifa.Page{Limit: 50}}, append([]int64{outside.ID}, mine...)},
		{"other stage", zhifa.CaseFilter{UnderPath: tr.market.Path, OfficerID: me, Stage: zhifa.StageReview}, nil},
		{"search", zhifa.CaseFilter{UnderPath: tr.market.Path, OfficerID: me, Query: "钱多"}, mine},
		{"nobody's", zhifa.CaseFilter{UnderPath: tr.market.Path, OfficerID: 9003}, nil},
	} {
		got, _ := list(tc.f)
		if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// testFilingPaging pages through the filings of a subtree by keyset: every filing once,
// newest first, the last page short, each filter with its count.
func testFilingPaging(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	var all, pending []int64
	for i := range 11 {
		ag := tr.market
		if i%4 == 0 {
			ag = tr.branch
		}
		c := fileCase(t, db, ag, item, zhifa.StageDecide, nil, nil)
		f := &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: ag.ID, Kind: zhifa.FilingPenalty,
			Summary: "罚款", DecidedOn: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate("2026-03-17"),
			FiledAt: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), Status: zhifa.FilingFiled}
		if i%3 == 0 {
			f.Status = zhifa.FilingReviewed
		}
		update(t, db, func(tx zhifa.Tx) error { return tx.CreateFiling(ctx, f) })
		all = append(all, f.ID)
		if f.Status == zhifa.FilingFiled {
			pending = append(pending, f.ID)
		}
		outside := fileCase(t, db, tr.district, item, zhifa.StageDecide, nil, nil)
		update(t, db, func(tx zhifa.Tx) error { // out of scope
			return tx.CreateFiling(ctx, &zhifa.Filing{CaseID: outside.ID,
				CaseNumber: "外", AgencyID: tr.district.ID, Kind: zhifa.FilingPenalty, Summary: "罚款",
				DecidedOn: f.DecidedOn, Due: f.Due, FiledAt: f.FiledAt, Status: zhifa.FilingFiled})
		})
	}
	slices.Reverse(all)
	slices.Reverse(pending)
	for _, tc := range []struct {
		name string
		f    zhifa.FilingFilter
		size int
		want []int64
	}{
		{"all", zhifa.FilingFilter{UnderPath: tr.market.Path}, 3, all},
		{"all by one", zhifa.FilingFilter{UnderPath: tr.market.Path}, 1, all},
		{"one page", zhifa.FilingFilter{UnderPath: tr.market.Path}, 100, all},
		{"pending", zhifa.FilingFilter{UnderPath: tr.market.Path, Status: zhifa.FilingFiled}, 4, pending},
		{"unreviewed", zhifa.FilingFilter{UnderPath: tr.market.Path, Unreviewed: true}, 2, pending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			f := tc.f
			f.Limit = tc.size
			for pages := 0; ; pages++ {
				if pages > len(tc.want)+1 {
					t.Fatal("paging does not end")
				}
				var list []*zhifa.Filing
				var total int
				view(t, db, func(tx zhifa.Tx) (err error) { list, total, err = tx.Filings(ctx, f); return err })
				if total != len(tc.want) {
					t.Fatalf("total %d, want %d", total, len(tc.want))
				}
				got = append(got, ids(list, func(f *zhifa.Filing) int64 { return f.ID })...)
				if len(list) < tc.size {
					break
				}
				f.AfterID = list[len(list)-1].ID
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("paged %v, want %v", got, tc.want)
			}
		})
	}
}

// testApprovalPaging pages through an agency's approval requests by keyset, all of them
// and those asked of one approver, with capped counts; another agency's stay out.
func testApprovalPaging(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	requester, head, deputy := newUser(t, db, tr.market.ID), newUser(t, db, tr.market.ID), newUser(t, db, tr.market.ID)
	var all, asked []int64
	for i := range 7 {
		c := fileCase(t, db, tr.market, item, zhifa.StageDecide, nil, nil)
		r := &zhifa.ApprovalRequest{CaseID: c.ID, AgencyID: tr.market.ID, Action: "decide", Input: "{}", CaseVersion: c.Version,
			Snapshot: "x", RequesterID: requester.ID, Requester: requester.Login, ApproverID: head.ID, Status: zhifa.ApprovalPending}
		if i%2 == 0 {
			r.ApproverID = deputy.ID
		}
		update(t, db, func(tx zhifa.Tx) error { return tx.CreateApprovalRequest(ctx, r) })
		all = append(all, r.ID)
		if r.ApproverID == head.ID {
			asked = append(asked, r.ID)
		}
	}
	slices.Reverse(all)
	slices.Reverse(asked)
	for _, tc := range []struct {
		name string
		f    zhifa.ApprovalFilter
		want []int64
	}{
		{"agency", zhifa.ApprovalFilter{AgencyID: tr.market.ID}, all},
		{"asked of the head", zhifa.ApprovalFilter{AgencyID: tr.market.ID, ApproverID: head.ID}, asked},
		{"pending asked of the head", zhifa.ApprovalFilter{AgencyID: tr.market.ID, ApproverID: head.ID, Status: zhifa.ApprovalPending}, asked},
		{"other agency", zhifa.ApprovalFilter{AgencyID: tr.district.ID}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			f := tc.f
			f.Limit = 2
			for pages := 0; pages <= len(tc.want); pages++ {
				var list []*zhifa.ApprovalRequest
				var total int
				view(t, db, func(tx zhifa.Tx) (err error) { list, total, err = tx.ApprovalRequests(ctx, f); return err })
				if total != len(tc.want) {
					t.Fatalf("total %d, want %d", total, len(tc.want))
				}
				got = append(got, ids(list, func(r *zhifa.ApprovalRequest) int64 { return r.ID })...)
				if len(list) < 2 {
					break
				}
				f.AfterID = list[len(list)-1].ID
			}
			if !slices.Equal(got, tc.want) && len(got)+len(tc.want) > 0 {
				t.Errorf("paged %v, want %v", got, tc.want)
			}
		})
	}
}

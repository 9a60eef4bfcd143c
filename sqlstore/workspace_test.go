package sqlstore

import (
	"context"
	"slices"
	"testing"
	"time"

	"zhifa"
)

// testNotifications covers AddNotification (once per key), the user's own list by
// keyset, the unread count and marking read: another user's notification is ENOTFOUND.
func testNotifications(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	me, other := newUser(t, db, tr.market.ID), newUser(t, db, tr.market.ID)
	var mine []int64
	for i, key := range []string{"a", "b", "c", "a"} {
		n := &zhifa.Notification{UserID: me.ID, Kind: zhifa.NotifyApprovalRequested, Key: key, Title: "审批请求", URL: "/staff/approvals"}
		var added bool
		update(t, db, func(tx zhifa.Tx) (err error) { added, err = tx.AddNotification(ctx, n); return err })
		if added != (i < 3) {
			t.Errorf("notification %d (key %q): added %v", i, key, added)
		}
		if added {
			mine = append(mine, n.ID)
		}
	}
	theirs := &zhifa.Notification{UserID: other.ID, Kind: zhifa.NotifyDeadlineTomorrow, Key: "a", Title: "明日到期"}
	update(t, db, func(tx zhifa.Tx) (err error) { _, err = tx.AddNotification(ctx, theirs); return err })
	slices.Reverse(mine)

	var got []int64
	f := zhifa.NotificationFilter{UserID: me.ID, Page: zhifa.Page{Limit: 2}}
	for range 3 {
		var list []*zhifa.Notification
		var total int
		view(t, db, func(tx zhifa.Tx) (err error) { list, total, err = tx.Notifications(ctx, f); return err })
		if total != 3 {
			t.Fatalf("total %d, want 3", total)
		}
		for _, n := range list {
			got = append(got, n.ID)
			if n.UserID != me.ID || n.Title != "审批请求" || n.CreatedAt.IsZero() || n.ReadAt != nil {
				t.Errorf("notification %+v", n)
			}
		}
		if len(list) < f.Limit {
			break
		}
		f.AfterID = list[len(list)-1].ID
	}
	if !slices.Equal(got, mine) {
		t.Errorf("pages %v, want %v", got, mine)
	}

	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.MarkNotificationRead(ctx, me.ID, theirs.ID, at) })
	wantCode(t, "mark another user's notification", err, zhifa.ENOTFOUND)
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.MarkNotificationRead(ctx, me.ID, 1<<40, at) })
	wantCode(t, "mark a missing notification", err, zhifa.ENOTFOUND)
	update(t, db, func(tx zhifa.Tx) error { return tx.MarkNotificationRead(ctx, me.ID, mine[0], at) })
	update(t, db, func(tx zhifa.Tx) error { return tx.MarkNotificationRead(ctx, me.ID, mine[0], at.Add(time.Hour)) })
	unread := func(id int64) int {
		var n int
		view(t, db, func(tx zhifa.Tx) (err error) { n, err = tx.UnreadNotifications(ctx, id); return err })
		return n
	}
	if n := unread(me.ID); n != 2 {
		t.Errorf("unread after one read: %d, want 2", n)
	}
	var list []*zhifa.Notification
	view(t, db, func(tx zhifa.Tx) (err error) {
		list, _, err = tx.Notifications(ctx, zhifa.NotificationFilter{UserID: me.ID, Unread: true})
		return err
	})
	if len(list) != 2 || slices.ContainsFunc(list, func(n *zhifa.Notification) bool { return n.ID == mine[0] }) {
		t.Errorf("unread list %v", ids(list, func(n *zhifa.Notification) int64 { return n.ID }))
	}
	view(t, db, func(tx zhifa.Tx) (err error) {
		list, _, err = tx.Notifications(ctx, zhifa.NotificationFilter{UserID: me.ID, Page: zhifa.Page{Limit: 1}})
		return err
	})
	if list[0].ReadAt == nil || !list[0].ReadAt.Equal(at) {
		t.Errorf("read at %v, want the first read %v", list[0].ReadAt, at)
	}
	update(t, db, func(tx zhifa.Tx) error { return tx.MarkAllNotificationsRead(ctx, me.ID, at) })
	if n := unread(me.ID); n != 0 {
		t.Errorf("unread after marking all: %d", n)
	}
	if n := unread(other.ID); n != 1 {
		t.Errorf("the other user's unread: %d, want 1", n)
	}
}

// testDueClocks covers DueClocks: an officer's clocks or a subtree's, by due date, with
// kinds excluded, a window, and keyset pages; UsersOfOfficers finds the accounts.
func testDueClocks(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	off := newOfficer(t, db, tr.market.ID, "王磊")
	clock := func(kind zhifa.ClockKind, due string) zhifa.Clock {
		return zhifa.Clock{Kind: kind, Start: zhifa.MustDate("2026-11-02"), Due: zhifa.MustDate(due), Unit: zhifa.UnitWorkday}
	}
	a := fileCase(t, db, tr.market, item, zhifa.StageNotify, []int64{off.ID},
		[]zhifa.Clock{clock(zhifa.ClockDecision, "2026-12-20"), clock(zhifa.ClockStatement, "2026-12-08")})
	b := fileCase(t, db, tr.market, item, zhifa.StageInvestigate, []int64{off.ID},
		[]zhifa.Clock{clock(zhifa.ClockDecision, "2026-12-07")})
	c := fileCase(t, db, tr.market, item, zhifa.StageInvestigate, nil, []zhifa.Clock{clock(zhifa.ClockDecision, "2026-12-01")})
	done := clock(zhifa.ClockService, "2026-12-02")
	done.Done = true
	fileCase(t, db, tr.district, item, zhifa.StageServe, []int64{off.ID}, []zhifa.Clock{done})
	d := fileCase(t, db, tr.district, item, zhifa.StageInvestigate, nil, []zhifa.Clock{clock(zhifa.ClockDecision, "2026-12-05")})

	type dc = zhifa.DueClock
	clk := func(id int64, kind zhifa.ClockKind, due string) dc {
		return dc{CaseID: id, Kind: kind, Due: zhifa.MustDate(due)}
	}
	for _, tc := range []struct {
		name string
		q    zhifa.ClockQuery
		want []dc
	}{
		{"officer", zhifa.ClockQuery{OfficerID: off.ID}, []dc{clk(b.ID, zhifa.ClockDecision, "2026-12-07"),
			clk(a.ID, zhifa.ClockStatement, "2026-12-08"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")}},
		{"agency overdue, the party's periods apart", zhifa.ClockQuery{UnderPath: tr.market.Path, NotKinds: []zhifa.ClockKind{zhifa.ClockStatement},
			To: zhifa.MustDate("2026-12-07")}, []dc{clk(c.ID, zhifa.ClockDecision, "2026-12-01"), clk(b.ID, zhifa.ClockDecision, "2026-12-07")}},
		{"due on one day", zhifa.ClockQuery{UnderPath: tr.city.Path, Kinds: []zhifa.ClockKind{zhifa.ClockStatement, zhifa.ClockDecision},
			From: zhifa.MustDate("2026-12-08"), To: zhifa.MustDate("2026-12-08")}, []dc{clk(a.ID, zhifa.ClockStatement, "2026-12-08")}},
		{"other subtree", zhifa.ClockQuery{UnderPath: tr.district.Path}, []dc{clk(d.ID, zhifa.ClockDecision, "2026-12-05")}},
		// The agencies' first clocks merged in due order, page after page.
		{"a subtree of several agencies", zhifa.ClockQuery{UnderPath: tr.city.Path}, []dc{clk(c.ID, zhifa.ClockDecision, "2026-12-01"),
			clk(d.ID, zhifa.ClockDecision, "2026-12-05"), clk(b.ID, zhifa.ClockDecision, "2026-12-07"),
			clk(a.ID, zhifa.ClockStatement, "2026-12-08"), clk(a.ID, zhifa.ClockDecision, "2026-12-20")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []dc
			q := tc.q
			q.Limit = 1
			for range 6 {
				var page []dc
				view(t, db, func(tx zhifa.Tx) (err error) { page, err = tx.DueClocks(ctx, q); return err })
				got = append(got, page...)
				if len(page) == 0 {
					break
				}
				q.After = &page[len(page)-1]
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("clocks %v, want %v", got, tc.want)
			}
		})
	}

	u := newUser(t, db, tr.market.ID)
	u.OfficerID = off.ID
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateUser(ctx, u) })
	newUser(t, db, tr.market.ID) // no officer
	var users []*zhifa.User
	view(t, db, func(tx zhifa.Tx) (err error) { users, err = tx.UsersOfOfficers(ctx, []int64{off.ID}); return err })
	if len(users) != 1 || users[0].ID != u.ID {
		t.Errorf("users of the officer: %v", ids(users, func(u *zhifa.User) int64 { return u.ID }))
	}
}

// testReviewQueuePage covers the reviewer's queue by page: pending by due date, the
// finished newest first, each paged by keyset, another reviewer's rounds never.
func testReviewQueuePage(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	reviewer, other := newUser(t, db, tr.market.ID), newUser(t, db, tr.market.ID)
	var pending, finished []int64
	for i, due := range []string{"2026-12-09", "2026-12-03", "2026-12-09", "2026-12-05", "2026-12-04"} {
		c := fileCase(t, db, tr.market, item, zhifa.StageReview, nil, nil)
		r := &zhifa.ReviewRound{CaseID: c.ID, AgencyID: tr.market.ID, Round: 1, Status: zhifa.ReviewPending, ReviewerID: reviewer.ID,
			DueOn: zhifa.MustDate(due)}
		if i >= 3 {
			r.Status = zhifa.ReviewPassed
		}
		update(t, db, func(tx zhifa.Tx) error { return tx.AddReviewRound(ctx, r) })
		if r.Status == zhifa.ReviewPending {
			pending = append(pending, r.ID)
		} else {
			finished = append(finished, r.ID)
		}
		c2 := fileCase(t, db, tr.market, item, zhifa.StageReview, nil, nil)
		update(t, db, func(tx zhifa.Tx) error {
			return tx.AddReviewRound(ctx, &zhifa.ReviewRound{CaseID: c2.ID, AgencyID: tr.market.ID, Round: 1,
				Status: zhifa.ReviewPending, ReviewerID: other.ID, DueOn: zhifa.MustDate(due)})
		})
	}
	pending = []int64{pending[1], pending[0], pending[2]} // 12-03, then the two of 12-09 by ID
	slices.Reverse(finished)
	for _, tc := range []struct {
		name     string
		finished bool
		want     []int64
	}{{"pending", false, pending}, {"finished", true, finished}} {
		t.Run(tc.name, func(t *testing.T) {
			f := zhifa.ReviewQueueFilter{ReviewerID: reviewer.ID, Finished: tc.finished, Limit: 2}
			var got []int64
			for range 4 {
				var page []*zhifa.ReviewRound
				view(t, db, func(tx zhifa.Tx) (err error) { page, err = tx.ReviewQueuePage(ctx, f); return err })
				for _, r := range page {
					got = append(got, r.ID)
				}
				if len(page) < f.Limit {
					break
				}
				f.AfterID, f.AfterDue = page[len(page)-1].ID, page[len(page)-1].DueOn
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("pages %v, want %v", got, tc.want)
			}
		})
	}
}

// TestWorkspacePlans: on SQLite, with the statistics of a province, each to-do query
// reads its own range: the officer's clocks, the agency's clocks, one day's clocks.
func TestWorkspacePlans(t *testing.T) {
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
	if _, err := conn.ExecContext(ctx, `ANALYZE sqlite_schema`); err != nil {
		t.Fatal(err)
	}
	day := zhifa.MustDate("2026-05-06")
	for _, tc := range []struct {
		name  string
		q     zhifa.ClockQuery
		index string
	}{
		{"officer", zhifa.ClockQuery{OfficerID: 7, UnderPath: "/1/4/", Limit: 21}, "sqlite_autoindex_officer_clocks_1"},
		{"agency overdue", zhifa.ClockQuery{UnderPath: "/1/4/", NotKinds: []zhifa.ClockKind{zhifa.ClockStatement}, To: day, Limit: 21}, "case_clocks_agency_due"},
		{"tomorrow", zhifa.ClockQuery{NotKinds: []zhifa.ClockKind{zhifa.ClockStatement}, From: day, To: day, Limit: 200}, "case_clocks_day"},
	} {
		query, args, err := dueClocksQuery(tc.q, EngineSQLite)
		if err != nil {
			t.Fatal(err)
		}
		wantPlan(t, conn, tc.name, query, args, tc.index, true)
	}
}

package sqlstore

import (
	"context"
	"strconv"
	"testing"

	"zhifa"
)

// testCaseStats covers CaseStats: the case_stats row follows every write of a case, each
// statistic counts only the subtree and months asked, and the on-time test compares the
// decision day with the decision clock (issue #12).
func testCaseStats(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var onTime, late, open, other *zhifa.Case
	update(t, db, func(tx zhifa.Tx) (err error) {
		for _, c := range []**zhifa.Case{&onTime, &late, &open} {
			if *c, err = newCase(ctx, tx, tr, itemID, 2026); err != nil {
				return err
			}
		}
		other, err = newCase(ctx, tx, tr, itemID, 2026)
		return err
	})
	decide := func(c *zhifa.Case, on string, fine int64) {
		c.Stage, c.State.DecidedOn, c.State.FineFen = zhifa.StageServe, zhifa.MustDate(on), fine
		c.NextDue = zhifa.Date{}
		update(t, db, func(tx zhifa.Tx) error { return tx.UpdateCase(ctx, c) })
	}
	decide(onTime, "2026-04-01", 500_000)
	decide(late, "2026-06-02", 100_000)
	open.NextDue = zhifa.MustDate("2026-05-01")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateCase(ctx, open) })
	// A case of another agency, moved out of the subtree asked.
	if _, err := db.sql.ExecContext(ctx, `UPDATE cases SET agency_id = $1 WHERE id = $2`, tr.district.ID, other.ID); err != nil {
		t.Fatal(err)
	}
	other.AgencyID = tr.district.ID
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateCase(ctx, other) })
	round := &zhifa.ReviewRound{CaseID: onTime.ID, AgencyID: tr.market.ID, Round: 1, Status: zhifa.ReviewPassed, ReviewerID: 1}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddReviewRound(ctx, round) })

	var got *zhifa.CaseStats
	view(t, db, func(tx zhifa.Tx) (err error) {
		got, err = tx.CaseStats(ctx, zhifa.StatsFilter{UnderPath: tr.market.Path, FromMonth: "2026-01", ToMonth: "2999-12",
			Today: zhifa.MustDate("2026-12-06")})
		return err
	})
	want := map[string][]zhifa.StatCount{
		"month":   {{Key: "2026-03", Count: 3}},
		"stage":   {{Key: string(zhifa.StageServe), Count: 2}, {Key: string(zhifa.StageOpen), Count: 1}},
		"kind":    {{Key: string(zhifa.CasePenalty), Count: 3}},
		"fines":   {{Key: itoa(itemID), Label: "事项", Count: 2, Sum: 600_000}},
		"ontime":  {{Key: "2026-03", Count: 2, Hits: 1}},
		"reviews": {{Key: zhifa.ReviewPassed, Count: 1}},
		"overdue": {{Key: itoa(tr.market.ID), Label: tr.market.Name, Count: 1}},
	}
	have := map[string][]zhifa.StatCount{"month": got.ByMonth, "stage": got.ByStage, "kind": got.ByKind,
		"fines": got.FinesByItem, "ontime": got.OnTime, "reviews": got.Reviews, "overdue": got.OverdueByAgency}
	for name, w := range want {
		if !equalCounts(have[name], w) {
			t.Errorf("%s = %+v, want %+v", name, have[name], w)
		}
	}
	// Months outside the range count nothing; a malformed month is EINVALID.
	view(t, db, func(tx zhifa.Tx) (err error) {
		got, err = tx.CaseStats(ctx, zhifa.StatsFilter{UnderPath: tr.market.Path, FromMonth: "2026-04", ToMonth: "2026-12"})
		return err
	})
	if len(got.ByMonth) != 0 || len(got.FinesByItem) != 0 {
		t.Errorf("April to December: %+v", got)
	}
	err := db.View(ctx, func(tx zhifa.Tx) error {
		_, err := tx.CaseStats(ctx, zhifa.StatsFilter{FromMonth: "2026-13", ToMonth: "2026-12"})
		return err
	})
	wantCode(t, "bad month", err, zhifa.EINVALID)
}

func equalCounts(a, b []zhifa.StatCount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// testOfficerPhotos covers SetOfficerPhoto (insert, then replace) and OfficerPhoto.
func testOfficerPhotos(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	o := newOfficer(t, db, tr.market.ID, "照片")
	err := db.View(ctx, func(tx zhifa.Tx) error { _, err := tx.OfficerPhoto(ctx, o.ID); return err })
	wantCode(t, "no photo yet", err, zhifa.ENOTFOUND)
	for _, sum := range []string{"aa", "bb"} {
		update(t, db, func(tx zhifa.Tx) error {
			return tx.SetOfficerPhoto(ctx, &zhifa.OfficerPhoto{OfficerID: o.ID, SHA256: sum, SM3: sum + "3", Size: 10, MIME: "image/png", UploadedBy: 1})
		})
	}
	view(t, db, func(tx zhifa.Tx) error {
		p, err := tx.OfficerPhoto(ctx, o.ID)
		if err != nil {
			return err
		}
		if p.SHA256 != "bb" || p.SM3 != "bb3" || p.MIME != "image/png" || p.UploadedAt.IsZero() {
			t.Errorf("photo %+v", p)
		}
		return nil
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.SetOfficerPhoto(ctx, &zhifa.OfficerPhoto{OfficerID: 1 << 40, SHA256: "cc", SM3: "cc", MIME: "image/png"})
	})
	if zhifa.ErrorCode(err) != zhifa.ENOTFOUND && zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("photo of a missing officer: %v", err)
	}
}

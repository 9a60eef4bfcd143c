package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"

	"zhifa"
)

// termState reads, for each term, its number of postings in ix and its stored count
// (-1 without a row).
func termState(t *testing.T, db *DB, ix termIndex, terms ...string) map[string][2]int64 {
	t.Helper()
	ctx := context.Background()
	out := map[string][2]int64{}
	view(t, db, func(ztx zhifa.Tx) error {
		tx := ztx.(*tx)
		for _, term := range terms {
			var postings, n int64
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+ix.postings+` WHERE term = $1`, term).Scan(&postings); err != nil {
				return err
			}
			n = -1
			if err := tx.queryRow(ctx, `SELECT n FROM `+ix.counts+` WHERE term = $1`, term).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			out[term] = [2]int64{postings, n}
		}
		return nil
	})
	return out
}

// wantTerms checks the postings and counts of terms: want[term] = {postings, count}.
func wantTerms(t *testing.T, db *DB, ix termIndex, step string, want map[string][2]int64) {
	t.Helper()
	var terms []string
	for term := range want {
		terms = append(terms, term)
	}
	got := termState(t, db, ix, terms...)
	for term, w := range want {
		if got[term] != w {
			t.Errorf("%s: %s %q: postings and count %v, want %v", step, ix.postings, term, got[term], w)
		}
	}
}

// testSearchTermCounts: the counts of the bigrams follow their postings as cases and
// publications are written, updated and withdrawn (migration 00045), and stop at the cap.
func testSearchTermCounts(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	// Characters no other test writes, so the counts are this test's alone.
	officer := newOfficer(t, db, tr.market.ID, "爨麤")
	c := fileCase(t, db, tr.market, item, zhifa.StageOpen, nil, nil, zhifa.Party{Kind: zhifa.PartyPerson, Name: "龘靐齉", IDNumber: randomID()})
	fileCase(t, db, tr.market, item, zhifa.StageOpen, nil, nil, zhifa.Party{Kind: zhifa.PartyPerson, Name: "龘靐", IDNumber: randomID()})
	wantTerms(t, db, caseTermIndex, "filed", map[string][2]int64{"龘靐": {2, 2}, "靐齉": {1, 1}, "爨麤": {0, -1}})

	setOfficers := func(ids []int64) {
		update(t, db, func(tx zhifa.Tx) error {
			cs, err := tx.Case(ctx, c.ID)
			if err != nil {
				return err
			}
			cs.OfficerIDs = ids
			return tx.UpdateCase(ctx, cs)
		})
	}
	setOfficers([]int64{officer.ID})
	wantTerms(t, db, caseTermIndex, "officer added", map[string][2]int64{"龘靐": {2, 2}, "爨麤": {1, 1}})
	setOfficers(nil)
	wantTerms(t, db, caseTermIndex, "officer removed", map[string][2]int64{"龘靐": {2, 2}, "爨麤": {0, 0}})

	// A count at the cap is never written again, up or down.
	update(t, db, func(ztx zhifa.Tx) error {
		_, err := ztx.(*tx).exec(ctx, `UPDATE case_term_counts SET n = $1 WHERE term = '龘靐'`, termCountCap)
		return err
	})
	fileCase(t, db, tr.market, item, zhifa.StageOpen, nil, nil, zhifa.Party{Kind: zhifa.PartyPerson, Name: "龘靐", IDNumber: randomID()})
	wantTerms(t, db, caseTermIndex, "at the cap", map[string][2]int64{"龘靐": {3, termCountCap}})

	// Publications: counted from publication on; a withdrawal keeps the postings; a
	// corrected party moves the counts.
	var p *zhifa.Publication
	update(t, db, func(tx zhifa.Tx) error {
		cs, err := newCase(ctx, tx, tr, item, 2026)
		if err != nil {
			return err
		}
		p = &zhifa.Publication{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: cs.ID, CaseNumber: cs.Number,
			ItemID: item, ItemName: "销售超过保质期的食品", Category: zhifa.PubPenalty, Status: zhifa.PubQueued,
			DecidedOn: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate("2026-03-11"), PublicParty: "龘靐齉商贸有限公司"}
		return tx.AddPublication(ctx, p)
	})
	wantTerms(t, db, publicationTermIndex, "queued", map[string][2]int64{"龘靐": {0, -1}})
	save := func(step string, change func()) {
		change()
		update(t, db, func(tx zhifa.Tx) error { return tx.UpdatePublication(ctx, p) })
	}
	save("published", func() {
		p.Status, p.PublishedOn, p.DisplayUntil = zhifa.PubPublished, zhifa.MustDate("2026-03-05"), zhifa.MustDate("2029-03-05")
	})
	wantTerms(t, db, publicationTermIndex, "published", map[string][2]int64{"龘靐": {1, 1}, "靐齉": {1, 1}})
	save("withdrawn", func() {
		p.Status, p.WithdrawnOn, p.WithdrawReason = zhifa.PubWithdrawn, zhifa.MustDate("2026-04-01"), "撤销"
	})
	wantTerms(t, db, publicationTermIndex, "withdrawn", map[string][2]int64{"龘靐": {1, 1}, "靐齉": {1, 1}})
	save("corrected", func() { p.PublicParty = "龘靐商贸有限公司" })
	wantTerms(t, db, publicationTermIndex, "corrected", map[string][2]int64{"龘靐": {1, 1}, "靐齉": {0, 0}})
}

// testSearchPaging: a search pages by cursor through every hit once, newest first, with
// the words' bigrams ranked by their counts; it is not counted.
func testSearchPaging(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	var want []int64
	for i := range 7 {
		c := fileCase(t, db, tr.market, item, zhifa.StageOpen, nil, nil,
			zhifa.Party{Kind: zhifa.PartyOrg, Name: fmt.Sprintf("青岛鼋鼍%d号商贸有限公司", i), CreditCode: fmt.Sprintf("91370200MA3D%05dX", seq.Add(1))})
		want = append(want, c.ID)
	}
	slices.Reverse(want)
	for _, q := range []string{"鼋鼍", "鼋鼍 有限公司", "商贸有限"} {
		var got []int64
		var after *zhifa.CaseKey
		for page := 0; page < 10; page++ {
			var list []*zhifa.Case
			view(t, db, func(tx zhifa.Tx) error {
				var err error
				list, _, err = tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, Query: q, After: after, Page: zhifa.Page{Limit: 3}})
				return err
			})
			for _, c := range list {
				got = append(got, c.ID)
			}
			if len(list) < 3 {
				break
			}
			after = &zhifa.CaseKey{ID: list[len(list)-1].ID}
		}
		if q == "商贸有限" {
			got = slices.DeleteFunc(got, func(id int64) bool { return !slices.Contains(want, id) })
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q paged: %v, want %v", q, got, want)
		}
	}
	// The driving bigram is the rarest by count, whatever its shape.
	view(t, db, func(ztx zhifa.Tx) error {
		q, err := ztx.(*tx).searchQuery(ctx, caseTermIndex, "有限公司鼋鼍", false)
		if err != nil {
			return err
		}
		if q.terms[0] != "司鼋" && q.terms[0] != "鼋鼍" {
			t.Errorf("driving bigram %q of %v, want one of the rare ones", q.terms[0], q.terms)
		}
		return nil
	})
	// A search is not counted.
	view(t, db, func(tx zhifa.Tx) error {
		_, total, err := tx.Cases(ctx, zhifa.CaseFilter{UnderPath: tr.market.Path, Query: "鼋鼍"})
		if err == nil && total != zhifa.Uncounted {
			t.Errorf("search count %d, want Uncounted", total)
		}
		return err
	})
}

// testPublicationDatePaging: a range of decision dates lists by date, newest first,
// through every decision once by cursor, alone and with a word whose every bigram is
// common (then read by date and confirmed) or not (then read by its postings).
func testPublicationDatePaging(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	item := caseItem(t, db, tr)
	today := zhifa.MustDate("2026-06-01")
	// Decision dates out of ID order, two on one day.
	days := []string{"2026-03-05", "2026-03-01", "2026-03-09", "2026-03-05", "2026-02-01", "2026-03-07"}
	var pubs []*zhifa.Publication
	update(t, db, func(tx zhifa.Tx) error {
		for i, day := range days {
			c, err := newCase(ctx, tx, tr, item, 2026)
			if err != nil {
				return err
			}
			p := &zhifa.Publication{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: c.ID, CaseNumber: c.Number,
				ItemID: item, ItemName: "销售超过保质期的食品", Category: zhifa.PubPenalty, Status: zhifa.PubPublished,
				DecidedOn: zhifa.MustDate(day), Due: today, PublishedOn: today, DisplayUntil: today.AddDays(365),
				PublicParty: fmt.Sprintf("青岛鼋鼍%d号商贸有限公司", i)}
			if err := tx.AddPublication(ctx, p); err != nil {
				return err
			}
			pubs = append(pubs, p)
		}
		return nil
	})
	// In the range 03-01..03-09, by date then ID, newest first: 2, 5, 3, 0, 1.
	want := []int64{pubs[2].ID, pubs[5].ID, pubs[3].ID, pubs[0].ID, pubs[1].ID}
	page := func(terms []string) []int64 {
		var got []int64
		var after int64
		for range 10 {
			var list []*zhifa.Publication
			view(t, db, func(tx zhifa.Tx) error {
				var err error
				list, err = tx.Publications(ctx, zhifa.PublicationFilter{AgencyPath: tr.market.Path, Public: true, Today: today,
					Terms: terms, From: zhifa.MustDate("2026-03-01"), To: zhifa.MustDate("2026-03-09"), After: after, Limit: 2})
				return err
			})
			for _, p := range list {
				got = append(got, p.ID)
			}
			if len(list) < 2 {
				break
			}
			after = list[len(list)-1].ID
		}
		return got
	}
	if got := page(nil); !slices.Equal(got, want) {
		t.Errorf("date range paged: %v, want %v", got, want)
	}
	// Rare bigrams: read by their postings, in ID order.
	byID := slices.Clone(want)
	slices.SortFunc(byID, func(a, b int64) int { return int(b - a) })
	if got := page([]string{"鼋鼍"}); !slices.Equal(got, byID) {
		t.Errorf("date range with a rare word paged: %v, want %v", got, byID)
	}
	// Every bigram common by its capped count.
	update(t, db, func(ztx zhifa.Tx) error {
		_, err := ztx.(*tx).exec(ctx, `UPDATE publication_term_counts SET n = $1 WHERE term IN ('商贸', '贸有')`, termCountCap)
		return err
	})
	// Common by their capped counts but with few postings: still read by postings.
	if got := page([]string{"商贸有"}); !slices.Equal(got, byID) {
		t.Errorf("date range with a word of few postings paged: %v, want %v", got, byID)
	}
	db.datedScanPostings = 2 // as if the bigram had thousands of postings
	defer func() { db.datedScanPostings = 0 }()
	if got := page([]string{"商贸有"}); !slices.Equal(got, want) {
		t.Errorf("date range with a common word paged: %v, want %v", got, want)
	}
	if got := page([]string{"商贸有限公司", "鼋鼍3号"}); !slices.Equal(got, []int64{pubs[3].ID}) {
		t.Errorf("date range with two words: %v, want %v", got, []int64{pubs[3].ID})
	}
}

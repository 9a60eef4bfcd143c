package app_test

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/app/filing"
)

// diffHas reports whether the diff has a line with the op containing text.
func diffHas(d []filing.DiffLine, op, text string) bool {
	for _, l := range d {
		if l.Op == op && strings.Contains(l.Text, text) {
			return true
		}
	}
	return false
}

// TestBenchmarkFiling: REQUIREMENTS B3 "changes are filed with the justice bureau" —
// every new benchmark version is filed in the save's transaction (one ledger entry for
// both) with the justice bureau of the same government and the case filings' default
// deadline (15 days, law.FilingDays); a refused save files nothing; the supervisor sees
// the version, its link and its diff against the previous one and reviews it like a case
// filing (责令纠正 needs a remark, 已审查 is final, one ledger entry each); scope as for
// case filings.
func TestBenchmarkFiling(t *testing.T) {
	w := newCaseWorld(t)
	code := w.items[zhifa.CasePenalty]
	before := w.ledgerSize(t)
	if _, err := w.app.Catalog().CreateBenchmark(w.as(t, "admin"), code, benchmarkInput()); err != nil {
		t.Fatal(err)
	}
	up := benchmarkInput()
	up.Version, up.Note = 1, "调整严重情形"
	up.Levels[2].Conditions = "造成严重后果"
	if _, err := w.app.Catalog().UpdateBenchmark(w.as(t, "admin"), code, up); err != nil {
		t.Fatal(err)
	}
	if got := w.ledgerSize(t) - before; got != 2 {
		t.Errorf("two saves with their filings appended %d entries, want 2", got)
	}
	_, err := w.app.Catalog().UpdateBenchmark(w.as(t, "admin"), code, up) // stale: refused, nothing filed
	wantCode(t, err, zhifa.ECONFLICT)

	list, err := w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{Kind: zhifa.FilingBenchmark})
	if err != nil || list.Total != 2 || list.Pending != 2 {
		t.Fatalf("supervisor's benchmark filings %+v, %v", list, err)
	}
	f := list.Filings[0] // newest first: version 2
	if f.CaseID != 0 || f.SubjectRef != code || f.SubjectVersion != 2 || f.ToAgencyName != "东港市司法局" || f.Late ||
		f.Due.Before(f.DecidedOn.AddDays(15)) || !strings.Contains(f.Reasons[0], "第三十四条") || f.Title != "裁量基准 "+code+" 第2版" {
		t.Errorf("filing %+v (%s)", f.Filing, f.Title)
	}
	if l, err := w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{Kind: zhifa.FilingPenalty}); err != nil || l.Total != 0 {
		t.Errorf("penalty filings %+v, %v", l, err)
	}
	for login, want := range map[string]int{"officer1": 2, "outsider": 0} {
		l, err := w.app.Filing().Filings(w.as(t, login), filing.FilingFilter{})
		if err != nil || l.Total != want {
			t.Errorf("%s lists %d filings (%v), want %d", login, l.Total, err, want)
		}
	}
	_, err = w.app.Filing().Filing(w.as(t, "outsider"), f.ID)
	wantCode(t, err, zhifa.ENOTFOUND)

	d, err := w.app.Filing().Filing(w.as(t, "supervisor1"), f.ID)
	if err != nil || !d.CanReview || d.Subject == nil {
		t.Fatalf("detail %+v, %v", d, err)
	}
	s := d.Subject
	if s.Version != 2 || s.Previous != 1 || s.Ref != code || s.ListKind != "" || s.Note != "调整严重情形" ||
		!diffHas(s.Diff, "-", "严重情形") || !diffHas(s.Diff, "+", "造成严重后果") || !diffHas(s.Diff, " ", "【轻微】") {
		t.Errorf("subject %+v", s)
	}
	first, err := w.app.Filing().Filing(w.as(t, "supervisor1"), list.Filings[1].ID)
	if err != nil || first.Subject.Previous != 0 || diffHas(first.Subject.Diff, "-", "") {
		t.Errorf("first version %+v, %v", first.Subject, err)
	}

	// Review as for case filings.
	cases := []struct {
		login string
		in    filing.FilingReviewInput
		code  string
	}{
		{"officer1", filing.FilingReviewInput{Version: 1, Result: zhifa.FilingReviewed}, zhifa.EFORBIDDEN},
		{"admin", filing.FilingReviewInput{Version: 1, Result: zhifa.FilingReviewed}, zhifa.EFORBIDDEN},
		{"supervisor1", filing.FilingReviewInput{Version: 1, Result: zhifa.FilingCorrection}, zhifa.EINVALID}, // remark required
		{"supervisor1", filing.FilingReviewInput{Version: 1, Result: "approved"}, zhifa.EINVALID},
		{"supervisor1", filing.FilingReviewInput{Version: 9, Result: zhifa.FilingReviewed}, zhifa.ECONFLICT},
	}
	for _, c := range cases {
		_, err := w.app.Filing().ReviewFiling(w.as(t, c.login), f.ID, c.in)
		wantCode(t, err, c.code)
	}
	before = w.ledgerSize(t)
	d, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: 1, Result: zhifa.FilingCorrection, Remark: "严重情形表述不明确"})
	if err != nil || d.Status != zhifa.FilingCorrection || len(d.Events) != 1 || w.ledgerSize(t) != before+1 || d.Subject == nil {
		t.Fatalf("correction %+v, %v", d, err)
	}
	d, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: d.Version, Result: zhifa.FilingReviewed})
	if err != nil || d.Status != zhifa.FilingReviewed || d.CanReview || len(d.Events) != 2 || w.ledgerSize(t) != before+2 {
		t.Fatalf("reviewed %+v, %v", d, err)
	}
	_, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: d.Version, Result: zhifa.FilingCorrection, Remark: "再次"})
	wantCode(t, err, zhifa.EINVALID)
}

// TestListEntryFiling: REQUIREMENTS B3/B4 — every change of an agency's own four-list
// entries is filed; the filing keeps the entry's content so that the next version's
// filing shows what changed.
func TestListEntryFiling(t *testing.T) {
	w := newCaseWorld(t)
	in := catalog.ListEntryInput{AgencyID: w.market.ID, Kind: zhifa.ListNoPenalty, Item: w.items[zhifa.CasePenalty], Title: "首次销售临期标识不清食品",
		Conditions: "首次；货值不超过500元；当场改正", Basis: []zhifa.Basis{{Law: "行政处罚法", Article: "第三十三条"}}}
	e, err := w.app.Catalog().CreateListEntry(w.as(t, "admin"), in)
	if err != nil {
		t.Fatal(err)
	}
	in.Version, in.Active = e.Version, false
	if _, err := w.app.Catalog().UpdateListEntry(w.as(t, "admin"), e.ID, in); err != nil {
		t.Fatal(err)
	}
	_, err = w.app.Catalog().UpdateListEntry(w.as(t, "admin"), e.ID, in) // stale
	wantCode(t, err, zhifa.ECONFLICT)
	list, err := w.app.Filing().Filings(w.as(t, "supervisor1"), filing.FilingFilter{Kind: zhifa.FilingList})
	if err != nil || list.Total != 2 {
		t.Fatalf("list filings %+v, %v", list, err)
	}
	f := list.Filings[0]
	if f.SubjectRef != e.Key || f.SubjectVersion != 2 || f.AgencyID != w.market.ID || f.ToAgencyName != "东港市司法局" ||
		!strings.Contains(f.Reasons[0], "第三十三条") {
		t.Errorf("filing %+v", f.Filing)
	}
	d, err := w.app.Filing().Filing(w.as(t, "supervisor1"), f.ID)
	if err != nil || d.Subject == nil {
		t.Fatalf("detail %+v, %v", d, err)
	}
	if s := d.Subject; s.Previous != 1 || s.Name != in.Title || s.ListAgencyID == 0 || s.ListKind != "no_penalty" ||
		!diffHas(s.Diff, "-", "状态：有效") || !diffHas(s.Diff, "+", "状态：已停用") || !diffHas(s.Diff, " ", "适用条件：首次") {
		t.Errorf("subject %+v", s)
	}
	if d, err = w.app.Filing().ReviewFiling(w.as(t, "supervisor1"), f.ID, filing.FilingReviewInput{Version: 1, Result: zhifa.FilingReviewed}); err != nil || d.Status != zhifa.FilingReviewed {
		t.Fatalf("review %+v, %v", d, err)
	}
}

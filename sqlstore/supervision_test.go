package sqlstore

import (
	"context"
	"crypto/sha256"
	"strings"
	"testing"

	"zhifa"
)

// testComplaints covers CreateComplaint (personal data sealed, the code kept as a hash),
// the lookups, UpdateComplaint's optimistic locking, the keyset list and its filters,
// files, events and the link to a case.
func testComplaints(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	code := sha256.Sum256([]byte("secret-code"))
	mk := func(agency int64, named bool, state zhifa.ComplaintState, due string) *zhifa.Complaint {
		c := &zhifa.Complaint{Number: uniq("TS"), CodeHash: code[:], Kind: zhifa.ComplaintKindComplaint,
			Subject: zhifa.ComplaintAboutEnterprise, Channel: zhifa.ChannelPortal, AgencyID: agency, Target: "某超市",
			Content: "出售过期牛奶", Request: "退一赔十", Named: named, State: state, ReceivedOn: zhifa.MustDate("2026-03-02"),
			Clocks:  []zhifa.Clock{{Kind: "complaint_accept", Start: zhifa.MustDate("2026-03-02"), Due: zhifa.MustDate(due)}},
			NextDue: zhifa.MustDate(due)}
		if named {
			c.Complainant = zhifa.Complainant{Name: "李秀英", Phone: "13912345678", Address: "青岛市市南区香港中路1号"}
		}
		update(t, db, func(tx zhifa.Tx) error { return tx.CreateComplaint(ctx, c) })
		return c
	}
	a := mk(tr.market.ID, true, zhifa.ComplaintReceived, "2026-03-11")
	b := mk(tr.market.ID, false, zhifa.ComplaintAccepted, "2026-04-01")
	other := mk(tr.district.ID, false, zhifa.ComplaintReceived, "2026-03-05")
	if a.ID == 0 || a.Version != 1 {
		t.Fatalf("created %+v", a)
	}

	var nameEnc, phoneEnc, addrEnc, codeHash string
	if err := db.sql.QueryRowContext(ctx, `SELECT name_enc, phone_enc, address_enc, code_hash FROM complaints WHERE id = $1`, a.ID).
		Scan(&nameEnc, &phoneEnc, &addrEnc, &codeHash); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{nameEnc, phoneEnc, addrEnc} {
		if v == "" || strings.Contains(v, "李秀英") || strings.Contains(v, "139") || strings.Contains(v, "香港中路") {
			t.Errorf("personal data stored in the clear: %q", v)
		}
	}
	if strings.Contains(codeHash, "secret") || len(codeHash) != 64 {
		t.Errorf("code hash %q", codeHash)
	}

	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.ComplaintByNumber(ctx, a.Number)
		if err != nil {
			return err
		}
		if got.ID != a.ID || got.Complainant != a.Complainant || string(got.CodeHash) != string(code[:]) ||
			got.AgencyPath != tr.market.Path || got.NextDue != a.NextDue || len(got.Clocks) != 1 {
			t.Errorf("read back %+v", got)
		}
		return nil
	})

	stale := *a
	a.State, a.DecidedOn, a.AgencyID = zhifa.ComplaintAccepted, zhifa.MustDate("2026-03-03"), tr.branch.ID
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateComplaint(ctx, a) })
	wantCode(t, "stale complaint", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateComplaint(ctx, &stale) }), zhifa.ECONFLICT)
	missing := stale
	missing.ID = 1 << 40
	wantCode(t, "missing complaint", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateComplaint(ctx, &missing) }), zhifa.ENOTFOUND)
	dup := *b
	wantCode(t, "taken number", db.Update(ctx, func(tx zhifa.Tx) error { return tx.CreateComplaint(ctx, &dup) }), zhifa.ECONFLICT)

	view(t, db, func(tx zhifa.Tx) error {
		for _, tc := range []struct {
			name string
			f    zhifa.ComplaintFilter
			want []int64
		}{
			{"scope", zhifa.ComplaintFilter{UnderPath: tr.city.Path}, []int64{other.ID, b.ID, a.ID}},
			{"bureau subtree", zhifa.ComplaintFilter{UnderPath: tr.market.Path}, []int64{b.ID, a.ID}},
			{"agency", zhifa.ComplaintFilter{AgencyID: tr.market.ID}, []int64{b.ID}},
			{"state", zhifa.ComplaintFilter{UnderPath: tr.city.Path, State: zhifa.ComplaintReceived}, []int64{other.ID}},
			{"overdue", zhifa.ComplaintFilter{UnderPath: tr.city.Path, OverdueOn: zhifa.MustDate("2026-03-12")}, []int64{other.ID, a.ID}},
			{"keyset", zhifa.ComplaintFilter{UnderPath: tr.city.Path, Before: other.ID, Limit: 1}, []int64{b.ID}},
		} {
			list, err := tx.Complaints(ctx, tc.f)
			if err != nil {
				return err
			}
			if got := ids(list, func(c *zhifa.Complaint) int64 { return c.ID }); !equalIDs(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		return nil
	})

	itemID := caseItem(t, db, tr)
	update(t, db, func(tx zhifa.Tx) error {
		c, err := newCase(ctx, tx, tr, itemID, 2026)
		if err != nil {
			return err
		}
		b.CaseID = c.ID
		if err := tx.UpdateComplaint(ctx, b); err != nil {
			return err
		}
		if err := tx.AddComplaintFile(ctx, &zhifa.ComplaintFile{ComplaintID: b.ID, Name: "照片.jpg", MIME: "image/jpeg", Size: 3, SHA256: strings.Repeat("a", 64), SM3: strings.Repeat("b", 64)}); err != nil {
			return err
		}
		for _, act := range []string{"receive", "transfer"} {
			if err := tx.AddComplaintEvent(ctx, &zhifa.ComplaintEvent{ComplaintID: b.ID, Action: act, ToAgency: tr.branch.ID, Reason: "管辖"}); err != nil {
				return err
			}
		}
		linked, err := tx.CaseComplaints(ctx, c.ID)
		if err != nil {
			return err
		}
		files, err := tx.ComplaintFiles(ctx, b.ID)
		if err != nil {
			return err
		}
		events, err := tx.ComplaintEvents(ctx, b.ID)
		if err != nil {
			return err
		}
		if len(linked) != 1 || linked[0].ID != b.ID || len(files) != 1 || files[0].Name != "照片.jpg" || len(events) != 2 || events[1].Action != "transfer" {
			t.Errorf("linked %v, files %v, events %v", linked, files, events)
		}
		return nil
	})
}

func equalIDs(a, b []int64) bool {
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

// testReconsiderations covers the outcome records (applicant sealed, optimistic locking)
// and CorrectionStats: decisions of the year against corrected cases of the year.
func testReconsiderations(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	var cases []*zhifa.Case
	update(t, db, func(tx zhifa.Tx) error {
		for i := 0; i < 3; i++ {
			c, err := newCase(ctx, tx, tr, itemID, 2026)
			if err != nil {
				return err
			}
			cases = append(cases, c)
			if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, From: zhifa.StageOpen, To: zhifa.StageOpen, Action: "decide",
				Actor: "head", ActedOn: zhifa.MustDate("2026-04-01")}); err != nil {
				return err
			}
			c.State.DecidedOn = zhifa.MustDate("2026-04-01") // counted in decision_counts (migration 00054)
			if err := tx.UpdateCase(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	r := &zhifa.Reconsideration{CaseID: cases[0].ID, AgencyID: tr.market.ID, Kind: zhifa.ReviewReconsideration, Applicant: "张三",
		Body: "青岛市人民政府", ReceivedOn: zhifa.MustDate("2026-04-10"), Clocks: []zhifa.Clock{}}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateReconsideration(ctx, r) })
	var enc string
	if err := db.sql.QueryRowContext(ctx, `SELECT applicant_enc FROM reconsiderations WHERE id = $1`, r.ID).Scan(&enc); err != nil {
		t.Fatal(err)
	}
	if enc == "" || strings.Contains(enc, "张三") {
		t.Errorf("applicant stored in the clear: %q", enc)
	}
	stale := *r
	r.Outcome, r.OutcomeOn = zhifa.OutcomeRevoke, zhifa.MustDate("2026-06-01")
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateReconsideration(ctx, r) })
	wantCode(t, "stale reconsideration", db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateReconsideration(ctx, &stale) }), zhifa.ECONFLICT)
	// A lawsuit upholding another decision, and an outcome of last year: neither counts.
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.CreateReconsideration(ctx, &zhifa.Reconsideration{CaseID: cases[1].ID, AgencyID: tr.market.ID, Kind: zhifa.ReviewLitigation,
			Applicant: "某公司", Body: "青岛市中级人民法院", ReceivedOn: zhifa.MustDate("2026-04-10"), Instance: 1, Outcome: zhifa.OutcomeUphold,
			OutcomeOn: zhifa.MustDate("2026-05-01")}); err != nil {
			return err
		}
		return tx.CreateReconsideration(ctx, &zhifa.Reconsideration{CaseID: cases[2].ID, AgencyID: tr.market.ID, Kind: zhifa.ReviewReconsideration,
			Applicant: "某公司", Body: "青岛市人民政府", ReceivedOn: zhifa.MustDate("2025-04-10"), Outcome: zhifa.OutcomeChange,
			OutcomeOn: zhifa.MustDate("2025-12-31")})
	})
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.CaseReconsiderations(ctx, cases[0].ID)
		if err != nil {
			return err
		}
		if len(got) != 1 || got[0].Applicant != "张三" || got[0].Outcome != zhifa.OutcomeRevoke || got[0].Version != 2 {
			t.Errorf("case reconsiderations %+v", got)
		}
		stats, err := tx.CorrectionStats(ctx, tr.city.Path, 2026, []zhifa.ReviewOutcome{zhifa.OutcomeRevoke, zhifa.OutcomeChange, zhifa.OutcomeIllegal, zhifa.OutcomeVoid})
		if err != nil {
			return err
		}
		if len(stats) != 1 || stats[0].AgencyID != tr.market.ID || stats[0].Decisions != 3 || stats[0].Corrected != 1 {
			t.Errorf("stats %+v", stats)
		}
		return nil
	})
}

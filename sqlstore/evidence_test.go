package sqlstore

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// newEvidence returns evidence of the agency uploaded by the user, with its ledger entry
// appended in the same transaction, as the app does.
func newEvidence(t *testing.T, db *DB, agency, user int64, officers []int64, mod func(*zhifa.Evidence)) *zhifa.Evidence {
	t.Helper()
	ctx := context.Background()
	n := seq.Add(1)
	e := &zhifa.Evidence{AgencyID: agency, Kind: zhifa.EvidenceVideo, Title: uniq("现场检查录像"), MIME: "video/mp4", Size: 1 << 20,
		SHA256: fmt.Sprintf("%064x", n), SM3: fmt.Sprintf("%064x", n+1<<40),
		CapturedAt: time.Date(2026, 3, 1, 14, 30, 0, 0, zhifa.CST), DeviceID: "DSJ-0001", OfficerIDs: officers,
		Place: "崂山区海尔路1号", CaseRef: "青市监立〔2026〕1号", UploadedBy: user}
	if mod != nil {
		mod(e)
	}
	update(t, db, func(tx zhifa.Tx) error {
		idx, err := tx.AppendLedgerEntry(ctx, []byte(fmt.Sprintf(`{"evidence":%d}`, n)), time.Time{})
		if err != nil {
			return err
		}
		e.LedgerIndex = idx
		return tx.CreateEvidence(ctx, e)
	})
	return e
}

// testEvidence creates evidence and reads it back, field for field, with and without
// coordinates; a second row for the same ledger entry is refused.
func testEvidence(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	u := newUser(t, db, tr.market.ID)
	a, b := newOfficer(t, db, tr.market.ID, "王强"), newOfficer(t, db, tr.market.ID, "李娜")
	lat, lng := 36.0671234, 120.3826789
	up := time.Date(2026, 3, 2, 9, 15, 30, 123456000, zhifa.CST)
	e := newEvidence(t, db, tr.market.ID, u.ID, []int64{b.ID, a.ID, b.ID}, func(e *zhifa.Evidence) {
		e.Lat, e.Lng, e.UploadedAt = &lat, &lng, up
	})
	if e.ID == 0 {
		t.Fatal("no ID")
	}
	want := []int64{min(a.ID, b.ID), max(a.ID, b.ID)}
	if !reflect.DeepEqual(e.OfficerIDs, want) {
		t.Errorf("officers after create: %v, want %v", e.OfficerIDs, want)
	}
	var got *zhifa.Evidence
	view(t, db, func(tx zhifa.Tx) error {
		var err error
		got, err = tx.Evidence(ctx, e.ID)
		return err
	})
	if !got.UploadedAt.Equal(up) || got.UploadedAt.Location() != time.UTC {
		t.Errorf("uploaded at %v, want %v in UTC", got.UploadedAt, up)
	}
	if !reflect.DeepEqual(got, e) {
		t.Errorf("read back:\n%+v\nwant\n%+v", got, e)
	}
	if *got.Lat != lat || *got.Lng != lng {
		t.Errorf("coordinates %v,%v", *got.Lat, *got.Lng)
	}
	// Without coordinates or officers.
	plain := newEvidence(t, db, tr.market.ID, u.ID, nil, func(e *zhifa.Evidence) { e.Kind, e.MIME = zhifa.EvidenceDocument, "application/pdf" })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Evidence(ctx, plain.ID)
		if err != nil {
			return err
		}
		if got.Lat != nil || got.Lng != nil || got.OfficerIDs == nil || len(got.OfficerIDs) != 0 {
			t.Errorf("plain evidence: lat %v lng %v officers %#v", got.Lat, got.Lng, got.OfficerIDs)
		}
		return nil
	})
	// One ledger entry records one evidence row; references must exist.
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		dup := *e
		dup.ID = 0
		return tx.CreateEvidence(ctx, &dup)
	})
	wantCode(t, "second row for one entry", err, zhifa.ECONFLICT)
	for name, mod := range map[string]func(*zhifa.Evidence){
		"unknown officer":      func(e *zhifa.Evidence) { e.OfficerIDs = []int64{1 << 40} },
		"unknown agency":       func(e *zhifa.Evidence) { e.AgencyID = 1 << 40 },
		"unknown uploader":     func(e *zhifa.Evidence) { e.UploadedBy = 1 << 40 },
		"unknown ledger entry": func(e *zhifa.Evidence) { e.LedgerIndex = 1 << 40 },
		"bad kind":             func(e *zhifa.Evidence) { e.Kind = "movie" },
		"bad latitude":         func(e *zhifa.Evidence) { x, y := 91.0, 0.0; e.Lat, e.Lng = &x, &y },
	} {
		err := db.Update(ctx, func(tx zhifa.Tx) error {
			idx, err := tx.AppendLedgerEntry(ctx, []byte(`{"bad":1}`), time.Time{})
			if err != nil {
				return err
			}
			bad := *e
			bad.ID, bad.LedgerIndex = 0, idx
			mod(&bad)
			return tx.CreateEvidence(ctx, &bad)
		})
		wantCode(t, name, err, zhifa.EINVALID)
	}
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.Evidence(ctx, 1<<40)
		wantCode(t, "missing evidence", err, zhifa.ENOTFOUND)
		return nil
	})
}

// testEvidenceFilter lists evidence by subtree, agency, kind and text, newest first,
// with paging.
func testEvidenceFilter(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	u := newUser(t, db, tr.market.ID)
	o := newOfficer(t, db, tr.market.ID, "王强")
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, zhifa.CST)
	mk := func(agency int64, kind zhifa.EvidenceKind, title, caseRef string) *zhifa.Evidence {
		at = at.Add(time.Minute)
		return newEvidence(t, db, agency, u.ID, []int64{o.ID}, func(e *zhifa.Evidence) {
			e.Kind, e.Title, e.CaseRef, e.UploadedAt = kind, title, caseRef, at
		})
	}
	a := mk(tr.market.ID, zhifa.EvidenceVideo, "扣押现场录像", "青市监立〔2026〕7号")
	b := mk(tr.branch.ID, zhifa.EvidencePhoto, "仓库照片", "青市监立〔2026〕7号")
	c := mk(tr.branch.ID, zhifa.EvidenceDocument, "询问笔录", "")
	d := mk(tr.district.ID, zhifa.EvidenceVideo, "拆除现场_100%", "")
	id := func(e *zhifa.Evidence) int64 { return e.ID }
	tests := []struct {
		name  string
		f     zhifa.EvidenceFilter
		want  []int64
		total int
	}{
		{"city", zhifa.EvidenceFilter{UnderPath: tr.city.Path}, []int64{d.ID, c.ID, b.ID, a.ID}, 4},
		{"market subtree", zhifa.EvidenceFilter{UnderPath: tr.market.Path}, []int64{c.ID, b.ID, a.ID}, 3},
		{"agency", zhifa.EvidenceFilter{UnderPath: tr.city.Path, AgencyID: tr.branch.ID}, []int64{c.ID, b.ID}, 2},
		{"kind", zhifa.EvidenceFilter{UnderPath: tr.city.Path, Kind: zhifa.EvidenceVideo}, []int64{d.ID, a.ID}, 2},
		{"title", zhifa.EvidenceFilter{UnderPath: tr.city.Path, Query: "现场"}, []int64{d.ID, a.ID}, 2},
		{"case reference", zhifa.EvidenceFilter{UnderPath: tr.city.Path, Query: "〔2026〕7号"}, []int64{b.ID, a.ID}, 2},
		{"wildcard is literal", zhifa.EvidenceFilter{UnderPath: tr.city.Path, Query: "_100%"}, []int64{d.ID}, 1},
		{"underscore is literal", zhifa.EvidenceFilter{UnderPath: tr.city.Path, Query: "场_"}, []int64{d.ID}, 1},
		{"page", zhifa.EvidenceFilter{UnderPath: tr.city.Path, Page: zhifa.Page{Limit: 2, Offset: 1}}, []int64{c.ID, b.ID}, 4},
		{"past the end", zhifa.EvidenceFilter{UnderPath: tr.city.Path, Page: zhifa.Page{Limit: 2, Offset: 10}}, []int64{}, 4},
	}
	for _, tt := range tests {
		view(t, db, func(tx zhifa.Tx) error {
			list, total, err := tx.EvidenceList(ctx, tt.f)
			if err != nil {
				return err
			}
			if got := ids(list, id); !reflect.DeepEqual(got, tt.want) || total != tt.total {
				t.Errorf("%s: %v (total %d), want %v (%d)", tt.name, got, total, tt.want, tt.total)
			}
			for _, e := range list {
				if !reflect.DeepEqual(e.OfficerIDs, []int64{o.ID}) {
					t.Errorf("%s: evidence %d has officers %v", tt.name, e.ID, e.OfficerIDs)
				}
			}
			return nil
		})
	}
	view(t, db, func(tx zhifa.Tx) error {
		_, _, err := tx.EvidenceList(ctx, zhifa.EvidenceFilter{UnderPath: "/1' OR 1=1 --"})
		wantCode(t, "bad path", err, zhifa.EINVALID)
		return nil
	})
}

// testAccessLog appends reads and lists them newest first with paging.
func testAccessLog(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	u := newUser(t, db, tr.market.ID)
	e := newEvidence(t, db, tr.market.ID, u.ID, nil, nil)
	other := newEvidence(t, db, tr.market.ID, u.ID, nil, nil)
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, zhifa.CST)
	var logs []*zhifa.AccessLog
	for i, reason := range []string{"", "案卷评查", "投诉核查"} {
		l := &zhifa.AccessLog{At: at.Add(time.Duration(i) * time.Minute), UserID: u.ID, Login: u.Login, EvidenceID: e.ID, Reason: reason, IP: "192.0.2.7"}
		update(t, db, func(tx zhifa.Tx) error { return tx.AddAccess(ctx, l) })
		logs = append(logs, l)
	}
	sys := &zhifa.AccessLog{Login: "system", EvidenceID: other.ID}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddAccess(ctx, sys) })
	if sys.At.IsZero() || sys.ID == 0 {
		t.Errorf("system read: %+v", sys)
	}
	view(t, db, func(tx zhifa.Tx) error {
		list, total, err := tx.AccessLogs(ctx, e.ID, zhifa.Page{})
		if err != nil {
			return err
		}
		if total != 3 || len(list) != 3 || list[0].ID != logs[2].ID || list[2].ID != logs[0].ID {
			t.Fatalf("access log: %d %+v", total, list)
		}
		if got := list[1]; got.Reason != "案卷评查" || got.UserID != u.ID || got.Login != u.Login || got.IP != "192.0.2.7" ||
			!got.At.Equal(logs[1].At) || got.EvidenceID != e.ID {
			t.Errorf("entry: %+v", got)
		}
		page, total, err := tx.AccessLogs(ctx, e.ID, zhifa.Page{Limit: 1, Offset: 1})
		if err != nil || total != 3 || len(page) != 1 || page[0].ID != logs[1].ID {
			t.Errorf("page: %v %d %+v", err, total, page)
		}
		list, _, err = tx.AccessLogs(ctx, other.ID, zhifa.Page{})
		if err != nil || len(list) != 1 || list[0].UserID != 0 {
			t.Errorf("system read back: %v %+v", err, list)
		}
		none, total, err := tx.AccessLogs(ctx, 1<<40, zhifa.Page{})
		if err != nil || total != 0 || none == nil || len(none) != 0 {
			t.Errorf("no reads: %v %d %#v", err, total, none)
		}
		return nil
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddAccess(ctx, &zhifa.AccessLog{UserID: u.ID, EvidenceID: 1 << 40})
	})
	wantCode(t, "read of missing evidence", err, zhifa.EINVALID)
}

// testEvidenceAppendOnly checks that evidence, its officers and its access log refuse
// UPDATE and DELETE (and TRUNCATE on PostgreSQL) even to raw SQL.
func testEvidenceAppendOnly(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	u := newUser(t, db, tr.market.ID)
	o := newOfficer(t, db, tr.market.ID, "王强")
	e := newEvidence(t, db, tr.market.ID, u.ID, []int64{o.ID}, nil)
	l := &zhifa.AccessLog{UserID: u.ID, Login: u.Login, EvidenceID: e.ID, Reason: "原始事由"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AddAccess(ctx, l) })
	for _, tt := range []struct {
		stmt string
		arg  int64
	}{
		{`UPDATE evidence SET sha256 = sm3 WHERE id = $1`, e.ID},
		{`UPDATE evidence SET title = 'x' WHERE id = $1`, e.ID},
		{`DELETE FROM evidence WHERE id = $1`, e.ID},
		{`UPDATE evidence_officers SET officer_id = officer_id WHERE evidence_id = $1`, e.ID},
		{`DELETE FROM evidence_officers WHERE evidence_id = $1`, e.ID},
		{`UPDATE evidence_access SET reason = 'tampered' WHERE id = $1`, l.ID},
		{`DELETE FROM evidence_access WHERE id = $1`, l.ID},
	} {
		if _, err := db.sql.ExecContext(ctx, tt.stmt, tt.arg); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v", tt.stmt, err)
		}
	}
	if db.engine == EnginePostgres {
		for _, table := range []string{"evidence_access", "evidence_officers", "evidence"} {
			if _, err := db.sql.ExecContext(ctx, `TRUNCATE `+table+` CASCADE`); err == nil {
				t.Errorf("TRUNCATE %s succeeded", table)
			}
		}
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Evidence(ctx, e.ID)
		if err != nil {
			return err
		}
		if got.SHA256 != e.SHA256 || got.Title != e.Title || len(got.OfficerIDs) != 1 {
			t.Errorf("evidence after tampering attempts: %+v", got)
		}
		list, _, err := tx.AccessLogs(ctx, e.ID, zhifa.Page{})
		if err != nil || len(list) != 1 || list[0].Reason != "原始事由" {
			t.Errorf("access log after tampering attempts: %v %+v", err, list)
		}
		return nil
	})
}

package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
)

func TestScopes(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	mkt, err := w.app.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 0))
	if err != nil {
		t.Fatal(err)
	}
	branch, err := w.app.Personnel().CreateOfficer(admin, officerInput(w.branch.ID, 1))
	if err != nil {
		t.Fatal(err)
	}
	county, err := w.app.Personnel().CreateOfficer(w.as(t, "outsider"), officerInput(w.bureau.ID, 2))
	if err != nil {
		t.Fatal(err)
	}
	// Who may read which officer: own agency subtree; the supervisor everything under the
	// city government; nobody in the city sees the county (REQUIREMENTS "Users").
	tests := []struct {
		login   string
		officer int64
		code    string
	}{
		{"officer1", mkt.ID, ""},
		{"officer1", branch.ID, ""},
		{"officer1", county.ID, zhifa.ENOTFOUND},
		{"head1", mkt.ID, ""},
		{"supervisor1", mkt.ID, ""},
		{"supervisor1", branch.ID, ""},
		{"supervisor1", county.ID, zhifa.ENOTFOUND},
		{"admin", county.ID, zhifa.ENOTFOUND},
		{"outsider", mkt.ID, zhifa.ENOTFOUND},
		{"outsider", county.ID, ""},
	}
	for _, tt := range tests {
		_, err := w.app.Personnel().Officer(w.as(t, tt.login), tt.officer)
		if got := zhifa.ErrorCode(err); got != tt.code {
			t.Errorf("%s reads officer %d: code %q, want %q", tt.login, tt.officer, got, tt.code)
		}
	}
	// Writes need the role as well as the scope.
	writes := []struct {
		login string
		code  string
	}{
		{"officer1", zhifa.EFORBIDDEN},
		{"reviewer1", zhifa.EFORBIDDEN},
		{"head1", zhifa.EFORBIDDEN},
		{"supervisor1", zhifa.EFORBIDDEN},
		{"outsider", zhifa.EINVALID}, // the market bureau is outside its scope
	}
	for _, tt := range writes {
		_, err := w.app.Personnel().CreateOfficer(w.as(t, tt.login), officerInput(w.market.ID, 3))
		if got := zhifa.ErrorCode(err); got != tt.code {
			t.Errorf("%s creates officer: code %q, want %q", tt.login, got, tt.code)
		}
	}
	if _, err := w.app.Personnel().CreateOfficer(context.Background(), officerInput(w.market.ID, 3)); zhifa.ErrorCode(err) != zhifa.EUNAUTHORIZED {
		t.Errorf("public creates officer: %v", err)
	}
	list, err := w.app.Personnel().Officers(w.as(t, "supervisor1"), zhifa.OfficerFilter{})
	if err != nil || list.Total != 2 {
		t.Errorf("supervisor lists %d officers (%v), want 2", list.Total, err)
	}
}

func TestSessionIdleTimeout(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	token, _, err := w.app.Login(ctx, "officer1", testPassword, zhifa.SessionUI)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	// Idle timeout: 30 minutes without a request ends the session.
	if _, err := w.app.Authenticate(ctx, token, zhifa.SessionUI); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Authenticate(ctx, token, zhifa.SessionAPI); err == nil {
		t.Fatal("a UI session token was accepted as an API token")
	}
	w.clock.Advance(app.SessionIdleTimeout - time.Minute)
	if _, err := w.app.Authenticate(ctx, token, zhifa.SessionUI); err != nil {
		t.Fatalf("session ended before the idle timeout: %v", err)
	}
	w.clock.Advance(app.SessionIdleTimeout + time.Second)
	if _, err := w.app.Authenticate(ctx, token, zhifa.SessionUI); zhifa.ErrorCode(err) != zhifa.EUNAUTHORIZED {
		t.Fatalf("idle session still valid: %v", err)
	}
}

func TestLogout(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	token, _, err := w.app.Login(ctx, "head1", testPassword, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	actor, err := w.app.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.app.Logout(app.WithActor(ctx, actor), token); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Authenticate(ctx, token, zhifa.SessionAPI); zhifa.ErrorCode(err) != zhifa.EUNAUTHORIZED {
		t.Fatalf("token valid after logout: %v", err)
	}
}

func TestAuditAndPersonalData(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	v, err := w.app.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 0))
	if err != nil {
		t.Fatal(err)
	}
	if v.IDNumber != "" || v.IDMasked != "110105********002X" || v.Phone != "138****8000" {
		t.Fatalf("officer view leaks personal data: %+v", v.Officer)
	}
	if _, err := w.app.Personnel().RevealOfficer(w.as(t, "officer1"), v.ID); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Fatalf("officer reveals personal data: %v", err)
	}
	o, err := w.app.Personnel().RevealOfficer(w.as(t, "supervisor1"), v.ID)
	if err != nil || o.IDNumber != "11010519491231002X" || o.Phone != "13800138000" {
		t.Fatalf("reveal = %+v, %v", o, err)
	}
	// A duplicate 身份证号 fails, and the failure is audited too.
	_, err = w.app.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 0))
	wantCode(t, err, zhifa.ECONFLICT)
	entries, _, err := w.app.Audit(admin, zhifa.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var created, read, failed bool
	for _, e := range entries {
		switch {
		case e.Action == "officer.create" && e.Success && e.Object == "officer/1":
			created = true
		case e.Action == "officer.read_personal" && e.Success && e.Login == "supervisor1" && e.IP == "192.0.2.1":
			read = true
		case e.Action == "officer.create" && !e.Success:
			failed = true
		}
	}
	if !created || !read || !failed {
		t.Fatalf("audit: created=%v read=%v failed=%v in %d entries", created, read, failed, len(entries))
	}
	if _, _, err := w.app.Audit(w.as(t, "officer1"), zhifa.AuditFilter{}); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Fatalf("officer reads audit: %v", err)
	}
}

// failingAudit is a store whose audit writes fail, to prove that an action whose audit
// line cannot be written does not happen.
type failingAudit struct{ zhifa.Store }

func (f failingAudit) Update(ctx context.Context, fn func(zhifa.Tx) error) error {
	return f.Store.Update(ctx, func(tx zhifa.Tx) error { return fn(failingTx{tx}) })
}

type failingTx struct{ zhifa.Tx }

func (failingTx) AppendAudit(context.Context, *zhifa.AuditEntry) error {
	return errors.New("disk full")
}

func TestAuditFailureFailsTheAction(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	broken := app.New(failingAudit{w.store}, app.Options{Now: w.clock.Now})
	if _, err := broken.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 0)); err == nil {
		t.Fatal("action succeeded although its audit line failed")
	}
	list, err := w.app.Personnel().Officers(admin, zhifa.OfficerFilter{})
	if err != nil || list.Total != 0 {
		t.Fatalf("officer written without audit: total %d, %v", list.Total, err)
	}
}

func TestCertificates(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	in := officerInput(w.market.ID, 0)
	in.ExamPassed, in.ExamDate = false, zhifa.Date{}
	v, err := w.app.Personnel().CreateOfficer(admin, in)
	if err != nil {
		t.Fatal(err)
	}
	cert := personnel.CertInput{Number: "37020021000001", Issuer: "东港市人民政府", ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2027-12-31")}
	// A2: no certificate without a passed exam or a legal professional qualification.
	_, err = w.app.Personnel().IssueCertificate(admin, v.ID, cert)
	wantCode(t, err, zhifa.EGATE)
	in.LegalQual, in.LegalQualNo = true, "A20203702000001"
	if _, err := w.app.Personnel().UpdateOfficer(admin, v.ID, in); err != nil {
		t.Fatal(err)
	}
	c, err := w.app.Personnel().IssueCertificate(admin, v.ID, cert)
	if err != nil {
		t.Fatal(err)
	}
	check := func(want zhifa.CertState) {
		t.Helper()
		r, err := w.app.Personnel().CheckCertificate(context.Background(), "37020021000001")
		if err != nil || r.State != want || r.Valid != (want == zhifa.CertValid) {
			t.Fatalf("check = %+v, %v; want %s", r, err, want)
		}
	}
	check(zhifa.CertValid)
	if _, err := w.app.Personnel().ChangeCertificateState(admin, c.ID, zhifa.CertSuspended, ""); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Fatalf("suspension without reason: %v", err)
	}
	if _, err := w.app.Personnel().ChangeCertificateState(admin, c.ID, zhifa.CertSuspended, "涉嫌违纪，暂扣证件"); err != nil {
		t.Fatal(err)
	}
	check(zhifa.CertSuspended)
	if _, err := w.app.Personnel().ChangeCertificateState(admin, c.ID, zhifa.CertValid, "调查结束，恢复"); err != nil {
		t.Fatal(err)
	}
	check(zhifa.CertValid)
	w.clock.Advance(2 * 366 * 24 * time.Hour)
	check(zhifa.CertExpired)
	if _, err := w.app.Personnel().ChangeCertificateState(admin, c.ID, zhifa.CertRevoked, "收缴"); err != nil {
		t.Fatal(err)
	}
	_, err = w.app.Personnel().ChangeCertificateState(admin, c.ID, zhifa.CertValid, "再次恢复")
	wantCode(t, err, zhifa.EGATE)
	full, err := w.app.Personnel().Officer(admin, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(full.CurrentCert().Events); got != 4 {
		t.Fatalf("certificate history has %d events, want 4 (issue, suspend, restore, revoke)", got)
	}
	// Duplicate number.
	_, err = w.app.Personnel().IssueCertificate(admin, v.ID, cert)
	wantCode(t, err, zhifa.ECONFLICT)
	if _, err := w.app.Personnel().CheckCertificate(context.Background(), "NOPE"); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Fatalf("unknown certificate: %v", err)
	}
}

func TestPersonnelWarnings(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	cert := func(n string) personnel.CertInput {
		return personnel.CertInput{Number: n, Issuer: "东港市人民政府", ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2028-12-31")}
	}
	var ids []int64
	for i := range 3 {
		v, err := w.app.Personnel().CreateOfficer(admin, officerInput(w.market.ID, i))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.Personnel().IssueCertificate(admin, v.ID, cert("3702002100000"+itoa(i))); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	for _, h := range []float64{40, 20} {
		if _, err := w.app.Personnel().AddTraining(admin, ids[0], personnel.TrainingInput{Date: zhifa.MustDate("2026-02-01"), Hours: h, Topic: "行政处罚法", Kind: zhifa.TrainingGeneralLaw}); err != nil {
			t.Fatal(err)
		}
	}
	warnings, err := w.app.PersonnelWarnings(admin, 2026)
	if err != nil {
		t.Fatal(err)
	}
	short := map[int64]bool{}
	var reviewersShort bool
	for _, x := range warnings {
		switch x.Kind {
		case app.WarnTrainingShort:
			short[x.OfficerID] = true
		case app.WarnReviewersShort:
			reviewersShort = reviewersShort || x.AgencyID == w.market.ID
		}
	}
	// 60 hours met by the first officer only (A4); no reviewer among 3 officers (A3).
	if short[ids[0]] || !short[ids[1]] || !short[ids[2]] || !reviewersShort {
		t.Fatalf("warnings = %+v", warnings)
	}
	if _, err := w.app.Personnel().AddTraining(admin, ids[1], personnel.TrainingInput{Date: zhifa.MustDate("2026-12-01"), Hours: 8, Topic: "x", Kind: zhifa.TrainingDrill}); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Fatalf("training in the future: %v", err)
	}
}

func itoa(i int) string { return string(rune('0' + i)) }

func TestItemBasisAgainstLibrary(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	item := func(article string) catalog.ItemInput {
		return catalog.ItemInput{Code: "SJ-CF-" + article, Name: "对生产经营超过保质期食品的行政处罚", Category: zhifa.CatPenalty, AgencyID: w.market.ID,
			Basis: []zhifa.Basis{{Law: "《食品安全法》", Article: article}}}
	}
	// B1: a basis in the law library names an existing article; its text comes from the library.
	for _, art := range []string{"第一百二十四条", "第124条", "124"} {
		v, err := w.app.Catalog().CreateItem(admin, item(art))
		if err != nil {
			t.Fatalf("%s: %v", art, err)
		}
		b := v.Basis[0]
		if b.Law != "中华人民共和国食品安全法" || b.Article != "第一百二十四条" || !strings.Contains(b.Text, "超过保质期") {
			t.Fatalf("%s: basis = %+v", art, b)
		}
	}
	_, err := w.app.Catalog().CreateItem(admin, item("第九百条"))
	if zhifa.ErrorFields(err)["basis.0.article"] == "" {
		t.Fatalf("missing article accepted: %v", err)
	}
}

func TestPublicOfficersOnDutyOnly(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	on, err := w.app.Personnel().CreateOfficer(admin, officerInput(w.market.ID, 0))
	if err != nil {
		t.Fatal(err)
	}
	off := officerInput(w.market.ID, 1)
	off.Active = false
	if _, err := w.app.Personnel().CreateOfficer(admin, off); err != nil {
		t.Fatal(err)
	}
	list, total, err := w.app.Personnel().PublicOfficers(context.Background(), zhifa.OfficerFilter{})
	if err != nil || total != 1 || len(list) != 1 || list[0].ID != on.ID {
		t.Fatalf("public officers = %v (total %d), %v; want only the one on duty", list, total, err)
	}
	// The item edit form is for those who may save it: the county admin may not.
	item, err := w.app.Catalog().CreateItem(admin, catalog.ItemInput{Code: "X-1", Name: "检查", Category: zhifa.CatInspection, AgencyID: w.market.ID,
		Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百一十条"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Catalog().EditableItem(w.as(t, "outsider"), item.ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Fatalf("outsider edits a city item: %v", err)
	}
	if _, err := w.app.Catalog().EditableItem(w.as(t, "officer1"), item.ID); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
		t.Fatalf("officer edits an item: %v", err)
	}
}

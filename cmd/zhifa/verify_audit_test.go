package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
)

// auditDataDir is ledgerDataDir with audit rows linked and anchored by the integrator,
// and with ledger entries in format 2 whose committed fields have stored openings.
func auditDataDir(t *testing.T) string {
	t.Helper()
	data, signer := ledgerDataDir(t)
	st, _ := openTestStore(t, data)
	defer st.Close()
	// The rows are written at 09:00, the integrator anchors them two minutes later.
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	a := app.New(st, app.Options{LedgerSigner: signer, Now: func() time.Time { return now }})
	sys := sysCtx()
	ag, err := a.Personnel().CreateAgency(sys, personnel.AgencyInput{Name: "东港市市场监督管理局", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative,
		RegionCode: "371800", LegalBasis: "《中华人民共和国食品安全法》第六条"})
	if err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"auditor1", "auditor2", "auditor3"} {
		if _, err := a.CreateUser(sys, app.UserInput{Login: login, Name: "审计员", Role: zhifa.RoleAdmin, AgencyID: ag.Agency.ID, Password: "Verify-Audit-2026!"}); err != nil {
			t.Fatal(err)
		}
	}
	// A certificate change: a format-2 entry committing to its reason.
	o, err := a.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: ag.Agency.ID, Name: "张三", IDNumber: "11010519491231002X", Domains: []string{"食品安全"},
		ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Personnel().IssueCertificate(sys, o.ID, personnel.CertInput{Number: "VERIFY-1", Issuer: "东港市人民政府", ValidFrom: zhifa.MustDate("2025-01-01"),
		ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Personnel().ChangeCertificateState(sys, c.ID, zhifa.CertSuspended, "涉嫌违纪，暂扣证件"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	if _, err := a.IntegrateLedger(context.Background()); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestVerifyAuditChain: zhifa verify names an audit row inserted, altered or removed
// directly in SQL (triggers dropped), a chain rewritten behind its signed anchor, and a
// committed entry field whose stored value was changed (issue 9 §3, §7).
func TestVerifyAuditChain(t *testing.T) {
	clearEnv(t)
	clean := auditDataDir(t)
	r := runZhifa(t, "", "verify", "--data", clean)
	if r.code != 0 || !strings.Contains(r.stdout, "audit row(s) rehashed along their chain") || !strings.Contains(r.stdout, "committed field(s) rechecked") {
		t.Fatalf("intact: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	tests := []struct {
		name string
		sql  []string
		want string
	}{
		{"row inserted, dated among anchored rows", []string{
			`INSERT INTO audit_log (at, login, action, object, ip, success, detail) SELECT at, 'admin', 'user.create', 'user/99', '', 1, '伪造' FROM audit_log WHERE id = (SELECT MIN(id) FROM audit_log)`},
			"has been inserted"},
		{"row altered", []string{`UPDATE audit_log SET detail = '改过' WHERE id = (SELECT MIN(id) FROM audit_log)`}, "has been altered"},
		{"row removed", []string{`DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)`}, "has been removed"},
		{"chain rewritten", []string{`DROP TRIGGER audit_chain_no_update`, `UPDATE audit_log SET detail = '改过' WHERE id = (SELECT MIN(id) FROM audit_log)`,
			`DROP TRIGGER audit_chain_no_delete`, `DELETE FROM audit_chain`}, "links were removed"},
		{"committed value altered", []string{`UPDATE ledger_openings SET value = '另一理由' WHERE field = 'reason'`}, "does not match its commitments"},
		{"committed value removed", []string{`DELETE FROM ledger_openings`}, "does not match its commitments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := copyDataDir(t, clean)
			tamper(t, data, func(db *sql.DB) error { return execAll(db, tt.sql...) })
			r := runZhifa(t, "", "verify", "--data", data)
			if r.code != exitError {
				t.Fatalf("exit %d\n%s", r.code, r.stdout)
			}
			oneLine(t, r, tt.want)
		})
	}
}

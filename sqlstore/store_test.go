package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"zhifa"
	"zhifa/internal/testenv"
)

// TestStore runs one suite against both engines: SQLite in a temporary directory and
// PostgreSQL (ZHIFA_TEST_PG) in a database of its own.
func TestStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		suite(t, openSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		suite(t, openPostgres(t))
	})
}

// suiteTests is the store suite. Each test builds its own agencies (newTree) and
// queries inside that subtree, so tests share one database without interfering.
// Add a line here for every new store method.
var suiteTests = []struct {
	name string
	run  func(t *testing.T, db *DB)
}{
	{"Placeholders", testPlaceholders},
	{"Migrate", testMigrate},
	{"Settings", testSettings},
	{"Agencies", testAgencies},
	{"Users", testUsers},
	{"Sessions", testSessions},
	{"OfficerPII", testOfficerPII},
	{"OfficerFilter", testOfficerFilter},
	{"Certificates", testCertificates},
	{"CertEventsAndReviews", testCertEventsAndReviews},
	{"TrainingTotals", testTrainingTotals},
	{"Items", testItems},
	{"ItemsFilter", testItemsFilter},
	{"Audit", testAudit},
	{"AuditAppendOnly", testAuditAppendOnly},
	{"Timestamps", testTimestamps},
	{"Rollback", testRollback},
	{"ConcurrentUpdates", testConcurrentUpdates},
	{"NotFound", testNotFound},
	{"Ledger", testLedger},
	{"LedgerHashes", testLedgerHashes},
	{"LedgerCheckpoints", testLedgerCheckpoints},
	{"LedgerAppendOnly", testLedgerAppendOnly},
	{"LedgerConcurrentAppends", testLedgerConcurrentAppends},
	{"LedgerQueue", testLedgerQueue},
	{"LedgerQueueConcurrent", testLedgerQueueConcurrent},
	{"CaseNumbersTwoAgencies", testCaseNumbersTwoAgencies},
	{"DeferredWrites", testDeferredWrites},
	{"RowLockedFilings", testRowLockedFilings},
	{"FailedFilingsLeaveNoRows", testFailedFilingsLeaveNoRows},
	{"CommitWithRows", testCommitWithRows},
	{"NewCaseDocFromReads", testNewCaseDocFromReads},
	{"StepIndexes", testStepIndexes},
	{"Evidence", testEvidence},
	{"EvidenceFilter", testEvidenceFilter},
	{"AccessLog", testAccessLog},
	{"EvidenceAppendOnly", testEvidenceAppendOnly},
	{"WorkdayImports", testWorkdayImports},
	{"Cases", testCases},
	{"PartyCases", testPartyCases},
	{"LighterShare", testLighterShare},
	{"CaseFileStore", testCaseFileStore},
	{"AgencySettings", testAgencySettings},
	{"HearingThresholds", testHearingThresholds},
	{"CaseNumbersConcurrent", testCaseNumbersConcurrent},
	{"MajorCatalogs", testMajorCatalogs},
	{"ReviewPools", testReviewPools},
	{"ReviewRounds", testReviewRounds},
	{"Documents", testDocuments},
	{"Benchmarks", testBenchmarks},
	{"ListEntries", testListEntries},
	{"DecisionFines", testDecisionFines},
	{"Transfers", testTransfers},
	{"Filings", testFilings},
	{"RuleFilings", testRuleFilings},
	{"RecordingLists", testRecordingLists},
	{"RecordingTemplates", testRecordingTemplates},
	{"LedgerOpenings", testLedgerOpenings},
	{"AuditChainStore", testAuditChainStore},
	{"Complaints", testComplaints},
	{"Analysis", testAnalysis},
	{"AnalysisMore", testAnalysisMore},
	{"Reconsiderations", testReconsiderations},
	{"DecisionCounts", testDecisionCounts},   // issue 14, sup1m, migration 00054
	{"CaseStatSummary", testCaseStatSummary}, // issue 14, stats1m, migration 00055
	{"Execution", testExecution},
	{"ObligationYears", testObligationYears},     // issue 11, dash, migration 00063
	{"AgencyNames", testAgencyNames},             // issue 11, dash
	{"PersonnelStanding", testPersonnelStanding}, // issue 11, perswarn, migration 00064
	{"Publications", testPublications},
	{"Licences", testLicences},
	{"PublicationEvents", testPublicationEvents},
	{"AnnualReports", testAnnualReports},
	{"AnnualInspections", testAnnualInspections}, // issue 13, migration 00049
	{"Assessment", testAssessment},
	// The workspace (issue 12).
	{"Notifications", testNotifications},
	{"DueClocks", testDueClocks},
	{"OfficerClocks", testOfficerClocks}, // issue 11, migration 00062
	{"ReviewQueuePage", testReviewQueuePage},
	{"SealKeys", testSealKeys},
	{"CaseStats", testCaseStats},
	{"OfficerPhotos", testOfficerPhotos},
	// Case-file evaluation (issue 14).
	{"FileEvaluations", testFileEvaluations},
	{"SelfEvaluations", testSelfEvaluations},
	{"SocialSupervision", testSocialSupervision},
	{"FaultReviews", testFaultReviews},
	{"Problems", testProblems},
	{"RemarkProblems", testRemarkProblems},
	// The assessment's service, A/V and major-review indicators (issue 14, assess4).
	{"AssessmentMore", testAssessmentMore},
	{"AssessmentComplaints", testAssessmentComplaints},
	// The case lock of write transactions and the search-term counts under concurrent
	// filings (issue 11, pgw2).
	{"CaseLock", testCaseLock},
	{"TermCountsConcurrent", testTermCountsConcurrent},
	{"OfficersByID", testOfficersByID},
	{"TxMemo", testTxMemo},
	// zhifa gen's loader transaction (issue 11).
	{"BulkLoad", testBulkLoad},
	{"BulkLoadHandOff", testBulkLoadHandOff},
	{"BulkDeferIndexes", testDeferIndexes},
	{"ClosedCaseColumns", testClosedCaseColumns},
	{"CopyClosedCaseRows", testCopyClosedCaseRows},
	{"TxMemoQueries", testTxMemoQueries}, // issue 11, pgw3
	{"Prefetch", testPrefetch},           // issue 11, pgcpu
	{"OneStatementView", testOneStatementView},
}

func suite(t *testing.T, db *DB) {
	for _, tt := range suiteTests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, db) })
	}
}

// ---- opening ----

func testKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

func openSQLite(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "zhifa.db"), Options{PIIKey: testKey()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if db.Engine() != "sqlite" {
		t.Fatalf("Engine() = %q", db.Engine())
	}
	return db
}

func openPostgres(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), newPostgresDatabase(t), Options{PIIKey: testKey()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // runs before the drop
	if db.Engine() != "postgres" {
		t.Fatalf("Engine() = %q", db.Engine())
	}
	return db
}

// newPostgresDatabase creates a database of the test's own on the test server, dropped
// when the test ends, and returns its URL.
func newPostgresDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	admin := testenv.PostgresURL(t)
	name := testenv.DatabaseName(t)
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		adb, err := sql.Open("pgx", admin)
		if err != nil {
			t.Error(err)
			return
		}
		defer adb.Close()
		if _, err := adb.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	return testenv.PostgresDatabaseURL(t, name)
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zhifa.db")
	if _, err := Open(ctx, path, Options{}); err == nil || !strings.Contains(err.Error(), "PII key") {
		t.Errorf("no PII key: err = %v", err)
	}
	if _, err := Open(ctx, path, Options{PIIKey: make([]byte, 16)}); err == nil || !strings.Contains(err.Error(), "32 bytes") {
		t.Errorf("short PII key: err = %v", err)
	}
	// Nothing listens on port 1: the error names the engine and the URL, without the password.
	_, err := Open(ctx, "postgres://zhifa:geheim@127.0.0.1:1/zhifa?sslmode=disable&connect_timeout=2", Options{PIIKey: testKey()})
	if err == nil {
		t.Fatal("unreachable postgres: no error")
	}
	if msg := err.Error(); !strings.Contains(msg, "connect to postgres database") || strings.Contains(msg, "geheim") {
		t.Errorf("unreachable postgres: %q", msg)
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "no", "such", "dir", "z.db"), Options{PIIKey: testKey()}); err == nil ||
		!strings.Contains(err.Error(), "connect to sqlite database") {
		t.Errorf("bad sqlite path: err = %v", err)
	}
	// NoMigrate leaves the file empty; Migrate then creates the schema.
	db, err := Open(ctx, path, Options{PIIKey: testKey(), NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(ctx, func(tx zhifa.Tx) error { _, err := tx.Agencies(ctx, ""); return err })
	if err == nil {
		t.Error("query before Migrate succeeded")
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx zhifa.Tx) error { _, err := tx.Agencies(ctx, ""); return err })
	if err != nil {
		t.Errorf("query after Migrate: %v", err)
	}
}

// ---- helpers ----

func update(t *testing.T, db *DB, fn func(tx zhifa.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func view(t *testing.T, db *DB, fn func(tx zhifa.Tx) error) {
	t.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := zhifa.ErrorCode(err); got != code {
		t.Errorf("%s: code %q (%v), want %q", what, got, err, code)
	}
}

// seq makes names unique across the tests sharing a database.
var seq atomic.Int64

func uniq(prefix string) string { return fmt.Sprintf("%s%03d", prefix, seq.Add(1)) }

// idNumber completes 17 digits with the GB 11643 MOD 11-2 check character.
func idNumber(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

// randomID is a valid, unique 身份证号 of someone born in 1985 in 青岛市市南区.
func randomID() string {
	n := seq.Add(1)
	return idNumber(fmt.Sprintf("3702021985%02d%02d%03d", 1+n%12, 1+n%28, n%1000))
}

func init() {
	// The helper must agree with the example of the standard.
	if got := idNumber("11010519491231002"); got != "11010519491231002X" {
		panic("idNumber: " + got)
	}
}

// tree is a small hierarchy of its own: 青岛市人民政府 with the 市场监督管理局 and its
// 分局 below, and 崂山区 with its own bureau under the city as well.
type tree struct {
	city, market, branch, district *zhifa.Agency
}

func newTree(t *testing.T, db *DB) *tree {
	t.Helper()
	var tr tree
	mk := func(tx zhifa.Tx, parent *zhifa.Agency, name string, level zhifa.AgencyLevel, typ zhifa.AgencyType) *zhifa.Agency {
		a := &zhifa.Agency{Name: uniq(name), Level: level, Type: typ, RegionCode: "370200", Domains: []string{"市场监管"}}
		if parent != nil {
			a.ParentID = parent.ID
		}
		if err := tx.CreateAgency(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	update(t, db, func(tx zhifa.Tx) error {
		tr.city = mk(tx, nil, "青岛市人民政府", zhifa.LevelCity, zhifa.AgencyGovernment)
		tr.market = mk(tx, tr.city, "青岛市市场监督管理局", zhifa.LevelCity, zhifa.AgencyAdministrative)
		tr.branch = mk(tx, tr.market, "青岛市市场监督管理局崂山分局", zhifa.LevelCounty, zhifa.AgencyAdministrative)
		tr.district = mk(tx, tr.city, "崂山区综合行政执法局", zhifa.LevelCounty, zhifa.AgencyAdministrative)
		return nil
	})
	return &tr
}

func newUser(t *testing.T, db *DB, agency int64) *zhifa.User {
	t.Helper()
	u := &zhifa.User{Login: uniq("user"), Name: "刘洋", Role: zhifa.RoleAdmin, AgencyID: agency}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateUser(context.Background(), u) })
	return u
}

func newOfficer(t *testing.T, db *DB, agency int64, name string) *zhifa.Officer {
	t.Helper()
	o := &zhifa.Officer{AgencyID: agency, Name: name, IDNumber: randomID(), Sex: "男", Phone: "13953200000",
		Position: "科员", Domains: []string{"市场监管"}, ExamPassed: true, Active: true}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateOfficer(context.Background(), o) })
	return o
}

func ids[T any](list []*T, id func(*T) int64) []int64 {
	out := []int64{}
	for _, v := range list {
		out = append(out, id(v))
	}
	return out
}

// ---- tests ----

// testPlaceholders checks that both drivers bind $n by number, in any order and reused.
func testPlaceholders(t *testing.T, db *DB) {
	var a, b, c string
	err := db.sql.QueryRowContext(context.Background(), `SELECT $2, $1, $2 || $1`, "甲", "乙").Scan(&a, &b, &c)
	if err != nil {
		t.Fatal(err)
	}
	if a != "乙" || b != "甲" || c != "乙甲" {
		t.Errorf("got %q %q %q", a, b, c)
	}
}

// testSettings checks the connection settings: on SQLite the pragmas hold on several
// pooled connections at once; View is read-only where the engine enforces it.
func testSettings(t *testing.T, db *DB) {
	ctx := context.Background()
	if db.engine == EngineSQLite {
		conns := make([]*sql.Conn, 3)
		for i := range conns {
			c, err := db.sql.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			conns[i] = c
		}
		for i, c := range conns {
			for pragma, want := range map[string]string{
				"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2", "busy_timeout": "10000",
			} {
				var got string
				if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("connection %d: %s = %s, want %s", i, pragma, got, want)
				}
			}
		}
		return
	}
	err := db.View(ctx, func(tx zhifa.Tx) error {
		return tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "admin", Action: "view.write", Success: true})
	})
	if err == nil {
		t.Error("write inside View succeeded")
	}
}

func testMigrate(t *testing.T, db *DB) {
	if err := db.Migrate(context.Background()); err != nil {
		t.Errorf("second Migrate: %v", err)
	}
}

func testAgencies(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	root := "/" + strconv.FormatInt(tr.city.ID, 10) + "/"
	if tr.city.Path != root {
		t.Errorf("root path %q, want %q", tr.city.Path, root)
	}
	if want := tr.market.Path + strconv.FormatInt(tr.branch.ID, 10) + "/"; tr.branch.Path != want {
		t.Errorf("branch path %q, want %q", tr.branch.Path, want)
	}
	if want := fmt.Sprintf("/%d/%d/%d/", tr.city.ID, tr.market.ID, tr.branch.ID); tr.branch.Path != want {
		t.Errorf("branch path %q, want %q", tr.branch.Path, want)
	}
	if tr.city.CreatedAt.IsZero() || tr.city.UpdatedAt.IsZero() {
		t.Error("timestamps not set")
	}
	view(t, db, func(tx zhifa.Tx) error {
		all, err := tx.Agencies(ctx, root)
		if err != nil {
			return err
		}
		// By path: a parent comes before its children.
		want := []int64{tr.city.ID, tr.market.ID, tr.branch.ID, tr.district.ID}
		if tr.district.ID < tr.market.ID { // never: created in this order
			t.Fatal("unexpected id order")
		}
		if got := ids(all, func(a *zhifa.Agency) int64 { return a.ID }); !reflect.DeepEqual(got, want) {
			t.Errorf("subtree of city: %v, want %v", got, want)
		}
		sub, err := tx.Agencies(ctx, tr.market.Path)
		if err != nil {
			return err
		}
		if got := ids(sub, func(a *zhifa.Agency) int64 { return a.ID }); !reflect.DeepEqual(got, []int64{tr.market.ID, tr.branch.ID}) {
			t.Errorf("subtree of market: %v", got)
		}
		everything, err := tx.Agencies(ctx, "")
		if err != nil {
			return err
		}
		if len(everything) < 4 {
			t.Errorf("all agencies: %d", len(everything))
		}
		got, err := tx.Agency(ctx, tr.branch.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, tr.branch) {
			t.Errorf("Agency round trip:\n got %+v\nwant %+v", got, tr.branch)
		}
		if got.ParentID != tr.market.ID || got.Level != zhifa.LevelCounty || got.Type != zhifa.AgencyAdministrative {
			t.Errorf("branch fields: %+v", got)
		}
		_, err = tx.Agencies(ctx, "/1/%")
		wantCode(t, "Agencies with a bad path", err, zhifa.EINVALID)
		return nil
	})

	// Update keeps the parent and path.
	m := *tr.market
	m.Head, m.Phone, m.Duties = "赵刚", "0532-88880000", "负责市场综合监督管理"
	m.ParentID, m.Path = 0, "/999/"
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateAgency(ctx, &m) })
	if m.ParentID != tr.city.ID || m.Path != tr.market.Path {
		t.Errorf("after update: parent %d path %q", m.ParentID, m.Path)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Agency(ctx, m.ID)
		if err != nil {
			return err
		}
		if got.Head != "赵刚" || got.Phone != "0532-88880000" || got.Path != tr.market.Path || got.ParentID != tr.city.ID {
			t.Errorf("updated agency: %+v", got)
		}
		return nil
	})

	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateAgency(ctx, &zhifa.Agency{ParentID: 987654321, Name: "不存在的上级", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative})
	})
	wantCode(t, "unknown parent", err, zhifa.EINVALID)
}

func testUsers(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	o := newOfficer(t, db, tr.market.ID, "陈明")
	login := uniq("zhangwei")
	u := &zhifa.User{Login: login, Name: "张伟", Role: zhifa.RoleOfficer, AgencyID: tr.market.ID, OfficerID: o.ID, PasswordHash: "$argon2id$v=19$..."}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateUser(ctx, u) })
	if u.ID == 0 || u.CreatedAt.IsZero() {
		t.Fatalf("created user: %+v", u)
	}
	other := &zhifa.User{Login: uniq("lina"), Name: "李娜", Role: zhifa.RoleReviewer, AgencyID: tr.branch.ID}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateUser(ctx, other) })
	district := &zhifa.User{Login: uniq("aaa"), Name: "王芳", Role: zhifa.RoleHead, AgencyID: tr.district.ID}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateUser(ctx, district) })

	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateUser(ctx, &zhifa.User{Login: login, Name: "张伟（重复）", Role: zhifa.RoleOfficer, AgencyID: tr.market.ID})
	})
	wantCode(t, "duplicate login", err, zhifa.ECONFLICT)
	if msg := zhifa.ErrorMessage(err); msg != "登录名已存在" {
		t.Errorf("duplicate login message %q", msg)
	}
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateUser(ctx, &zhifa.User{Login: uniq("x"), Name: "无机关", Role: zhifa.RoleOfficer, AgencyID: 987654321})
	})
	wantCode(t, "unknown agency", err, zhifa.EINVALID)

	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.UserByLogin(ctx, login)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, u) {
			t.Errorf("UserByLogin:\n got %+v\nwant %+v", got, u)
		}
		list, err := tx.Users(ctx, tr.market.Path)
		if err != nil {
			return err
		}
		// By login, only the market subtree.
		want := []string{login, other.Login}
		if other.Login < login {
			want = []string{other.Login, login}
		}
		var got2 []string
		for _, u := range list {
			got2 = append(got2, u.Login)
		}
		if !reflect.DeepEqual(got2, want) {
			t.Errorf("Users(market) = %v, want %v", got2, want)
		}
		all, err := tx.Users(ctx, tr.city.Path)
		if err != nil {
			return err
		}
		if len(all) != 3 || all[0].Login != district.Login {
			t.Errorf("Users(city): %d users, first %q", len(all), all[0].Login)
		}
		return nil
	})

	// Lock, then unlock and disable.
	locked := time.Date(2026, 3, 2, 9, 30, 0, 123456000, zhifa.CST)
	u.Name, u.Role, u.FailedLogins, u.LockedUntil, u.PasswordHash = "张伟", zhifa.RoleReviewer, 5, locked, "$argon2id$new"
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateUser(ctx, u) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.User(ctx, u.ID)
		if err != nil {
			return err
		}
		if got.FailedLogins != 5 || !got.LockedUntil.Equal(locked) || got.Role != zhifa.RoleReviewer || got.PasswordHash != "$argon2id$new" || got.OfficerID != o.ID {
			t.Errorf("locked user: %+v", got)
		}
		return nil
	})
	u.FailedLogins, u.LockedUntil, u.Disabled, u.OfficerID = 0, time.Time{}, true, 0
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateUser(ctx, u) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.User(ctx, u.ID)
		if err != nil {
			return err
		}
		if got.FailedLogins != 0 || !got.LockedUntil.IsZero() || !got.Disabled || got.OfficerID != 0 {
			t.Errorf("unlocked user: %+v", got)
		}
		return nil
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.UpdateUser(ctx, &zhifa.User{ID: 987654321, Name: "无", Role: zhifa.RoleOfficer, AgencyID: tr.market.ID})
	})
	wantCode(t, "update unknown user", err, zhifa.ENOTFOUND)

	// Login outcomes: failures count up on their own, a success clears count and lock.
	u.FailedLogins, u.LockedUntil, u.Disabled = 0, locked, false
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateUser(ctx, u) })
	for range 3 {
		update(t, db, func(tx zhifa.Tx) error { return tx.RecordLoginResult(ctx, u.ID, false) })
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.User(ctx, u.ID)
		if err == nil && (got.FailedLogins != 3 || !got.LockedUntil.Equal(locked) || got.Name != "张伟") {
			t.Errorf("after three failures: %+v", got)
		}
		return err
	})
	update(t, db, func(tx zhifa.Tx) error { return tx.RecordLoginResult(ctx, u.ID, true) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.User(ctx, u.ID)
		if err == nil && (got.FailedLogins != 0 || !got.LockedUntil.IsZero()) {
			t.Errorf("after a success: %+v", got)
		}
		return err
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.RecordLoginResult(ctx, 987654321, false) })
	wantCode(t, "login result of an unknown user", err, zhifa.ENOTFOUND)
}

func testSessions(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	u := newUser(t, db, tr.market.ID)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s1 := &zhifa.Session{TokenHash: uniq("hash-a-"), UserID: u.ID, Kind: zhifa.SessionUI, CreatedAt: t0, IP: "10.1.2.3"}
	s2 := &zhifa.Session{TokenHash: uniq("hash-b-"), UserID: u.ID, Kind: zhifa.SessionAPI, IP: "10.1.2.4"}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.CreateSession(ctx, s1); err != nil {
			return err
		}
		return tx.CreateSession(ctx, s2)
	})
	if !s1.LastSeen.Equal(t0) || s2.CreatedAt.IsZero() {
		t.Errorf("session defaults: %+v %+v", s1, s2)
	}
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateSession(ctx, &zhifa.Session{TokenHash: s1.TokenHash, UserID: u.ID, Kind: zhifa.SessionUI})
	})
	wantCode(t, "duplicate session", err, zhifa.ECONFLICT)

	t1 := t0.Add(17*time.Minute + 250*time.Microsecond)
	update(t, db, func(tx zhifa.Tx) error { return tx.TouchSession(ctx, s1.TokenHash, t1) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Session(ctx, s1.TokenHash)
		if err != nil {
			return err
		}
		want := *s1
		want.LastSeen = t1
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("touched session:\n got %+v\nwant %+v", *got, want)
		}
		return nil
	})
	update(t, db, func(tx zhifa.Tx) error { return tx.DeleteSession(ctx, s1.TokenHash) })
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.Session(ctx, s1.TokenHash)
		wantCode(t, "deleted session", err, zhifa.ENOTFOUND)
		if msg := zhifa.ErrorMessage(err); msg != "会话不存在" {
			t.Errorf("message %q", msg)
		}
		if _, err := tx.Session(ctx, s2.TokenHash); err != nil {
			t.Errorf("other session: %v", err)
		}
		return nil
	})
	// DeleteOtherSessions keeps the one named.
	s3 := &zhifa.Session{TokenHash: uniq("hash-c-"), UserID: u.ID, Kind: zhifa.SessionAPI, IP: "10.1.2.5"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateSession(ctx, s3) })
	update(t, db, func(tx zhifa.Tx) error { return tx.DeleteOtherSessions(ctx, u.ID, s2.TokenHash) })
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.Session(ctx, s3.TokenHash)
		wantCode(t, "session after DeleteOtherSessions", err, zhifa.ENOTFOUND)
		_, err = tx.Session(ctx, s2.TokenHash)
		return err
	})
	update(t, db, func(tx zhifa.Tx) error { return tx.DeleteUserSessions(ctx, u.ID) })
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.Session(ctx, s2.TokenHash)
		wantCode(t, "session after DeleteUserSessions", err, zhifa.ENOTFOUND)
		return nil
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.TouchSession(ctx, s1.TokenHash, t1) })
	wantCode(t, "touch deleted session", err, zhifa.ENOTFOUND)
}

func testOfficerPII(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	id := randomID()
	phone := "13812348000"
	o := &zhifa.Officer{AgencyID: tr.market.ID, Name: "王建国", IDNumber: id, Sex: "男", Phone: phone, Position: "执法大队长",
		Domains: []string{"食品安全", "特种设备"}, Reviewer: true, LegalQual: true, LegalQualNo: "A20153702021234",
		ExamPassed: true, ExamDate: zhifa.MustDate("2024-06-15"), Active: true}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateOfficer(ctx, o) })
	if want := id[:6] + "********" + id[14:]; o.IDMasked != want {
		t.Errorf("IDMasked %q, want %q", o.IDMasked, want)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Officer(ctx, o.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, o) {
			t.Errorf("Officer round trip:\n got %+v\nwant %+v", got, o)
		}
		return nil
	})

	// The row holds no plaintext, in any column.
	var enc, index, masked, phoneEnc string
	err := db.sql.QueryRowContext(ctx, `SELECT id_number_enc, id_number_index, id_masked, phone_enc FROM officers WHERE id = $1`, o.ID).
		Scan(&enc, &index, &masked, &phoneEnc)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{enc, index, masked, phoneEnc} {
		if strings.Contains(v, id) || strings.Contains(v, id[6:14]) || strings.Contains(v, phone) {
			t.Errorf("stored column %q contains personal data", v)
		}
	}
	if enc == "" || phoneEnc == "" || len(index) != 64 {
		t.Errorf("stored: enc %q index %q phone %q", enc, index, phoneEnc)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT * FROM officers WHERE id = $1`, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if s := fmt.Sprintf("%s", v); strings.Contains(s, id) || strings.Contains(s, phone) {
				t.Errorf("column %s holds plaintext", cols[i])
			}
		}
	}
	rows.Close()

	// Lookup by number, whatever the case and width of the input.
	lower := strings.ToLower(id)
	full := strings.Map(func(r rune) rune { return r + 0xFEE0 }, id) // full-width digits
	for _, q := range []string{id, lower, " " + id + " ", full} {
		view(t, db, func(tx zhifa.Tx) error {
			got, err := tx.OfficerByIDNumber(ctx, q)
			if err != nil {
				t.Errorf("OfficerByIDNumber(%q): %v", q, err)
			} else if got.ID != o.ID || got.IDNumber != id {
				t.Errorf("OfficerByIDNumber(%q) = %d %q", q, got.ID, got.IDNumber)
			}
			return nil
		})
	}
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.OfficerByIDNumber(ctx, randomID())
		wantCode(t, "unknown id number", err, zhifa.ENOTFOUND)
		return nil
	})

	// One person, one officer record.
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateOfficer(ctx, &zhifa.Officer{AgencyID: tr.branch.ID, Name: "王建国", IDNumber: lower, Active: true})
	})
	wantCode(t, "duplicate id number", err, zhifa.ECONFLICT)
	if msg := zhifa.ErrorMessage(err); msg != "身份证号已登记" {
		t.Errorf("message %q", msg)
	}
	// Officers without a number do not collide.
	update(t, db, func(tx zhifa.Tx) error {
		for _, n := range []string{"孙丽", "周强"} {
			if err := tx.CreateOfficer(ctx, &zhifa.Officer{AgencyID: tr.branch.ID, Name: n, Active: true}); err != nil {
				return err
			}
		}
		return nil
	})

	// Update re-encrypts; the old number no longer finds the officer.
	newID, newPhone := randomID(), "15066661234"
	o.IDNumber, o.Phone, o.Position, o.Reviewer = newID, newPhone, "副大队长", false
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateOfficer(ctx, o) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.OfficerByIDNumber(ctx, newID)
		if err != nil {
			return err
		}
		if got.Phone != newPhone || got.Position != "副大队长" || got.Reviewer || got.IDMasked != newID[:6]+"********"+newID[14:] {
			t.Errorf("updated officer: %+v", got)
		}
		_, err = tx.OfficerByIDNumber(ctx, id)
		wantCode(t, "old id number", err, zhifa.ENOTFOUND)
		return nil
	})
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateOfficer(ctx, &zhifa.Officer{AgencyID: 987654321, Name: "无机关", Active: true})
	})
	wantCode(t, "officer of unknown agency", err, zhifa.EINVALID)

	// Another key cannot read the data.
	other, err := newPIICipher(testKey())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.open(adIDNumber, enc); err == nil {
		t.Error("decrypted with another key")
	}
	if _, err := db.pii.open(adPhone, enc); err == nil {
		t.Error("an id number ciphertext opened as a phone")
	}
}

func testOfficerFilter(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	a := newOfficer(t, db, tr.market.ID, "张三丰")
	b := newOfficer(t, db, tr.branch.ID, "李四")
	c := newOfficer(t, db, tr.branch.ID, "王五")
	d := newOfficer(t, db, tr.district.ID, "张小凡")
	c.Reviewer = true
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateOfficer(ctx, c) })
	certNo := uniq("3702000100")
	update(t, db, func(tx zhifa.Tx) error {
		return tx.CreateCertificate(ctx, &zhifa.Certificate{OfficerID: b.ID, Number: certNo, Issuer: "青岛市人民政府", State: zhifa.CertValid})
	})
	yes, no := true, false
	tests := []struct {
		name  string
		f     zhifa.OfficerFilter
		want  []int64
		total int
	}{
		{"city", zhifa.OfficerFilter{UnderPath: tr.city.Path}, []int64{a.ID, b.ID, c.ID, d.ID}, 4},
		{"market subtree", zhifa.OfficerFilter{UnderPath: tr.market.Path}, []int64{a.ID, b.ID, c.ID}, 3},
		{"agency", zhifa.OfficerFilter{UnderPath: tr.city.Path, AgencyID: tr.branch.ID}, []int64{b.ID, c.ID}, 2},
		{"name", zhifa.OfficerFilter{UnderPath: tr.city.Path, Query: "张"}, []int64{a.ID, d.ID}, 2},
		{"certificate number", zhifa.OfficerFilter{UnderPath: tr.city.Path, Query: certNo[3:]}, []int64{b.ID}, 1},
		{"reviewer", zhifa.OfficerFilter{UnderPath: tr.city.Path, Reviewer: &yes}, []int64{c.ID}, 1},
		{"not reviewer", zhifa.OfficerFilter{UnderPath: tr.market.Path, Reviewer: &no}, []int64{a.ID, b.ID}, 2},
		{"page", zhifa.OfficerFilter{UnderPath: tr.city.Path, Page: zhifa.Page{Limit: 2, Offset: 1}}, []int64{b.ID, c.ID}, 4},
		{"past the end", zhifa.OfficerFilter{UnderPath: tr.city.Path, Page: zhifa.Page{Limit: 2, Offset: 10}}, []int64{}, 4},
		{"wildcard is literal", zhifa.OfficerFilter{UnderPath: tr.city.Path, Query: "%"}, []int64{}, 0},
	}
	view(t, db, func(tx zhifa.Tx) error {
		for _, tt := range tests {
			list, total, err := tx.Officers(ctx, tt.f)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if got := ids(list, func(o *zhifa.Officer) int64 { return o.ID }); !reflect.DeepEqual(got, tt.want) || total != tt.total {
				t.Errorf("%s: %v total %d, want %v total %d", tt.name, got, total, tt.want, tt.total)
			}
		}
		list, _, err := tx.Officers(ctx, zhifa.OfficerFilter{UnderPath: tr.market.Path, Query: "三丰"})
		if err != nil {
			return err
		}
		if len(list) != 1 || list[0].IDNumber != a.IDNumber || list[0].Phone != a.Phone {
			t.Errorf("listed officer lacks decrypted data: %+v", list)
		}
		return nil
	})
}

func testCertificates(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	o1 := newOfficer(t, db, tr.market.ID, "赵敏")
	o2 := newOfficer(t, db, tr.branch.ID, "钱坤")
	mk := func(officer int64, issued string) *zhifa.Certificate {
		d := zhifa.MustDate(issued)
		return &zhifa.Certificate{OfficerID: officer, Number: uniq("37020001"), Issuer: "青岛市人民政府",
			IssuedOn: d, ValidFrom: d, ValidUntil: d.AddDays(5 * 365), Domains: []string{"市场监管", "知识产权"}}
	}
	old, cur, other := mk(o1.ID, "2019-05-20"), mk(o1.ID, "2024-05-20"), mk(o2.ID, "2023-01-03")
	update(t, db, func(tx zhifa.Tx) error {
		for _, c := range []*zhifa.Certificate{old, cur, other} {
			if err := tx.CreateCertificate(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if cur.State != zhifa.CertValid || cur.ID == 0 {
		t.Errorf("created certificate: %+v", cur)
	}
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateCertificate(ctx, &zhifa.Certificate{OfficerID: o2.ID, Number: cur.Number, Issuer: "青岛市人民政府"})
	})
	wantCode(t, "duplicate certificate number", err, zhifa.ECONFLICT)
	if msg := zhifa.ErrorMessage(err); msg != "证件编号已存在" {
		t.Errorf("message %q", msg)
	}
	err = db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateCertificate(ctx, &zhifa.Certificate{OfficerID: 987654321, Number: uniq("X"), Issuer: "青岛市人民政府"})
	})
	wantCode(t, "certificate of unknown officer", err, zhifa.EINVALID)

	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.CertificateByNumber(ctx, cur.Number)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, cur) {
			t.Errorf("CertificateByNumber:\n got %+v\nwant %+v", got, cur)
		}
		list, err := tx.Certificates(ctx, o2.ID, o1.ID)
		if err != nil {
			return err
		}
		// By officer, newest first per officer.
		if got := ids(list, func(c *zhifa.Certificate) int64 { return c.ID }); !reflect.DeepEqual(got, []int64{cur.ID, old.ID, other.ID}) {
			t.Errorf("Certificates: %v, want %v", got, []int64{cur.ID, old.ID, other.ID})
		}
		none, err := tx.Certificates(ctx)
		if err != nil || len(none) != 0 {
			t.Errorf("Certificates(): %v %v", none, err)
		}
		return nil
	})

	cur.State, cur.StateReason = zhifa.CertSuspended, "涉嫌违纪，暂扣证件"
	cur.ValidUntil = zhifa.Date{}
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateCertificate(ctx, cur) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Certificate(ctx, cur.ID)
		if err != nil {
			return err
		}
		if got.State != zhifa.CertSuspended || got.StateReason != "涉嫌违纪，暂扣证件" || !got.ValidUntil.IsZero() || got.ValidFrom != cur.ValidFrom {
			t.Errorf("updated certificate: %+v", got)
		}
		return nil
	})
	other.Number = old.Number
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateCertificate(ctx, other) })
	wantCode(t, "renumber to an existing number", err, zhifa.ECONFLICT)
}

func testCertEventsAndReviews(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	o := newOfficer(t, db, tr.market.ID, "孙悦")
	u := newUser(t, db, tr.market.ID)
	c := &zhifa.Certificate{OfficerID: o.ID, Number: uniq("37020002"), Issuer: "青岛市人民政府", IssuedOn: zhifa.MustDate("2022-03-01")}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateCertificate(ctx, c) })
	base := time.Date(2025, 1, 10, 8, 0, 0, 0, time.UTC)
	evs := []*zhifa.CertEvent{
		{CertID: c.ID, At: base, To: zhifa.CertValid, Reason: "发证", ActorID: u.ID, Actor: u.Login},
		{CertID: c.ID, At: base.Add(48 * time.Hour), From: zhifa.CertValid, To: zhifa.CertSuspended, Reason: "暂扣", ActorID: u.ID, Actor: u.Login},
		// Recorded out of order: listed by time.
		{CertID: c.ID, At: base.Add(24 * time.Hour), From: zhifa.CertValid, To: zhifa.CertValid, Reason: "信息更正", Actor: "system"},
	}
	update(t, db, func(tx zhifa.Tx) error {
		for _, e := range evs {
			if err := tx.AddCertEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.CertEvents(ctx, c.ID)
		if err != nil {
			return err
		}
		want := []*zhifa.CertEvent{evs[0], evs[2], evs[1]}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CertEvents order:\n got %v\nwant %v", got, want)
		}
		return nil
	})

	r1 := &zhifa.AnnualReview{CertID: c.ID, Year: 2024, Passed: true, Date: zhifa.MustDate("2025-01-15"), Note: "考核合格", ActorID: u.ID}
	r0 := &zhifa.AnnualReview{CertID: c.ID, Year: 2023, Passed: false, Date: zhifa.MustDate("2024-01-12"), Note: "培训学时不足"}
	update(t, db, func(tx zhifa.Tx) error {
		if err := tx.AddAnnualReview(ctx, r1); err != nil {
			return err
		}
		return tx.AddAnnualReview(ctx, r0)
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddAnnualReview(ctx, &zhifa.AnnualReview{CertID: c.ID, Year: 2024, Passed: true})
	})
	wantCode(t, "second review of a year", err, zhifa.ECONFLICT)
	if msg := zhifa.ErrorMessage(err); msg != "该年度已有年审记录" {
		t.Errorf("message %q", msg)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.AnnualReviews(ctx, c.ID)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, []*zhifa.AnnualReview{r0, r1}) {
			t.Errorf("AnnualReviews:\n got %+v %+v", got[0], got[1])
		}
		return nil
	})
}

func testTrainingTotals(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	busy := newOfficer(t, db, tr.market.ID, "周杰")
	idle := newOfficer(t, db, tr.branch.ID, "吴静")
	gone := newOfficer(t, db, tr.branch.ID, "郑华")
	outside := newOfficer(t, db, tr.district.ID, "冯磊")
	gone.Active = false
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateOfficer(ctx, gone) })
	add := func(o *zhifa.Officer, date string, hours float64, topic string) {
		update(t, db, func(tx zhifa.Tx) error {
			return tx.AddTraining(ctx, &zhifa.Training{OfficerID: o.ID, Date: zhifa.MustDate(date), Hours: hours, Topic: topic, Kind: zhifa.TrainingGeneralLaw, Provider: "青岛市司法局"})
		})
	}
	add(busy, "2025-01-01", 8, "行政处罚法专题培训")
	add(busy, "2025-12-31", 4.5, "食品安全法培训")
	add(busy, "2024-12-31", 6, "上年度培训")
	add(busy, "2026-01-01", 6, "下年度培训")
	add(gone, "2025-05-05", 10, "离岗前培训")
	add(outside, "2025-05-05", 3, "区级培训")
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.TrainingTotals(ctx, tr.market.Path, 2025)
		if err != nil {
			return err
		}
		want := []zhifa.TrainingTotal{{OfficerID: busy.ID, Hours: 12.5}, {OfficerID: idle.ID, Hours: 0}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("TrainingTotals(market, 2025) = %v, want %v", got, want)
		}
		list, err := tx.Trainings(ctx, busy.ID)
		if err != nil {
			return err
		}
		var dates []string
		for _, x := range list {
			dates = append(dates, x.Date.String())
		}
		if want := []string{"2024-12-31", "2025-01-01", "2025-12-31", "2026-01-01"}; !reflect.DeepEqual(dates, want) {
			t.Errorf("Trainings dates %v", dates)
		}
		if list[2].Hours != 4.5 || list[2].Topic != "食品安全法培训" || list[2].Kind != zhifa.TrainingGeneralLaw || list[2].CreatedAt.IsZero() {
			t.Errorf("training: %+v", list[2])
		}
		return nil
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.AddTraining(ctx, &zhifa.Training{OfficerID: busy.ID, Date: zhifa.MustDate("2025-03-03"), Hours: -1, Kind: zhifa.TrainingDrill})
	})
	wantCode(t, "negative hours", err, zhifa.EINVALID)
}

func testItems(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	u := newUser(t, db, tr.market.ID)
	code := uniq("370200-CF-")
	it := &zhifa.Item{Code: code, Name: "对生产经营不符合食品安全标准的食品的处罚", Category: zhifa.CatPenalty, AgencyID: tr.market.ID,
		Domain: "食品安全",
		Basis: []zhifa.Basis{{Law: "中华人民共和国食品安全法", Article: "第一百二十四条",
			Text: "违反本法规定，有下列情形之一，尚不构成犯罪的，由县级以上人民政府食品安全监督管理部门没收违法所得……"}},
		Procedure: "立案—调查取证—告知—决定—送达—执行", TimeLimit: "九十日", Remedy: "行政复议或者行政诉讼",
		Guide:     zhifa.ServiceGuide{AcceptingOrg: "青岛市市场监督管理局", Phone: "0532-12345", Address: "青岛市市南区"},
		Flowchart: []string{"立案", "调查", "告知", "决定"}, UpdatedBy: u.ID}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateItem(ctx, it, "新增事项") })
	if it.ID == 0 || it.Version != 1 || it.UpdatedAt.IsZero() {
		t.Fatalf("created item: %+v", it)
	}
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.ItemByCode(ctx, code)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, it) {
			t.Errorf("ItemByCode:\n got %+v\nwant %+v", got, it)
		}
		return nil
	})
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.CreateItem(ctx, &zhifa.Item{Code: code, Name: "重复", Category: zhifa.CatPenalty, AgencyID: tr.market.ID}, "")
	})
	wantCode(t, "duplicate code", err, zhifa.ECONFLICT)
	if msg := zhifa.ErrorMessage(err); msg != "事项编码已存在" {
		t.Errorf("message %q", msg)
	}

	// Two editors read version 1; the first saves, the second is refused.
	first, second := *it, *it
	first.TimeLimit, first.UpdatedAt = "六十日", time.Time{}
	update(t, db, func(tx zhifa.Tx) error { return tx.UpdateItem(ctx, &first, "调整办理时限") })
	if first.Version != 2 {
		t.Errorf("version after update %d", first.Version)
	}
	second.Remedy = "行政复议"
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateItem(ctx, &second, "并发修改") })
	wantCode(t, "stale update", err, zhifa.ECONFLICT)
	if msg := zhifa.ErrorMessage(err); msg != "事项已被他人修改，请刷新后重试" {
		t.Errorf("message %q", msg)
	}
	missing := *it
	missing.ID = 987654321
	err = db.Update(ctx, func(tx zhifa.Tx) error { return tx.UpdateItem(ctx, &missing, "") })
	wantCode(t, "update unknown item", err, zhifa.ENOTFOUND)

	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Item(ctx, it.ID)
		if err != nil {
			return err
		}
		if got.Version != 2 || got.TimeLimit != "六十日" || got.Remedy != "行政复议或者行政诉讼" {
			t.Errorf("stored item: %+v", got)
		}
		vs, err := tx.ItemVersions(ctx, it.ID)
		if err != nil {
			return err
		}
		if len(vs) != 2 {
			t.Fatalf("%d versions", len(vs))
		}
		// Newest first.
		if vs[1].Version != 1 || vs[1].Note != "新增事项" || !reflect.DeepEqual(vs[1].Item, *it) || vs[1].ChangedBy != u.ID {
			t.Errorf("version 1: %+v", vs[1])
		}
		if vs[0].Version != 2 || vs[0].Note != "调整办理时限" || !reflect.DeepEqual(vs[0].Item, first) || !vs[0].ChangedAt.Equal(first.UpdatedAt) {
			t.Errorf("version 2: %+v\nwant item %+v", vs[0], first)
		}
		return nil
	})
}

func testItemsFilter(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	p := uniq("Q") + "-"
	var all []*zhifa.Item
	for _, x := range []struct {
		code, name string
		cat        zhifa.ItemCategory
		agency     int64
	}{
		{"C", "对未取得食品生产经营许可从事食品生产经营活动的处罚", zhifa.CatPenalty, tr.market.ID},
		{"A", "食品生产许可", zhifa.CatLicense, tr.market.ID},
		{"E", "查封、扣押不符合食品安全标准的食品", zhifa.CatCompulsion, tr.branch.ID},
		{"B", "对违反广告法行为的处罚", zhifa.CatPenalty, tr.branch.ID},
		{"D", "对违反城市市容和环境卫生管理规定的处罚", zhifa.CatPenalty, tr.district.ID},
	} {
		it := &zhifa.Item{Code: p + x.code, Name: x.name, Category: x.cat, AgencyID: x.agency}
		update(t, db, func(tx zhifa.Tx) error { return tx.CreateItem(ctx, it, "") })
		all = append(all, it)
	}
	c, a, e, b, d := all[0].ID, all[1].ID, all[2].ID, all[3].ID, all[4].ID
	tests := []struct {
		name  string
		f     zhifa.ItemFilter
		want  []int64
		total int
	}{
		{"city, by code", zhifa.ItemFilter{UnderPath: tr.city.Path}, []int64{a, b, c, d, e}, 5},
		{"market subtree", zhifa.ItemFilter{UnderPath: tr.market.Path}, []int64{a, b, c, e}, 4},
		{"agency", zhifa.ItemFilter{UnderPath: tr.city.Path, AgencyID: tr.branch.ID}, []int64{b, e}, 2},
		{"category", zhifa.ItemFilter{UnderPath: tr.city.Path, Category: zhifa.CatPenalty}, []int64{b, c, d}, 3},
		{"name", zhifa.ItemFilter{UnderPath: tr.city.Path, Query: "食品"}, []int64{a, c, e}, 3},
		{"code", zhifa.ItemFilter{UnderPath: tr.city.Path, Query: strings.ToLower(p + "d")}, []int64{d}, 1},
		{"combined", zhifa.ItemFilter{UnderPath: tr.market.Path, Category: zhifa.CatPenalty, Query: "处罚"}, []int64{b, c}, 2},
		{"page", zhifa.ItemFilter{UnderPath: tr.city.Path, Page: zhifa.Page{Limit: 2, Offset: 2}}, []int64{c, d}, 5},
		{"underscore is literal", zhifa.ItemFilter{UnderPath: tr.city.Path, Query: "_"}, []int64{}, 0},
	}
	view(t, db, func(tx zhifa.Tx) error {
		for _, tt := range tests {
			list, total, err := tx.Items(ctx, tt.f)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if got := ids(list, func(i *zhifa.Item) int64 { return i.ID }); !reflect.DeepEqual(got, tt.want) || total != tt.total {
				t.Errorf("%s: %v total %d, want %v total %d", tt.name, got, total, tt.want, tt.total)
			}
		}
		return nil
	})
}

func testAudit(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	u := newUser(t, db, tr.market.ID)
	base := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	obj := uniq("officer/")
	entries := []*zhifa.AuditEntry{
		{At: base, UserID: u.ID, Login: u.Login, AgencyID: tr.market.ID, Action: "officer.create", Object: obj, IP: "10.0.0.8", Success: true, Detail: "新增执法人员 张伟", ObjectPath: tr.market.Path},
		{At: base.Add(time.Minute), UserID: u.ID, Login: u.Login, AgencyID: tr.market.ID, Action: "officer.read_pii", Object: obj, IP: "10.0.0.8", Success: true, ObjectPath: tr.market.Path},
		{At: base.Add(2 * time.Minute), Login: "unknown", Action: "login", IP: "10.0.0.9", Success: false, Detail: "用户名或密码错误"},
		{At: base.Add(3 * time.Minute), UserID: u.ID, Login: u.Login, AgencyID: tr.market.ID, Action: "item.update", Object: uniq("item/"), Success: true, ObjectPath: tr.branch.Path},
		{At: base.Add(4 * time.Minute), Login: "wangfang", AgencyID: tr.district.ID, Action: "officer.read_pii", Object: uniq("officer/"), Success: true, ObjectPath: tr.district.Path},
		// The actor outside the market, the object in it; the actor in it, no object.
		{At: base.Add(5 * time.Minute), Login: "wangfang", AgencyID: tr.district.ID, Action: "officer.read", Object: uniq("officer/"), Success: true, ObjectPath: tr.market.Path},
		{At: base.Add(6 * time.Minute), UserID: u.ID, Login: u.Login, AgencyID: tr.branch.ID, Action: "login", Success: true},
	}
	update(t, db, func(tx zhifa.Tx) error {
		for _, e := range entries {
			if err := tx.AppendAudit(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	e0, e1, e3, e4, e5, e6 := entries[0].ID, entries[1].ID, entries[3].ID, entries[4].ID, entries[5].ID, entries[6].ID
	tests := []struct {
		name  string
		f     zhifa.AuditFilter
		want  []int64
		total int
	}{
		{"market subtree, newest first", zhifa.AuditFilter{UnderPath: tr.market.Path}, []int64{e6, e5, e3, e1, e0}, 5},
		{"city", zhifa.AuditFilter{UnderPath: tr.city.Path}, []int64{e6, e5, e4, e3, e1, e0}, 6},
		{"district", zhifa.AuditFilter{UnderPath: tr.district.Path}, []int64{e5, e4}, 2},
		{"object", zhifa.AuditFilter{Object: obj}, []int64{e1, e0}, 2},
		{"action", zhifa.AuditFilter{UnderPath: tr.city.Path, Action: "officer.read_pii"}, []int64{e4, e1}, 2},
		{"page", zhifa.AuditFilter{UnderPath: tr.city.Path, Page: zhifa.Page{Limit: 2, Offset: 1}}, []int64{e5, e4}, 6},
	}
	view(t, db, func(tx zhifa.Tx) error {
		for _, tt := range tests {
			list, total, err := tx.Audit(ctx, tt.f)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if got := ids(list, func(e *zhifa.AuditEntry) int64 { return e.ID }); !reflect.DeepEqual(got, tt.want) || total != tt.total {
				t.Errorf("%s: %v total %d, want %v total %d", tt.name, got, total, tt.want, tt.total)
			}
		}
		list, _, err := tx.Audit(ctx, zhifa.AuditFilter{Object: obj})
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(list[1], entries[0]) {
			t.Errorf("audit round trip:\n got %+v\nwant %+v", list[1], entries[0])
		}
		return nil
	})
	// An entry without a time gets the current one.
	e := &zhifa.AuditEntry{Login: "system", Action: "store.check", Success: true}
	update(t, db, func(tx zhifa.Tx) error { return tx.AppendAudit(ctx, e) })
	if time.Since(e.At) > time.Minute {
		t.Errorf("default At %v", e.At)
	}
}

func testAuditAppendOnly(t *testing.T, db *DB) {
	ctx := context.Background()
	e := &zhifa.AuditEntry{Login: "admin", Action: "user.update", Object: uniq("user/"), Success: true, Detail: "原始记录"}
	update(t, db, func(tx zhifa.Tx) error { return tx.AppendAudit(ctx, e) })
	for _, stmt := range []string{
		`UPDATE audit_log SET detail = 'tampered' WHERE id = $1`,
		`DELETE FROM audit_log WHERE id = $1`,
	} {
		if _, err := db.sql.ExecContext(ctx, stmt, e.ID); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v", stmt, err)
		}
	}
	if db.engine == EnginePostgres {
		if _, err := db.sql.ExecContext(ctx, `TRUNCATE audit_log`); err == nil {
			t.Error("TRUNCATE audit_log succeeded")
		}
	}
	view(t, db, func(tx zhifa.Tx) error {
		list, _, err := tx.Audit(ctx, zhifa.AuditFilter{Object: e.Object})
		if err != nil {
			return err
		}
		if len(list) != 1 || list[0].Detail != "原始记录" {
			t.Errorf("entry after tampering attempts: %+v", list)
		}
		return nil
	})
}

// testTimestamps checks that times come back equal, to the microsecond, in UTC, whatever
// the zone they were given in.
func testTimestamps(t *testing.T, db *DB) {
	ctx := context.Background()
	for _, at := range []time.Time{
		time.Date(2026, 3, 2, 9, 15, 30, 123456789, zhifa.CST),
		time.Date(2025, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(2024, 2, 29, 0, 0, 0, 0, zhifa.CST),
		time.Date(2026, 7, 1, 12, 0, 0, 500, time.FixedZone("", -5*3600)),
	} {
		e := &zhifa.AuditEntry{At: at, Login: "admin", Action: "test.time", Object: uniq("time/"), Success: true}
		update(t, db, func(tx zhifa.Tx) error { return tx.AppendAudit(ctx, e) })
		want := at.UTC().Truncate(time.Microsecond)
		if e.At != want {
			t.Errorf("At after append %v, want %v", e.At, want)
		}
		view(t, db, func(tx zhifa.Tx) error {
			list, _, err := tx.Audit(ctx, zhifa.AuditFilter{Object: e.Object})
			if err != nil {
				return err
			}
			if len(list) != 1 || list[0].At != want || list[0].At.Location() != time.UTC {
				t.Errorf("At read back %v, want %v", list[0].At, want)
			}
			return nil
		})
	}
	// The store's clock, for fields the caller leaves zero, is truncated likewise.
	tr := newTree(t, db)
	if tr.city.CreatedAt.Nanosecond()%1000 != 0 || tr.city.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt %v", tr.city.CreatedAt)
	}
	// Civil dates round trip unchanged.
	o := newOfficer(t, db, tr.market.ID, "蒋文")
	for _, d := range []string{"2000-02-29", "1999-12-31", "2026-01-01"} {
		o.ExamDate = zhifa.MustDate(d)
		update(t, db, func(tx zhifa.Tx) error { return tx.UpdateOfficer(ctx, o) })
		view(t, db, func(tx zhifa.Tx) error {
			got, err := tx.Officer(ctx, o.ID)
			if err != nil {
				return err
			}
			if got.ExamDate.String() != d {
				t.Errorf("ExamDate %v, want %s", got.ExamDate, d)
			}
			return nil
		})
	}
}

func testRollback(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	boom := errors.New("校验失败")
	var created *zhifa.Agency
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		created = &zhifa.Agency{ParentID: tr.market.ID, Name: "应回滚的机关", Level: zhifa.LevelCounty, Type: zhifa.AgencyAdministrative}
		if err := tx.CreateAgency(ctx, created); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, &zhifa.AuditEntry{Login: "admin", Action: "agency.create", Object: "rollback", Success: true, ObjectPath: created.Path}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want fn's error", err)
	}
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.Agency(ctx, created.ID)
		wantCode(t, "agency of a rolled-back transaction", err, zhifa.ENOTFOUND)
		list, err := tx.Agencies(ctx, tr.market.Path)
		if err != nil {
			return err
		}
		if len(list) != 2 {
			t.Errorf("market subtree has %d agencies after rollback", len(list))
		}
		_, n, err := tx.Audit(ctx, zhifa.AuditFilter{UnderPath: created.Path})
		if err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("%d audit entries after rollback", n)
		}
		return nil
	})

	// A panic rolls back and goes on.
	var id int64
	func() {
		defer func() {
			if r := recover(); r != "崩溃" {
				t.Errorf("recovered %v", r)
			}
		}()
		db.Update(ctx, func(tx zhifa.Tx) error {
			a := &zhifa.Agency{ParentID: tr.market.ID, Name: "恐慌中的机关", Level: zhifa.LevelCounty, Type: zhifa.AgencyAdministrative}
			if err := tx.CreateAgency(ctx, a); err != nil {
				return err
			}
			id = a.ID
			panic("崩溃")
		})
	}()
	view(t, db, func(tx zhifa.Tx) error {
		_, err := tx.Agency(ctx, id)
		wantCode(t, "agency of a panicked transaction", err, zhifa.ENOTFOUND)
		return nil
	})
	// The pool is still usable.
	newUser(t, db, tr.market.ID)
}

// testConcurrentUpdates runs read-modify-write transactions on one row at once; none
// may be lost (SQLite: one writer at a time; PostgreSQL: serializable, retried).
func testConcurrentUpdates(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	const n = 6
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.Update(ctx, func(tx zhifa.Tx) error {
				a, err := tx.Agency(ctx, tr.branch.ID)
				if err != nil {
					return err
				}
				a.Duties += "一"
				return tx.UpdateAgency(ctx, a)
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	view(t, db, func(tx zhifa.Tx) error {
		a, err := tx.Agency(ctx, tr.branch.ID)
		if err != nil {
			return err
		}
		if a.Duties != strings.Repeat("一", n) {
			t.Errorf("duties %q: updates lost", a.Duties)
		}
		return nil
	})
}

func testNotFound(t *testing.T, db *DB) {
	ctx := context.Background()
	const no = 987654321
	checks := []struct {
		what, msg string
		call      func(tx zhifa.Tx) error
	}{
		{"Agency", "执法机关不存在", func(tx zhifa.Tx) error { _, err := tx.Agency(ctx, no); return err }},
		{"UpdateAgency", "执法机关不存在", func(tx zhifa.Tx) error {
			return tx.UpdateAgency(ctx, &zhifa.Agency{ID: no, Name: "无", Level: zhifa.LevelCity, Type: zhifa.AgencyAdministrative})
		}},
		{"User", "用户不存在", func(tx zhifa.Tx) error { _, err := tx.User(ctx, no); return err }},
		{"UserByLogin", "用户不存在", func(tx zhifa.Tx) error { _, err := tx.UserByLogin(ctx, "nobody-here"); return err }},
		{"Session", "会话不存在", func(tx zhifa.Tx) error { _, err := tx.Session(ctx, "no-such-hash"); return err }},
		{"Officer", "执法人员不存在", func(tx zhifa.Tx) error { _, err := tx.Officer(ctx, no); return err }},
		{"UpdateOfficer", "执法人员不存在", func(tx zhifa.Tx) error {
			return tx.UpdateOfficer(ctx, &zhifa.Officer{ID: no, AgencyID: 1, Name: "无"})
		}},
		{"Certificate", "执法证件不存在", func(tx zhifa.Tx) error { _, err := tx.Certificate(ctx, no); return err }},
		{"CertificateByNumber", "执法证件不存在", func(tx zhifa.Tx) error { _, err := tx.CertificateByNumber(ctx, "无此编号"); return err }},
		{"UpdateCertificate", "执法证件不存在", func(tx zhifa.Tx) error {
			return tx.UpdateCertificate(ctx, &zhifa.Certificate{ID: no, Number: uniq("none"), State: zhifa.CertValid})
		}},
		{"Item", "执法事项不存在", func(tx zhifa.Tx) error { _, err := tx.Item(ctx, no); return err }},
		{"ItemByCode", "执法事项不存在", func(tx zhifa.Tx) error { _, err := tx.ItemByCode(ctx, "无此编码"); return err }},
	}
	for _, c := range checks {
		err := db.Update(ctx, c.call)
		wantCode(t, c.what, err, zhifa.ENOTFOUND)
		if got := zhifa.ErrorMessage(err); got != c.msg {
			t.Errorf("%s: message %q, want %q", c.what, got, c.msg)
		}
	}
	// Lists of unknown parents are empty, not errors.
	view(t, db, func(tx zhifa.Tx) error {
		evs, err := tx.CertEvents(ctx, no)
		if err != nil || len(evs) != 0 {
			t.Errorf("CertEvents: %v %v", evs, err)
		}
		vs, err := tx.ItemVersions(ctx, no)
		if err != nil || len(vs) != 0 {
			t.Errorf("ItemVersions: %v %v", vs, err)
		}
		return nil
	})
}

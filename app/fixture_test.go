package app_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/sqlstore"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// world is a small hierarchy: a city with a justice and a market bureau, and an
// unrelated county with its own bureau; one user per role in the market bureau, a
// supervisor in the justice bureau and an officer of the county.
type world struct {
	app    *app.App
	store  zhifa.Store
	clock  *clock
	city   *zhifa.Agency
	market *zhifa.Agency
	branch *zhifa.Agency // sub-unit of the market bureau
	judge  *zhifa.Agency // the city justice bureau
	county *zhifa.Agency
	bureau *zhifa.Agency // the county's bureau
	users  map[string]*zhifa.User
}

const testPassword = "secret-123"

// testArgon2 are cheap hashing costs: tests log in hundreds of times.
var testArgon2 = app.Argon2Params{Memory: 64, Time: 1, Threads: 1}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{store: st, clock: &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, zhifa.CST)}, users: map[string]*zhifa.User{}}
	w.app = app.New(st, app.Options{Now: w.clock.Now, Argon2: testArgon2})
	sys := app.WithActor(ctx, app.SystemActor("test"))
	mk := func(parent int64, name string, level zhifa.AgencyLevel, typ zhifa.AgencyType) *zhifa.Agency {
		in := personnel.AgencyInput{ParentID: parent, Name: name, Level: level, Type: typ, RegionCode: "370200", LegalBasis: "《地方各级人民代表大会和地方各级人民政府组织法》"}
		if strings.HasSuffix(name, "司法局") { // the city's justice bureau supervises (issue 9 §2)
			supervises := true
			in.Supervises = &supervises
		}
		r, err := w.app.Personnel().CreateAgency(sys, in)
		if err != nil {
			t.Fatalf("create agency %s: %v", name, err)
		}
		return r.Agency
	}
	w.city = mk(0, "东港市人民政府", zhifa.LevelCity, zhifa.AgencyGovernment)
	w.judge = mk(w.city.ID, "东港市司法局", zhifa.LevelCity, zhifa.AgencyAdministrative)
	w.market = mk(w.city.ID, "东港市市场监督管理局", zhifa.LevelCity, zhifa.AgencyAdministrative)
	w.branch = mk(w.market.ID, "东港市市场监督管理局开发区分局", zhifa.LevelCounty, zhifa.AgencyAdministrative)
	w.county = mk(0, "西山县人民政府", zhifa.LevelCounty, zhifa.AgencyGovernment)
	w.bureau = mk(w.county.ID, "西山县市场监督管理局", zhifa.LevelCounty, zhifa.AgencyAdministrative)
	for _, u := range []struct {
		login  string
		role   zhifa.Role
		agency *zhifa.Agency
	}{
		{"admin", zhifa.RoleAdmin, w.city},
		{"officer1", zhifa.RoleOfficer, w.market},
		{"reviewer1", zhifa.RoleReviewer, w.market},
		{"head1", zhifa.RoleHead, w.market},
		{"supervisor1", zhifa.RoleSupervisor, w.judge},
		{"outsider", zhifa.RoleAdmin, w.county},
	} {
		user, err := w.app.CreateUser(sys, app.UserInput{Login: u.login, Name: u.login, Role: u.role, AgencyID: u.agency.ID, Password: testPassword})
		if err != nil {
			t.Fatalf("create user %s: %v", u.login, err)
		}
		w.users[u.login] = user
	}
	return w
}

// as returns a context acting as the named user, through a real login.
func (w *world) as(t *testing.T, login string) context.Context {
	t.Helper()
	ctx := app.WithActor(context.Background(), &app.Actor{IP: "192.0.2.1"})
	token, _, err := w.app.Login(ctx, login, testPassword, zhifa.SessionAPI)
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	actor, err := w.app.Authenticate(ctx, token, zhifa.SessionAPI)
	if err != nil {
		t.Fatalf("authenticate %s: %v", login, err)
	}
	return app.WithActor(context.Background(), actor)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := zhifa.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// officerInput is a valid officer of the agency; n varies the 身份证号.
func officerInput(agencyID int64, n int) personnel.OfficerInput {
	ids := []string{"11010519491231002X", "370202199001011237", "370202198507153414", "370202199212300020"}
	return personnel.OfficerInput{AgencyID: agencyID, Name: "张三", IDNumber: ids[n%len(ids)], Phone: "13800138000", Domains: []string{"市场监管"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true}
}

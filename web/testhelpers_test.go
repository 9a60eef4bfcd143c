package web

// Shared fixtures of the web tests: a real server over a fresh SQLite store, seeded with
// two unrelated governments, one user per role, and some officers, certificates and items.
// Every test that needs a server starts one with newTestEnv; seeding costs about half a
// second (password hashing), so start one per test function, not per subtest.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/evidence"
	"zhifa/app/personnel"
	"zhifa/blob"
	"zhifa/idcode"
	"zhifa/ledger"
	"zhifa/sqlstore"
	"zhifa/web/kit"
)

// testPassword is the password of every seeded user.
const testPassword = "test-pass-123"

// testArgon2 are cheap hashing costs: tests log in hundreds of times.
var testArgon2 = app.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// Seeded logins. The city's users work in the market-regulation bureau, except the
// supervisor, who works in the city's justice bureau. The county's users belong to an
// unrelated government and must never reach the city's objects.
const (
	loginAdmin         = "admin"
	loginOfficer       = "officer1"
	loginReviewer      = "reviewer1"
	loginHead          = "head1"
	loginSupervisor    = "supervisor1"
	loginCountyAdmin   = "county_admin"
	loginCountyOfficer = "county_officer"
)

// cityLogins are the seeded city users, one per role.
var cityLogins = []string{loginAdmin, loginOfficer, loginReviewer, loginHead, loginSupervisor}

// testStart is the initial time of the test clock: a Monday morning in CST.
var testStart = time.Date(2026, 3, 2, 10, 0, 0, 0, zhifa.CST)

// testClock is a settable clock shared by the app and the store.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// objects are the IDs and keys of one government's seeded objects, for path parameters.
type objects struct {
	Agency   *zhifa.Agency  // an enforcement bureau
	User     *zhifa.User    // a user of that bureau
	Officer  *zhifa.Officer // an officer of that bureau
	Cert     *zhifa.Certificate
	Item     *catalog.ItemView
	Training *zhifa.Training
	// Evidence is set by seedEvidence (not by newTestEnv: the ledger tests count the
	// seeded entries).
	Evidence *evidence.EvidenceView
}

// testEnv is a running zhifa server for tests.
type testEnv struct {
	App    *app.App
	Server *Server
	HTTP   *httptest.Server
	Clock  *testClock
	Store  *sqlstore.DB
	// Blobs is the evidence storage, a directory in t.TempDir().
	Blobs *blob.Dir
	// Signer signs the ledger's checkpoints; the integrator does not run on its own:
	// tests call App.IntegrateLedger.
	Signer *ledger.Signer

	// The city (东港市): its government, the justice bureau, the market-regulation bureau
	// with a sub-unit (开发区分局), and an ecology bureau.
	CityGov, Justice, Market, MarketBranch, Ecology *zhifa.Agency
	// The unrelated county (西山县): its government and its market-regulation bureau.
	CountyGov, CountyMarket *zhifa.Agency

	// Users by login, see the login constants.
	Users map[string]*zhifa.User

	// City objects in the market bureau, and county objects in the county's bureau.
	City, County objects
	// execOfficer is the second certified officer of servedFine (api_execution_test.go).
	execOfficer int64
	// BranchOfficer works in the market bureau's sub-unit; EcologyOfficer in the ecology
	// bureau (under the city government, but outside the market bureau's subtree).
	BranchOfficer, EcologyOfficer *zhifa.Officer

	client *http.Client
	mu     sync.Mutex
	tokens map[string]string // API tokens by login
	cookie map[string]string // UI session tokens by login
}

// newTestEnv starts a server over a fresh SQLite store in t.TempDir() and seeds it through
// the app as app.SystemActor. The server is closed when the test ends.
func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	ctx := context.Background()
	env := &testEnv{Clock: &testClock{t: testStart}, Users: map[string]*zhifa.User{}, tokens: map[string]string{}, cookie: map[string]string{}}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key, Now: env.Clock.Now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	env.Store = st
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	skey, _, err := ledger.GenerateKeys("zhifa.test/ledger")
	if err != nil {
		t.Fatal(err)
	}
	sm2key, _, err := ledger.GenerateSM2Keys("zhifa.test/ledger")
	if err != nil {
		t.Fatal(err)
	}
	if env.Signer, err = ledger.NewSigner(skey, sm2key); err != nil {
		t.Fatal(err)
	}
	if env.Blobs, err = blob.OpenDir(ctx, filepath.Join(t.TempDir(), "blobs")); err != nil {
		t.Fatal(err)
	}
	env.App = app.New(st, app.Options{Now: env.Clock.Now, Logger: quiet, LedgerSigner: env.Signer, Blobs: env.Blobs, Argon2: testArgon2})
	env.Server = New(env.App, Options{Logger: quiet})
	env.HTTP = httptest.NewServer(env.Server)
	t.Cleanup(env.HTTP.Close)
	env.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	env.seed(t)
	return env
}

func (env *testEnv) seed(t testing.TB) {
	t.Helper()
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	must := func(err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed %s: %v", what, err)
		}
	}
	agency := func(parent *zhifa.Agency, name, short string, level zhifa.AgencyLevel, typ zhifa.AgencyType, region string) *zhifa.Agency {
		t.Helper()
		in := personnel.AgencyInput{Name: name, ShortName: short, Level: level, Type: typ, RegionCode: region,
			LegalBasis: "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》", Domains: []string{"市场监管"}}
		if parent != nil {
			in.ParentID = parent.ID
		}
		if strings.HasSuffix(name, "司法局") { // the city's justice bureau supervises (issue 9 §2)
			supervises := true
			in.Supervises = &supervises
		}
		res, err := env.App.Personnel().CreateAgency(sys, in)
		must(err, "agency "+name)
		return res.Agency
	}
	env.CityGov = agency(nil, "东港市人民政府", "东政", zhifa.LevelCity, zhifa.AgencyGovernment, "210681")
	env.Justice = agency(env.CityGov, "东港市司法局", "东司", zhifa.LevelCity, zhifa.AgencyAdministrative, "210681")
	env.Market = agency(env.CityGov, "东港市市场监督管理局", "东市监", zhifa.LevelCity, zhifa.AgencyAdministrative, "210681")
	env.MarketBranch = agency(env.Market, "东港市市场监督管理局开发区分局", "东市监开", zhifa.LevelCounty, zhifa.AgencyAdministrative, "210681")
	env.Ecology = agency(env.CityGov, "东港市生态环境局", "东环", zhifa.LevelCity, zhifa.AgencyAdministrative, "210681")
	env.CountyGov = agency(nil, "西山县人民政府", "西政", zhifa.LevelCounty, zhifa.AgencyGovernment, "370202")
	env.CountyMarket = agency(env.CountyGov, "西山县市场监督管理局", "西市监", zhifa.LevelCounty, zhifa.AgencyAdministrative, "370202")

	seq := 0
	officer := func(ag *zhifa.Agency, name string) *zhifa.Officer {
		t.Helper()
		seq++
		v, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: ag.ID, Name: name, IDNumber: testPersonID(t, seq),
			Phone: "1380013800" + string(rune('0'+seq%10)), Position: "科员", Domains: []string{"市场监管"},
			ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
		must(err, "officer "+name)
		return v.Officer
	}
	cert := func(o *zhifa.Officer, number string) *zhifa.Certificate {
		t.Helper()
		c, err := env.App.Personnel().IssueCertificate(sys, o.ID, personnel.CertInput{Number: number, Issuer: "东港市人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31")})
		must(err, "certificate "+number)
		return c
	}
	item := func(ag *zhifa.Agency, code string) *catalog.ItemView {
		t.Helper()
		v, err := env.App.Catalog().CreateItem(sys, catalog.ItemInput{Code: code, Name: "对生产经营不符合食品安全标准的食品的处罚", Category: zhifa.CatPenalty,
			AgencyID: ag.ID, Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条"}},
			Procedure: "立案、调查、告知、决定", TimeLimit: "90日", Remedy: "行政复议或行政诉讼"})
		must(err, "item "+code)
		return v
	}
	training := func(o *zhifa.Officer) *zhifa.Training {
		t.Helper()
		tr, err := env.App.Personnel().AddTraining(sys, o.ID, personnel.TrainingInput{Date: zhifa.MustDate("2026-01-10"), Hours: 8, Topic: "行政处罚法", Kind: zhifa.TrainingGeneralLaw})
		must(err, "training")
		return tr
	}

	env.City = objects{Agency: env.Market, Officer: officer(env.Market, "张三")}
	env.City.Cert = cert(env.City.Officer, "东市监执001")
	env.City.Item = item(env.Market, "DG-SC-CF-0001")
	env.City.Training = training(env.City.Officer)
	env.BranchOfficer = officer(env.MarketBranch, "李四")
	env.EcologyOfficer = officer(env.Ecology, "王五")
	env.County = objects{Agency: env.CountyMarket, Officer: officer(env.CountyMarket, "赵六")}
	env.County.Cert = cert(env.County.Officer, "西市监执001")
	env.County.Item = item(env.CountyMarket, "XS-SC-CF-0001")
	env.County.Training = training(env.County.Officer)

	for _, u := range []struct {
		login   string
		role    zhifa.Role
		agency  *zhifa.Agency
		officer *zhifa.Officer
	}{
		{loginAdmin, zhifa.RoleAdmin, env.Market, nil},
		{loginOfficer, zhifa.RoleOfficer, env.Market, env.City.Officer},
		{loginReviewer, zhifa.RoleReviewer, env.Market, nil},
		{loginHead, zhifa.RoleHead, env.Market, nil},
		{loginSupervisor, zhifa.RoleSupervisor, env.Justice, nil},
		{loginCountyAdmin, zhifa.RoleAdmin, env.CountyMarket, nil},
		{loginCountyOfficer, zhifa.RoleOfficer, env.CountyMarket, env.County.Officer},
	} {
		in := app.UserInput{Login: u.login, Name: u.login, Role: u.role, AgencyID: u.agency.ID, Password: testPassword}
		if u.officer != nil {
			in.OfficerID = u.officer.ID
		}
		user, err := env.App.CreateUser(sys, in)
		must(err, "user "+u.login)
		env.Users[u.login] = user
	}
	env.City.User = env.Users[loginOfficer]
	env.County.User = env.Users[loginCountyOfficer]
	_, err := env.App.IntegrateLedger(context.Background())
	must(err, "ledger checkpoint")
}

// testPersonID is a valid 身份证号, different for each n.
func testPersonID(t testing.TB, n int) string {
	t.Helper()
	id, err := idcode.NewPersonID("210681", time.Date(1980+n%20, time.Month(1+n%12), 1+n%28, 0, 0, 0, 0, time.UTC), n%1000)
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

// actor returns the app actor of a seeded login, as the server would resolve it, or the
// public for "".
func (env *testEnv) actor(t testing.TB, login string) *app.Actor {
	t.Helper()
	if login == "" {
		return &app.Actor{}
	}
	a, err := env.App.Authenticate(context.Background(), env.token(t, login), zhifa.SessionAPI)
	if err != nil {
		t.Fatalf("authenticate %s: %v", login, err)
	}
	return a
}

// login opens a new session of kind (zhifa.SessionAPI or zhifa.SessionUI) for login.
func (env *testEnv) login(t testing.TB, login, kind string) string {
	t.Helper()
	token, _, err := env.App.Login(app.WithActor(context.Background(), &app.Actor{IP: "127.0.0.1"}), login, testPassword, kind)
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	return token
}

// token returns an API bearer token of login, logging in once per environment.
func (env *testEnv) token(t testing.TB, login string) string {
	t.Helper()
	env.mu.Lock()
	defer env.mu.Unlock()
	if tok, ok := env.tokens[login]; ok {
		return tok
	}
	tok := env.login(t, login, zhifa.SessionAPI)
	env.tokens[login] = tok
	return tok
}

// sessionCookie returns the browser session token of login (the value of the
// zhifa_session cookie), logging in once per environment.
func (env *testEnv) sessionCookie(t testing.TB, login string) string {
	t.Helper()
	env.mu.Lock()
	defer env.mu.Unlock()
	if tok, ok := env.cookie[login]; ok {
		return tok
	}
	tok := env.login(t, login, zhifa.SessionUI)
	env.cookie[login] = tok
	return tok
}

// response is a finished HTTP exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test if it is not JSON.
func (r *response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response %d is not JSON: %v\n%s", r.Status, err, r.Body)
	}
}

// ErrorCode is the code of a JSON error body, "" if there is none.
func (r *response) ErrorCode() string {
	var e struct {
		Error kit.APIError `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Error is the error of a JSON error body.
func (r *response) Error() kit.APIError {
	var e struct {
		Error kit.APIError `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error
}

// send performs req with the test client.
func (env *testEnv) send(t testing.TB, req *http.Request) *response {
	t.Helper()
	res, err := env.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: body}
}

// newRequest builds a request to the test server; body may be nil, a string or []byte
// (sent as is) or any other value (sent as JSON).
func (env *testEnv) newRequest(t testing.TB, method, path string, body any) *http.Request {
	t.Helper()
	var r io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case string:
		r, ct = strings.NewReader(b), "application/json"
	case []byte:
		r, ct = bytes.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r, ct = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, env.HTTP.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return req
}

// api sends an API request as login ("" for the public) with a JSON body (see newRequest).
func (env *testEnv) api(t testing.TB, method, path, login string, body any) *response {
	t.Helper()
	req := env.newRequest(t, method, path, body)
	if login != "" {
		req.Header.Set("Authorization", "Bearer "+env.token(t, login))
	}
	return env.send(t, req)
}

// apiOK is api that fails the test unless the status is want, decoding the body into out
// when out is not nil.
func (env *testEnv) apiOK(t testing.TB, want int, method, path, login string, body, out any) *response {
	t.Helper()
	res := env.api(t, method, path, login, body)
	if res.Status != want {
		t.Fatalf("%s %s as %q: status %d, want %d\n%s", method, path, login, res.Status, want, res.Body)
	}
	if out != nil {
		res.JSON(t, out)
	}
	return res
}

// page sends a page request as login ("" for the public) with the session cookie; a
// non-nil form is posted URL-encoded. Redirects are not followed.
func (env *testEnv) page(t testing.TB, method, path, login string, form url.Values) *response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, env.HTTP.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if login != "" {
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, login)})
	}
	return env.send(t, req)
}

package demo_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/demo"
	"zhifa/law"
	"zhifa/sqlstore"
	"zhifa/statute"
)

// now is the fixed clock of the tests: a weekday in spring, so this year's training has
// dates to spread over.
var now = time.Date(2026, 4, 15, 10, 0, 0, 0, zhifa.CST)

// snapshot is what a seeded store holds, as comparable values.
type snapshot struct {
	agencies []string // name|credit code|region
	officers []string // name|agency|id masked
	certs    []string // number|valid_until|state
	items    []string // code|name|basis
	users    []string // login|role|agency
}

// seeded returns an app on a copy of the shared standard seed (main_test.go).
func seeded(t *testing.T) (*app.App, snapshot, time.Duration) {
	t.Helper()
	a, took := seededCopy(t)
	return a, snap(t, a), took
}

// seededAt seeds a new database with the clock at now.
func seededAt(t *testing.T, now time.Time) (*app.App, snapshot, time.Duration) {
	t.Helper()
	ctx := context.Background()
	key := make([]byte, 32)
	rand.Read(key)
	st, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "zhifa.db"), sqlstore.Options{PIIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := app.New(st, app.Options{Now: func() time.Time { return now }})
	start := time.Now()
	if err := demo.Seed(ctx, a); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	took := time.Since(start)
	return a, snap(t, a), took
}

func sys() context.Context {
	return app.WithActor(context.Background(), app.SystemActor("test"))
}

func snap(t *testing.T, a *app.App) snapshot {
	t.Helper()
	ctx := sys()
	var s snapshot
	ags, err := a.Personnel().Agencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for _, ag := range ags {
		names[ag.ID] = ag.Name
		s.agencies = append(s.agencies, ag.Name+"|"+ag.CreditCode+"|"+ag.RegionCode)
	}
	list, err := a.Personnel().Officers(ctx, zhifa.OfficerFilter{Page: zhifa.Page{Limit: 200}})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total > len(list.Officers) {
		t.Fatalf("officer list truncated: %d of %d", len(list.Officers), list.Total)
	}
	for _, o := range list.Officers {
		s.officers = append(s.officers, o.Name+"|"+o.AgencyName+"|"+o.IDMasked)
		for _, c := range o.Certificates {
			s.certs = append(s.certs, c.Number+"|"+c.ValidUntil.String()+"|"+string(c.Effective))
		}
	}
	for off := 0; ; off += 200 {
		items, err := a.Catalog().Items(ctx, zhifa.ItemFilter{Page: zhifa.Page{Limit: 200, Offset: off}})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items.Items {
			var basis []string
			for _, b := range it.Basis {
				basis = append(basis, b.Law+b.Article)
			}
			s.items = append(s.items, it.Code+"|"+it.Name+"|"+string(it.Category)+"|"+names[it.AgencyID]+"|"+strings.Join(basis, ","))
		}
		if off+200 >= items.Total {
			break
		}
	}
	users, err := a.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		s.users = append(s.users, u.Login+"|"+string(u.Role)+"|"+names[u.AgencyID])
	}
	return s
}

func TestSeedDeterministic(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	_, first, took := seeded(t)
	t.Logf("seed took %v", took)
	_, second, _ := seededAt(t, now) // a fresh seed, against the shared one
	for _, c := range []struct {
		what      string
		got, want []string
	}{
		{"agencies", second.agencies, first.agencies},
		{"officers", second.officers, first.officers},
		{"certificates", second.certs, first.certs},
		{"items", second.items, first.items},
		{"users", second.users, first.users},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s differ between two seeds:\n%v\n%v", c.what, c.got, c.want)
		}
	}
}

func TestSeedContents(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	a, s, _ := seeded(t)
	ctx := sys()

	for _, c := range []struct {
		what     string
		n        int
		min, max int
	}{
		{"agencies", len(s.agencies), 10, 20},
		{"officers", len(s.officers), 55, 70},
		{"certificates", len(s.certs), 50, 70},
		{"items", len(s.items), 90, 130},
		{"accounts", len(s.users), len(demo.Accounts), len(demo.Accounts)},
	} {
		if c.n < c.min || c.n > c.max {
			t.Errorf("%d %s, want %d..%d", c.n, c.what, c.min, c.max)
		}
	}

	// Certificate states: mostly valid, and every special case present.
	states := map[zhifa.CertState]int{}
	for _, c := range s.certs {
		states[zhifa.CertState(c[strings.LastIndex(c, "|")+1:])]++
	}
	for _, c := range []struct {
		state    zhifa.CertState
		min, max int
	}{
		{zhifa.CertValid, 45, 70},
		{zhifa.CertExpired, 1, 5},
		{zhifa.CertSuspended, 1, 3},
		{zhifa.CertRevoked, 1, 1},
		{zhifa.CertCancelled, 0, 1},
	} {
		if n := states[c.state]; n < c.min || n > c.max {
			t.Errorf("%d certificates %s, want %d..%d (all: %v)", n, c.state, c.min, c.max, states)
		}
	}

	// Certificate numbers: 14 digits starting with the region code, issued by the city.
	for _, c := range s.certs {
		num := c[:strings.Index(c, "|")]
		if len(num) != 14 || !strings.HasPrefix(num, demo.RegionCode) {
			t.Errorf("certificate number %q: want 14 digits starting %s", num, demo.RegionCode)
		}
	}

	// Every category but 征收征用 (the library holds no statute for it) is present, and
	// every basis names an existing article of a law in the library, with its text.
	cats := map[string]int{}
	items, err := a.Catalog().Items(ctx, zhifa.ItemFilter{Page: zhifa.Page{Limit: 200}})
	if err != nil {
		t.Fatal(err)
	}
	penalties, checkable := 0, 0 // issue 10: items whose statutory range needs no flag
	for _, it := range items.Items {
		cats[string(it.Category)]++
		if it.Category == zhifa.CatPenalty {
			penalties++
			if w := law.RangeWarnings(it.Basis); len(w) == 0 {
				checkable++
			} else {
				t.Logf("item %s %s: %s", it.Code, it.Name, strings.Join(w, "；"))
			}
		}
		if len(it.Basis) == 0 || it.Procedure == "" || it.TimeLimit == "" || it.Remedy == "" || len(it.Flowchart) < 3 || it.Guide.Phone == "" {
			t.Errorf("item %s incomplete: %+v", it.Code, it.Item)
		}
		if !strings.Contains(it.Remedy, "六十日") && !strings.Contains(it.Remedy, "十五日") {
			t.Errorf("item %s remedy names no period: %s", it.Code, it.Remedy)
		}
		for _, b := range it.Basis {
			l, ok := statute.Lookup(b.Law)
			if !ok {
				t.Errorf("item %s: law %s not in library", it.Code, b.Law)
				continue
			}
			_, n, err := statute.ParseArticleRef(b.Law + b.Article)
			if err != nil {
				t.Errorf("item %s: article %q: %v", it.Code, b.Article, err)
				continue
			}
			art, ok := l.Article(n)
			want := art.Text
			if _, para, _ := strings.Cut(b.Article, "条"); ok && para != "" {
				_, want, ok = law.Paragraph(art.Text, para) // a basis citing one 款 holds its text
			}
			if !ok || want != b.Text {
				t.Errorf("item %s: %s%s missing or text differs from the library", it.Code, b.Law, b.Article)
			}
		}
	}
	t.Logf("penalty items without a range warning (range read, or no fine in the law): %d of %d", checkable, penalties)
	if penalties == 0 || checkable*10 < penalties*8 {
		t.Errorf("statutory ranges checked for %d of %d penalty items, want at least 80%%", checkable, penalties)
	}
	for _, c := range zhifa.ItemCategories {
		if c == zhifa.CatExpropriation {
			continue
		}
		if cats[string(c)] == 0 {
			t.Errorf("no item of category %s (%v)", c, cats)
		}
	}
	if cats[string(zhifa.CatPenalty)] < 60 {
		t.Errorf("%d penalty items, want at least 60", cats[string(zhifa.CatPenalty)])
	}

	// Warnings: training shortfalls this year, reviewer ratio, certificate problems.
	warns, err := a.PersonnelWarnings(ctx, now.Year())
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, w := range warns {
		kinds[w.Kind]++
	}
	for _, c := range []struct {
		kind     string
		min, max int
	}{
		{app.WarnTrainingShort, 5, 20},
		{app.WarnReviewersShort, 1, 3},
		{app.WarnCertInvalid, 4, 10},
		{app.WarnCertExpiring, 1, 4},
	} {
		if n := kinds[c.kind]; n < c.min || n > c.max {
			t.Errorf("%d warnings %s, want %d..%d (all: %v)", n, c.kind, c.min, c.max, kinds)
		}
	}
	// Last year nobody was short except a few.
	lastYear, err := a.PersonnelWarnings(ctx, now.Year()-1)
	if err != nil {
		t.Fatal(err)
	}
	short := 0
	for _, w := range lastYear {
		if w.Kind == app.WarnTrainingShort {
			short++
		}
	}
	if short == 0 || short >= kinds[app.WarnTrainingShort] {
		t.Errorf("%d officers short of training last year, want some but fewer than this year's %d", short, kinds[app.WarnTrainingShort])
	}
}

func TestSeedAccounts(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	a, _, _ := seeded(t)
	public := app.WithActor(context.Background(), &app.Actor{IP: "192.0.2.7"})
	for _, acc := range demo.Accounts {
		t.Run(acc.Login, func(t *testing.T) {
			token, u, err := a.Login(public, acc.Login, demo.Password, zhifa.SessionAPI)
			if err != nil {
				t.Fatalf("login: %v", err)
			}
			if u.Role != acc.Role {
				t.Errorf("role %s, want %s", u.Role, acc.Role)
			}
			actor, err := a.Authenticate(public, token, zhifa.SessionAPI)
			if err != nil {
				t.Fatal(err)
			}
			ctx := app.WithActor(context.Background(), actor)
			ag, err := a.Personnel().Agency(ctx, u.AgencyID)
			if err != nil {
				t.Fatal(err)
			}
			if ag.Name != acc.Agency {
				t.Errorf("agency %s, want %s", ag.Name, acc.Agency)
			}
			switch acc.Login {
			case "officer1", "officer2", "reviewer1":
				if u.OfficerID == 0 {
					t.Fatal("not linked to an officer")
				}
				o, err := a.Personnel().Officer(sys(), u.OfficerID)
				if err != nil {
					t.Fatal(err)
				}
				if o.Name != u.Name || o.AgencyID != u.AgencyID {
					t.Errorf("officer %s of agency %d, user %s of agency %d", o.Name, o.AgencyID, u.Name, u.AgencyID)
				}
				if c := o.CurrentCert(); c == nil || c.Effective != zhifa.CertValid {
					t.Errorf("officer %s has no valid certificate", o.Name)
				}
				if acc.Login == "reviewer1" && (!o.Reviewer || !o.LegalQual || o.LegalQualNo == "") {
					t.Errorf("reviewer1's officer: reviewer %v, legal qualification %v %q", o.Reviewer, o.LegalQual, o.LegalQualNo)
				}
			case "admin":
				// The admin sees every agency of the city.
				all, err := a.Personnel().Agencies(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(all) < 10 {
					t.Errorf("admin sees %d agencies", len(all))
				}
			case "supervisor1":
				warns, err := a.PersonnelWarnings(ctx, now.Year())
				if err != nil {
					t.Fatal(err)
				}
				agencies := map[string]bool{}
				for _, w := range warns {
					agencies[w.Agency] = true
				}
				if len(agencies) < 3 {
					t.Errorf("supervisor sees warnings of %d agencies, want the whole city", len(agencies))
				}
			}
		})
	}
}

// TestSeedAnyDay seeds on days at the edges of the year: dates are placed relative to
// today, so every day must give the same kinds of data.
func TestSeedAnyDay(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	if testing.Short() {
		t.Skip("slow: seeds the demo city (-short)")
	}
	for _, day := range []string{"2027-01-01", "2028-02-29", "2026-12-31"} {
		t.Run(day, func(t *testing.T) {
			at := zhifa.MustDate(day).Time().Add(8 * time.Hour)
			a, s, _ := seededAt(t, at)
			if len(s.items) < 90 || len(s.officers) < 55 {
				t.Errorf("%d items, %d officers", len(s.items), len(s.officers))
			}
			warns, err := a.PersonnelWarnings(sys(), at.Year())
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			for _, w := range warns {
				kinds[w.Kind]++
			}
			for _, k := range []string{app.WarnTrainingShort, app.WarnReviewersShort, app.WarnCertInvalid, app.WarnCertExpiring} {
				if kinds[k] == 0 {
					t.Errorf("no %s warning (%v)", k, kinds)
				}
			}
		})
	}
}

// TestSeedTwiceConflicts checks that seeding a store that already holds data fails
// and changes nothing.
func TestSeedTwiceConflicts(t *testing.T) {
	t.Parallel() // own database; the sequential tests that change demoCases run first
	a, before, _ := seeded(t)
	err := demo.Seed(context.Background(), a)
	if code := zhifa.ErrorCode(err); code != zhifa.ECONFLICT {
		t.Fatalf("second Seed: %v, want ECONFLICT", err)
	}
	after := snap(t, a)
	for _, c := range []struct {
		what        string
		before, now []string
	}{
		{"agencies", before.agencies, after.agencies},
		{"officers", before.officers, after.officers},
		{"items", before.items, after.items},
		{"users", before.users, after.users},
	} {
		if !slices.Equal(c.before, c.now) {
			t.Errorf("second Seed changed the %s", c.what)
		}
	}
}

package demo_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/cases"
	"zhifa/app/personnel"
	"zhifa/demo"
	"zhifa/idcode"
	"zhifa/law"
	"zhifa/sqlstore"
)

// The province of zhifa gen --agencies (issue 11): a small one, five enforcement
// agencies and 300 cases, most of them copies.
const (
	provinceAgencies = 5
	provinceCases    = 300
	provinceModels   = 60
)

// generateProvince fills st with a province by the bulk path and integrates the ledger;
// it returns the app, the cases in the store and the ledger's verifier key.
func generateProvince(t testing.TB, st zhifa.Store, seed uint64) (*app.App, int, string) {
	t.Helper()
	ctx := context.Background()
	a, signer := genApp(t, st, true)
	start := time.Now()
	copied := 0
	n, err := demo.Generate(ctx, a, demo.GenOptions{Cases: provinceCases, Years: 2, Seed: seed, Models: provinceModels,
		Agencies: provinceAgencies, CopyProgress: func(done, total int) { copied = done }})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	t.Logf("%s: %d cases in %d agencies, %d of them copies, in %v", st.Engine(), n, provinceAgencies, copied,
		time.Since(start).Round(time.Millisecond))
	if copied == 0 {
		t.Fatal("no case was copied")
	}
	if _, err := a.IntegrateLedger(ctx); err != nil {
		t.Fatal(err)
	}
	return a, n, signer.VerifierKey()
}

// TestGenerateProvince generates a province of five enforcement agencies on each engine
// and checks it as TestGenerateBulkGates checks the one-bureau store (the ledger audits,
// numbers dense, histories replay through the stage machine, clocks and search), and
// that the cases are spread as a province's: the demo city under the province, every
// enforcement agency with cases, each case's two officers certified officers of its
// agency on its filing day in its item's domain (行政处罚法第四十二条), and no officer on
// more than a sane share of their agency's cases.
func TestGenerateProvince(t *testing.T) {
	for _, engine := range []string{sqlstore.EngineSQLite, sqlstore.EnginePostgres} {
		t.Run(engine, func(t *testing.T) {
			st := openGenStore(t, engine)
			a, n, vkey := generateProvince(t, st, 7)
			if n != provinceCases {
				t.Fatalf("%d cases, want %d", n, provinceCases)
			}
			auditLedger(t, st, vkey)
			checkGeneratedMix(t, a, st, n, true)
			checkProvince(t, st)
			checkProvinceSupervisor(t, a, n)
			checkPublicationMix(t, a, st)
			if engine == sqlstore.EngineSQLite {
				checkCopierOfficers(t, a, st, n)
			}
		})
	}
}

// checkProvinceSupervisor checks that the province's supervisor logs in and reads the
// cases of every agency of the province: all n of them, over several cities.
func checkProvinceSupervisor(t *testing.T, a *app.App, n int) {
	t.Helper()
	ctx := demoLogin(t, a, demo.ProvinceSupervisorLogin)
	read, agencies := 0, map[string]bool{}
	for f := (cases.CaseFilter{}); ; {
		list, err := a.Cases(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list.Cases {
			read++
			agencies[c.AgencyName] = true
		}
		if f.Cursor = list.Next; f.Cursor == "" {
			break
		}
	}
	if read != n || len(agencies) != provinceAgencies {
		t.Errorf("the province's supervisor reads %d cases of %d agencies, want %d of %d", read, len(agencies), n,
			provinceAgencies)
	}
}

// maxOfficerShare is the largest share of its agency's cases one officer may hold: with
// two officers a case, an agency of k eligible officers gives each about 2/k.
const maxOfficerShare = 0.4

// checkProvince checks the province's hierarchy and how its cases spread.
func checkProvince(t *testing.T, st zhifa.Store) {
	t.Helper()
	ctx := context.Background()
	err := st.View(ctx, func(tx zhifa.Tx) error {
		agencies, err := tx.Agencies(ctx, "")
		if err != nil {
			return err
		}
		byID := map[int64]*zhifa.Agency{}
		for _, ag := range agencies {
			byID[ag.ID] = ag
		}
		root := agencies[0]
		if root.ParentID != 0 || root.Name != demo.ProvinceName || root.Level != zhifa.LevelProvince {
			t.Errorf("root agency %q (parent %d, level %s), want the province", root.Name, root.ParentID, root.Level)
		}
		for _, ag := range agencies {
			if ag.Name == demo.CityName && ag.ParentID != root.ID {
				t.Errorf("%s is not under the province", ag.Name)
			}
		}
		cases := allCases(t, tx)
		checkFilingSpread(t, cases, 2)
		perAgency := map[int64]int{}
		perOfficer := map[int64]int{}
		for _, c := range cases {
			perAgency[c.AgencyID]++
			checkCaseOfficers(t, tx, c)
			for _, id := range c.OfficerIDs {
				perOfficer[id]++
			}
		}
		if len(perAgency) != provinceAgencies {
			names := map[string]int{}
			for id, k := range perAgency {
				names[byID[id].Name] = k
			}
			t.Errorf("cases in %d agencies, want %d: %v", len(perAgency), provinceAgencies, names)
		}
		for id, k := range perAgency {
			if k < 5 {
				t.Errorf("%s has %d cases", byID[id].Name, k)
			}
		}
		officers, err := tx.OfficersByID(ctx, keys(perOfficer)...)
		if err != nil {
			return err
		}
		for _, o := range officers {
			share := float64(perOfficer[o.ID]) / float64(perAgency[o.AgencyID])
			if share > maxOfficerShare {
				t.Errorf("officer %s holds %d of the %d cases of %s (%.0f%%)", o.Name, perOfficer[o.ID], perAgency[o.AgencyID],
					byID[o.AgencyID].Name, 100*share)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkCaseOfficers checks that the case names two distinct active officers of its
// agency whose certificates let them act on its filing day in its item's domain: the
// filing gate of 行政处罚法第四十二条 (law.CheckOfficers), which a copy must pass too.
func checkCaseOfficers(t *testing.T, tx zhifa.Tx, c *zhifa.Case) {
	t.Helper()
	ctx := context.Background()
	if len(c.OfficerIDs) != law.MinOfficers || c.OfficerIDs[0] == c.OfficerIDs[1] {
		t.Errorf("case %s: officers %v", c.Number, c.OfficerIDs)
		return
	}
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		t.Fatal(err)
	}
	officers, err := tx.OfficersByID(ctx, c.OfficerIDs...)
	if err != nil {
		t.Fatal(err)
	}
	certs, err := tx.Certificates(ctx, c.OfficerIDs...)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	byName := map[string]*zhifa.Certificate{}
	for _, o := range officers {
		if o.AgencyID != c.AgencyID || !o.Active {
			t.Errorf("case %s: officer %s is not an active officer of its agency", c.Number, o.Name)
		}
		key := o.Name + strconv.FormatInt(o.ID, 10)
		names = append(names, key)
		for _, cert := range certs {
			if cert.OfficerID == o.ID && law.MayAct(cert, c.State.FiledOn) {
				byName[key] = cert
				break
			}
		}
	}
	if err := law.CheckOfficers(c.State.FiledOn, item.Domain, names, byName); err != nil {
		t.Errorf("case %s filed on %s: %v", c.Number, c.State.FiledOn, err)
	}
	// A decision's event names its handlers (承办人员, E5), and a document that lists
	// the officers (执法人员及执法证号) names them: a copy's own, substituted for the
	// model's.
	events, err := tx.CaseEvents(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if !strings.Contains(e.Detail, "承办人员：") {
			continue
		}
		for _, o := range officers {
			if !strings.Contains(e.Detail, o.Name) {
				t.Errorf("case %s: %s names %q, not its officer %s", c.Number, e.Action, e.Detail, o.Name)
			}
		}
	}
	docs, err := tx.Documents(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		listed := d.Fields["officers"]
		if listed == "" {
			continue
		}
		for _, o := range officers {
			if !strings.Contains(listed, o.Name) {
				t.Errorf("case %s: %s lists %q, not its officer %s", c.Number, d.Type, listed, o.Name)
			}
		}
	}
}

// checkCopierOfficers: a copy's officers pass the filing's gate or nothing is written —
// too few, twice the same, another agency's officer (EINVALID), an officer of the agency
// without a certificate (EGATE, 行政处罚法第四十二条 for a penalty case's copy).
func checkCopierOfficers(t *testing.T, a *app.App, st zhifa.Store, n int) {
	t.Helper()
	ctx := context.Background()
	sys := app.WithActor(ctx, app.SystemActor("gen"))
	var model *zhifa.Case
	var other int64 // an officer of another agency
	err := st.View(ctx, func(tx zhifa.Tx) error {
		for _, c := range allCases(t, tx) {
			if c.Kind != zhifa.CasePenalty || model != nil {
				continue
			}
			if ok, err := a.CopyableCase(sys, c.ID); err == nil && ok {
				model = c
			}
		}
		if model == nil {
			return nil
		}
		for _, c := range allCases(t, tx) {
			if c.AgencyID != model.AgencyID {
				other = c.OfficerIDs[0]
				break
			}
		}
		return nil
	})
	if err != nil || model == nil || other == 0 {
		t.Fatalf("no model or no other agency's officer: %v", err)
	}
	birth := time.Date(1990, time.March, 3, 0, 0, 0, 0, time.UTC)
	pid, err := idcode.NewPersonID("371901", birth, 557)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := a.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: model.AgencyID, Name: "新某某",
		IDNumber: pid.String(), Position: "一级科员", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	copier, err := a.NewCaseCopier(sys, []int64{model.ID})
	if err != nil {
		t.Fatal(err)
	}
	party := app.PartyInput{Kind: model.Parties[0].Kind, Name: "测试复制当事人有限公司", CreditCode: model.Parties[0].CreditCode,
		IDNumber: model.Parties[0].IDNumber}
	own := model.OfficerIDs
	for _, tc := range []struct {
		name     string
		officers []int64
		code     string
	}{
		{"one officer", own[:1], zhifa.EINVALID},
		{"twice the same", []int64{own[0], own[0]}, zhifa.EINVALID},
		{"another agency's", []int64{own[0], other}, zhifa.EINVALID},
		{"uncertified", []int64{own[0], fresh.ID}, zhifa.EGATE},
	} {
		_, err := copier.Copy(sys, []app.CaseCopy{{Model: 0, Party: party, Officers: tc.officers}})
		if zhifa.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
		if ze, ok := errors.AsType[*zhifa.Error](err); tc.code == zhifa.EGATE && (!ok || ze.Rule != law.RuleTwoOfficers) {
			t.Errorf("%s: %v, want the rule %s", tc.name, err, law.RuleTwoOfficers)
		}
	}
	err = st.View(ctx, func(tx zhifa.Tx) error {
		if got := len(allCases(t, tx)); got != n {
			t.Errorf("%d cases after the refused copies, want %d", got, n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkFilingSpread checks that the filings spread over the last years (--years): the
// first within a month of the first day, the last within a month of today.
func checkFilingSpread(t *testing.T, cases []*zhifa.Case, years int) {
	t.Helper()
	today := zhifa.DateOf(genNow)
	first, last := today, zhifa.Date{}
	for _, c := range cases {
		if c.State.FiledOn.Before(first) {
			first = c.State.FiledOn
		}
		if c.State.FiledOn.After(last) {
			last = c.State.FiledOn
		}
	}
	start := zhifa.DateOf(genNow.AddDate(-years, 0, 1))
	if first.Before(start) || first.After(start.AddDays(31)) || last.Before(today.AddDays(-31)) || last.After(today) {
		t.Errorf("filed from %s to %s, want from about %s to about %s", first, last, start, today)
	}
}

func keys(m map[int64]int) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestGenerateProvinceReproducible: the same seed gives the same province — case
// numbers, parties and officers — and another seed another.
func TestGenerateProvinceReproducible(t *testing.T) {
	hash := func(seed uint64) (string, []string) {
		st := openGenStore(t, sqlstore.EngineSQLite)
		generateProvince(t, st, seed)
		return contentHash(t, st)
	}
	first, lines := hash(3)
	second, again := hash(3)
	if first != second {
		for i := range min(len(lines), len(again)) {
			if lines[i] != again[i] {
				t.Fatalf("the same seed gave other content; first difference:\n%s\n%s", lines[i], again[i])
			}
		}
		t.Fatalf("the same seed gave other content (%d and %d lines)", len(lines), len(again))
	}
	if testing.Short() {
		return
	}
	if other, _ := hash(4); other == first {
		t.Error("another seed gave the same content")
	}
}

// TestGenerateProvinceOptions: --agencies out of range is refused with a structured
// error, as are too few models for the agencies.
func TestGenerateProvinceOptions(t *testing.T) {
	for _, tc := range []struct {
		o     demo.GenOptions
		field string
	}{
		{demo.GenOptions{Cases: 100, Years: 1, Agencies: -1}, "agencies"},
		{demo.GenOptions{Cases: 100, Years: 1, Agencies: demo.MaxGenAgencies + 1}, "agencies"},
		{demo.GenOptions{Cases: 1000, Years: 1, Agencies: 100, Models: 200}, "models"},
	} {
		err := tc.o.Check()
		ze, ok := err.(*zhifa.Error)
		if !ok || ze.Code != zhifa.EINVALID || ze.Fields[tc.field] == "" {
			t.Errorf("%+v: %v, want EINVALID on %s", tc.o, err, tc.field)
		}
	}
	for _, o := range []demo.GenOptions{
		{Cases: 100, Years: 1, Agencies: 1},
		{Cases: 1000, Years: 1, Agencies: 100, Models: 300},
		{Cases: 100, Years: 1, Agencies: demo.MaxGenAgencies},
	} {
		if err := o.Check(); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
}

// checkPublicationMix checks that the generated province publishes as a real one
// (gen_publish.go): of the decisions older than a month, nearly all published, most
// within their period, a few late; the overdue backlog is a few recent decisions.
func checkPublicationMix(t *testing.T, a *app.App, st zhifa.Store) {
	t.Helper()
	ctx := context.Background()
	today := a.Today()
	old := today.AddDays(-30)
	var total, settled, published, late, overdue int
	err := st.View(ctx, func(tx zhifa.Tx) error {
		agencies, err := tx.Agencies(ctx, "")
		if err != nil {
			return err
		}
		root := agencies[0]
		for _, ag := range agencies {
			if len(ag.Path) < len(root.Path) {
				root = ag
			}
		}
		for f := (zhifa.PublicationFilter{AgencyPath: root.Path, Limit: 200}); ; {
			list, err := tx.Publications(ctx, f)
			if err != nil {
				return err
			}
			for _, p := range list {
				total++
				open := p.Status == zhifa.PubQueued || p.Status == zhifa.PubPrepared
				if open && p.Due.Before(today) {
					overdue++
				}
				if !p.DecidedOn.Before(old) {
					continue
				}
				settled++
				if !p.PublishedOn.IsZero() {
					published++
					if p.Due.Before(p.PublishedOn) {
						late++
					}
				}
			}
			if len(list) < f.Limit {
				return nil
			}
			f.After = list[len(list)-1].ID
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d publications: of %d decided over a month ago %d published, %d late; %d overdue", total, settled, published,
		late, overdue)
	if settled == 0 || published*100 < settled*90 || late*100 > published*15 || overdue*100 > total*10 {
		t.Errorf("publication mix: of %d decided over a month ago %d published (want ≥ 90%%), %d late (want ≤ 15%%); "+
			"%d of %d overdue (want ≤ 10%%)", settled, published, late, overdue, total)
	}
}

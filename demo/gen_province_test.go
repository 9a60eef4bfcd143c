package demo_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/blob"
	"zhifa/demo"
	"zhifa/law"
	"zhifa/ledger"
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
	blobs, err := blob.OpenDir(ctx, filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	blobs.SkipSync()
	skey, _, err := ledger.GenerateKeys("zhifa.test/gen")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ledger.NewSigner(skey, "")
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(st, app.Options{Now: func() time.Time { return genNow }, Blobs: blobs, LedgerSigner: signer})
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
			checkGeneratedMix(t, a, st, n, false)
			checkProvince(t, st)
		})
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

package sqlstore

import (
	"context"
	"strings"
	"testing"

	"zhifa"
)

// testLicences covers the licence decisions received (migration 00046, issue 13): the
// applicant's 身份证号 sealed at rest, the agency's unique decision numbers and source
// records, corrections with their history and version guard, the staff list's filters,
// scope and keyset, the publication of a licence (exactly one of case and licence), and
// the annual counts by kind.
func testLicences(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	it := &zhifa.Item{Code: uniq("XK"), Name: "食品经营许可", Category: zhifa.CatLicense, AgencyID: tr.market.ID, Domain: "食品安全"}
	update(t, db, func(tx zhifa.Tx) error { return tx.CreateItem(ctx, it, "") })
	mk := func(number, source string, d zhifa.LicenceDecision, day string) *zhifa.Licence {
		return &zhifa.Licence{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, ItemID: it.ID, ItemName: it.Name, Number: number,
			Decision: d, Applicant: zhifa.Party{Kind: zhifa.PartyPerson, Name: "王小明", IDNumber: "110105194912310029"},
			Content: "准予从事食品销售", ValidUntil: zhifa.MustDate("2031-01-01"), DecidedOn: zhifa.MustDate(day), Office: "市场监管局",
			Source: "许可系统", SourceID: source, Digest: "d-" + source}
	}
	var ls []*zhifa.Licence
	update(t, db, func(tx zhifa.Tx) error {
		for i, d := range []zhifa.LicenceDecision{zhifa.LicenceGrant, zhifa.LicenceGrant, zhifa.LicenceRefuse} {
			l := mk("许〔2025〕"+string(rune('1'+i))+"号", "S-"+string(rune('1'+i)), d, "2025-06-0"+string(rune('1'+i)))
			if err := tx.AddLicence(ctx, l); err != nil {
				return err
			}
			ls = append(ls, l)
		}
		return nil
	})
	if ls[0].ID == 0 || ls[0].Version != 1 || ls[0].Applicant.IDMasked != "110105********0029" {
		t.Fatalf("added %+v", ls[0])
	}
	var stored string
	if err := db.sql.QueryRowContext(ctx, `SELECT applicant_id FROM licences WHERE id = $1`, ls[0].ID).Scan(&stored); err != nil ||
		stored == "" || strings.Contains(stored, "110105") {
		t.Errorf("the 身份证号 is stored as %q (%v)", stored, err)
	}
	for what, l := range map[string]*zhifa.Licence{"a number twice": mk("许〔2025〕1号", "S-9", zhifa.LicenceGrant, "2025-06-01"),
		"a source record twice": mk("许〔2025〕9号", "S-1", zhifa.LicenceGrant, "2025-06-01")} {
		err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddLicence(ctx, l) })
		wantCode(t, what, err, zhifa.ECONFLICT)
	}

	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.LicenceBySource(ctx, tr.market.ID, "许可系统", "S-2")
		if err != nil || got.ID != ls[1].ID || got.Applicant.IDNumber != "110105194912310029" || got.AgencyName != tr.market.Name ||
			got.ValidUntil != zhifa.MustDate("2031-01-01") || !got.ValidFrom.IsZero() {
			t.Errorf("by source: %+v, %v", got, err)
		}
		if got, err := tx.LicenceByNumber(ctx, tr.market.ID, "许〔2025〕3号"); err != nil || got.ID != ls[2].ID {
			t.Errorf("by number: %+v, %v", got, err)
		}
		_, err = tx.LicenceByNumber(ctx, tr.branch.ID, "许〔2025〕3号")
		wantCode(t, "another agency's number", err, zhifa.ENOTFOUND)
		return nil
	})

	// A correction keeps its history; a stale version is refused.
	fix := *ls[0]
	fix.Content, fix.Digest = "准予从事食品和餐饮服务", "d-fixed"
	update(t, db, func(tx zhifa.Tx) error {
		return tx.UpdateLicence(ctx, &fix, zhifa.LicenceRevision{Version: 1, Digest: ls[0].Digest, Changed: []string{"许可内容"}})
	})
	stale := *ls[0]
	err := db.Update(ctx, func(tx zhifa.Tx) error {
		return tx.UpdateLicence(ctx, &stale, zhifa.LicenceRevision{Version: 1, Digest: "x"})
	})
	wantCode(t, "a stale correction", err, zhifa.ECONFLICT)
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.Licence(ctx, ls[0].ID)
		if err != nil || got.Version != 2 || got.Content != fix.Content || got.Digest != "d-fixed" {
			t.Errorf("corrected %+v, %v", got, err)
		}
		revs, err := tx.LicenceRevisions(ctx, ls[0].ID)
		if err != nil || len(revs) != 1 || revs[0].Version != 1 || revs[0].Digest != "d-S-1" || revs[0].Changed[0] != "许可内容" {
			t.Errorf("revisions %+v, %v", revs, err)
		}
		return nil
	})

	// The list: scope, filters, keyset.
	view(t, db, func(tx zhifa.Tx) error {
		for _, tc := range []struct {
			name string
			f    zhifa.LicenceFilter
			want []int64
		}{
			{"the city", zhifa.LicenceFilter{AgencyPath: tr.city.Path, Limit: 10}, []int64{ls[2].ID, ls[1].ID, ls[0].ID}},
			{"another district", zhifa.LicenceFilter{AgencyPath: tr.district.Path, Limit: 10}, nil},
			{"grants", zhifa.LicenceFilter{AgencyPath: tr.city.Path, Decision: zhifa.LicenceGrant, Limit: 10}, []int64{ls[1].ID, ls[0].ID}},
			{"a day", zhifa.LicenceFilter{AgencyID: tr.market.ID, From: zhifa.MustDate("2025-06-02"), To: zhifa.MustDate("2025-06-02")}, []int64{ls[1].ID}},
			{"a number", zhifa.LicenceFilter{AgencyPath: tr.city.Path, Number: "许〔2025〕3号"}, []int64{ls[2].ID}},
			{"after a cursor", zhifa.LicenceFilter{AgencyPath: tr.city.Path, After: ls[2].ID, Limit: 1}, []int64{ls[1].ID}},
		} {
			list, err := tx.Licences(ctx, tc.f)
			var got []int64
			for _, l := range list {
				got = append(got, l.ID)
			}
			if err != nil || len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("%s: %v, %v; want %v", tc.name, got, err, tc.want)
			}
		}
		return nil
	})

	// A publication is of a licence or of a case, never both nor neither.
	pub := func(caseID, licenceID int64) *zhifa.Publication {
		return &zhifa.Publication{AgencyID: tr.market.ID, AgencyPath: tr.market.Path, CaseID: caseID, LicenceID: licenceID,
			CaseNumber: ls[0].Number, ItemID: it.ID, ItemName: it.Name, Category: zhifa.PubLicence, Status: zhifa.PubQueued,
			DecidedOn: ls[0].DecidedOn, Due: zhifa.MustDate("2025-06-10"), PublicParty: "王某"}
	}
	p := pub(0, ls[0].ID)
	update(t, db, func(tx zhifa.Tx) error { return tx.AddPublication(ctx, p) })
	view(t, db, func(tx zhifa.Tx) error {
		got, err := tx.PublicationOfLicence(ctx, ls[0].ID)
		if err != nil || got.ID != p.ID || got.LicenceID != ls[0].ID || got.CaseID != 0 || got.Category != zhifa.PubLicence {
			t.Errorf("publication of licence: %+v, %v", got, err)
		}
		_, err = tx.PublicationOfLicence(ctx, ls[1].ID)
		wantCode(t, "a licence without publication", err, zhifa.ENOTFOUND)
		return nil
	})
	var c *zhifa.Case
	caseItemID := caseItem(t, db, tr)
	update(t, db, func(tx zhifa.Tx) (err error) { c, err = newCase(ctx, tx, tr, caseItemID, 2025); return err })
	for what, bad := range map[string]*zhifa.Publication{"both": pub(c.ID, ls[1].ID), "neither": pub(0, 0), "a licence twice": pub(0, ls[0].ID)} {
		if err := db.Update(ctx, func(tx zhifa.Tx) error { return tx.AddPublication(ctx, bad) }); err == nil {
			t.Errorf("a publication of %s was stored", what)
		}
	}

	counts := func() map[string]int64 {
		out := map[string]int64{}
		view(t, db, func(tx zhifa.Tx) error {
			n, err := tx.AnnualCounts(ctx, zhifa.AnnualFilter{UnderPath: tr.city.Path, Year: 2025})
			if err != nil {
				return err
			}
			for _, l := range n.Licences {
				out[l.Key] = l.Count
			}
			return nil
		})
		return out
	}
	if got := counts(); got["grant"] != 2 || got["refuse"] != 1 || len(got) != 2 {
		t.Errorf("annual licence counts %v", got)
	}
}

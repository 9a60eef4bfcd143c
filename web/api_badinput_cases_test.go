package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/web/kit"
	personnelweb "zhifa/web/personnel"
)

// badInputWorld is what TestAPIBadInputCases attacks: in the city's market bureau a case
// with a draft and an issued document, a benchmark, a list entry and a filing; the same in
// the unrelated county, whose objects no city user may reach (and vice versa).
type badInputWorld struct {
	cityCase, countyCase                  *app.CaseView
	cityDraft, cityIssued, countyDraft    *app.DocumentView
	cityEntry, countyEntry                *catalog.ListEntryView
	cityFiling, countyFiling              *zhifa.Filing
	cityCode, countyCode                  string
	countyParty, countyNumber, countyFact string
}

// newBadInputWorld builds the world through the app, as its users would.
func newBadInputWorld(t *testing.T, env *testEnv) *badInputWorld {
	t.Helper()
	w := &badInputWorld{cityCode: env.City.Item.Code, countyCode: env.County.Item.Code,
		countyParty: "西山县某某商行", countyFact: "西山县销售过期食品的事实"}
	sys := appCtx(app.SystemActor("test"))
	officer := appCtx(env.actor(t, loginOfficer))
	w.cityCase = documentCase(t, env)
	var err error
	if w.cityIssued, err = env.App.CreateDocument(officer, w.cityCase.ID, app.DocumentCreate{Type: zhifa.DocPenaltyNotice}); err != nil {
		t.Fatal(err)
	}
	if w.cityIssued, err = env.App.SaveDocument(officer, w.cityIssued.ID, app.DocumentInput{Version: w.cityIssued.Version,
		Fields: map[string]string{"proposed": "罚款人民币五千元"}}); err != nil {
		t.Fatal(err)
	}
	if w.cityIssued, err = env.App.IssueDocument(officer, w.cityIssued.ID, app.DocumentIssue{Version: w.cityIssued.Version}); err != nil {
		t.Fatal(err)
	}
	if w.cityDraft, err = env.App.CreateDocument(officer, w.cityCase.ID, app.DocumentCreate{Type: zhifa.DocInspectionRecord}); err != nil {
		t.Fatal(err)
	}

	// The county: a second certified officer, a case, a draft.
	o2, err := env.App.Personnel().CreateOfficer(sys, personnel.OfficerInput{AgencyID: env.CountyMarket.ID, Name: "孙八", IDNumber: testPersonID(t, 88),
		Domains: []string{"食品安全"}, ExamPassed: true, ExamDate: zhifa.MustDate("2020-05-01"), Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []int64{env.County.Officer.ID, o2.ID} {
		if _, err := env.App.Personnel().IssueCertificate(sys, id, personnel.CertInput{Number: fmt.Sprintf("XS-BAD-%d", i), Issuer: "西山县人民政府",
			ValidFrom: zhifa.MustDate("2025-01-01"), ValidUntil: zhifa.MustDate("2030-12-31"), Domains: []string{"食品安全"}}); err != nil {
			t.Fatal(err)
		}
	}
	county := appCtx(env.actor(t, loginCountyOfficer))
	if w.countyCase, err = env.App.FileCase(county, app.CaseInput{Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary, Item: w.countyCode,
		Parties:  []app.PartyInput{{Kind: zhifa.PartyOrg, Name: w.countyParty, CreditCode: "91371800MA3C4B5X6Y", Address: "西山县1号"}},
		Officers: []int64{env.County.Officer.ID, o2.ID}, OccurredOn: zhifa.MustDate("2026-02-20"), Facts: w.countyFact}); err != nil {
		t.Fatal(err)
	}
	if w.countyCase, err = env.App.Act(county, w.countyCase.ID, "investigate", app.ActionInput{Version: w.countyCase.Version}); err != nil {
		t.Fatal(err)
	}
	w.countyNumber = w.countyCase.Number
	if w.countyDraft, err = env.App.CreateDocument(county, w.countyCase.ID, app.DocumentCreate{Type: zhifa.DocPenaltyNotice}); err != nil {
		t.Fatal(err)
	}

	// Benchmarks and list entries, by each government's admin.
	bench := catalog.BenchmarkInput{Levels: []zhifa.BenchmarkLevel{
		{Name: "一般", Conditions: "首次违法，货值较小", Penalties: []string{"警告", "罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 50000_00, MaxFen: 70000_00}},
		{Name: "严重", Conditions: "多次违法", Penalties: []string{"罚款"}, Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: 70000_00, MaxFen: 100000_00}}}}
	entry := catalog.ListEntryInput{Kind: zhifa.ListLighter, Title: "主动消除违法后果", Conditions: "主动消除或者减轻违法行为危害后果",
		Basis: []zhifa.Basis{{Law: "行政处罚法", Article: "第三十二条"}}}
	for _, g := range []struct {
		login, code string
		entry       **catalog.ListEntryView
	}{{loginAdmin, w.cityCode, &w.cityEntry}, {loginCountyAdmin, w.countyCode, &w.countyEntry}} {
		ctx := appCtx(env.actor(t, g.login))
		if _, err := env.App.Catalog().CreateBenchmark(ctx, g.code, bench); err != nil {
			t.Fatalf("benchmark %s: %v", g.code, err)
		}
		if *g.entry, err = env.App.Catalog().CreateListEntry(ctx, entry); err != nil {
			t.Fatalf("list entry of %s: %v", g.login, err)
		}
	}

	// Filings with the justice bureaus (F6), as the filing stage (app/filing) writes them.
	ctx := context.Background()
	w.cityFiling = &zhifa.Filing{CaseID: w.cityCase.ID, CaseNumber: w.cityCase.Number, AgencyID: env.Market.ID, Kind: zhifa.FilingPenalty,
		ToAgencyID: env.Justice.ID, Reasons: []string{"经过听证程序"}, Summary: "罚款50000元", DecidedOn: zhifa.MustDate("2026-03-02"),
		Due: zhifa.MustDate("2026-03-17"), FiledAt: env.Clock.Now(), Status: zhifa.FilingFiled}
	w.countyFiling = &zhifa.Filing{CaseID: w.countyCase.ID, CaseNumber: w.countyCase.Number, AgencyID: env.CountyMarket.ID, Kind: zhifa.FilingPenalty,
		ToAgencyID: env.CountyGov.ID, Reasons: []string{"经过听证程序"}, Summary: "罚款50000元", DecidedOn: zhifa.MustDate("2026-03-02"),
		Due: zhifa.MustDate("2026-03-17"), FiledAt: env.Clock.Now(), Status: zhifa.FilingFiled}
	if err := env.Store.Update(ctx, func(tx zhifa.Tx) error {
		if err := tx.CreateFiling(ctx, w.cityFiling); err != nil {
			return err
		}
		return tx.CreateFiling(ctx, w.countyFiling)
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// fingerprint is everything the attacked objects hold, read straight from the store, and
// the ledger's size: a refused write must leave it unchanged.
func (w *badInputWorld) fingerprint(t *testing.T, env *testEnv) string {
	t.Helper()
	ctx := context.Background()
	var parts []any
	err := env.Store.View(ctx, func(tx zhifa.Tx) error {
		size, err := tx.LedgerSize(ctx)
		if err != nil {
			return err
		}
		parts = append(parts, size)
		for _, id := range []int64{w.cityCase.ID, w.countyCase.ID} {
			c, err := tx.Case(ctx, id)
			if err != nil {
				return err
			}
			docs, err := tx.Documents(ctx, id)
			if err != nil {
				return err
			}
			parts = append(parts, c, docs)
		}
		for _, code := range []string{w.cityCode, w.countyCode} {
			item, err := tx.ItemByCode(ctx, code)
			if err != nil {
				return err
			}
			b, err := tx.BenchmarkByItem(ctx, item.ID)
			if err != nil {
				return err
			}
			parts = append(parts, b)
		}
		for _, ag := range []int64{env.Market.ID, env.CountyMarket.ID} {
			entries, err := tx.ListEntries(ctx, zhifa.ListFilter{AgencyID: ag})
			if err != nil {
				return err
			}
			a, err := tx.Agency(ctx, ag)
			if err != nil {
				return err
			}
			parts = append(parts, entries, a)
		}
		for _, id := range []int64{w.cityFiling.ID, w.countyFiling.ID} {
			f, err := tx.Filing(ctx, id)
			if err != nil {
				return err
			}
			parts = append(parts, f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAPIBadInputCases sends bad input to every API endpoint of issues 4 and 5 —
// documents (D1), the case file (D3), benchmarks and the four lists (B3, B4), the
// proposal (行政处罚法第三十四条、第四十四条), transfers (G3), filings (F6) and the agency's
// case settings — and checks the exact status and error code, that no request is
// answered with a 500, that another government's objects answer as if missing and leak
// nothing, and that a refused write changes nothing (objects and ledger re-read).
func TestAPIBadInputCases(t *testing.T) {
	env := newTestEnv(t)
	w := newBadInputWorld(t, env)
	env.seedEvidence(t)
	cityCase := fmt.Sprintf("/api/v1/cases/%d", w.cityCase.ID)
	countyCase := fmt.Sprintf("/api/v1/cases/%d", w.countyCase.ID)
	draft := fmt.Sprintf("/api/v1/documents/%d", w.cityDraft.ID)
	issued := fmt.Sprintf("/api/v1/documents/%d", w.cityIssued.ID)
	countyDraft := fmt.Sprintf("/api/v1/documents/%d", w.countyDraft.ID)
	cityBench := "/api/v1/items/" + w.cityCode + "/benchmarks"
	countyBench := "/api/v1/items/" + w.countyCode + "/benchmarks"
	cityEntry := fmt.Sprintf("/api/v1/lists/%d", w.cityEntry.ID)
	countyEntry := fmt.Sprintf("/api/v1/lists/%d", w.countyEntry.ID)
	cityFiling := fmt.Sprintf("/api/v1/filings/%d", w.cityFiling.ID)
	countyFiling := fmt.Sprintf("/api/v1/filings/%d", w.countyFiling.ID)
	v := w.cityCase.Version
	dv := w.cityDraft.Version
	level := func(name string, fine zhifa.FineRange) map[string]any {
		return map[string]any{"name": name, "conditions": "情形", "penalties": []string{"罚款"}, "fine": fine}
	}
	fixed := func(lo, hi int64) zhifa.FineRange {
		return zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: lo, MaxFen: hi}
	}
	entry := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{"kind": "lighter", "title": "主动消除违法后果", "conditions": "主动消除危害后果",
			"basis": []map[string]any{{"law": "行政处罚法", "article": "第三十二条"}}, "active": true, "version": 1}
		change(m)
		return m
	}
	propose := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{"version": v, "penalties": []string{"罚款"}, "fine": 60000_00, "level": "一般",
			"reason": "当事人首次违法，货值金额较小，情节一般"}
		change(m)
		return m
	}
	agency := func(change func(in *personnel.AgencyInput)) personnel.AgencyInput {
		in := personnel.AgencyInputOf(env.Market)
		change(&in)
		return in
	}
	long := func(n int) string { return strings.Repeat("长", n) }

	tests := []struct {
		name   string
		login  string
		method string
		path   string
		body   any
		ctype  string // overrides the Content-Type when set
		status int
		code   string
		field  string // a field the error must name
	}{
		// ---- documents (D1) ----
		{"doc create: malformed JSON", loginOfficer, "POST", cityCase + "/documents", `{"type": "penalty_notice",}`, "", 422, zhifa.EINVALID, ""},
		{"doc create: truncated JSON", loginOfficer, "POST", cityCase + "/documents", `{"type": `, "", 422, zhifa.EINVALID, ""},
		{"doc create: number for type", loginOfficer, "POST", cityCase + "/documents", `{"type": 5}`, "", 422, zhifa.EINVALID, "type"},
		{"doc create: unknown type", loginOfficer, "POST", cityCase + "/documents", `{"type": "confession"}`, "", 422, zhifa.EINVALID, "type"},
		{"doc create: wrong stage (decision at investigation)", loginOfficer, "POST", cityCase + "/documents", `{"type": "penalty_decision"}`, "", 422, zhifa.EINVALID, "type"},
		{"doc create: text/plain", loginOfficer, "POST", cityCase + "/documents", `{"type": "penalty_notice"}`, "text/plain", 422, zhifa.EINVALID, ""},
		{"doc create: unknown case", loginOfficer, "POST", "/api/v1/cases/999999/documents", `{"type": "penalty_notice"}`, "", 404, zhifa.ENOTFOUND, ""},
		{"doc create: overflowing case id", loginOfficer, "POST", "/api/v1/cases/99999999999999999999/documents", `{"type": "penalty_notice"}`, "", 422, zhifa.EINVALID, "id"},
		{"doc create: another government's case", loginOfficer, "POST", countyCase + "/documents", `{"type": "penalty_notice"}`, "", 404, zhifa.ENOTFOUND, ""},
		{"doc create: supervisor (read-only)", loginSupervisor, "POST", cityCase + "/documents", `{"type": "penalty_notice"}`, "", 403, zhifa.EFORBIDDEN, ""},
		{"doc create: reviewer", loginReviewer, "POST", cityCase + "/documents", `{"type": "penalty_notice"}`, "", 403, zhifa.EFORBIDDEN, ""},
		{"doc create: the public", "", "POST", cityCase + "/documents", `{"type": "penalty_notice"}`, "", 401, zhifa.EUNAUTHORIZED, ""},
		{"doc list: unknown case", loginOfficer, "GET", "/api/v1/cases/999999/documents", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"doc list: another government's case", loginCountyOfficer, "GET", cityCase + "/documents", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"doc list: the public", "", "GET", cityCase + "/documents", nil, "", 401, zhifa.EUNAUTHORIZED, ""},
		{"doc read: unknown", loginOfficer, "GET", "/api/v1/documents/999999", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"doc read: zero id", loginOfficer, "GET", "/api/v1/documents/0", nil, "", 422, zhifa.EINVALID, "id"},
		{"doc read: another government's", loginOfficer, "GET", countyDraft, nil, "", 404, zhifa.ENOTFOUND, ""},
		{"doc html: another government's", loginSupervisor, "GET", countyDraft + "/html", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"doc pdf: another government's", loginCountyAdmin, "GET", issued + "/pdf", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"doc html: supervisor without a reason (D4)", loginSupervisor, "GET", issued + "/html", nil, "", 422, zhifa.EINVALID, "reason"},
		{"doc html: over-long reason", loginSupervisor, "GET", issued + "/html?reason=" + long(201), nil, "", 422, zhifa.EINVALID, "reason"},
		{"doc save: string for version", loginOfficer, "PUT", draft, `{"version": "1", "fields": {}}`, "", 422, zhifa.EINVALID, "version"},
		{"doc save: list for fields", loginOfficer, "PUT", draft, `{"version": 1, "fields": ["a"]}`, "", 422, zhifa.EINVALID, "fields"},
		{"doc save: number for a field", loginOfficer, "PUT", draft, `{"version": 1, "fields": {"facts": 5}}`, "", 422, zhifa.EINVALID, ""},
		{"doc save: a field the type lacks", loginOfficer, "PUT", draft, map[string]any{"version": dv, "fields": map[string]string{"sentence": "x"}}, "", 422, zhifa.EINVALID, "fields.sentence"},
		{"doc save: over-long field", loginOfficer, "PUT", draft, map[string]any{"version": dv, "fields": map[string]string{"facts": long(8001)}}, "", 422, zhifa.EINVALID, "fields.facts"},
		{"doc save: NUL in a field", loginOfficer, "PUT", draft, map[string]any{"version": dv, "fields": map[string]string{"facts": "a\x00b"}}, "", 422, zhifa.EINVALID, "fields.facts"},
		{"doc save: negative version", loginOfficer, "PUT", draft, map[string]any{"version": -1, "fields": map[string]string{"facts": "x"}}, "", 409, zhifa.ECONFLICT, ""},
		{"doc save: huge version", loginOfficer, "PUT", draft, `{"version": 99999999999999999999, "fields": {}}`, "", 422, zhifa.EINVALID, "version"},
		{"doc save: an issued document", loginOfficer, "PUT", issued, map[string]any{"version": w.cityIssued.Version, "fields": map[string]string{"proposed": "x"}}, "", 409, zhifa.ECONFLICT, ""},
		{"doc save: another government's", loginOfficer, "PUT", countyDraft, map[string]any{"version": w.countyDraft.Version, "fields": map[string]string{"proposed": "x"}}, "", 404, zhifa.ENOTFOUND, ""},
		{"doc save: supervisor", loginSupervisor, "PUT", draft, map[string]any{"version": dv, "fields": map[string]string{"facts": "x"}}, "", 403, zhifa.EFORBIDDEN, ""},
		{"doc save: body over 1 MiB", loginOfficer, "PUT", draft, `{"version": 1, "fields": {"facts": "` + strings.Repeat("x", kit.APIMaxBody) + `"}}`, "", 422, zhifa.EINVALID, ""},
		{"doc issue: stale version", loginOfficer, "POST", draft + "/issue", map[string]any{"version": dv + 1}, "", 409, zhifa.ECONFLICT, ""},
		{"doc issue: string version", loginOfficer, "POST", draft + "/issue", `{"version": "x"}`, "", 422, zhifa.EINVALID, "version"},
		{"doc issue: twice", loginOfficer, "POST", issued + "/issue", map[string]any{"version": w.cityIssued.Version}, "", 409, zhifa.ECONFLICT, ""},
		{"doc issue: another government's", loginOfficer, "POST", countyDraft + "/issue", map[string]any{"version": w.countyDraft.Version}, "", 404, zhifa.ENOTFOUND, ""},
		{"doc issue: reviewer", loginReviewer, "POST", draft + "/issue", map[string]any{"version": dv}, "", 403, zhifa.EFORBIDDEN, ""},
		{"doc correct: no reason", loginOfficer, "POST", issued + "/correct", `{}`, "", 422, zhifa.EINVALID, "reason"},
		{"doc correct: over-long reason", loginOfficer, "POST", issued + "/correct", map[string]any{"reason": long(501)}, "", 422, zhifa.EINVALID, "reason"},
		{"doc correct: a draft", loginOfficer, "POST", draft + "/correct", map[string]any{"reason": "笔误"}, "", 422, zhifa.EINVALID, ""},
		{"doc correct: another government's", loginCountyOfficer, "POST", issued + "/correct", map[string]any{"reason": "笔误"}, "", 404, zhifa.ENOTFOUND, ""},

		// ---- the sealed case file (D3) ----
		{"record: another government's evidence", loginOfficer, "POST", cityCase + "/records", map[string]any{"kind": "photo", "title": "现场照片", "act": "investigate", "evidence_id": env.County.Evidence.ID}, "", 422, zhifa.EINVALID, "evidence_id"},
		{"record: unknown evidence", loginOfficer, "POST", cityCase + "/records", map[string]any{"kind": "photo", "title": "现场照片", "act": "investigate", "evidence_id": 999999}, "", 422, zhifa.EINVALID, "evidence_id"},
		{"record: negative evidence id", loginOfficer, "POST", cityCase + "/records", map[string]any{"kind": "photo", "title": "现场照片", "evidence_id": -1}, "", 422, zhifa.EINVALID, "evidence_id"},
		{"record: the issued document's evidence again", loginOfficer, "POST", cityCase + "/records", map[string]any{"kind": "document", "title": "告知书", "act": "investigate", "evidence_id": w.cityIssued.EvidenceID}, "", 422, zhifa.EINVALID, "evidence_id"},
		{"record: unknown kind", loginOfficer, "POST", cityCase + "/records", map[string]any{"kind": "rumour", "title": "传闻"}, "", 422, zhifa.EINVALID, "kind"},
		{"record: over-long title", loginOfficer, "POST", cityCase + "/records", map[string]any{"kind": "other", "title": long(201)}, "", 422, zhifa.EINVALID, "title"},
		{"record: another government's case", loginOfficer, "POST", countyCase + "/records", map[string]any{"kind": "other", "title": "笔录"}, "", 404, zhifa.ENOTFOUND, ""},
		{"record: supervisor", loginSupervisor, "POST", cityCase + "/records", map[string]any{"kind": "other", "title": "笔录"}, "", 403, zhifa.EFORBIDDEN, ""},
		{"casefile: unknown case", loginOfficer, "GET", "/api/v1/cases/999999/casefile", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"casefile: another government's case", loginSupervisor, "GET", countyCase + "/casefile?reason=" + kit.URLQueryEscape("评查"), nil, "", 404, zhifa.ENOTFOUND, ""},
		{"casefile: supervisor without a reason", loginSupervisor, "GET", cityCase + "/casefile", nil, "", 422, zhifa.EINVALID, "reason"},
		{"casefile: over-long reason", loginOfficer, "GET", cityCase + "/casefile?reason=" + long(201), nil, "", 422, zhifa.EINVALID, "reason"},
		{"casefile: NUL in the reason", loginSupervisor, "GET", cityCase + "/casefile?reason=%00", nil, "", 422, zhifa.EINVALID, "reason"},
		{"casefile: non-numeric id", loginOfficer, "GET", "/api/v1/cases/abc/casefile", nil, "", 422, zhifa.EINVALID, "id"},
		{"casefile: the public", "", "GET", cityCase + "/casefile", nil, "", 401, zhifa.EUNAUTHORIZED, ""},

		// ---- benchmarks (B3) ----
		{"benchmark: unknown item", "", "GET", "/api/v1/items/NOPE-1/benchmarks", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"benchmark: over-long item code", "", "GET", "/api/v1/items/" + strings.Repeat("X", 5000) + "/benchmarks", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"benchmark versions: unknown item", "", "GET", "/api/v1/items/NOPE-1/benchmarks/versions", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"benchmark: malformed JSON", loginAdmin, "PUT", cityBench, `{"levels": [}`, "", 422, zhifa.EINVALID, ""},
		{"benchmark: object for levels", loginAdmin, "PUT", cityBench, `{"version": 1, "levels": {}}`, "", 422, zhifa.EINVALID, "levels"},
		{"benchmark: string for an amount", loginAdmin, "PUT", cityBench, `{"version": 1, "levels": [{"fine": {"min_fen": "五万"}}]}`, "", 422, zhifa.EINVALID, ""},
		{"benchmark: NaN multiple (not JSON)", loginAdmin, "PUT", cityBench, `{"version": 1, "levels": [{"fine": {"kind": "multiple", "max_times": NaN}}]}`, "", 422, zhifa.EINVALID, ""},
		{"benchmark: overflowing amount", loginAdmin, "PUT", cityBench, `{"version": 1, "levels": [{"fine": {"max_fen": 1e30}}]}`, "", 422, zhifa.EINVALID, ""},
		{"benchmark: update without version", loginAdmin, "PUT", cityBench, map[string]any{"levels": []any{level("一般", fixed(50000_00, 60000_00))}}, "", 422, zhifa.EINVALID, "version"},
		{"benchmark: stale version", loginAdmin, "PUT", cityBench, map[string]any{"version": 7, "levels": []any{level("一般", fixed(50000_00, 60000_00))}}, "", 409, zhifa.ECONFLICT, ""},
		{"benchmark: no levels", loginAdmin, "PUT", cityBench, map[string]any{"version": 1, "levels": []any{}}, "", 422, zhifa.EINVALID, "levels"},
		{"benchmark: negative minimum", loginAdmin, "PUT", cityBench, map[string]any{"version": 1, "levels": []any{level("一般", fixed(-1, 60000_00))}}, "", 422, zhifa.EINVALID, "levels.0.fine.max_fen"},
		{"benchmark: huge maximum above the statute (五万元以上十万元以下)", loginAdmin, "PUT", cityBench, map[string]any{"version": 1, "levels": []any{level("一般", fixed(50000_00, 1<<62))}}, "", 422, zhifa.EINVALID, "levels.0.fine.max_fen"},
		{"benchmark: multiple over 1000", loginAdmin, "PUT", cityBench, map[string]any{"version": 1, "levels": []any{level("一般", zhifa.FineRange{Kind: zhifa.FineMultiple, MinTimes: 10, MaxTimes: 1e9})}}, "", 422, zhifa.EINVALID, "levels.0.fine.max_times"},
		{"benchmark: unknown fine kind", loginAdmin, "PUT", cityBench, map[string]any{"version": 1, "levels": []any{level("一般", zhifa.FineRange{Kind: "daily"})}}, "", 422, zhifa.EINVALID, "levels.0.fine.kind"},
		{"benchmark: over-long level name", loginAdmin, "PUT", cityBench, map[string]any{"version": 1, "levels": []any{level(long(21), fixed(50000_00, 60000_00))}}, "", 422, zhifa.EINVALID, "levels.0.name"},
		{"benchmark: create twice", loginAdmin, "POST", cityBench, map[string]any{"levels": []any{level("一般", fixed(50000_00, 60000_00))}}, "", 409, zhifa.ECONFLICT, ""},
		{"benchmark: another government's item", loginAdmin, "PUT", countyBench, map[string]any{"version": 1, "levels": []any{level("一般", fixed(50000_00, 60000_00))}}, "", 404, zhifa.ENOTFOUND, ""},
		{"benchmark: officer", loginOfficer, "PUT", cityBench, map[string]any{"version": 1, "levels": []any{level("一般", fixed(50000_00, 60000_00))}}, "", 403, zhifa.EFORBIDDEN, ""},
		{"benchmark: supervisor", loginSupervisor, "POST", countyBench, map[string]any{"levels": []any{level("一般", fixed(50000_00, 60000_00))}}, "", 403, zhifa.EFORBIDDEN, ""},
		{"benchmark: the public", "", "PUT", cityBench, map[string]any{"version": 1}, "", 401, zhifa.EUNAUTHORIZED, ""},

		// ---- the four lists (B4) ----
		{"lists: bad agency", "", "GET", "/api/v1/lists?agency_id=abc", nil, "", 422, zhifa.EINVALID, "agency_id"},
		{"lists: negative agency", "", "GET", "/api/v1/lists?agency_id=-3", nil, "", 422, zhifa.EINVALID, "agency_id"},
		{"lists: unknown agency", "", "GET", "/api/v1/lists?agency_id=999999", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"list entry: unknown", loginAdmin, "GET", "/api/v1/lists/999999", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"list entry: another government's", loginAdmin, "GET", countyEntry, nil, "", 404, zhifa.ENOTFOUND, ""},
		{"list entry: officer", loginOfficer, "GET", cityEntry, nil, "", 403, zhifa.EFORBIDDEN, ""},
		{"list create: number for kind", loginAdmin, "POST", "/api/v1/lists", `{"kind": 1}`, "", 422, zhifa.EINVALID, "kind"},
		{"list create: unknown kind", loginAdmin, "POST", "/api/v1/lists", entry(func(m map[string]any) { m["kind"] = "amnesty" }), "", 422, zhifa.EINVALID, "kind"},
		{"list create: unknown item", loginAdmin, "POST", "/api/v1/lists", entry(func(m map[string]any) { m["item"] = "NOPE-1" }), "", 422, zhifa.EINVALID, "item"},
		{"list create: another government's item", loginAdmin, "POST", "/api/v1/lists", entry(func(m map[string]any) { m["item"] = w.countyCode }), "", 422, zhifa.EINVALID, "item"},
		{"list create: another government's agency", loginAdmin, "POST", "/api/v1/lists", entry(func(m map[string]any) { m["agency_id"] = env.CountyMarket.ID }), "", 422, zhifa.EINVALID, "agency_id"},
		{"list create: over-long title", loginAdmin, "POST", "/api/v1/lists", entry(func(m map[string]any) { m["title"] = long(201) }), "", 422, zhifa.EINVALID, "title"},
		{"list create: no basis", loginAdmin, "POST", "/api/v1/lists", entry(func(m map[string]any) { m["basis"] = []any{} }), "", 422, zhifa.EINVALID, "basis"},
		{"list create: supervisor", loginSupervisor, "POST", "/api/v1/lists", entry(func(map[string]any) {}), "", 403, zhifa.EFORBIDDEN, ""},
		{"list update: without version", loginAdmin, "PUT", cityEntry, entry(func(m map[string]any) { delete(m, "version") }), "", 422, zhifa.EINVALID, "version"},
		{"list update: stale version", loginAdmin, "PUT", cityEntry, entry(func(m map[string]any) { m["version"] = 9 }), "", 409, zhifa.ECONFLICT, ""},
		{"list update: another government's", loginAdmin, "PUT", countyEntry, entry(func(map[string]any) {}), "", 404, zhifa.ENOTFOUND, ""},
		{"list update: unknown", loginAdmin, "PUT", "/api/v1/lists/999999", entry(func(map[string]any) {}), "", 404, zhifa.ENOTFOUND, ""},

		// ---- the proposal (行政处罚法第三十四条、第四十四条; B3) and the consistency aid ----
		{"propose: no version", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { delete(m, "version") }), "", 422, zhifa.EINVALID, "version"},
		{"propose: zero version", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["version"] = 0 }), "", 422, zhifa.EINVALID, "version"},
		{"propose: negative fine", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["fine"] = -1 }), "", 422, zhifa.EINVALID, "fine"},
		{"propose: negative fine without 罚款", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["penalties"], m["fine"] = []string{"警告"}, -500 }), "", 422, zhifa.EINVALID, "fine"},
		{"propose: negative illegal gain", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["illegal_gain"] = -1 }), "", 422, zhifa.EINVALID, "illegal_gain"},
		{"propose: huge illegal gain", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["illegal_gain"] = int64(1) << 62 }), "", 422, zhifa.EINVALID, "illegal_gain"},
		{"propose: huge confiscation", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["confiscate"] = app.MaxFen + 1 }), "", 422, zhifa.EINVALID, "confiscate"},
		{"propose: overflowing fine", loginOfficer, "POST", cityCase + "/actions/propose", `{"version": 1, "fine": 1e30}`, "", 422, zhifa.EINVALID, "fine"},
		{"propose: fraction of a fen", loginOfficer, "POST", cityCase + "/actions/propose", `{"version": 1, "fine": 100.5}`, "", 422, zhifa.EINVALID, "fine"},
		{"propose: invalid date", loginOfficer, "POST", cityCase + "/actions/propose", `{"version": 1, "date": "2026-02-30"}`, "", 422, zhifa.EINVALID, ""},
		{"propose: date in the future", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["date"] = "2027-01-01" }), "", 422, zhifa.EINVALID, "date"},
		{"propose: unknown level", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["level"] = "特别严重" }), "", 422, zhifa.EINVALID, "level"},
		{"propose: over-long level", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["level"] = long(21) }), "", 422, zhifa.EINVALID, "level"},
		{"propose: unknown list entry", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["list_entries"] = []string{"NOPE"} }), "", 422, zhifa.EINVALID, "list_entries"},
		{"propose: another government's list entry", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["list_entries"] = []string{w.countyEntry.Key} }), "", 422, zhifa.EINVALID, "list_entries"},
		{"propose: penalty not in Art. 9", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["penalties"] = []string{"罚款", "游街"} }), "", 422, zhifa.EINVALID, "penalties"},
		{"propose: over-long reason", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["reason"] = long(1001) }), "", 422, zhifa.EINVALID, "reason"},
		{"propose: above the level (EGATE)", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["fine"] = 80000_00 }), "", 422, zhifa.EGATE, ""},
		{"propose: stale version", loginOfficer, "POST", cityCase + "/actions/propose", propose(func(m map[string]any) { m["version"] = v + 5 }), "", 409, zhifa.ECONFLICT, ""},
		{"propose: another government's case", loginOfficer, "POST", countyCase + "/actions/propose", propose(func(m map[string]any) { m["version"] = w.countyCase.Version }), "", 404, zhifa.ENOTFOUND, ""},
		{"propose: supervisor", loginSupervisor, "POST", cityCase + "/actions/propose", propose(func(map[string]any) {}), "", 403, zhifa.EFORBIDDEN, ""},
		{"propose: reviewer", loginReviewer, "POST", cityCase + "/actions/propose", propose(func(map[string]any) {}), "", 403, zhifa.EFORBIDDEN, ""},
		{"extend: negative days", loginHead, "POST", cityCase + "/actions/extend", map[string]any{"version": v, "days": -5, "clock": "decision", "reason": "案情复杂"}, "", 422, zhifa.EINVALID, "days"},
		{"extend: huge days", loginHead, "POST", cityCase + "/actions/extend", map[string]any{"version": v, "days": 1 << 40, "clock": "decision", "reason": "案情复杂"}, "", 422, zhifa.EINVALID, "days"},
		{"extend: overflowing days", loginHead, "POST", cityCase + "/actions/extend", `{"version": 1, "days": 1e30}`, "", 422, zhifa.EINVALID, "days"},
		{"pause_clock: unknown clock", loginHead, "POST", cityCase + "/actions/pause_clock", map[string]any{"version": v, "clock": "sundial", "reason": "鉴定"}, "", 422, zhifa.EINVALID, "clock"},
		{"similar: unknown case", loginOfficer, "GET", "/api/v1/cases/999999/similar", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"similar: another government's case", loginCountyOfficer, "GET", cityCase + "/similar", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"similar: over-long level", loginOfficer, "GET", cityCase + "/similar?level=" + strings.Repeat("a", 101), nil, "", 422, zhifa.EINVALID, "level"},

		// ---- transfers (G3) ----
		{"transfer: unknown case", loginOfficer, "GET", "/api/v1/cases/999999/transfer", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"transfer: another government's case", loginCountyAdmin, "GET", cityCase + "/transfer", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"transfers: the public", "", "GET", "/api/v1/transfers", nil, "", 401, zhifa.EUNAUTHORIZED, ""},
		{"similar: the public", "", "GET", cityCase + "/similar", nil, "", 401, zhifa.EUNAUTHORIZED, ""},
		{"transfers: unknown status", loginSupervisor, "GET", "/api/v1/transfers?status=lost", nil, "", 422, zhifa.EINVALID, "status"},
		{"transfers: bad pending", loginSupervisor, "GET", "/api/v1/transfers?pending=maybe", nil, "", 422, zhifa.EINVALID, "pending"},
		{"transfers: negative offset", loginSupervisor, "GET", "/api/v1/transfers?offset=-1", nil, "", 422, zhifa.EINVALID, "offset"},
		{"propose_transfer: no facts", loginOfficer, "POST", cityCase + "/actions/propose_transfer", map[string]any{"version": v, "transfer": map[string]any{"offence": "生产、销售伪劣产品罪"}}, "", 422, zhifa.EINVALID, "transfer.facts"},
		{"propose_transfer: over-long offence", loginOfficer, "POST", cityCase + "/actions/propose_transfer", map[string]any{"version": v, "transfer": map[string]any{"facts": "货值金额逾十万元", "offence": long(101)}}, "", 422, zhifa.EINVALID, "transfer.offence"},
		{"propose_transfer: string for transfer", loginOfficer, "POST", cityCase + "/actions/propose_transfer", `{"version": 1, "transfer": "移送"}`, "", 422, zhifa.EINVALID, "transfer"},
		{"approve_transfer: nothing proposed", loginHead, "POST", cityCase + "/actions/approve_transfer", map[string]any{"version": v}, "", 422, zhifa.EINVALID, ""},
		{"propose_transfer: another government's case", loginOfficer, "POST", countyCase + "/actions/propose_transfer", map[string]any{"version": w.countyCase.Version, "transfer": map[string]any{"facts": "x", "offence": "y"}}, "", 404, zhifa.ENOTFOUND, ""},

		// ---- filings (F6) ----
		{"filings: unknown kind", loginSupervisor, "GET", "/api/v1/filings?kind=tax", nil, "", 422, zhifa.EINVALID, "kind"},
		{"filings: unknown status", loginSupervisor, "GET", "/api/v1/filings?status=lost", nil, "", 422, zhifa.EINVALID, "status"},
		{"filings: bad late", loginSupervisor, "GET", "/api/v1/filings?late=sometimes", nil, "", 422, zhifa.EINVALID, "late"},
		{"filings: bad agency", loginSupervisor, "GET", "/api/v1/filings?agency_id=x", nil, "", 422, zhifa.EINVALID, "agency_id"},
		{"filing: unknown", loginSupervisor, "GET", "/api/v1/filings/999999", nil, "", 404, zhifa.ENOTFOUND, ""},
		{"filing: another government's", loginSupervisor, "GET", countyFiling, nil, "", 404, zhifa.ENOTFOUND, ""},
		{"filings: the public", "", "GET", "/api/v1/filings", nil, "", 401, zhifa.EUNAUTHORIZED, ""},
		{"filing: the public", "", "GET", cityFiling, nil, "", 401, zhifa.EUNAUTHORIZED, ""},
		{"filing review: unknown result", loginSupervisor, "POST", cityFiling + "/review", map[string]any{"version": 1, "result": "maybe"}, "", 422, zhifa.EINVALID, "result"},
		{"filing review: correction without remark", loginSupervisor, "POST", cityFiling + "/review", map[string]any{"version": 1, "result": "correction"}, "", 422, zhifa.EINVALID, "remark"},
		{"filing review: over-long remark", loginSupervisor, "POST", cityFiling + "/review", map[string]any{"version": 1, "result": "reviewed", "remark": long(1001)}, "", 422, zhifa.EINVALID, "remark"},
		{"filing review: string version", loginSupervisor, "POST", cityFiling + "/review", `{"version": "1", "result": "reviewed"}`, "", 422, zhifa.EINVALID, "version"},
		{"filing review: stale version", loginSupervisor, "POST", cityFiling + "/review", map[string]any{"version": 3, "result": "reviewed"}, "", 409, zhifa.ECONFLICT, ""},
		{"filing review: another government's", loginSupervisor, "POST", countyFiling + "/review", map[string]any{"version": 1, "result": "reviewed"}, "", 404, zhifa.ENOTFOUND, ""},
		{"filing review: the deciding agency's head", loginHead, "POST", cityFiling + "/review", map[string]any{"version": 1, "result": "reviewed"}, "", 403, zhifa.EFORBIDDEN, ""},
		{"filing review: officer", loginOfficer, "POST", cityFiling + "/review", map[string]any{"version": 1, "result": "reviewed"}, "", 403, zhifa.EFORBIDDEN, ""},
		{"filing review: text/plain", loginSupervisor, "POST", cityFiling + "/review", `{"version": 1, "result": "reviewed"}`, "text/plain", 422, zhifa.EINVALID, ""},

		// ---- the agency's case settings (issue 4) ----
		{"settings: negative statement period", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.StatementDays = -1 }), "", 422, zhifa.EINVALID, "statement_days"},
		{"settings: statement period of 31 working days", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.StatementDays = 31 }), "", 422, zhifa.EINVALID, "statement_days"},
		{"settings: huge statement period", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.StatementDays = 1 << 40 }), "", 422, zhifa.EINVALID, "statement_days"},
		{"settings: overflowing statement period", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), `{"statement_days": 1e30}`, "", 422, zhifa.EINVALID, "statement_days"},
		{"settings: template without the sequence", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.NumberTemplate = "{代字}{类}〔{年}〕" }), "", 422, zhifa.EINVALID, "number_template"},
		{"settings: template with an unknown placeholder", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.NumberTemplate = "{类}{年}{号}{月}" }), "", 422, zhifa.EINVALID, "number_template"},
		{"settings: over-long template", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.NumberTemplate = "{类}{年}{号}" + long(60) }), "", 422, zhifa.EINVALID, "number_template"},
		{"settings: control character in the template", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.NumberTemplate = "{类}\x07{年}{号}" }), "", 422, zhifa.EINVALID, "number_template"},
		{"settings: another government's agency", loginAdmin, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.CountyMarket.ID), agency(func(in *personnel.AgencyInput) { in.StatementDays = 5 }), "", 404, zhifa.ENOTFOUND, ""},
		{"settings: head", loginHead, "PUT", fmt.Sprintf("/api/v1/agencies/%d", env.Market.ID), agency(func(in *personnel.AgencyInput) { in.StatementDays = 5 }), "", 403, zhifa.EFORBIDDEN, ""},
	}
	// What another government's refusals must never show.
	secrets := []string{w.countyParty, w.countyNumber, w.countyFact}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := w.fingerprint(t, env)
			req := env.newRequest(t, tt.method, tt.path, tt.body)
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			if tt.login != "" {
				req.Header.Set("Authorization", "Bearer "+env.token(t, tt.login))
			}
			res := env.send(t, req)
			if res.Status >= 500 {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			if res.Status != tt.status {
				t.Fatalf("status %d, want %d\n%.600s", res.Status, tt.status, res.Body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			e := res.Error()
			if e.Code != tt.code {
				t.Errorf("code %q, want %q: %.600s", e.Code, tt.code, res.Body)
			}
			if e.Message == "" {
				t.Error("empty message")
			}
			if tt.field != "" && e.Fields[tt.field] == "" {
				t.Errorf("fields %v lack %q (message %q)", e.Fields, tt.field, e.Message)
			}
			for _, s := range secrets {
				if strings.Contains(string(res.Body), s) {
					t.Errorf("the refusal shows %q: %s", s, res.Body)
				}
			}
			if after := w.fingerprint(t, env); after != before {
				t.Errorf("the refused request changed the stored objects or the ledger")
			}
		})
	}
}

// TestAPIBadInputCasesCSRF: the staff pages of the new write actions refuse a
// cross-site form post (http.CrossOriginProtection) and change nothing.
func TestAPIBadInputCasesCSRF(t *testing.T) {
	env := newTestEnv(t)
	w := newBadInputWorld(t, env)
	for _, path := range []string{
		fmt.Sprintf("/staff/cases/%d/documents", w.cityCase.ID),
		fmt.Sprintf("/staff/documents/%d", w.cityDraft.ID),
		fmt.Sprintf("/staff/documents/%d/issue", w.cityDraft.ID),
		fmt.Sprintf("/staff/documents/%d/correct", w.cityIssued.ID),
		fmt.Sprintf("/staff/filings/%d/review", w.cityFiling.ID),
	} {
		before := w.fingerprint(t, env)
		req, err := http.NewRequest("POST", env.HTTP.URL+path, strings.NewReader("type=penalty_notice&version=1&reason=x&result=reviewed"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: kit.SessionCookie, Value: env.sessionCookie(t, loginOfficer)})
		if res := env.send(t, req); res.Status != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", path, res.Status)
		}
		if w.fingerprint(t, env) != before {
			t.Errorf("cross-site POST %s changed something", path)
		}
	}
}

// TestBenchmarkFormNaN: the benchmark editor reads multiples with strconv.ParseFloat,
// which takes "NaN" and "Inf"; law.ValidateBenchmark refuses them (a NaN passed every
// comparison and could not be stored or published as JSON), and nothing is saved.
func TestBenchmarkFormNaN(t *testing.T) {
	env := newTestEnv(t)
	w := newBadInputWorld(t, env)
	for _, tc := range []struct{ min, max string }{{"NaN", "15"}, {"10", "NaN"}, {"10", "Inf"}, {"-Inf", "15"}} {
		before := w.fingerprint(t, env)
		res := env.page(t, "POST", fmt.Sprintf("/staff/items/%d/benchmark", env.City.Item.ID), loginAdmin, url.Values{
			"version": {"1"}, "levels.0.name": {"一般"}, "levels.0.conditions": {"货值金额一万元以上"}, "levels.0.penalties": {"罚款"},
			"levels.0.fine.kind": {"multiple"}, "levels.0.fine.min_times": {tc.min}, "levels.0.fine.max_times": {tc.max}})
		if res.Status >= 500 || res.Status == http.StatusSeeOther {
			t.Errorf("times %s–%s: status %d, want the form with its error\n%.600s", tc.min, tc.max, res.Status, res.Body)
		}
		if w.fingerprint(t, env) != before {
			t.Errorf("times %s–%s: the benchmark was saved", tc.min, tc.max)
		}
	}
}

// TestAgencyFormTemplateInvalidUTF8: a form may post any bytes; a case-number template
// that is not UTF-8 (found by FuzzNumberTemplate) is refused on the form and not stored —
// PostgreSQL would refuse it, and every case number would carry it.
func TestAgencyFormTemplateInvalidUTF8(t *testing.T) {
	env := newTestEnv(t)
	f := personnelweb.AgencyFormOf(personnel.AgencyInputOf(env.Market))
	f.Set("number_template", "\xe5{类}〔{年}〕{号}号")
	res := env.page(t, "POST", fmt.Sprintf("/staff/agencies/%d/edit", env.Market.ID), loginAdmin, f.Values)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), "编号模板包含无效字符") {
		t.Errorf("status %d, want 422 naming the template\n%.600s", res.Status, res.Body)
	}
	ag, err := env.App.Personnel().Agency(appCtx(env.actor(t, loginAdmin)), env.Market.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ag.NumberTemplate != "" {
		t.Errorf("stored template %q", ag.NumberTemplate)
	}
}

// TestDocumentFieldsNeedAReason: a supervisor's read of a record is logged with a reason
// (REQUIREMENTS D4, 调阅监督). The fields of an issued document are its content, so the
// document views withhold them from a supervisor (who reads the text with a reason via
// …/html, access-logged); a draft, not yet a record, and the handlers' views keep them.
func TestDocumentFieldsNeedAReason(t *testing.T) {
	env := newTestEnv(t)
	w := newBadInputWorld(t, env)
	issued := fmt.Sprintf("/api/v1/documents/%d", w.cityIssued.ID)
	var d app.DocumentView
	env.apiOK(t, http.StatusOK, "GET", issued, loginSupervisor, nil, &d)
	if len(d.Fields) != 0 || !d.ContentWithheld || d.Number == "" {
		t.Errorf("supervisor's view of an issued document: withheld %v, fields %v", d.ContentWithheld, d.Fields)
	}
	var list app.DocumentList
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d/documents", w.cityCase.ID), loginSupervisor, nil, &list)
	for _, doc := range list.Documents {
		if issued := doc.State != zhifa.DocDraft; issued != doc.ContentWithheld || issued && len(doc.Fields) != 0 {
			t.Errorf("supervisor's list: %s %s withheld %v, %d fields", doc.TypeLabel, doc.State, doc.ContentWithheld, len(doc.Fields))
		}
	}
	for _, login := range []string{loginOfficer, loginHead, loginReviewer} {
		var d app.DocumentView
		env.apiOK(t, http.StatusOK, "GET", issued, login, nil, &d)
		if d.ContentWithheld || d.Fields["proposed"] != "罚款人民币五千元" {
			t.Errorf("%s's view: withheld %v, fields %v", login, d.ContentWithheld, d.Fields)
		}
	}
	// The text itself: with a reason, and the read is in the access log.
	res := env.api(t, "GET", issued+"/html?reason="+kit.URLQueryEscape("案卷评查"), loginSupervisor, nil)
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "罚款人民币五千元") {
		t.Fatalf("supervisor with a reason: %d", res.Status)
	}
	log, err := env.App.Evidence().EvidenceAccess(appCtx(env.actor(t, loginSupervisor)), w.cityIssued.EvidenceID, zhifa.Page{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log.Entries {
		found = found || e.Login == loginSupervisor && strings.Contains(e.Reason, "案卷评查")
	}
	if !found {
		t.Errorf("the supervisor's read is not in the access log: %+v", log.Entries)
	}
}

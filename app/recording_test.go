package app_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/law"
)

// TestRecordingListGate: the agency's whole-process-recording list (B5) adds A/V gates
// to the steps it requires; the inspection is refused with EGATE naming the list's
// version until the case has an A/V record of the inspection, and the case's missing
// list shows the requirement before the act (D2).
func TestRecordingListGate(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CaseInspection))
	if hasMissing(v, "inspect", law.RuleAVList+"第1版；国办发〔2018〕118号（八）") {
		t.Error("inspection A/V required before any list")
	}
	lv, err := w.app.Evidence().SaveRecordingList(w.as(t, "admin"), w.market.ID, evidence.RecordingListInput{
		Acts: []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}}, Note: "食品安全现场检查"})
	if err != nil {
		t.Fatal(err)
	}
	rule := law.RuleAVList + "第1版；国办发〔2018〕118号（八）"
	if lv.Current.Version != 1 || lv.Current.CreatedBy != "admin" {
		t.Errorf("saved %+v", lv.Current)
	}
	v, err = w.app.Case(w.as(t, "officer1"), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !hasMissing(v, "inspect", rule) {
		t.Errorf("missing %+v, want the list's A/V rule for inspect", v.Missing)
	}
	_, err = w.act(t, "officer1", v, "inspect", app.ActionInput{})
	wantGate(t, err, rule)
	// A record of another act does not cover the inspection.
	if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "询问录像", Act: "investigate"}); err != nil {
		t.Fatal(err)
	}
	_, err = w.act(t, "officer1", v, "inspect", app.ActionInput{})
	wantGate(t, err, rule)
	if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordAV, Title: "现场检查执法记录仪视频", Act: "inspect"}); err != nil {
		t.Fatal(err)
	}
	v = w.mustAct(t, "officer1", v, "inspect", app.ActionInput{})
	if v.Stage != zhifa.StageInspect {
		t.Errorf("stage %s", v.Stage)
	}
	// The statutory minimum applies under the agency's list too (D2).
	c := w.file(t, w.input(zhifa.CaseCompulsory))
	_, err = w.act(t, "officer1", c, "seize", app.ActionInput{})
	wantGate(t, err, law.RuleAVSeizure)
}

// TestRecordingListVersions: every change is a new version with who and when, one
// ledger entry and one audit record; a stale version is ECONFLICT; the statutory minimum
// (D2) cannot be removed; unknown acts are EINVALID; a failed save changes nothing.
func TestRecordingListVersions(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	v, err := w.app.Evidence().RecordingList(admin, w.market.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Own || v.Current.Version != 0 || len(v.Versions) != 0 || !v.MayEdit {
		t.Errorf("default list %+v", v)
	}
	for _, a := range v.Acts {
		if a.Statutory && (a.Level != zhifa.RecordingRequired || !a.WholeProcess) {
			t.Errorf("default %s is %s", a.Act, a.Level)
		}
	}
	size := ledgerSize(t, w)
	for _, tc := range []struct {
		name string
		in   evidence.RecordingListInput
		code string
		rule string
	}{
		{"D2: seizure cannot be removed", evidence.RecordingListInput{Acts: []zhifa.RecordingAct{{Act: "seize", Level: zhifa.RecordingNone}}}, zhifa.EGATE, law.RuleAVSeizure},
		{"D2: demolition cannot be lowered to key moments", evidence.RecordingListInput{Acts: []zhifa.RecordingAct{{Act: "demolish", Level: zhifa.RecordingRequired}}}, zhifa.EGATE, law.RuleAVDemolish},
		{"unknown act", evidence.RecordingListInput{Acts: []zhifa.RecordingAct{{Act: "sing", Level: zhifa.RecordingRequired}}}, zhifa.EINVALID, ""},
		{"stale version", evidence.RecordingListInput{Version: 3}, zhifa.ECONFLICT, ""},
	} {
		_, err := w.app.Evidence().SaveRecordingList(admin, w.market.ID, tc.in)
		wantCode(t, err, tc.code)
		if e, ok := err.(*zhifa.Error); ok && e.Rule != tc.rule {
			t.Errorf("%s: rule %q, want %q", tc.name, e.Rule, tc.rule)
		}
	}
	if ledgerSize(t, w) != size {
		t.Error("a refused save appended to the ledger")
	}
	v1, err := w.app.Evidence().SaveRecordingList(admin, w.market.ID, evidence.RecordingListInput{Acts: []zhifa.RecordingAct{{Act: "hearing", Level: zhifa.RecordingRequired}}})
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(3600e9)
	v2, err := w.app.Evidence().SaveRecordingList(admin, w.market.ID, evidence.RecordingListInput{Version: 1, Note: "增加现场检查",
		Acts: []zhifa.RecordingAct{{Act: "hearing", Level: zhifa.RecordingRequired}, {Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.app.Evidence().SaveRecordingList(admin, w.market.ID, evidence.RecordingListInput{Version: 1})
	wantCode(t, err, zhifa.ECONFLICT)
	if ledgerSize(t, w) != size+2 {
		t.Errorf("ledger grew by %d, want one entry per version", ledgerSize(t, w)-size)
	}
	if v2.Current.Version != 2 || len(v2.Versions) != 2 || v2.Versions[1].ID != v1.Current.ID ||
		!v2.Versions[0].CreatedAt.After(v2.Versions[1].CreatedAt) || v2.Versions[0].CreatedBy != "admin" {
		t.Errorf("versions %+v", v2.Versions)
	}
	// Statutory acts stay in every version.
	if a := law.RecordingActOf(v1.Current, "seize"); a.Level != zhifa.RecordingRequired || !a.WholeProcess {
		t.Errorf("version 1 seize %+v", a)
	}
	var audits []*zhifa.AuditEntry
	if err := w.store.View(context.Background(), func(tx zhifa.Tx) (err error) {
		audits, _, err = tx.Audit(context.Background(), zhifa.AuditFilter{Action: "recording.list", Page: zhifa.Page{Limit: 50}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, a := range audits {
		if a.Success && a.Object == "agency/"+strconv.FormatInt(w.market.ID, 10) && strings.Contains(a.Detail, "第2版") {
			ok++
		}
	}
	if ok != 1 {
		t.Errorf("audit %+v", audits)
	}
}

// TestRecordingListPermissions: admins edit the lists of agencies in their scope; an
// officer cannot edit; another agency's admin can neither edit nor read; everyone on the
// staff in scope reads; the public reads the current list of an enforcement agency (C1).
func TestRecordingListPermissions(t *testing.T) {
	w := newWorld(t)
	in := evidence.RecordingListInput{Acts: []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired}}}
	_, err := w.app.Evidence().SaveRecordingList(w.as(t, "officer1"), w.market.ID, in)
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.Evidence().SaveRecordingList(w.as(t, "outsider"), w.market.ID, in)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.app.Evidence().RecordingList(w.as(t, "outsider"), w.market.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = w.app.Evidence().SaveRecordingList(w.as(t, "admin"), w.city.ID, in)
	wantCode(t, err, zhifa.EINVALID) // a government is no enforcement body
	if _, err := w.app.Evidence().SaveRecordingList(w.as(t, "admin"), w.branch.ID, in); err != nil {
		t.Fatalf("admin above the branch: %v", err)
	}
	for _, login := range []string{"officer1", "reviewer1", "head1", "supervisor1"} {
		v, err := w.app.Evidence().RecordingList(w.as(t, login), w.market.ID)
		if err != nil || v.MayEdit {
			t.Errorf("%s reads %+v %v", login, v, err)
		}
	}
	_, err = w.app.Evidence().RecordingList(context.Background(), w.market.ID)
	wantCode(t, err, zhifa.EUNAUTHORIZED)
	pub, err := w.app.Evidence().PublicRecordingList(context.Background(), w.branch.ID)
	if err != nil || pub.Current.Version != 1 || law.RecordingActOf(pub.Current, "inspect").Level != zhifa.RecordingRequired || len(pub.Versions) != 0 {
		t.Errorf("public %+v %v", pub, err)
	}
	_, err = w.app.Evidence().PublicRecordingList(context.Background(), w.city.ID)
	wantCode(t, err, zhifa.ENOTFOUND)
}

func ledgerSize(t *testing.T, w *world) int64 {
	t.Helper()
	var n int64
	if err := w.store.View(context.Background(), func(tx zhifa.Tx) (err error) { n, err = tx.LedgerSize(context.Background()); return err }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRecordingTemplate: a superior agency publishes its list as a template (B5, like the
// major-decision catalog, E3): the city government, which enforces nothing, may keep a
// list only as a template; the market bureau without its own list inherits it and its
// cases' gates apply it; the bureau's own list may only tighten it (EGATE naming the
// template, nothing stored); the template binds the sub-unit below the bureau too, and a
// template tightened later binds the lists saved under its earlier version.
func TestRecordingTemplate(t *testing.T) {
	w := newCaseWorld(t)
	admin := w.as(t, "admin")
	in := evidence.RecordingListInput{Template: true, Note: "全市统一清单",
		Acts: []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}, {Act: "hearing", Level: zhifa.RecordingRequired}}}
	city, err := w.app.Evidence().SaveRecordingList(admin, w.city.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if !city.Current.Template || city.Source != evidence.RecordingSourceOwn {
		t.Errorf("city template %+v", city)
	}
	tmplRule := law.RuleAVTemplate + "第1版；国办发〔2018〕118号（八）"
	for _, ag := range []*zhifa.Agency{w.market, w.branch} {
		v, err := w.app.Evidence().RecordingList(w.as(t, "officer1"), ag.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Own || v.Source != evidence.RecordingSourceTemplate || v.Template == nil || v.TemplateAgency != w.city.Name ||
			!strings.Contains(v.SourceText, "沿用"+w.city.Name+"发布的模板第1版") {
			t.Errorf("%s: source %q %q template %+v", ag.Name, v.Source, v.SourceText, v.Template)
		}
		for _, a := range v.Acts {
			if (a.Act == "inspect" || a.Act == "hearing") != a.FromTemplate || a.Act == "inspect" && (a.Level != zhifa.RecordingRequired || !a.WholeProcess) {
				t.Errorf("%s: inherited act %+v", ag.Name, a)
			}
		}
	}
	// The gate of an inspection case of the bureau applies the inherited template.
	c := w.file(t, w.input(zhifa.CaseInspection))
	if !hasMissing(c, "inspect", tmplRule) {
		t.Errorf("missing %+v, want the template's A/V rule", c.Missing)
	}
	_, err = w.act(t, "officer1", c, "inspect", app.ActionInput{})
	wantGate(t, err, tmplRule)

	// The bureau's own list may only tighten the template.
	size := ledgerSize(t, w.world)
	for _, tc := range []struct {
		name  string
		acts  []zhifa.RecordingAct
		field string
	}{
		{"B5: the inspection left out", []zhifa.RecordingAct{{Act: "hearing", Level: zhifa.RecordingRequired}}, "acts[3].level"},
		{"B5: the inspection at key moments only", []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired}, {Act: "hearing", Level: zhifa.RecordingRequired}}, "acts[3].level"},
		{"B5: the hearing only recommended", []zhifa.RecordingAct{{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true}, {Act: "hearing", Level: zhifa.RecordingRecommended}}, "acts[5].level"},
	} {
		_, err := w.app.Evidence().SaveRecordingList(admin, w.market.ID, evidence.RecordingListInput{Acts: tc.acts})
		wantGate(t, err, tmplRule)
		if e := err.(*zhifa.Error); e.Fields[tc.field] == "" {
			t.Errorf("%s: fields %v, want %s", tc.name, e.Fields, tc.field)
		}
	}
	if ledgerSize(t, w.world) != size {
		t.Error("a refused list appended to the ledger")
	}
	own, err := w.app.Evidence().SaveRecordingList(admin, w.market.ID, evidence.RecordingListInput{Note: "增加调查取证",
		Acts: append(slices.Clone(in.Acts), zhifa.RecordingAct{Act: "investigate", Level: zhifa.RecordingRequired})})
	if err != nil {
		t.Fatal(err)
	}
	if !own.Own || own.Source != evidence.RecordingSourceOwn || own.Current.BaseAgencyID != w.city.ID || own.Current.BaseVersion != 1 ||
		own.Current.Template || !strings.Contains(own.SourceText, "基础上从严") {
		t.Errorf("own list %+v %q", own.Current, own.SourceText)
	}
	// The branch passes over the bureau's list (no template) to the city's.
	if v, err := w.app.Evidence().RecordingList(admin, w.branch.ID); err != nil || v.Source != evidence.RecordingSourceTemplate || v.Template.AgencyID != w.city.ID {
		t.Errorf("branch %+v %v", v, err)
	}

	// The city tightens its template: the service now required. The bureau's list, saved
	// under version 1, is bound by version 2 at the gate and on its page.
	in.Version, in.Acts = 1, append(in.Acts, zhifa.RecordingAct{Act: "serve", Level: zhifa.RecordingRequired})
	if _, err := w.app.Evidence().SaveRecordingList(admin, w.city.ID, in); err != nil {
		t.Fatal(err)
	}
	v, err := w.app.Evidence().RecordingList(admin, w.market.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range v.Acts {
		if a.Act == "serve" && (a.Level != zhifa.RecordingRequired || !a.FromTemplate) {
			t.Errorf("serve under the tightened template %+v", a)
		}
	}
	// The bureau publishes its own list as a template: the branch inherits it, with the
	// city's template above it still applied.
	if _, err := w.app.Evidence().SaveRecordingList(admin, w.market.ID, evidence.RecordingListInput{Version: 1, Template: true,
		Acts: append(slices.Clone(in.Acts), zhifa.RecordingAct{Act: "investigate", Level: zhifa.RecordingRequired})}); err != nil {
		t.Fatal(err)
	}
	b, err := w.app.Evidence().RecordingList(admin, w.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b.Template == nil || b.Template.AgencyID != w.market.ID || b.TemplateAgency != w.market.Name {
		t.Errorf("branch template %+v", b.Template)
	}
	for _, act := range []string{"inspect", "hearing", "serve", "investigate"} {
		if law.RecordingActOf(b.Template, act).Level != zhifa.RecordingRequired {
			t.Errorf("branch: %s not required by the templates above", act)
		}
	}
	// Without the template flag the government keeps no list.
	_, err = w.app.Evidence().SaveRecordingList(admin, w.city.ID, evidence.RecordingListInput{Version: 2})
	wantCode(t, err, zhifa.EINVALID)
}

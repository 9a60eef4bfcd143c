package app_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
)

// TestCaseFormOptions: the filing wizard offers the agency's catalog items of the case
// categories and its active officers, marking who may act today (持证上岗, 行政处罚法第四十二条,
// REQUIREMENTS A2); only case handlers get it.
func TestCaseFormOptions(t *testing.T) {
	w := newCaseWorld(t)
	opts, err := w.app.CaseFormOptions(w.as(t, "officer1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(opts.Items) != 3 {
		t.Errorf("items %+v, want the three case items", opts.Items)
	}
	eligible := map[int64]bool{}
	for _, o := range opts.Officers {
		eligible[o.ID] = o.Eligible
		if o.ID == w.uncert && (o.Eligible || o.Problem != "无执法证件") {
			t.Errorf("officer without certificate: %+v", o)
		}
	}
	for _, id := range w.certified {
		if !eligible[id] {
			t.Errorf("certified officer %d not eligible", id)
		}
	}
	officers, err := w.app.CaseOfficers(w.as(t, "head1"))
	if err != nil || len(officers) != len(opts.Officers) {
		t.Errorf("CaseOfficers: %v %d", err, len(officers))
	}
	for _, login := range []string{"reviewer1", "supervisor1"} {
		_, err := w.app.CaseFormOptions(w.as(t, login))
		wantCode(t, err, zhifa.EFORBIDDEN)
	}
}

// TestCasePage: the case page's officers, approvers (the agency's heads, 第五十七条) and the
// timeline with the ledger entry of every step and record (D1, D3); a supervisor reads
// it but may not act; a case filed through WithClock carries that day.
func TestCasePage(t *testing.T) {
	w := newCaseWorld(t)
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	if _, err := w.app.AddRecord(w.as(t, "officer1"), v.ID, app.RecordInput{Kind: zhifa.RecordDocument, Title: "询问笔录", Act: "investigate"}); err != nil {
		t.Fatal(err)
	}
	p, err := w.app.CasePage(w.as(t, "officer1"), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !p.MayAct || len(p.Officers) != 2 || len(p.Approvers) != 1 || p.Approvers[0].ID != w.users["head1"].ID {
		t.Errorf("page: may act %v, officers %+v, approvers %+v", p.MayAct, p.Officers, p.Approvers)
	}
	if len(p.Timeline) != 3 {
		t.Fatalf("timeline %+v", p.Timeline)
	}
	seen := map[int64]bool{}
	for i, it := range p.Timeline {
		if it.Ledger < 0 || seen[it.Ledger] {
			t.Errorf("timeline line %d (%s): ledger entry %d", i, it.Label, it.Ledger)
		}
		seen[it.Ledger] = true
	}
	if p.Timeline[0].Label != "立案" || p.Timeline[1].Label != "调查取证" || !strings.Contains(p.Timeline[2].Label, "询问笔录") {
		t.Errorf("timeline labels %q %q %q", p.Timeline[0].Label, p.Timeline[1].Label, p.Timeline[2].Label)
	}
	sp, err := w.app.CasePage(w.as(t, "supervisor1"), v.ID)
	if err != nil || sp.MayAct {
		t.Errorf("supervisor: %v, may act %v", err, sp != nil && sp.MayAct)
	}
	_, err = w.app.CasePage(w.as(t, "outsider"), v.ID)
	wantCode(t, err, zhifa.ENOTFOUND)

	past := time.Date(2026, 1, 12, 9, 30, 0, 0, zhifa.CST)
	b := w.app.WithClock(func() time.Time { return past })
	insp := w.input(zhifa.CaseInspection)
	insp.OccurredOn = zhifa.Date{}
	old, err := b.FileCase(w.as(t, "officer1"), insp)
	if err != nil {
		t.Fatal(err)
	}
	if old.State.FiledOn != zhifa.DateOf(past) {
		t.Errorf("filed on %s, want %s", old.State.FiledOn, zhifa.DateOf(past))
	}
	list, err := w.app.Cases(w.as(t, "officer1"), app.CaseFilter{Kind: zhifa.CaseInspection})
	if err != nil || list.Total != 1 || list.Cases[0].ID != old.ID {
		t.Errorf("kind filter: %v %+v", err, list)
	}
	_, err = w.app.Cases(w.as(t, "officer1"), app.CaseFilter{Kind: "robot"})
	wantCode(t, err, zhifa.EINVALID)
}

// TestUploadCaseEvidence: an A/V record uploaded for a case is linked as a record of its
// act, which meets the seizure gate (REQUIREMENTS D2; 行政强制法第十八条); a case of another
// agency or an archived case gets nothing stored.
func TestUploadCaseEvidence(t *testing.T) {
	w := newCaseWorld(t)
	if !w.app.HasEvidenceStorage() {
		t.Fatal("no evidence storage")
	}
	v := w.file(t, w.input(zhifa.CaseCompulsory))
	wav := append([]byte("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00"), make([]byte, 64)...)
	in := evidence.EvidenceInput{Kind: zhifa.EvidenceAudio, Title: "查封现场录音", MIME: "audio/wav", CapturedAt: w.clock.Now().Add(-time.Minute),
		DeviceID: "JLY-7", Place: "东港市人民路1号", OfficerIDs: w.certified}
	rec, ev, err := w.app.UploadCaseEvidence(w.as(t, "officer1"), v.ID, "seize", in, bytes.NewReader(wav))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Kind != zhifa.RecordAV || rec.Act != "seize" || rec.EvidenceID != ev.ID || ev.CaseRef != v.Number {
		t.Errorf("record %+v, evidence case ref %q", rec, ev.CaseRef)
	}
	p, err := w.app.CasePage(w.as(t, "officer1"), v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range p.Missing {
		if strings.Contains(m.Rule, "国办发〔2018〕118号（八）") {
			t.Errorf("the A/V gate is still unmet: %+v", m)
		}
	}
	if len(p.Timeline) != 2 || p.Timeline[1].Record == nil || p.Timeline[1].Ledger < 0 {
		t.Errorf("timeline %+v", p.Timeline)
	}
	// Nothing stored for a forbidden case: the evidence list does not grow.
	count := func() int {
		l, err := w.app.Evidence().EvidenceList(w.as(t, "head1"), zhifa.EvidenceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	n := count()
	_, _, err = w.app.UploadCaseEvidence(w.as(t, "reviewer1"), v.ID, "seize", in, bytes.NewReader(wav))
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, _, err = w.app.UploadCaseEvidence(w.as(t, "officer1"), v.ID+100, "seize", in, bytes.NewReader(wav))
	wantCode(t, err, zhifa.ENOTFOUND)
	if count() != n {
		t.Error("a refused upload stored evidence")
	}
}

package app_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/law"
)

// TestAgencySettingsValidation: the statement period and the case-number template are
// checked; a refused edit changes nothing.
func TestAgencySettingsValidation(t *testing.T) {
	w := newWorld(t)
	admin := w.as(t, "admin")
	for _, tc := range []struct {
		name     string
		days     int
		template string
		field    string // "" for valid input
	}{
		{"defaults", 0, "", ""},
		{"a period and the example template", 5, "〔{代字}〕{类}〔{年}〕{号}号", ""},
		{"a template without the short name", 3, "市监{类}〔{年}〕第{号}号", ""},
		{"a period over 30 working days", 31, "", "statement_days"},
		{"a negative period", -1, "", "statement_days"},
		{"no sequence: numbers would repeat", 0, "{代字}{类}〔{年}〕", "number_template"},
		{"no year: numbers would repeat across years", 0, "{代字}{类}{号}号", "number_template"},
		{"no kind: numbers would repeat across kinds", 0, "{代字}〔{年}〕{号}号", "number_template"},
		{"an unknown placeholder", 0, "{代字}{类}〔{年}〕{月}{号}号", "number_template"},
		{"a placeholder twice", 0, "{年}{代字}{类}〔{年}〕{号}号", "number_template"},
		{"a stray brace", 0, "{代字{类}〔{年}〕{号}号", "number_template"},
		{"a quote", 0, `"{代字}"{类}〔{年}〕{号}号`, "number_template"},
		{"too long", 0, "{代字}{类}〔{年}〕{号}号" + string(bytes.Repeat([]byte("号"), 60)), "number_template"},
	} {
		before, err := w.app.Personnel().Agency(admin, w.market.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := personnel.AgencyInputOf(before)
		in.StatementDays, in.NumberTemplate = tc.days, tc.template
		_, err = w.app.Personnel().UpdateAgency(admin, w.market.ID, in)
		after, _ := w.app.Personnel().Agency(admin, w.market.ID)
		if tc.field == "" {
			if err != nil || after.StatementDays != tc.days || after.NumberTemplate != tc.template {
				t.Errorf("%s: %v; stored %d %q", tc.name, err, after.StatementDays, after.NumberTemplate)
			}
			continue
		}
		wantCode(t, err, zhifa.EINVALID)
		if zhifa.ErrorFields(err)[tc.field] == "" {
			t.Errorf("%s: %v, want a problem with %s", tc.name, err, tc.field)
		}
		if after.StatementDays != before.StatementDays || after.NumberTemplate != before.NumberTemplate {
			t.Errorf("%s: the refused edit changed the agency", tc.name)
		}
	}
}

// TestAgencySettingsUsed: FileCase numbers with the agency's template, and the notify
// step starts the statement clock with the agency's period (行政处罚法 Art. 44-45; the
// period is the agency's rule), which a later change of the setting does not move.
func TestAgencySettingsUsed(t *testing.T) {
	w := newCaseWorld(t)
	admin := w.as(t, "admin")
	set := func(days int, template string) {
		t.Helper()
		ag, err := w.app.Personnel().Agency(admin, w.market.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := personnel.AgencyInputOf(ag)
		in.ShortName, in.StatementDays, in.NumberTemplate = "东市监", days, template
		if _, err := w.app.Personnel().UpdateAgency(admin, w.market.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	set(0, "")
	v := w.file(t, w.input(zhifa.CasePenalty))
	if v.Number != "东市监罚〔2026〕1号" {
		t.Errorf("default number %q", v.Number)
	}
	set(5, "〔{代字}〕{类}〔{年}〕{号}号")
	v = w.file(t, w.input(zhifa.CasePenalty))
	if v.Number != "〔东市监〕罚〔2026〕2号" {
		t.Errorf("templated number %q", v.Number)
	}
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 500000, Reason: "销售超过保质期的食品，首次违法，情节一般"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{}) // Monday 2026-03-02
	if c := clockOf(v, zhifa.ClockStatement); c == nil || c.Days != 5 || c.Due != zhifa.MustDate("2026-03-09") {
		t.Fatalf("statement clock %+v, want 5 working days, due 2026-03-09", c)
	}
	set(1, "")
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	w.clock.Advance(4 * 24 * time.Hour) // Friday 2026-03-06: within the case's 5 days
	_, err := w.act(t, "head1", v, "decide", app.ActionInput{Fine: 500000})
	wantGate(t, err, law.RuleStatementAgency)
	if c := clockOf(v, zhifa.ClockStatement); c.Days != 5 {
		t.Errorf("the setting moved the running clock: %+v", c)
	}
	if n := w.file(t, w.input(zhifa.CasePenalty)).Number; n != "东市监罚〔2026〕3号" {
		t.Errorf("back to the default template: %q", n)
	}
}

// TestRecordEvidenceRules: a record links evidence of the case's agency (and case),
// fitting its kind, for one act only (REQUIREMENTS D1-D3).
func TestRecordEvidenceRules(t *testing.T) {
	w := newCaseFileWorld(t)
	officer := w.as(t, "officer1")
	other := w.file(t, w.input(zhifa.CasePenalty))
	up := func(kind zhifa.EvidenceKind, caseRef string, content []byte) int64 {
		t.Helper()
		in := w.evidenceInput(kind, "照片")
		in.CaseRef = caseRef
		ev, err := w.a.Evidence().UploadEvidence(officer, in, bytes.NewReader(content))
		if err != nil {
			t.Fatal(err)
		}
		return ev.ID
	}
	photo := up(zhifa.EvidencePhoto, "", jpeg(2000))
	video := up(zhifa.EvidenceVideo, w.c.Number, mp4(3000))
	foreign := up(zhifa.EvidencePhoto, other.Number, jpeg(2100))
	// The county's evidence.
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	o, err := w.a.Personnel().CreateOfficer(sys, officerInput(w.bureau.ID, 3))
	if err != nil {
		t.Fatal(err)
	}
	county := app.WithActor(context.Background(), &app.Actor{UserID: w.users["outsider"].ID, Login: "outsider", Role: zhifa.RoleAdmin,
		AgencyID: w.bureau.ID, AgencyPath: w.bureau.Path, ScopePath: w.bureau.Path})
	cin := w.evidenceInput(zhifa.EvidencePhoto, "县局照片")
	cin.OfficerIDs, cin.CaseRef = []int64{o.ID}, ""
	cev, err := w.a.Evidence().UploadEvidence(county, cin, bytes.NewReader(jpeg(2200)))
	if err != nil {
		t.Fatal(err)
	}
	add := func(kind zhifa.RecordKind, act string, ev int64) error {
		_, err := w.a.AddRecord(officer, w.c.ID, app.RecordInput{Kind: kind, Title: "记录", Act: act, EvidenceID: ev})
		return err
	}
	if err := add(zhifa.RecordPhoto, "seize", photo); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		kind zhifa.RecordKind
		act  string
		ev   int64
		code string
	}{
		{"unknown evidence", zhifa.RecordPhoto, "seize", 999999, zhifa.EINVALID},
		{"evidence of another agency", zhifa.RecordPhoto, "seize", cev.ID, zhifa.EINVALID},
		{"evidence naming another case", zhifa.RecordPhoto, "seize", foreign, zhifa.EINVALID},
		{"a photo as an A/V record (D2)", zhifa.RecordAV, "seize", photo, zhifa.EINVALID},
		{"linked already as another act", zhifa.RecordPhoto, "investigate", photo, zhifa.EINVALID},
		{"linked again for the same act", zhifa.RecordPhoto, "seize", photo, zhifa.ECONFLICT},
		{"a video as an A/V record", zhifa.RecordAV, "seize", video, ""},
	} {
		before := w.ledgerSize(t)
		err := add(tc.kind, tc.act, tc.ev)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if zhifa.ErrorCode(err) != tc.code || (tc.code == zhifa.EINVALID && zhifa.ErrorFields(err)["evidence_id"] == "") {
			t.Errorf("%s: %v, want %s on evidence_id", tc.name, err, tc.code)
		}
		if w.ledgerSize(t) != before {
			t.Errorf("%s appended a ledger entry", tc.name)
		}
	}
	// Linked to the other case, the photo cannot be linked there.
	if _, err := w.a.AddRecord(officer, other.ID, app.RecordInput{Kind: zhifa.RecordPhoto, Title: "记录", Act: "seize", EvidenceID: photo}); zhifa.ErrorFields(err)["evidence_id"] == "" {
		t.Errorf("another case: %v", err)
	}
}

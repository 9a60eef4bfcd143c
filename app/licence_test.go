package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/publicity"
)

// licenceWorld is a world whose market bureau holds a 行政许可 item and a penalty item.
type licenceWorld struct {
	*world
	item, penaltyItem *zhifa.Item
}

func newLicenceWorld(t *testing.T) *licenceWorld {
	t.Helper()
	w := &licenceWorld{world: newWorld(t)}
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	mk := func(code, name string, cat zhifa.ItemCategory) *zhifa.Item {
		it, err := w.app.Catalog().CreateItem(sys, catalog.ItemInput{Code: code, Name: name, Category: cat, AgencyID: w.market.ID,
			Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第三十五条"}}})
		if err != nil {
			t.Fatal(err)
		}
		return it.Item
	}
	w.item = mk("XK-001", "食品经营许可", zhifa.CatLicense)
	w.penaltyItem = mk("CF-001", "销售过期食品的处罚", zhifa.CatPenalty)
	return w
}

// personLicence is a licence granted on 2026-02-27 (a Friday) to a natural person.
func (w *licenceWorld) personLicence(number, sourceID string) publicity.LicenceInput {
	in := publicity.LicenceInput{AgencyID: w.market.ID, ItemCode: "XK-001", Number: number, Decision: "准予行政许可",
		Content: "准予从事预包装食品销售", ValidFrom: "2026-02-27", ValidUntil: "2031-02-26", DecidedOn: "2026-02-27",
		Office: "东港市市场监督管理局", Source: "许可办理系统", SourceID: sourceID}
	in.Applicant.Kind, in.Applicant.Name, in.Applicant.IDNumber = zhifa.PartyPerson, "王小明", "370202199001011237"
	return in
}

// TestReceiveLicences: a licence decision received by its agency's officer enters the
// publication queue with the 7-working-day clock (118号（六）), the applicant redacted; the
// same source record again is one licence, a changed one a correction with its history;
// another agency's record, a penalty item and bad fields are refused with nothing written
// (issue 13, C3).
func TestReceiveLicences(t *testing.T) {
	w := newLicenceWorld(t)
	pub := w.app.Publicity()
	officer := w.as(t, "officer1")
	got, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{w.personLicence("东市监许〔2026〕1号", "R-1")}, false)
	if err != nil || len(got) != 1 || got[0].Outcome != publicity.LicenceCreated {
		t.Fatalf("receive: %+v, %v", got, err)
	}
	p, err := pub.Get(officer, got[0].PublicationID)
	if err != nil {
		t.Fatal(err)
	}
	// Friday 2026-02-27 + 7 working days, Saturday 2026-02-28 a make-up working day of the
	// Spring Festival = Monday 2026-03-09.
	if p.Category != zhifa.PubLicence || p.Status != zhifa.PubQueued || p.Due != zhifa.MustDate("2026-03-09") ||
		p.LicenceID != got[0].ID || p.CaseID != 0 || p.Licence == nil || p.PublicParty != "王某" {
		t.Errorf("publication %+v", p.Publication)
	}
	if !strings.Contains(p.Original, "370202199001011237") || strings.Contains(p.Draft, "370202199001011237") ||
		strings.Contains(p.Draft, "王小明") || !strings.Contains(p.Draft, "王某") || !strings.Contains(p.Draft, "食品经营许可") {
		t.Errorf("draft not redacted:\n%s", p.Draft)
	}
	if p.Licence.Applicant.IDNumber != "" || p.Licence.Applicant.IDMasked == "" {
		t.Errorf("licence applicant not masked: %+v", p.Licence.Applicant)
	}

	// The same record again: unchanged; changed: a correction with history.
	again, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{w.personLicence("东市监许〔2026〕1号", "R-1")}, false)
	if err != nil || again[0].Outcome != publicity.LicenceUnchanged || again[0].ID != got[0].ID || again[0].Version != 1 {
		t.Errorf("re-delivery: %+v, %v", again, err)
	}
	changed := w.personLicence("东市监许〔2026〕1号", "R-1")
	changed.Content = "准予从事预包装食品和散装食品销售"
	fixed, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{changed}, false)
	if err != nil || fixed[0].Outcome != publicity.LicenceCorrected || fixed[0].ID != got[0].ID || fixed[0].Version != 2 {
		t.Fatalf("correction: %+v, %v", fixed, err)
	}
	lv, err := pub.Licence(officer, got[0].ID)
	if err != nil || len(lv.Revisions) != 1 || lv.Revisions[0].Version != 1 || len(lv.Revisions[0].Changed) != 1 ||
		lv.Revisions[0].Changed[0] != "许可内容" || lv.Content != changed.Content || lv.Applicant.IDNumber != "" {
		t.Errorf("licence after correction: %+v, %v", lv, err)
	}
	if !strings.Contains(lv.Publication.Conclusion, "准予行政许可") {
		t.Errorf("conclusion %q", lv.Publication.Conclusion)
	}

	// Refusals: nothing written.
	count := func() int {
		page, err := pub.Licences(officer, publicity.LicenceQuery{})
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Licences)
	}
	before := count()
	bad := w.personLicence("东市监许〔2026〕2号", "R-2")
	bad.Applicant.IDNumber = "370202199001011230"
	bad.DecidedOn = "2026-13-01"
	bad.Decision = "批准"
	good := w.personLicence("东市监许〔2026〕3号", "R-3")
	_, err = pub.ReceiveLicences(officer, []publicity.LicenceInput{good, bad}, true)
	wantCode(t, err, zhifa.EINVALID)
	fields := zhifa.ErrorFields(err)
	for _, f := range []string{"licences[1].applicant.id_number", "licences[1].decided_on", "licences[1].decision"} {
		if fields[f] == "" {
			t.Errorf("no error on %s: %v", f, fields)
		}
	}
	penalty := w.personLicence("东市监许〔2026〕4号", "R-4")
	penalty.ItemCode = "CF-001"
	_, err = pub.ReceiveLicences(officer, []publicity.LicenceInput{good, penalty}, true)
	wantCode(t, err, zhifa.EINVALID)
	if !strings.Contains(zhifa.ErrorFields(err)["licences[1].item_id"], "不是行政许可事项") {
		t.Errorf("penalty item: %v", err)
	}
	dup := w.personLicence("东市监许〔2026〕1号", "R-5")
	_, err = pub.ReceiveLicences(officer, []publicity.LicenceInput{dup}, false)
	wantCode(t, err, zhifa.EINVALID)
	if n := count(); n != before {
		t.Errorf("refused receipts wrote %d licences", n-before)
	}

	// Scope: the county's admin does not see the market bureau; a reviewer has no
	// permission; the head of the agency may receive too.
	other := w.personLicence("西许〔2026〕1号", "X-1")
	other.AgencyID = w.bureau.ID
	_, err = pub.ReceiveLicences(officer, []publicity.LicenceInput{other}, false)
	wantCode(t, err, zhifa.ENOTFOUND)
	_, err = pub.ReceiveLicences(w.as(t, "reviewer1"), []publicity.LicenceInput{good}, false)
	wantCode(t, err, zhifa.EFORBIDDEN)
	if _, err := pub.Licence(w.as(t, "outsider"), got[0].ID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("outsider reads the licence: %v", err)
	}
	if _, err := pub.Get(w.as(t, "outsider"), got[0].PublicationID); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("outsider reads the publication: %v", err)
	}
	if _, err := pub.ReceiveLicences(w.as(t, "head1"), []publicity.LicenceInput{good}, false); err != nil {
		t.Errorf("head receives: %v", err)
	}
}

// TestLicencePublication: a licence decision is prepared, approved by the head and
// published on the portal without the applicant's name or 身份证号; its revocation (行政许可
// 法第六十九条) gives the publication its three-working-day withdrawal clock, and the
// head withdraws it; the annual report counts the licences by kind.
func TestLicencePublication(t *testing.T) {
	w := newLicenceWorld(t)
	pub := w.app.Publicity()
	officer, head := w.as(t, "officer1"), w.as(t, "head1")
	org := w.personLicence("东市监许〔2026〕7号", "R-7")
	org.Applicant.Kind, org.Applicant.Name, org.Applicant.IDNumber = zhifa.PartyOrg, "东港市海鲜餐饮有限公司", ""
	org.Applicant.CreditCode, org.Applicant.LegalRep = "91370200MA3C4LXX1L", "赵大海"
	got, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{w.personLicence("东市监许〔2026〕6号", "R-6"), org}, true)
	if err != nil || len(got) != 2 {
		t.Fatalf("receive: %+v, %v", got, err)
	}
	publish := func(id int64) *zhifa.Publication {
		t.Helper()
		v, err := pub.Get(officer, id)
		if err != nil {
			t.Fatal(err)
		}
		p, err := pub.Prepare(officer, id, publicity.PrepareInput{Version: v.Version})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Approve(officer, id, p.Version); zhifa.ErrorCode(err) != zhifa.EFORBIDDEN {
			t.Errorf("officer approves: %v", err)
		}
		if p, err = pub.Approve(head, id, p.Version); err != nil {
			t.Fatal(err)
		}
		return p
	}
	person, company := publish(got[0].PublicationID), publish(got[1].PublicationID)
	if person.Status != zhifa.PubPublished || person.Entry == 0 || person.DisplayUntil != zhifa.MustDate("2031-02-26") {
		t.Errorf("published %+v (display until the validity's end)", person)
	}
	if company.PublicParty != "东港市海鲜餐饮有限公司" || company.PublicCode != "91370200MA3C4LXX1L" ||
		!strings.Contains(company.PublicText, "赵大海") {
		t.Errorf("legal person as published: %q %q\n%s", company.PublicParty, company.PublicCode, company.PublicText)
	}
	page, err := pub.Decisions(context.Background(), publicity.PublicQuery{})
	if err != nil || len(page.Decisions) != 2 {
		t.Fatalf("portal: %+v, %v", page, err)
	}
	for _, d := range page.Decisions {
		if d.Category != "licence" || d.CategoryLabel != "行政许可" {
			t.Errorf("portal category %q %q", d.Category, d.CategoryLabel)
		}
		one, err := pub.Decision(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{one.Text, one.Party, one.EntryData} {
			if strings.Contains(s, "王小明") || strings.Contains(s, "370202199001011237") {
				t.Errorf("the portal serves personal data: %s", s)
			}
		}
	}
	found, err := pub.Decisions(context.Background(), publicity.PublicQuery{Q: "东市监许〔2026〕7号"})
	if err != nil || len(found.Decisions) != 1 {
		t.Errorf("search by decision number: %+v, %v", found, err)
	}

	// Revocation: a 撤销 must name the decision; the publication gets its withdrawal clock.
	revoke := w.personLicence("东市监许撤〔2026〕1号", "R-8")
	revoke.Decision, revoke.DecidedOn, revoke.ValidFrom, revoke.ValidUntil = "撤销行政许可", "2026-03-02", "", ""
	_, err = pub.ReceiveLicences(officer, []publicity.LicenceInput{revoke}, false)
	wantCode(t, err, zhifa.EINVALID)
	revoke.Revokes = "东市监许〔2026〕99号"
	_, err = pub.ReceiveLicences(officer, []publicity.LicenceInput{revoke}, false)
	wantCode(t, err, zhifa.EINVALID)
	revoke.Revokes = "东市监许〔2026〕6号"
	if _, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{revoke}, false); err != nil {
		t.Fatal(err)
	}
	v, err := pub.Get(officer, person.ID)
	if err != nil || v.WithdrawDue != zhifa.MustDate("2026-03-05") || !strings.Contains(v.WithdrawReason, "撤销") {
		t.Fatalf("revoked publication: due %s reason %q, %v", v.WithdrawDue, v.WithdrawReason, err)
	}
	p, err := pub.Withdraw(head, person.ID, publicity.WithdrawInput{Version: v.Version, Reason: v.WithdrawReason})
	if err != nil || p.Status != zhifa.PubWithdrawn || p.WithdrawEntry == 0 {
		t.Fatalf("withdraw: %+v, %v", p, err)
	}

	// The annual report counts the licences received by kind.
	w.clock.Advance(310 * 24 * time.Hour) // 2027-01-06
	r, err := w.app.Report().Generate(w.as(t, "officer1"), w.market.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int64{"licence.grant": 2, "licence.revoke": 1, "licence.refuse": 0, "acts.license": 3,
		"publications.due": 3, "publications.on_time": 2} {
		if got := figure(t, r.Figures, key).Value; got != want {
			t.Errorf("%s = %d, want %d", key, got, want)
		}
	}
}

// TestImportLicences: the import takes the licensing system's export into the actor's
// agency through the same receipt (a bad row refuses the whole file, its problems by row
// and column), and a second import of the same rows changes nothing.
func TestImportLicences(t *testing.T) {
	w := newLicenceWorld(t)
	officer := w.as(t, "officer1")
	header := make([]string, len(app.LicenceImportColumns))
	for i, c := range app.LicenceImportColumns {
		header[i] = c.Header
	}
	good := []string{"东市监许〔2026〕11号", "XK-001", "准予行政许可", "法人或者其他组织", "东港市海鲜餐饮有限公司", "91370200MA3C4LXX1L",
		"赵大海", "", "准予从事餐饮服务", "2026/2/27", "2031年2月26日", "2026-02-27", "东港市市场监督管理局", "", "许可办理系统", "R-11"}
	bad := []string{"东市监许〔2026〕12号", "XK-001", "准予", "自然人", "王小明", "", "", "370202199001011230",
		"准予从事食品销售", "", "", "2026-02-30", "东港市市场监督管理局", "", "许可办理系统", "R-12"}
	_, err := w.app.ImportLicences(officer, "licences.csv", bytes.NewReader(csvFile(t, header, good, bad)))
	wantCode(t, err, zhifa.EINVALID)
	fields := zhifa.ErrorFields(err)
	if row := fields["第3行"]; !strings.Contains(row, "身份证号") || !strings.Contains(row, "决定日期") || fields["第2行"] != "" {
		t.Errorf("row errors: %v", fields)
	}
	page, _ := w.app.Publicity().Licences(officer, publicity.LicenceQuery{})
	if len(page.Licences) != 0 {
		t.Fatalf("a refused file imported %d licences", len(page.Licences))
	}
	res, err := w.app.ImportLicences(officer, "licences.csv", bytes.NewReader(csvFile(t, header, good)))
	if err != nil || res.Rows != 1 || len(res.IDs) != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	again, err := w.app.ImportLicences(officer, "licences.csv", bytes.NewReader(csvFile(t, header, good)))
	if err != nil || len(again.IDs) != 1 || again.IDs[0] != res.IDs[0] {
		t.Errorf("re-import: %+v, %v", again, err)
	}
	lv, err := w.app.Publicity().Licence(officer, res.IDs[0])
	if err != nil || lv.ValidFrom != zhifa.MustDate("2026-02-27") || lv.ValidUntil != zhifa.MustDate("2031-02-26") ||
		lv.Publication.Status != zhifa.PubQueued || lv.Version != 1 {
		t.Errorf("imported licence %+v, %v", lv, err)
	}
	_, err = w.app.ImportLicences(w.as(t, "reviewer1"), "licences.csv", bytes.NewReader(csvFile(t, header, good)))
	wantCode(t, err, zhifa.EFORBIDDEN)
	if !bytes.HasPrefix(app.LicenceImportTemplate(), []byte("\uFEFF决定文书号")) {
		t.Errorf("template %q", app.LicenceImportTemplate())
	}
}

// TestLicenceCorrections: a correction of a published licence sends its publication back
// to the queue with a new clock from the correction, and its re-approval is a second
// ledger entry beside the first; a 注销 withdraws nothing, and corrected into a 撤销 it
// gives the named decision's publication its withdrawal clock (行政许可法第六十九条、第七十条).
func TestLicenceCorrections(t *testing.T) {
	w := newLicenceWorld(t)
	pub := w.app.Publicity()
	officer, head := w.as(t, "officer1"), w.as(t, "head1")
	got, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{w.personLicence("东市监许〔2026〕31号", "R-31")}, false)
	if err != nil {
		t.Fatal(err)
	}
	id := got[0].PublicationID
	p, err := pub.Prepare(officer, id, publicity.PrepareInput{Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Approve(head, id, p.Version); err != nil {
		t.Fatal(err)
	}
	first := p.Entry
	fixed := w.personLicence("东市监许〔2026〕31号", "R-31")
	fixed.Content = "准予从事预包装食品销售（含冷藏冷冻食品）"
	if _, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{fixed}, false); err != nil {
		t.Fatal(err)
	}
	v, err := pub.Get(officer, id)
	// 2026-03-02 (Monday) + 7 working days = 2026-03-11.
	if err != nil || v.Status != zhifa.PubQueued || v.Due != zhifa.MustDate("2026-03-11") || !strings.Contains(v.Draft, "冷藏冷冻") {
		t.Fatalf("corrected publication: %s due %s, %v", v.Status, v.Due, err)
	}
	if p, err = pub.Prepare(officer, id, publicity.PrepareInput{Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Approve(head, id, p.Version); err != nil || p.Entry == first || p.Entry == 0 {
		t.Fatalf("re-published: entry %d (first %d), %v", p.Entry, first, err)
	}

	cancel := w.personLicence("东市监许注〔2026〕1号", "R-32")
	cancel.Decision, cancel.Revokes, cancel.ValidFrom, cancel.ValidUntil = "注销", "东市监许〔2026〕31号", "", ""
	cancel.DecidedOn = "2026-03-02"
	if _, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{cancel}, false); err != nil {
		t.Fatal(err)
	}
	if v, _ = pub.Get(officer, id); !v.WithdrawDue.IsZero() {
		t.Errorf("a 注销 set a withdrawal clock: %s", v.WithdrawDue)
	}
	cancel.Decision = "撤销"
	if got, err := pub.ReceiveLicences(officer, []publicity.LicenceInput{cancel}, false); err != nil || got[0].Outcome != publicity.LicenceCorrected {
		t.Fatalf("corrected into a 撤销: %+v, %v", got, err)
	}
	if v, _ = pub.Get(officer, id); v.WithdrawDue != zhifa.MustDate("2026-03-05") {
		t.Errorf("withdrawal clock after the correction: %s", v.WithdrawDue)
	}
}

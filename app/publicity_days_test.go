package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/idcode"
)

// testOrgCode is the 统一社会信用代码 of the legal person of decidedOrg.
var testOrgCode = func() string {
	c, err := idcode.NewCreditCode("9137020000000001")
	if err != nil {
		panic(err)
	}
	return c.String()
}()

// decidedOrg drives a penalty case against a company (with its legal representative's
// phone in the facts; its legal representative is published as the rule
// requires) to its decision, as decided does for a natural person.
func (w *caseWorld) decidedOrg(t *testing.T) *app.CaseView {
	t.Helper()
	in := w.input(zhifa.CasePenalty)
	in.Parties = []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "东港市海润食品有限公司", CreditCode: testOrgCode, Address: "东港市港城路8号"}}
	in.Facts = "经查，东港市海润食品有限公司销售超过保质期的食品，法定代表人王建华，联系电话13912345679。"
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"警告", "罚款"}, Fine: 800000, Reason: "销售超过保质期的食品，情节一般"})
	w.issueDoc(t, "officer1", v.ID, zhifa.DocPenaltyNotice)
	v = w.mustAct(t, "officer1", v, "notify", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "waive_statement", app.ActionInput{})
	v = w.mustAct(t, "officer1", v, "review", app.ActionInput{})
	return w.mustAct(t, "head1", v, "decide", app.ActionInput{Fine: 800000})
}

// publish prepares the generated public version of the case's decision and has the head
// approve it today.
func (w *caseWorld) publish(t *testing.T, caseID int64) *zhifa.Publication {
	t.Helper()
	pub := w.app.Publicity()
	p, err := pub.OfCase(w.as(t, "officer1"), caseID)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Prepare(w.as(t, "officer1"), p.ID, publicity.PrepareInput{Version: p.Version}); err != nil {
		t.Fatal(err)
	}
	if p, err = pub.Approve(w.as(t, "head1"), p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	return p
}

// personalData are the natural person's identifiers the cases of these tests hold.
var personalData = []string{"李建国", "370202199001011237", "13912345678", "13912345679", "海滨路18号3栋501室"}

func assertNoPersonalData(t *testing.T, what string, b []byte) {
	t.Helper()
	for _, s := range personalData {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("%s shows %q", what, s)
		}
	}
}

// TestOpenDataFiles: a day's files list the decisions published that day, redacted, in
// CSV with a BOM and JSON with the API's fields; a decision withdrawn later leaves its
// day's file and is a withdrawal record in the file of its withdrawal's day; days after
// today do not exist; the month's index gives each day's SHA-256 (issue 13, C7).
func TestOpenDataFiles(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	vp, vo := w.decided(t, "李建国"), w.decidedOrg(t)
	w.clock.Advance(24 * time.Hour)
	day := w.app.Today()
	w.publish(t, vp.ID)
	po := w.publish(t, vo.ID)
	public := context.Background()

	f, err := pub.OpenData(public, day)
	if err != nil {
		t.Fatal(err)
	}
	if f.Decisions != 2 || f.Withdrawals != 0 || !bytes.HasPrefix(f.CSV, []byte("\uFEFF记录类型,")) {
		t.Fatalf("file of %s: %d decisions, %d withdrawals, csv %.40q", day, f.Decisions, f.Withdrawals, f.CSV)
	}
	var d publicity.OpenDataDay
	if err := json.Unmarshal(f.JSON, &d); err != nil || len(d.Decisions) != 2 || d.Decisions[0].Party != "李某" || d.Decisions[0].Text == "" {
		t.Fatalf("json %v: %+v", err, d)
	}
	assertNoPersonalData(t, "csv", f.CSV)
	assertNoPersonalData(t, "json", f.JSON)
	if _, err := pub.OpenData(public, day.AddDays(1)); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("tomorrow's file: %v", err)
	}

	w.clock.Advance(24 * time.Hour)
	next := w.app.Today()
	if _, err := pub.Withdraw(w.as(t, "head1"), po.ID, publicity.WithdrawInput{Version: po.Version, Reason: "行政复议决定撤销原处罚决定"}); err != nil {
		t.Fatal(err)
	}
	f, err = pub.OpenData(public, day)
	if err != nil || f.Decisions != 1 || f.Withdrawals != 0 {
		t.Fatalf("the first day after the withdrawal: %+v, %v", f, err)
	}
	g, err := pub.OpenData(public, next)
	if err != nil || g.Decisions != 0 || g.Withdrawals != 1 || !strings.Contains(string(g.CSV), "撤回,") ||
		!strings.Contains(string(g.CSV), "行政复议决定撤销原处罚决定") || strings.Contains(string(g.CSV), "销售超过保质期的食品，情节一般") {
		t.Fatalf("the day of the withdrawal: %+v, %v\n%s", g, err, g.CSV)
	}

	idx, err := pub.OpenDataIndex(public, next)
	if err != nil || len(idx) != next.Day || idx[0].Date != next || idx[0].CSVSHA256 != g.CSVSHA256 || idx[1].JSONSHA256 != f.JSONSHA256 {
		t.Fatalf("index: %d days, %v", len(idx), err)
	}
	if _, err := pub.OpenDataIndex(public, next.AddDays(40)); zhifa.ErrorCode(err) != zhifa.EINVALID {
		t.Errorf("a future month: %v", err)
	}
}

// TestCreditExport: the export holds the penalties of legal persons only (never a
// natural person, 个人信息保护法第三十四条), with the codes of the party and the agency; a
// withdrawal is a deletion; only staff who handle cases export, within their scope;
// bad periods are field errors (issue 13, C7).
func TestCreditExport(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	vp, vo := w.decided(t, "李建国"), w.decidedOrg(t)
	w.clock.Advance(24 * time.Hour)
	day := w.app.Today()
	w.publish(t, vp.ID)
	po := w.publish(t, vo.ID)
	export := func(ctx context.Context, from, to zhifa.Date) ([]*publicity.CreditRecord, error) {
		var out []*publicity.CreditRecord
		err := pub.CreditExport(ctx, from, to, func(r *publicity.CreditRecord) error { out = append(out, r); return nil })
		return out, err
	}
	recs, err := export(w.as(t, "officer1"), day, day)
	if err != nil || len(recs) != 1 {
		t.Fatalf("export: %d records, %v", len(recs), err)
	}
	r := recs[0]
	if r.Operation != publicity.CreditAdd || r.PartyCreditCode != testOrgCode || r.PartyName != "东港市海润食品有限公司" ||
		r.Agency != w.market.Name || r.DecisionNumber == "" || r.Content != "警告，罚款8000元" || r.ExpiresOn.IsZero() {
		t.Errorf("record %+v", r)
	}
	b, _ := json.Marshal(recs)
	assertNoPersonalData(t, "credit export", b)

	for _, tt := range []struct {
		name  string
		ctx   context.Context
		from  zhifa.Date
		to    zhifa.Date
		code  string
		field string
	}{
		{"the public", context.Background(), day, day, zhifa.EUNAUTHORIZED, ""},
		{"a supervisor", w.as(t, "supervisor1"), day, day, zhifa.EFORBIDDEN, ""},
		{"another government's admin", w.as(t, "outsider"), day, day, zhifa.EFORBIDDEN, ""},
		{"no start", w.as(t, "officer1"), zhifa.Date{}, day, zhifa.EINVALID, "from"},
		{"reversed", w.as(t, "officer1"), day, day.AddDays(-1), zhifa.EINVALID, "to"},
		{"future", w.as(t, "officer1"), day, day.AddDays(1), zhifa.EINVALID, "to"},
		{"too long", w.as(t, "officer1"), day.AddDays(-400), day, zhifa.EINVALID, "to"},
	} {
		_, err := export(tt.ctx, tt.from, tt.to)
		if zhifa.ErrorCode(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
		var ze *zhifa.Error
		if tt.field != "" && (!errors.As(err, &ze) || ze.Fields[tt.field] == "") {
			t.Errorf("%s: %v, want a message on %s", tt.name, err, tt.field)
		}
	}

	w.clock.Advance(24 * time.Hour)
	if _, err := pub.Withdraw(w.as(t, "head1"), po.ID, publicity.WithdrawInput{Version: po.Version, Reason: "行政复议决定撤销原处罚决定"}); err != nil {
		t.Fatal(err)
	}
	recs, err = export(w.as(t, "head1"), day, w.app.Today())
	if err != nil || len(recs) != 1 || recs[0].Operation != publicity.CreditDelete || recs[0].WithdrawReason == "" || recs[0].RecordID != r.RecordID {
		t.Fatalf("after the withdrawal: %+v, %v", recs, err)
	}
}

// TestWeekNotice: the 公告栏 notice of an agency and week lists the week's published
// decisions redacted, for anyone; a bad or future week is a field error, a missing
// agency not found (issue 13, C7).
func TestWeekNotice(t *testing.T) {
	w := newCaseWorld(t)
	pub := w.app.Publicity()
	vp, vo := w.decided(t, "李建国"), w.decidedOrg(t)
	w.clock.Advance(24 * time.Hour)
	w.publish(t, vp.ID)
	w.publish(t, vo.ID)
	public := context.Background()
	week := publicity.ISOWeek(w.app.Today())
	n, err := pub.Notice(public, w.market.ID, week)
	if err != nil || len(n.Decisions) != 2 || n.AgencyName != w.market.Name || n.Week != "2026-W10" || n.From != zhifa.MustDate("2026-03-02") {
		t.Fatalf("notice %+v, %v", n, err)
	}
	b, _ := json.Marshal(n)
	assertNoPersonalData(t, "notice", b)
	if n, err := pub.Notice(public, w.branch.ID, week); err != nil || len(n.Decisions) != 0 {
		t.Errorf("another agency's notice: %+v, %v", n, err)
	}
	if n, err := pub.Notice(public, w.market.ID, "2026-W09"); err != nil || len(n.Decisions) != 0 {
		t.Errorf("the week before: %+v, %v", n, err)
	}
	for _, bad := range []string{"2026-49", "2026-W54", "2025-W53", "x", "2026-W11"} {
		if _, err := pub.Notice(public, w.market.ID, bad); zhifa.ErrorCode(err) != zhifa.EINVALID {
			t.Errorf("week %q: %v", bad, err)
		}
	}
	if _, err := pub.Notice(public, 999999, week); zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		t.Errorf("a missing agency: %v", err)
	}
}

// TestParseISOWeek checks the ISO 8601 weeks at the years' edges.
func TestParseISOWeek(t *testing.T) {
	for week, monday := range map[string]string{"2026-W01": "2025-12-29", "2026-W49": "2026-11-30", "2026-W53": "2026-12-28",
		"2021-W01": "2021-01-04", "2020-W53": "2020-12-28"} {
		got, err := publicity.ParseISOWeek(week)
		if err != nil || got != zhifa.MustDate(monday) {
			t.Errorf("%s: %v, %v; want %s", week, got, err, monday)
		}
		if publicity.ISOWeek(got.AddDays(6)) != week {
			t.Errorf("ISOWeek(%s) = %s", got.AddDays(6), publicity.ISOWeek(got.AddDays(6)))
		}
	}
}

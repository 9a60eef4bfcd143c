package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/law"
)

// TestProposeStatutoryRange: issue 10 through app.Act — the fine is checked against the
// statutory range of 食品安全法第一百二十四条第一款 chosen by the 货值金额 (不足一万元:
// 五万元以上十万元以下; 一万元以上: 十倍以上二十倍以下), 从轻 on that range (国市监法规
// 〔2022〕2号), the illegal gain confiscated (行政处罚法第二十八条第二款); a refused step
// changes nothing.
func TestProposeStatutoryRange(t *testing.T) {
	w := newCaseWorld(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	if _, err := w.app.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-F124", Name: "对生产经营超过保质期的食品的行政处罚", Category: zhifa.CatPenalty,
		AgencyID: w.market.ID, Domain: "食品安全", Basis: []zhifa.Basis{{Law: "食品安全法", Article: "第一百二十四条"}}}); err != nil {
		t.Fatal(err)
	}
	in := w.input(zhifa.CasePenalty)
	in.Item = "DG-F124"
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	const why = "销售超过保质期的食品，涉案货值已查明"
	src := "《食品安全法》第一百二十四条第一款"
	for _, tc := range []struct {
		name string
		in   app.ActionInput
		rule string
	}{
		{"below 五万元 with 货值 under 一万元", app.ActionInput{Penalties: []string{"罚款"}, Fine: 40000_00, GoodsValue: 5000_00}, law.RuleMitigated},
		{"五万元 is below 货值 two万 × 10", app.ActionInput{Penalties: []string{"罚款"}, Fine: 50000_00, GoodsValue: 20000_00}, law.RuleMitigated},
		{"above 货值 × 20", app.ActionInput{Penalties: []string{"罚款"}, Fine: 400000_01, GoodsValue: 20000_00}, src},
		{"从轻 above the lower 30% of 20万–40万", app.ActionInput{Penalties: []string{"罚款"}, Fine: 260000_01, GoodsValue: 20000_00, ListEntries: []string{"APL32L"}}, law.RuleLighter},
		{"illegal gain not confiscated", app.ActionInput{Penalties: []string{"罚款"}, Fine: 60000_00, GoodsValue: 5000_00, IllegalGain: 3000_00}, law.RuleGain},
	} {
		tc.in.Reason = why
		_, err := w.act(t, "officer1", v, "propose", tc.in)
		wantGate(t, err, tc.rule)
	}
	if got := w.refresh(t, v.ID); got.State.Proposal != nil || got.Version != v.Version {
		t.Fatalf("a refused proposal was stored: %+v", got.State.Proposal)
	}
	// The agency narrows 从轻 to the lower 20% of the statutory range (its setting).
	admin := w.as(t, "admin")
	ag, err := w.app.Personnel().Agency(admin, w.market.ID)
	if err != nil {
		t.Fatal(err)
	}
	ain := personnel.AgencyInputOf(ag)
	ain.LighterSharePct = 20
	if _, err := w.app.Personnel().UpdateAgency(admin, w.market.ID, ain); err != nil {
		t.Fatal(err)
	}
	ain.LighterSharePct = 60
	_, err = w.app.Personnel().UpdateAgency(admin, w.market.ID, ain)
	wantCode(t, err, zhifa.EINVALID)
	_, err = w.act(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 240000_01, GoodsValue: 20000_00, ListEntries: []string{"APL32L"}, Reason: why})
	wantGate(t, err, law.RuleLighter)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款", "没收违法所得"}, Fine: 240000_00, GoodsValue: 20000_00,
		IllegalGain: 3000_00, Confiscate: 3000_00, ListEntries: []string{"APL32L"}, Reason: why + "，主动召回全部问题食品", Correction: "责令当事人立即停止销售超过保质期的食品"})
	if p := v.State.Proposal; p == nil || p.GoodsValueFen != 20000_00 || p.Correction == "" || p.Revision != 1 {
		t.Fatalf("proposal %+v", v.State.Proposal)
	}
}

// TestItemRangeWarnings: an item whose statutory range cannot be checked is flagged to
// staff (issue 10), not to the public.
func TestItemRangeWarnings(t *testing.T) {
	w := newCaseWorld(t)
	sys := app.WithActor(context.Background(), app.SystemActor("test"))
	item, err := w.app.Catalog().CreateItem(sys, catalog.ItemInput{Code: "DG-A55", Name: "对发布虚假广告的行政处罚", Category: zhifa.CatPenalty,
		AgencyID: w.market.ID, Domain: "广告监管", Basis: []zhifa.Basis{{Law: "广告法", Article: "第五十五条"}}})
	if err != nil {
		t.Fatal(err)
	}
	staff, err := w.app.Catalog().Item(w.as(t, "officer1"), item.ID)
	if err != nil || !strings.Contains(strings.Join(staff.RangeWarnings, "；"), "广告费用") {
		t.Errorf("staff view: %v %q", err, staff.RangeWarnings)
	}
	public, err := w.app.Catalog().Item(app.WithActor(t.Context(), &app.Actor{}), item.ID)
	if err != nil || len(public.RangeWarnings) != 0 {
		t.Errorf("public view: %v %q", err, public.RangeWarnings)
	}
}

// TestPartyHistory: 行政处罚法第二十九条 — filing a second case on the same act warns and
// a second fine for it is refused, at propose and at decide; 第三十三条第一款 — 首违不罚
// is refused to a party already penalized.
func TestPartyHistory(t *testing.T) {
	w := newCaseWorld(t)
	const why = "销售超过保质期的食品，首次违法，情节一般"
	fine := app.ActionInput{Penalties: []string{"罚款"}, Fine: 500000, Reason: why}
	a := w.file(t, w.input(zhifa.CasePenalty))
	if len(a.Warnings) != 0 {
		t.Errorf("first case warns: %q", a.Warnings)
	}
	b := w.file(t, w.input(zhifa.CasePenalty)) // the same party, item and act date
	if !strings.Contains(strings.Join(b.Warnings, "；"), law.RuleOneFine) || !strings.Contains(strings.Join(b.Warnings, "；"), a.Number) {
		t.Errorf("second case on the same act: warnings %q", b.Warnings)
	}
	b = w.mustAct(t, "officer1", b, "investigate", app.ActionInput{})
	b = w.mustAct(t, "officer1", b, "propose", fine) // the first case has no fine yet

	a = w.mustAct(t, "officer1", a, "investigate", app.ActionInput{})
	a = w.mustAct(t, "officer1", a, "propose", fine)
	w.issueDoc(t, "officer1", a.ID, zhifa.DocPenaltyNotice)
	a = w.mustAct(t, "officer1", a, "notify", app.ActionInput{})
	a = w.mustAct(t, "officer1", a, "review", app.ActionInput{})
	w.clock.Advance(8 * 24 * time.Hour) // the statement period is over
	w.mustAct(t, "head1", a, "decide", app.ActionInput{Fine: 500000})

	b = w.refresh(t, b.ID)
	_, err := w.act(t, "officer1", b, "propose", fine)
	wantGate(t, err, law.RuleOneFine)
	_, err = w.act(t, "officer1", b, "propose", app.ActionInput{Penalties: []string{"警告"}, Warning: true, Reason: why})
	if err != nil {
		t.Errorf("a warning for the same act: %v", err)
	}
	b = w.refresh(t, b.ID)
	if b.State.Proposal == nil || b.State.Proposal.FineFen != 0 {
		t.Fatalf("proposal %+v", b.State.Proposal)
	}

	in := w.input(zhifa.CasePenalty)
	in.OccurredOn = zhifa.MustDate("2026-02-25") // another act of the same party
	c := w.file(t, in)
	c = w.mustAct(t, "officer1", c, "investigate", app.ActionInput{})
	_, err = w.act(t, "officer1", c, "propose", app.ActionInput{ListEntries: []string{law.FirstOffenceEntry}, Reason: "初次违法且危害后果轻微并及时改正"})
	wantGate(t, err, law.RuleFirstOffence)
}

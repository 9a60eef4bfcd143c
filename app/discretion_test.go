package app_test

import (
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/law"
)

// benchmarkInput is a benchmark for the case world's penalty item: 轻微 500–1,000 yuan,
// 一般 1,000–2,000 yuan, 严重 2,000–3,000 yuan (summary cases of organizations stay
// within 行政处罚法第五十一条's 3,000 yuan).
func benchmarkInput() catalog.BenchmarkInput {
	lv := func(name string, lo, hi int64) zhifa.BenchmarkLevel {
		return zhifa.BenchmarkLevel{Name: name, Conditions: name + "情形", Penalties: []string{"警告", "罚款"},
			Fine: zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: lo * 100, MaxFen: hi * 100}}
	}
	return catalog.BenchmarkInput{Levels: []zhifa.BenchmarkLevel{lv("轻微", 500, 1000), lv("一般", 1000, 2000), lv("严重", 2000, 3000)}}
}

// TestBenchmarks: B3 — only catalog managers in scope edit; every change is a version;
// stale edits conflict; invalid ranges are refused field by field; anyone reads.
func TestBenchmarks(t *testing.T) {
	w := newCaseWorld(t)
	code := w.items[zhifa.CasePenalty]
	_, err := w.app.Catalog().CreateBenchmark(w.as(t, "officer1"), code, benchmarkInput())
	wantCode(t, err, zhifa.EFORBIDDEN)
	_, err = w.app.Catalog().CreateBenchmark(w.as(t, "outsider"), code, benchmarkInput())
	wantCode(t, err, zhifa.ENOTFOUND)
	bad := benchmarkInput()
	bad.Levels[1].Fine.MinFen = 900_00 // overlaps 轻微
	_, err = w.app.Catalog().CreateBenchmark(w.as(t, "admin"), code, bad)
	wantCode(t, err, zhifa.EINVALID)
	if f := zhifa.ErrorFields(err); f["levels.1.fine.min_fen"] == "" {
		t.Errorf("fields %v", f)
	}
	_, err = w.app.Catalog().CreateBenchmark(w.as(t, "admin"), w.items[zhifa.CaseInspection], benchmarkInput())
	wantCode(t, err, zhifa.EINVALID) // only penalty items
	before := w.ledgerSize(t)
	v, err := w.app.Catalog().CreateBenchmark(w.as(t, "admin"), code, benchmarkInput())
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || len(v.LevelViews) != 3 || v.LevelViews[0].FineText != "500元以上1000元以下" || len(v.Basis) == 0 {
		t.Errorf("created %+v", v)
	}
	if w.ledgerSize(t) != before+1 {
		t.Error("benchmark write appended no ledger entry")
	}
	_, err = w.app.Catalog().CreateBenchmark(w.as(t, "admin"), code, benchmarkInput())
	wantCode(t, err, zhifa.ECONFLICT)
	up := benchmarkInput()
	up.Version, up.Note = 1, "调整严重情形"
	up.Levels[2].Conditions = "造成严重后果"
	if v, err = w.app.Catalog().UpdateBenchmark(w.as(t, "admin"), code, up); err != nil || v.Version != 2 {
		t.Fatalf("update: %v %+v", err, v)
	}
	_, err = w.app.Catalog().UpdateBenchmark(w.as(t, "admin"), code, up) // version 1 is stale now
	wantCode(t, err, zhifa.ECONFLICT)
	public := app.WithActor(t.Context(), &app.Actor{})
	got, err := w.app.Catalog().Benchmark(public, code)
	if err != nil || got.Levels[2].Conditions != "造成严重后果" {
		t.Errorf("public read: %v %+v", err, got)
	}
	hist, err := w.app.Catalog().BenchmarkHistory(public, code)
	if err != nil || len(hist) != 2 || hist[0].Note != "调整严重情形" || hist[1].Benchmark.Levels[2].Conditions != "严重情形" {
		t.Errorf("history: %v %+v", err, hist)
	}
}

// TestFourLists: B4 — the built-ins (行政处罚法第三十条至第三十三条) are in every agency's
// lists; an agency adds its own, which can be deactivated but not deleted.
func TestFourLists(t *testing.T) {
	w := newCaseWorld(t)
	in := catalog.ListEntryInput{AgencyID: w.market.ID, Kind: zhifa.ListNoPenalty, Item: w.items[zhifa.CasePenalty], Title: "首次销售临期标识不清食品",
		Conditions: "首次；货值不超过500元；当场改正", Basis: []zhifa.Basis{{Law: "行政处罚法", Article: "第三十三条"}}}
	_, err := w.app.Catalog().CreateListEntry(w.as(t, "officer1"), in)
	wantCode(t, err, zhifa.EFORBIDDEN)
	e, err := w.app.Catalog().CreateListEntry(w.as(t, "admin"), in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Key, "L") || !e.Active || e.ItemCode != in.Item || e.Basis[0].Law != "中华人民共和国行政处罚法" || e.Basis[0].Text == "" {
		t.Errorf("created %+v", e)
	}
	lists, err := w.app.Catalog().FourLists(app.WithActor(t.Context(), &app.Actor{}), w.market.ID)
	if err != nil || len(lists.Lists) != 4 {
		t.Fatalf("lists %v %+v", err, lists)
	}
	var keys []string
	for _, en := range lists.Lists[0].Entries {
		keys = append(keys, en.Key)
	}
	if !strings.Contains(strings.Join(keys, ","), "APL33-1B") || keys[len(keys)-1] != e.Key {
		t.Errorf("不予处罚 list %v", keys)
	}
	in.Version, in.Active = e.Version, false
	if e, err = w.app.Catalog().UpdateListEntry(w.as(t, "admin"), e.ID, in); err != nil || e.Active {
		t.Fatalf("deactivate: %v %+v", err, e)
	}
	lists, _ = w.app.Catalog().FourLists(app.WithActor(t.Context(), &app.Actor{}), w.market.ID)
	for _, en := range lists.Lists[0].Entries {
		if en.Key == e.Key {
			t.Error("the public sees a deactivated entry")
		}
	}
}

// TestPropose: the proposal before the notice (Art. 44), checked against the benchmark
// (B3), with 从轻/减轻/不予处罚 list entries (B4, Art. 30-33), revised with a revision
// number, and the decision equal to it.
func TestPropose(t *testing.T) {
	w := newCaseWorld(t)
	if _, err := w.app.Catalog().CreateBenchmark(w.as(t, "admin"), w.items[zhifa.CasePenalty], benchmarkInput()); err != nil {
		t.Fatal(err)
	}
	v := w.file(t, w.input(zhifa.CasePenalty))
	v = w.mustAct(t, "officer1", v, "investigate", app.ActionInput{})
	if !hasMissing(v, "notify", law.RuleProposal) {
		t.Errorf("missing %+v, want the proposal for notify (Art. 44)", v.Missing)
	}
	_, err := w.act(t, "officer1", v, "notify", app.ActionInput{})
	wantCode(t, err, zhifa.EGATE) // no proposal yet (the notice document gate may come first)
	why := "销售超过保质期的食品，货值较小，情节一般"
	_, err = w.act(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 1500_00, Level: "一般"})
	wantCode(t, err, zhifa.EINVALID) // no reason (002 §9)
	_, err = w.act(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 2500_00, Level: "一般", Reason: why})
	wantGate(t, err, law.RuleBenchmark)
	_, err = w.act(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 800_00, Level: "一般", Reason: why})
	wantGate(t, err, law.RuleBenchmark) // below the level without a 从轻 or 减轻 entry
	before := w.ledgerSize(t)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 800_00, Level: "一般", Reason: why + "，主动消除危害后果",
		ListEntries: []string{"APL32M"}, Flags: []string{"疑难复杂"}})
	p := v.State.Proposal
	if p == nil || p.Revision != 1 || p.FineFen != 800_00 || p.BenchmarkVersion != 1 || p.Level != "一般" || p.Flags[0] != "疑难复杂" {
		t.Fatalf("proposal %+v", p)
	}
	if w.ledgerSize(t) != before+1 {
		t.Error("propose appended no ledger entry")
	}
	if e := v.Events[len(v.Events)-1]; e.Action != "propose" || !strings.Contains(e.Detail, "第1稿") || !strings.Contains(e.Detail, "APL32M") {
		t.Errorf("event %+v", e)
	}
	// Revised: 首违不罚 turns it into 不予处罚 (Art. 33 ¶1); the decision is refused.
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Reason: "初次违法且危害后果轻微并已及时改正", ListEntries: []string{"APL33-1B"}})
	if p := v.State.Proposal; !p.NoPenalty || p.Revision != 2 || p.FineFen != 0 {
		t.Errorf("不予处罚 proposal %+v", p)
	}
	_, err = w.act(t, "officer1", v, "notify", app.ActionInput{})
	wantCode(t, err, zhifa.EGATE)
	// 第三十三条第三款: the education first; 第五十七条第一款第二项: the written decision.
	ending := app.ActionInput{Reason: "首违不罚（行政处罚法第三十三条第一款）"}
	_, err = w.act(t, "head1", v, "no_penalty", ending)
	wantGate(t, err, law.RuleEducation)
	_, err = w.act(t, "officer1", v, "educate", app.ActionInput{Education: &zhifa.EducationRecord{Method: "当面教育"}})
	wantGate(t, err, law.RuleEducation) // no content
	taught := &zhifa.EducationRecord{Method: "当面教育", Content: "讲解食品安全法有关规定及销售过期食品的危害，当事人表示今后严格查验"}
	v = w.mustAct(t, "officer1", v, "educate", app.ActionInput{Education: taught})
	if e := v.State.Education; e == nil || e.Content != taught.Content || e.On != w.app.Today() {
		t.Errorf("education %+v", e)
	}
	_, err = w.act(t, "head1", v, "no_penalty", ending)
	wantGate(t, err, law.RuleNoPenaltyDocument)
	d, err := w.app.CreateDocument(w.as(t, "officer1"), v.ID, app.DocumentCreate{Type: zhifa.DocNoPenaltyDecision})
	if err != nil {
		t.Fatal(err)
	}
	if g := d.Fields["grounds"]; !strings.Contains(g, "首违不罚") || !strings.Contains(g, "第三十三条第一款") {
		t.Errorf("grounds %q", g)
	}
	if e := d.Fields["education"]; !strings.Contains(e, "当面教育") || !strings.Contains(e, "过期食品") {
		t.Errorf("education %q", e)
	}
	if r := d.Fields["remedy"]; !strings.Contains(r, "复议") || !strings.Contains(r, "诉讼") {
		t.Errorf("remedy %q", r)
	}
	w.issueDoc(t, "officer1", v.ID, zhifa.DocNoPenaltyDecision)
	v = w.mustAct(t, "head1", w.refresh(t, v.ID), "no_penalty", ending)
	if v.Outcome != zhifa.OutcomeNoPenalty {
		t.Errorf("outcome %s", v.Outcome)
	}
	// The age rule (Art. 30) from the 身份证 birth date on occurred_on: 李某 born
	// 2010-05-01 was 15 on 2026-02-20.
	in := w.input(zhifa.CasePenalty)
	in.Parties[0].IDNumber = "370202201005011234"
	if !validID(in.Parties[0].IDNumber) {
		in.Parties[0].IDNumber = fixCheck(in.Parties[0].IDNumber[:17])
	}
	minor := w.file(t, in)
	minor = w.mustAct(t, "officer1", minor, "investigate", app.ActionInput{})
	_, err = w.act(t, "officer1", minor, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 1500_00, Level: "一般", Reason: why})
	wantGate(t, err, law.RuleAge)
	minor = w.mustAct(t, "officer1", minor, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 1200_00, Level: "一般", Reason: why + "，当事人未成年", ListEntries: []string{"APL30-2L"}})
	if minor.State.Proposal.FineFen != 1200_00 {
		t.Errorf("minor proposal %+v", minor.State.Proposal)
	}
	form, err := w.app.ProposeForm(w.as(t, "officer1"), minor.ID)
	if err != nil {
		t.Fatal(err)
	}
	applies := map[string]bool{}
	for _, e := range form.Entries {
		applies[e.Key] = e.Applies
	}
	if !applies["APL30-2L"] || applies["APL30-1"] || applies["AEL16-2"] || len(form.Levels) != 3 || !form.Allowed || form.Ages[0] != 15 {
		t.Errorf("form: applies %v, levels %d, allowed %v, ages %v", applies, len(form.Levels), form.Allowed, form.Ages)
	}
	_, err = w.app.ProposeForm(w.as(t, "reviewer1"), minor.ID)
	wantCode(t, err, zhifa.EFORBIDDEN)
}

// TestSimilarCases: the consistency aid (同案同罚, B3): past decided fines of the same item
// and level in the agency and its peers, with quartiles and the nearest cases. Summary
// cases are decided on the spot (Art. 51), so the decision needs no notice.
func TestSimilarCases(t *testing.T) {
	w := newCaseWorld(t)
	if _, err := w.app.Catalog().CreateBenchmark(w.as(t, "admin"), w.items[zhifa.CasePenalty], benchmarkInput()); err != nil {
		t.Fatal(err)
	}
	in := w.input(zhifa.CasePenalty)
	in.Procedure = zhifa.ProcSummary
	in.Parties = []app.PartyInput{{Kind: zhifa.PartyOrg, Name: "某食品店", CreditCode: "91350100M000100Y43"}}
	var last *app.CaseView
	for i, yuan := range []int64{1000, 1200, 1500, 1800, 2000} {
		in.OccurredOn = zhifa.MustDate("2026-02-20").AddDays(-i) // separate acts (行政处罚法第二十九条)
		v := w.file(t, in)
		v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: yuan * 100, Level: "一般", Reason: "当场查获销售过期食品，情节一般"})
		last = w.mustAct(t, "officer1", v, "decide", app.ActionInput{Summary: onTheSpot()})
		if last.State.FineFen != yuan*100 {
			t.Fatalf("decided %d", last.State.FineFen)
		}
	}
	in.OccurredOn = zhifa.MustDate("2026-02-21")
	v := w.file(t, in)
	v = w.mustAct(t, "officer1", v, "propose", app.ActionInput{Penalties: []string{"罚款"}, Fine: 1400_00, Level: "一般", Reason: "当场查获销售过期食品，情节一般"})
	s, err := w.app.SimilarCases(w.as(t, "reviewer1"), v.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Count != 5 || s.Min != 1000_00 || s.Median != 1500_00 || s.Max != 2000_00 || s.Q1 != 1200_00 || s.Q3 != 1800_00 || s.Level != "一般" {
		t.Errorf("stats %+v", s.FineStats)
	}
	if len(s.Nearest) != 5 || s.Nearest[0].FineFen != 1500_00 || s.Nearest[1].FineFen != 1200_00 {
		t.Errorf("nearest %+v", s.Nearest)
	}
	if s, _ := w.app.SimilarCases(w.as(t, "reviewer1"), v.ID, "严重"); s.Count != 0 {
		t.Errorf("严重: %+v", s)
	}
	_, err = w.app.SimilarCases(w.as(t, "outsider"), v.ID, "")
	wantCode(t, err, zhifa.ENOTFOUND)
}

func validID(s string) bool { return len(s) == 18 && fixCheck(s[:17]) == s }

// fixCheck appends the GB 11643 check digit.
func fixCheck(first17 string) string {
	wts := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, r := range first17 {
		sum += int(r-'0') * wts[i]
	}
	return first17 + string("10X98765432"[sum%11])
}

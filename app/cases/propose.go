package cases

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The proposed decision (拟作出处罚决定, B3, B4), issue #5. The propose step of law.Steps
// (ordinary penalty: investigate to review; summary: at the opening; compulsory: during
// the seizure) builds c.State.Proposal from the action's input and checks it with
// law.CheckProposal against the item's benchmark and the agency's four lists; every
// change bumps Proposal.Revision (legal review compares revisions). The notice of an
// ordinary case needs a proposal (Art. 44); the decision equals it (applyStep "decide").

// ProposalFlags are the major-decision flags a handler may set (E3; law.MajorFlags).
var ProposalFlags = law.MajorFlags

// proposalFacts reads what law.CheckProposal needs for the case: the item's benchmark
// (nil without one), the statute's ranges and the entries the case may cite.
func (s *Service) proposalFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, item *zhifa.Item) (*law.ProposalFacts, error) {
	f := &law.ProposalFacts{Case: c, Statute: law.StatuteFines(item.Basis), Entries: law.BuiltinListEntries(),
		Provisions: law.BasisProvisions(item.Basis)}
	b, err := tx.BenchmarkByItem(ctx, item.ID)
	switch {
	case err == nil:
		f.Benchmark = b
	case !isCode(err, zhifa.ENOTFOUND):
		return nil, err
	}
	ag, err := tx.Agency(ctx, c.AgencyID)
	if err != nil {
		return nil, err
	}
	f.LighterShare = kernel.LighterShare(ag)
	stored, err := tx.ListEntries(ctx, zhifa.ListFilter{AgencyID: c.AgencyID})
	if err != nil {
		return nil, err
	}
	for _, e := range stored {
		f.Entries = append(f.Entries, *e)
	}
	return f, nil
}

// discretionStep runs the discretion part of a step inside Act, before applyStep: for
// propose it builds, checks and stores the proposal and returns the event's detail; the
// notice of an ordinary penalty case needs a proposal (行政处罚法第四十四条).
func (s *Service) discretionStep(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, item *zhifa.Item, action zhifa.Action, in kernel.ActionInput) (string, error) {
	switch action {
	case zhifa.ActNotify, zhifa.ActRenotify:
		return "", law.CheckProposalStep(c, zhifa.ActNotify)
	case zhifa.ActDecide:
		// 行政处罚法第二十九条: a case on the same act may have been fined since the proposal.
		if p := c.State.Proposal; p != nil && c.Kind == zhifa.CasePenalty {
			history, err := s.partyHistory(ctx, tx, c)
			if err != nil {
				return "", err
			}
			return "", law.CheckOneFine(c, history, p)
		}
		return "", nil
	case zhifa.ActPropose:
	default:
		return "", nil
	}
	chk := newChecker()
	chk.List("penalties", &in.Penalties, false)
	chk.List("list_entries", &in.ListEntries, false)
	chk.List("flags", &in.Flags, false)
	chk.Text("level", &in.Level, false, 20)
	chk.Text("refund_basis", &in.RefundBasis, false, 200)
	chk.Text("correction", &in.Correction, false, 500)
	for _, f := range in.Flags {
		if !slices.Contains(ProposalFlags, f) {
			chk.Add("flags", "重大执法决定情形应为："+strings.Join(ProposalFlags, "、"))
		}
	}
	// Amounts in fen: none negative, none above MaxFen (a larger illegal gain times the
	// benchmark's multiple would overflow the range check and let any fine pass).
	for _, amt := range []struct {
		field string
		fen   int64
	}{{"fine", in.Fine}, {"confiscate", in.Confiscate}, {"illegal_gain", in.IllegalGain}, {"goods_value", in.GoodsValue}, {"refund", in.Refund}} {
		switch {
		case amt.fen < 0:
			chk.Add(amt.field, "金额不能为负数")
		case amt.fen > MaxFen:
			chk.Add(amt.field, "金额不能超过"+law.Yuan(MaxFen)+"元")
		}
	}
	if err := chk.Err(); err != nil {
		return "", err
	}
	if in.Warning && !slices.Contains(in.Penalties, "警告") {
		in.Penalties = append([]string{"警告"}, in.Penalties...)
	}
	p := &zhifa.Proposal{Penalties: in.Penalties, FineFen: in.Fine, ConfiscateFen: in.Confiscate, IllegalGainFen: in.IllegalGain,
		Level: in.Level, ListEntries: in.ListEntries, Reason: in.Reason, Flags: in.Flags, Disposal: in.Disposal,
		GoodsValueFen: in.GoodsValue, RefundFen: in.Refund, RefundBasis: in.RefundBasis, Correction: in.Correction,
		Corrected: in.Corrected, Heavier: in.Heavier}
	facts, err := s.proposalFacts(ctx, tx, c, item)
	if err != nil {
		return "", err
	}
	var history []*zhifa.Case
	if c.Kind == zhifa.CasePenalty {
		if history, err = s.partyHistory(ctx, tx, c); err != nil {
			return "", err
		}
	}
	if err := law.CheckFirstOffence(c, history, p); err != nil {
		return "", err
	}
	res, err := law.CheckProposal(facts, p)
	if err != nil {
		return "", err
	}
	if err := law.CheckOneFine(c, history, p); err != nil {
		return "", err
	}
	if old := c.State.Proposal; old != nil {
		p.Revision = old.Revision + 1
	} else {
		p.Revision = 1
	}
	c.State.Proposal = p
	return proposalDetail(p, res), nil
}

// proposalDetail describes a proposal for the case history.
func proposalDetail(p *zhifa.Proposal, res *law.ProposalCheck) string {
	var parts []string
	parts = append(parts, fmt.Sprintf("第%d稿", p.Revision))
	switch {
	case p.NoPenalty:
		parts = append(parts, "拟不予行政处罚")
	case p.Disposal != "":
		parts = append(parts, "拟处理决定："+strings.Join(p.Penalties, "、"))
	default:
		parts = append(parts, "拟处罚："+strings.Join(p.Penalties, "、"))
		if p.FineFen > 0 {
			parts = append(parts, "罚款"+law.Yuan(p.FineFen)+"元")
		}
		if p.ConfiscateFen > 0 {
			parts = append(parts, "没收"+law.Yuan(p.ConfiscateFen)+"元")
		}
	}
	if p.Level != "" {
		parts = append(parts, fmt.Sprintf("裁量阶次“%s”（基准第%d版）", p.Level, p.BenchmarkVersion))
	}
	if res != nil && res.Range != nil && !res.Range.None && !p.NoPenalty {
		parts = append(parts, "幅度"+res.Range.Text)
	}
	if res != nil && res.Statute != nil && !p.NoPenalty {
		parts = append(parts, "法定幅度"+res.Statute.Source+"："+res.Statute.Text)
	}
	if res != nil && res.Unchecked != "" {
		parts = append(parts, res.Unchecked)
	}
	if p.Correction != "" {
		parts = append(parts, "责令改正："+p.Correction)
	}
	if len(p.ListEntries) > 0 {
		parts = append(parts, "引用清单"+strings.Join(p.ListEntries, "、"))
	}
	if res != nil && res.Guidance != "" {
		parts = append(parts, res.Guidance)
	}
	return strings.Join(parts, "；")
}

// decisionOf is what a decision decides when the case has a proposal: its fine, whether
// it warns, and its disposal. A fine or disposal given with the decision must equal it.
func decisionOf(c *zhifa.Case, in kernel.ActionInput) (fine int64, warning bool, disposal string, err error) {
	p := c.State.Proposal
	if p == nil {
		return in.Fine, in.Warning, in.Disposal, nil
	}
	if in.Fine != 0 && in.Fine != p.FineFen {
		return 0, false, "", fieldError("fine", fmt.Sprintf("决定的罚款应与拟处罚决定一致（%s元）；如需调整，请先修改拟处罚决定", law.Yuan(p.FineFen)))
	}
	if in.Disposal != "" && in.Disposal != p.Disposal {
		return 0, false, "", fieldError("disposal", "处理决定应与拟作出的处理决定一致；如需调整，请先修改拟处理决定")
	}
	return p.FineFen, slices.Contains(p.Penalties, "警告"), p.Disposal, nil
}

// recordDecisionFine keeps the fine of a decided penalty case for the consistency aid.
func (s *Service) recordDecisionFine(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) error {
	p := c.State.Proposal
	if c.Kind != zhifa.CasePenalty || p == nil || p.FineFen <= 0 {
		return nil
	}
	return tx.AddDecisionFine(ctx, &zhifa.DecisionFine{CaseID: c.ID, Number: c.Number, AgencyID: c.AgencyID, ItemID: c.ItemID,
		Level: p.Level, FineFen: p.FineFen, DecidedOn: c.State.DecidedOn})
}

// ---- consistency aid (同案同罚) ----

// SimilarFines is the distribution of past fines for the same item and level in the
// case's agency and its peers (same parent, same level), with the nearest cases.
type SimilarFines struct {
	CaseID   int64    `json:"case_id"`
	ItemCode string   `json:"item_code"`
	Level    string   `json:"level"`
	Agencies []string `json:"agencies"`
	law.FineStats
	// Nearest are up to 10 past decisions closest in amount to the proposal (or to the
	// median without one).
	Nearest []*zhifa.DecisionFine `json:"nearest"`
}

// maxNearest bounds SimilarFines.Nearest.
const maxNearest = 10

// SimilarCases returns the consistency aid of a case (B3): the distribution of fines
// decided for the same item at level (default: the proposal's level) by the case's
// agency and its peers within the last three years (at most law.FinePeerSample, the
// newest). Anyone on the staff who can see the case may read it (handlers
// and reviewers).
func (s *Service) SimilarCases(ctx context.Context, caseID int64, level string) (*SimilarFines, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out *SimilarFines
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		item, err := tx.Item(ctx, c.ItemID)
		if err != nil {
			return err
		}
		out, err = s.similar(ctx, tx, c, ag, item, level)
		return err
	})
	return out, err
}

func (s *Service) similar(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, level string) (*SimilarFines, error) {
	var target int64
	if p := c.State.Proposal; p != nil {
		if level == "" {
			level = p.Level
		}
		target = p.FineFen
	}
	out := &SimilarFines{CaseID: c.ID, ItemCode: item.Code, Level: level, Agencies: []string{}, Nearest: []*zhifa.DecisionFine{}}
	peers, err := peerAgencies(ctx, tx, ag)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(peers))
	for _, p := range peers {
		ids = append(ids, p.ID)
		out.Agencies = append(out.Agencies, p.Name)
	}
	// The same window and bound as the 同案不同罚 rule (law.FinePeerSince, FinePeerSample):
	// recent decisions only, read in a bounded range.
	list, err := tx.DecisionFines(ctx, zhifa.DecisionFineQuery{ItemID: item.ID, Level: level, AgencyIDs: ids,
		Since: law.FinePeerSince(s.k.Today()), Limit: law.FinePeerSample})
	if err != nil {
		return nil, err
	}
	var fines []int64
	var others []*zhifa.DecisionFine
	for _, d := range list {
		if d.CaseID != c.ID {
			fines = append(fines, d.FineFen)
			others = append(others, d)
		}
	}
	out.FineStats = law.Stats(fines)
	if target == 0 {
		target = out.Median
	}
	sort.SliceStable(others, func(i, j int) bool { return absDiff(others[i].FineFen, target) < absDiff(others[j].FineFen, target) })
	if len(others) > maxNearest {
		others = others[:maxNearest]
	}
	out.Nearest = append(out.Nearest, others...)
	return out, nil
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// ---- the propose form ----

// ApplicableEntry is a list entry with whether it applies to the case, and why not.
type ApplicableEntry struct {
	zhifa.ListEntry
	Applies bool   `json:"applies"`
	Why     string `json:"why,omitempty"`
}

// LevelOption is a benchmark level with the range that applies to the case.
type LevelOption struct {
	kernel.LevelView
	Range law.Range `json:"range"`
}

// ProposeForm is everything the propose page shows: the case, its current proposal, the
// benchmark's levels with their ranges, the list entries with their applicability, the
// statute's ranges, and the distribution of past fines.
type ProposeForm struct {
	Case         *CaseView             `json:"case"`
	Benchmark    *kernel.BenchmarkView `json:"benchmark,omitempty"`
	Levels       []LevelOption         `json:"levels"`
	Entries      []ApplicableEntry     `json:"entries"`
	Statute      []law.StatuteFine     `json:"statute"`
	Similar      *SimilarFines         `json:"similar"`
	PenaltyKinds []string              `json:"penalty_kinds"`
	Flags        []string              `json:"flags"`
	Disposals    map[string]string     `json:"disposals,omitempty"`
	Ages         []int                 `json:"ages,omitempty"`
	Allowed      bool                  `json:"allowed"` // the stage allows propose
	Proposal     *zhifa.Proposal       `json:"proposal,omitempty"`
	Current      *law.ProposalCheck    `json:"-"`
}

// ProposeForm returns the propose page's content for a case of the actor's agency.
func (s *Service) ProposeForm(ctx context.Context, caseID int64) (*ProposeForm, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	cv, err := s.Case(ctx, caseID)
	if err != nil {
		return nil, err
	}
	form := &ProposeForm{Case: cv, Levels: []LevelOption{}, Entries: []ApplicableEntry{}, PenaltyKinds: law.PenaltyKinds, Flags: ProposalFlags}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		item, err := tx.Item(ctx, c.ItemID)
		if err != nil {
			return err
		}
		facts, err := s.proposalFacts(ctx, tx, c, item)
		if err != nil {
			return err
		}
		form.Proposal = c.State.Proposal
		form.Statute = facts.Statute
		if form.Statute == nil {
			form.Statute = []law.StatuteFine{}
		}
		_, terr := law.Transition(c, zhifa.ActPropose)
		form.Allowed = terr == nil
		if c.Kind == zhifa.CaseCompulsory {
			form.Disposals = law.Disposals
		}
		form.Ages = law.PartyAges(c)
		var gain, goods int64
		if c.State.Proposal != nil {
			gain, goods = c.State.Proposal.IllegalGainFen, c.State.Proposal.GoodsValueFen
		}
		if facts.Benchmark != nil {
			form.Benchmark = kernel.NewBenchmarkView(facts.Benchmark, item, ag.Name)
			for i, l := range facts.Benchmark.Levels {
				base := gain
				if l.Fine.Base == string(law.BaseGoods) {
					base = goods
				}
				form.Levels = append(form.Levels, LevelOption{LevelView: form.Benchmark.LevelViews[i], Range: law.LevelRange(&l, base)})
			}
		}
		for _, e := range facts.Entries {
			if e.ItemID != 0 && e.ItemID != c.ItemID {
				continue
			}
			ok, why := law.EntryApplies(&e, c)
			form.Entries = append(form.Entries, ApplicableEntry{ListEntry: e, Applies: ok, Why: why})
		}
		form.Similar, err = s.similar(ctx, tx, c, ag, item, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return form, nil
}

// ProposalInputOf prefills the propose form from the current proposal.
func ProposalInputOf(p *zhifa.Proposal) kernel.ActionInput {
	if p == nil {
		return kernel.ActionInput{}
	}
	return kernel.ActionInput{Penalties: p.Penalties, Fine: p.FineFen, Confiscate: p.ConfiscateFen, IllegalGain: p.IllegalGainFen,
		Level: p.Level, ListEntries: p.ListEntries, Reason: p.Reason, Flags: p.Flags, Disposal: p.Disposal,
		GoodsValue: p.GoodsValueFen, Refund: p.RefundFen, RefundBasis: p.RefundBasis, Correction: p.Correction,
		Corrected: p.Corrected, Heavier: p.Heavier}
}

// MaxFen bounds every amount of money a handler types (see kernel.MaxFen).
const MaxFen = kernel.MaxFen

// ParseFen reads an amount of yuan typed in a form ("1234.5", "1,234.50") as fen. Only
// digits, thousands commas and one decimal point with at most two digits are accepted:
// no sign, so a typed "-0.50" or "1.-5" is refused rather than read as a positive or
// negative amount; at most MaxFen.
func ParseFen(s string) (int64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, nil
	}
	bad := fmt.Errorf("金额格式应为元，例如 5000 或 1234.50")
	whole, frac, _ := strings.Cut(s, ".")
	if !digitsOnly(whole) || !digitsOnly(frac) || whole+frac == "" {
		return 0, bad
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("金额最多两位小数")
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.Atoi(frac) // two digits, checked above
	if err != nil || w > MaxFen/100 || w*100+int64(f) > MaxFen {
		return 0, fmt.Errorf("金额不能超过%s元", law.Yuan(MaxFen))
	}
	return w*100 + int64(f), nil
}

// digitsOnly reports whether s holds only the ASCII digits 0–9 (true for "").
func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// proposalMissing is the unmet rule of the notice without a proposal (行政处罚法第四十四条),
// for the case's list of what is missing; law.Missing does not check it, as the rule is
// the app's (discretionStep).
func proposalMissing(c *zhifa.Case) []law.Unmet {
	for _, s := range law.NextSteps(c) {
		if s.Action != zhifa.ActNotify {
			continue
		}
		if err := law.CheckProposalStep(c, zhifa.ActNotify); err != nil {
			if e, ok := err.(*zhifa.Error); ok {
				return []law.Unmet{{Action: "notify", Rule: e.Rule, Message: e.Message}}
			}
		}
	}
	return nil
}

// peerAgencies is ag and its peers: the enforcement agencies of the same level under the
// same superior, whose decided cases the consistency aid and the party's history read.
func peerAgencies(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) ([]*zhifa.Agency, error) {
	peers := []*zhifa.Agency{ag}
	if ag.ParentID == 0 {
		return peers, nil
	}
	parent, err := tx.Agency(ctx, ag.ParentID)
	if err != nil {
		return nil, err
	}
	all, err := tx.Agencies(ctx, parent.Path)
	if err != nil {
		return nil, err
	}
	for _, x := range all {
		if x.ID != ag.ID && x.ParentID == ag.ParentID && x.Level == ag.Level && x.IsEnforcement() {
			peers = append(peers, x)
		}
	}
	return peers, nil
}

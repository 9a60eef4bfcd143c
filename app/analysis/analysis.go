// Package analysis is the analytic-warnings bounded context (分析预警, issue 14, REQUIREMENTS
// D5, H4): rules that find problems in decided cases — a fine far from those of the same
// item and benchmark level (同案不同罚), one officer's repeated 不予处罚 and 撤案 — each
// citing its rule and the records it rests on, and the handling of each warning: the
// agency explains or rectifies it, the justice bureau's supervisor orders it handled by a
// deadline (督办) or closes it. It builds on the shared kernel only.
//
// The rules run in the transaction of the decision that feeds them (a PhaseSaved stage),
// on two small summaries the same transaction writes, so finding a warning costs a few
// index ranges whatever the number of cases.
package analysis

import (
	"context"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Service holds the use cases of the context.
type Service struct {
	k kernel.Kernel
}

// New returns the context's service over the kernel.
func New(k kernel.Kernel) *Service { return &Service{k: k} }

// Stages is the context's part of the case steps: after a step that sets the outcome is
// saved, its fine or its ending is recorded and the rules are run on it.
func (s *Service) Stages() []kernel.Stage {
	return []kernel.Stage{{Name: "analysis", Phase: kernel.PhaseSaved, Run: s.observe}}
}

// observe records the decided fine or the ending of the step's case and runs the rules.
func (s *Service) observe(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	if r.Step == nil {
		return "", nil, nil
	}
	if err := s.observeCertificates(ctx, r); err != nil {
		return "", nil, err
	}
	switch r.Step.Outcome {
	case zhifa.OutcomePenalty:
		return "", nil, s.observeFine(ctx, r)
	case zhifa.OutcomeNoPenalty, zhifa.OutcomeWithdrawn:
		if err := s.observeLong(ctx, r); err != nil {
			return "", nil, err
		}
		return "", nil, s.observeEnding(ctx, r)
	}
	return "", nil, nil
}

// level is the benchmark level (裁量阶次) the case's proposal applied, "" without one.
func level(c *zhifa.Case) string {
	if p := c.State.Proposal; p != nil {
		return p.Level
	}
	return ""
}

// observeFine records a decided fine and warns when it lies outside the fences of its
// peers (law.FineOutlier, 行政处罚法第五条第二款).
func (s *Service) observeFine(ctx context.Context, r *kernel.StepRun) error {
	c := r.Case
	if c.State.FineFen <= 0 {
		return nil
	}
	lv := level(c)
	scope, err := peerScope(ctx, r.Tx, c)
	if err != nil {
		return err
	}
	if err := r.Tx.AddCaseFine(ctx, zhifa.CaseFine{CaseID: c.ID, ItemID: c.ItemID, Level: lv, ScopeID: scope,
		FineFen: c.State.FineFen, DecidedOn: r.Day}); err != nil {
		return err
	}
	peers, err := r.Tx.FinePeers(ctx, zhifa.FinePeerQuery{ScopeID: scope, ItemID: c.ItemID, Level: lv,
		Since: law.FinePeerSince(r.Day), ExceptCase: c.ID, Limit: law.FinePeerSample})
	if err != nil {
		return err
	}
	out, low, high := law.FineOutlier(c.State.FineFen, peers.Q1, peers.Q3, peers.Count)
	if !out {
		return nil
	}
	levelText := lv
	if levelText == "" {
		levelText = "未选择"
	}
	item := ""
	if r.Item != nil {
		item = r.Item.Name
	}
	w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisFineOutlier, Subject: kernel.ObjectRef("case", c.ID), AgencyID: c.AgencyID,
		Rule: law.RuleFineOutlier,
		Finding: fmt.Sprintf("案件%s（%s，裁量阶次：%s）罚款%s元，近%d年适用同一裁量基准、同一裁量阶次的其他%d件案件罚款的合理区间为%s元至%s元。",
			c.Number, item, levelText, law.Yuan(c.State.FineFen), law.FinePeerYears, peers.Count, law.Yuan(low), law.Yuan(high)),
		Evidence: []zhifa.AnalysisEvidence{{Kind: "case", ID: c.ID, Label: c.Number}}}
	return s.put(ctx, r.Tx, w)
}

// peerScope is the scope of the case's fine among its peers (law.FinePeerScope): the
// issuing agency of the benchmark its proposal applied, the case's agency without one.
func peerScope(ctx context.Context, tx zhifa.Tx, c *zhifa.Case) (int64, error) {
	var issuer int64
	if p := c.State.Proposal; p != nil && p.BenchmarkID != 0 {
		b, err := tx.BenchmarkByItem(ctx, c.ItemID)
		switch {
		case err == nil && b.ID == p.BenchmarkID:
			issuer = b.AgencyID
		case err != nil && zhifa.ErrorCode(err) != zhifa.ENOTFOUND:
			return 0, err
		}
	}
	return law.FinePeerScope(issuer, c.AgencyID), nil
}

// observeEnding records the ending for each officer of the case and warns about an
// officer whose endings in the last twelve months reach the threshold (law.RepeatedEndings).
func (s *Service) observeEnding(ctx context.Context, r *kernel.StepRun) error {
	c := r.Case
	since := zhifa.DateOf(r.Day.Time().AddDate(0, -law.RepeatedEndingsMonths, 0))
	numbers := map[int64]string{c.ID: c.Number}
	for _, oid := range c.OfficerIDs {
		if err := r.Tx.AddCaseEnding(ctx, zhifa.CaseEnding{CaseID: c.ID, OfficerID: oid, Outcome: r.Step.Outcome, EndedOn: r.Day}); err != nil {
			return err
		}
		endings, err := r.Tx.OfficerEndings(ctx, oid, since)
		if err != nil {
			return err
		}
		if !law.RepeatedEndings(len(endings)) {
			continue
		}
		o, err := r.Tx.Officer(ctx, oid)
		if err != nil {
			return err
		}
		w := &zhifa.AnalysisWarning{Kind: zhifa.AnalysisRepeatedEndings, Subject: kernel.ObjectRef("officer", oid), AgencyID: c.AgencyID,
			Rule: law.RuleRepeatedEndings,
			Finding: fmt.Sprintf("执法人员%s自%s以来参与办理的案件中有%d件以不予行政处罚或撤案结案。",
				o.Name, since, len(endings)),
			Evidence: []zhifa.AnalysisEvidence{{Kind: "officer", ID: oid, Label: o.Name}}}
		for _, e := range endings[:min(len(endings), maxEvidence)] {
			number, err := caseNumber(ctx, r.Tx, numbers, e.CaseID)
			if err != nil {
				return err
			}
			w.Evidence = append(w.Evidence, zhifa.AnalysisEvidence{Kind: "case", ID: e.CaseID, Label: number})
		}
		if err := s.put(ctx, r.Tx, w); err != nil {
			return err
		}
	}
	return nil
}

// maxEvidence bounds the cases a warning lists (and reads) as its evidence.
const maxEvidence = 20

// caseNumber is the number of a case, read once per step.
func caseNumber(ctx context.Context, tx zhifa.Tx, known map[int64]string, id int64) (string, error) {
	if n, ok := known[id]; ok {
		return n, nil
	}
	c, err := tx.Case(ctx, id)
	if err != nil {
		return "", err
	}
	known[id] = c.Number
	return c.Number, nil
}

// put stores a found warning with its ledger entry (IDs and kinds only).
func (s *Service) put(ctx context.Context, tx zhifa.Tx, w *zhifa.AnalysisWarning) error {
	if err := tx.PutAnalysisWarning(ctx, w); err != nil {
		return err
	}
	return s.entry(ctx, tx, w, "found")
}

// entry appends the ledger entry of an act on a warning: its ID, kind, act and state,
// never the reasons (they may name people).
func (s *Service) entry(ctx context.Context, tx zhifa.Tx, w *zhifa.AnalysisWarning, act string) error {
	_, err := s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "analysis." + act, Meta: map[string]string{
		"warning": strconv.FormatInt(w.ID, 10), "kind": string(w.Kind), "state": string(w.State), "agency": strconv.FormatInt(w.AgencyID, 10)}})
	return err
}

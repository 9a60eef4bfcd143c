package cases

import (
	"context"
	"fmt"
	"slices"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The notice and the decision (行政处罚法第四十四条、第四十五条第二款、第六十二条、第六十三条、
// 第六十四条; law/notice.go). The notify step snapshots the proposal it notified and derives
// the hearing right from it with the agency's 较大数额 thresholds; the decision may not be
// heavier than the snapshot; a heavier proposal needs a new notice issued and served
// (renotify). The notice document states the derived hearing right.

// noticeFacts adds to f what the notice gates look at: the latest issued 行政处罚事先告知书
// (renotify needs a newer one) and the hearing thresholds of c's agency ag.
func noticeFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, f *law.CaseFacts) error {
	if c.Kind != zhifa.CasePenalty || c.Procedure != zhifa.ProcOrdinary {
		return nil
	}
	f.HearingThresholds = AgencyHearingThresholds(ag)
	if c.ID == 0 {
		return nil
	}
	docs, err := tx.Documents(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.Type == zhifa.DocPenaltyNotice && d.Issued() && d.ID > f.NoticeID {
			f.NoticeID = d.ID
		}
	}
	return nil
}

// AgencyHearingThresholds are the agency's 较大数额 thresholds of 行政处罚法第六十三条 (in
// fen), its default setting (law.DefaultHearingThresholds) for a zero field.
func AgencyHearingThresholds(ag *zhifa.Agency) law.HearingThresholds {
	return law.HearingThresholds{PersonFen: ag.HearingPersonFen, OrgFen: ag.HearingOrgFen}.Or()
}

// noticeRights is the rights paragraph of a 行政处罚事先告知书 drafted for c now: the
// agency's statement period (第四十四条、第四十五条) and whether the current proposal gives
// a right to request a hearing (第六十三条, law.HearingRight) with the period to request
// it (第六十四条第一项).
func noticeRights(c *zhifa.Case, ag *zhifa.Agency) string {
	s := fmt.Sprintf("根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利，"+
		"可在收到本告知书之日起%d个工作日内向本机关提出陈述、申辩意见；逾期视为放弃。本机关不因你（单位）陈述、申辩而给予更重的处罚（第四十五条第二款）。",
		kernel.AgencyStatementDays(ag))
	if ok, why := law.HearingRight(c.State.Proposal, partyKindsOf(c), AgencyHearingThresholds(ag)); ok {
		return s + fmt.Sprintf("本机关拟作出的行政处罚属于第六十三条规定的情形（%s），你（单位）有权要求听证；要求听证的，应当在收到本告知书之日起%d个工作日内提出（第六十四条第一项），逾期视为放弃听证权利。",
			why, law.HearingRequestDays)
	}
	return s + "本机关拟作出的行政处罚不属于第六十三条规定的听证情形。"
}

// prefillNotice fills the rights paragraph of a new 行政处罚事先告知书 (CreateDocument).
func prefillNotice(c *zhifa.Case, ag *zhifa.Agency, d *zhifa.Document) {
	if d.Type == zhifa.DocPenaltyNotice && d.Fields != nil {
		d.Fields["rights"] = noticeRights(c, ag)
	}
}

// partyKindsOf lists the kinds of c's parties, each once.
func partyKindsOf(c *zhifa.Case) []zhifa.PartyKind {
	var out []zhifa.PartyKind
	for _, p := range c.Parties {
		if !slices.Contains(out, p.Kind) {
			out = append(out, p.Kind)
		}
	}
	return out
}

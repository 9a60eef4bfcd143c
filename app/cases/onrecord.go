package cases

import (
	"context"

	"zhifa"
	"zhifa/law"
)

// evidenceAfterHearing sets f.EvidenceAfterHearing: the latest day an evidence record was
// added to c after the day of its hearing (行政处罚法第六十五条, law.CheckDecisionOnRecord).
// The records are read only when the gate can apply: a hearing held and the proposal
// changed since.
func evidenceAfterHearing(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, f *law.CaseFacts) error {
	st := &c.State
	if c.ID == 0 || !st.HearingHeld || st.Proposal == nil || st.Proposal.Revision <= st.HearingProposalRev {
		return nil
	}
	records, err := tx.Records(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, r := range records {
		if on := zhifa.DateOf(r.CreatedAt); law.IsEvidenceRecord(r) && on.After(st.HearingHeldOn) && on.After(f.EvidenceAfterHearing) {
			f.EvidenceAfterHearing = on
		}
	}
	return nil
}

package cases

import (
	"context"
	"fmt"

	"zhifa"
	"zhifa/law"
)

// checkHearing checks the record of a hearing held on c (行政处罚法第六十四条): the
// presider is an active officer of c's agency who did not investigate the case
// (law.CheckHearing); it fills in the presider's name.
func (s *Service) checkHearing(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, h *zhifa.HearingRecord) error {
	if h != nil && h.PresiderID != 0 {
		o, err := tx.Officer(ctx, h.PresiderID)
		if isCode(err, zhifa.ENOTFOUND) || (err == nil && (o.AgencyID != c.AgencyID || !o.Active)) {
			return fieldError("hearing_presider_id", "听证主持人应为本机关在岗的工作人员")
		} else if err != nil {
			return err
		}
		h.Presider = o.Name
	}
	return law.CheckHearing(h, c.OfficerIDs)
}

// hearingDetail is the event detail of a hearing held.
func hearingDetail(h *zhifa.HearingRecord) string {
	s := "主持人" + h.Presider
	if h.Public {
		s += "；公开举行"
	} else {
		s += "；不公开举行（涉及" + h.ClosedGround + "）"
	}
	if h.Recusal != "" {
		s += fmt.Sprintf("；当事人申请回避：%s，决定：%s", h.Recusal, h.RecusalDecision)
	}
	if h.Signed {
		s += "；听证笔录经当事人核对签字"
	} else {
		s += "；当事人拒绝在听证笔录上签字（" + h.Refusal + "）"
	}
	return s
}

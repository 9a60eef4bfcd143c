package demo

import (
	"fmt"

	"zhifa"
	"zhifa/app/evidence"
)

// seedRecording gives the market bureau its whole-process-recording list (全过程记录清单,
// REQUIREMENTS B5): besides the statutory minimum (查封扣押、强制拆除、执法办案场所, D2), the
// bureau requires A/V of on-site inspections for the whole process and of hearings, and
// recommends it for evidence collection and service. It is seeded after the cases, as
// the bureau's current rule: cases still to inspect or to hold their hearing now need
// the A/V record first, which the case page shows as missing.
func (s *seeder) seedRecording() error {
	market := s.agencyByName(marketBureau)
	if market == nil {
		return fmt.Errorf("no agency %s", marketBureau)
	}
	_, err := s.a.Evidence().SaveRecordingList(s.ctx, market.ID, evidence.RecordingListInput{Version: 0, Template: true, // its sub-units inherit it (B5)
		Note: "东港市市场监督管理局行政执法全过程记录清单（2026年修订）",
		Acts: []zhifa.RecordingAct{
			{Act: "inspect", Level: zhifa.RecordingRequired, WholeProcess: true, Note: "食品安全等现场检查使用执法记录仪全程记录"},
			{Act: "hearing", Level: zhifa.RecordingRequired, WholeProcess: true, Note: "听证室同步录音录像"},
			{Act: "investigate", Level: zhifa.RecordingRecommended, Note: "现场调查取证、询问当事人"},
			{Act: "serve", Level: zhifa.RecordingRecommended, Note: "留置送达、公告送达"},
			{Act: "release", Level: zhifa.RecordingRecommended, WholeProcess: true},
		}})
	return err
}

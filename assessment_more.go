package zhifa

import "context"

// Indicators of the assessment of agencies counted from summaries kept with the
// events they count (issue 14, F2, migration 00047): decisions served on time, steps
// recorded on audio/video as required, and major decisions reviewed before they were made.
const (
	IndServiceOnTime = "service_on_time" // 送达按期率
	IndAVCompliance  = "av_compliance"   // 音像记录合规率
	IndMajorReview   = "major_review"    // 重大执法决定法制审核覆盖率
)

// AVStep is a case step that needed an audio/video record of its act when it was taken
// (the statutory minimum or the agency's recording list), kept for the A/V compliance
// indicator. Recorded is whether the case has a record naming the act: set when the step
// is taken, and when such a record is added later.
type AVStep struct {
	ID       int64  `json:"id"`
	CaseID   int64  `json:"case_id"`
	AgencyID int64  `json:"agency_id"`
	Action   Action `json:"action"`
	Act      string `json:"act"`
	ActedOn  Date   `json:"acted_on"`
	Recorded bool   `json:"recorded"`
}

// AVStepStore keeps the steps that needed an A/V record (migration 00047). Adding an A/V
// case record (AddRecord of kind av) marks the case's steps of its act recorded.
type AVStepStore interface {
	// AddAVStep records a step that needed its A/V record, setting ID.
	AddAVStep(ctx context.Context, s *AVStep) error
}

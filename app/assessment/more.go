package assessment

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The A/V compliance indicator's summary (issue 14, F2, migration 00047): every case step
// that needs an audio/video record of its act (law.AVRequiredUnder: the statutory minimum
// of 行政处罚法第四十七条 and 国办发〔2018〕118号（八）, then the agency's recording list or
// its superior's template) is kept with whether the case had the record when the step was
// taken; an A/V record added later marks it recorded (sqlstore AddRecord).

// Stages returns the context's part of a case step: the A/V step kept once the case is
// saved, in the step's transaction.
func (s *Service) Stages() []kernel.Stage {
	return []kernel.Stage{{Name: "assessment", Phase: kernel.PhaseSaved, Run: keepAVStep}}
}

// keepAVStep records the step when it needed its A/V record.
func keepAVStep(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	if r.Facts == nil {
		return "", nil, nil
	}
	if req, _ := law.AVRequiredUnder(r.Facts.Recording, r.Facts.RecordingTemplate, r.Action); !req {
		return "", nil, nil
	}
	act := law.AVAct(r.Action)
	step := &zhifa.AVStep{CaseID: r.Case.ID, AgencyID: r.Case.AgencyID, Action: r.Action, Act: act, ActedOn: r.Day,
		Recorded: r.Facts.AV[act]}
	return "", nil, r.Tx.AddAVStep(ctx, step)
}

// optionalIndicators are the known indicators the scheme leaves out, without marks.
func optionalIndicators(sc *zhifa.AssessmentScheme) []zhifa.AssessmentIndicator {
	out := []zhifa.AssessmentIndicator{}
	for _, ind := range DefaultIndicators() {
		if sc.Indicator(ind.Key) == nil {
			ind.Points = 0
			out = append(out, ind)
		}
	}
	return out
}

// moreRecordDetail says in Chinese why a record of the indicators of migration 00047
// cost the agency marks.
func moreRecordDetail(key string, r zhifa.AssessmentRecord) string {
	switch key {
	case zhifa.IndServiceOnTime:
		if d, err := zhifa.ParseDate(r.Detail); err == nil && r.Detail != "" {
			return "逾期送达行政处罚决定书（" + d.Chinese() + "送达，送达期限至" + r.Day.Chinese() + "）"
		}
		return "超过送达期限未送达行政处罚决定书（期限至" + r.Day.Chinese() + "）"
	case zhifa.IndAVCompliance:
		return "实施“" + law.RecordingActLabel(r.Detail) + "”未留存音像记录"
	case zhifa.IndMajorReview:
		return "重大行政处罚决定作出前未经法制审核通过"
	case zhifa.IndComplaintsUpheld:
		return "执法监督投诉经查" + zhifa.ComplaintFinding(r.Detail).Label()
	}
	return ""
}

package assessment

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// RecordsPage is one page of the records behind an agency's figure.
type RecordsPage struct {
	Run       *zhifa.AssessmentRun      `json:"-"`
	Agency    string                    `json:"agency"`
	Indicator zhifa.AssessmentIndicator `json:"indicator"`
	Figure    zhifa.AssessmentFigure    `json:"figure"`
	Records   []zhifa.AssessmentRecord  `json:"records"`
	Next      string                    `json:"next,omitempty"`
}

// Records lists the records behind an agency's figure of a run, by keyset: the bureau's
// for any agency of the run, an agency's staff their own once the run is approved.
// The records are read from the data now; the figure is the one frozen in the run.
func (s *Service) Records(ctx context.Context, runID, agencyID int64, key, cursor string, limit int) (*RecordsPage, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	after, err := kernel.DecodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	var page *RecordsPage
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		r, _, err := s.visible(ctx, tx, actor, runID)
		if err != nil {
			return err
		}
		res := r.Result(agencyID)
		if res == nil {
			return zhifa.NotFound("考核对象")
		}
		sc, err := tx.AssessmentScheme(ctx, r.SchemeID)
		if err != nil {
			return err
		}
		ind := sc.Indicator(key)
		if ind == nil {
			return zhifa.NotFound("考核指标")
		}
		page = &RecordsPage{Run: r, Agency: res.AgencyName, Indicator: *ind}
		for _, f := range res.Figures {
			if f.Key == key {
				page.Figure = f
			}
		}
		rf := zhifa.AssessmentRecordFilter{AgencyID: agencyID, Year: r.Year, Key: key, Limit: kernel.PageLimit(limit)}
		if after != nil {
			rf.After = after.ID
		}
		recs, err := tx.AssessmentRecords(ctx, countFilter(r.ScopePath, r.Year, zhifa.DateOf(r.AsOf)), rf)
		if err != nil {
			return err
		}
		for i := range recs {
			recs[i].Detail = recordDetail(key, recs[i])
		}
		page.Records = recs
		if len(recs) == rf.Limit {
			page.Next = kernel.EncodeCursor(zhifa.CaseKey{ID: recs[len(recs)-1].ID})
		}
		return nil
	})
	return page, err
}

// RecordsDescribed reports whether the indicator has records to drill down to (the
// yearly report and the scored inputs are one fact each, shown on the result itself).
func RecordsDescribed(key string) bool {
	switch key {
	case zhifa.IndDecisionOnTime, zhifa.IndPublicationOnTime, zhifa.IndFilingOnTime, zhifa.IndReviewOnTime, zhifa.IndCorrection,
		zhifa.IndEvaluation, zhifa.IndTraining, zhifa.IndCertificates,
		zhifa.IndServiceOnTime, zhifa.IndAVCompliance, zhifa.IndMajorReview, zhifa.IndComplaintsUpheld:
		return true
	}
	return false
}

// recordDetail says in Chinese why the record counts.
func recordDetail(key string, r zhifa.AssessmentRecord) string {
	switch key {
	case zhifa.IndDecisionOnTime:
		return "超过办案期限作出决定"
	case zhifa.IndPublicationOnTime:
		if r.Detail == string(zhifa.PubPublished) || r.Detail == string(zhifa.PubWithdrawn) {
			return "逾期公示"
		}
		return "未在期限内公示（" + zhifa.PublicationStatus(r.Detail).Label() + "）"
	case zhifa.IndFilingOnTime:
		return "逾期备案（" + zhifa.FilingKind(r.Detail).Label() + "）"
	case zhifa.IndReviewOnTime:
		if r.Detail == "" {
			return "超过审核期限未出具审核意见"
		}
		if d, err := zhifa.ParseDate(r.Detail); err == nil {
			return "逾期出具审核意见（" + d.Chinese() + "）"
		}
		return "逾期出具审核意见"
	case zhifa.IndCorrection:
		return "复议诉讼结果：" + zhifa.ReviewOutcome(r.Detail).Label()
	case zhifa.IndEvaluation:
		return "评查等次：" + law.GradeLabel(r.Detail)
	case zhifa.IndTraining:
		return "年度培训学时不足"
	case zhifa.IndCertificates:
		return "无有效执法证件"
	default:
		return moreRecordDetail(key, r)
	}
}

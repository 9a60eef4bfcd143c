package assessment

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
)

// PublicResult is an agency's published result: its name, the marks per indicator (in
// the scheme's order), the total, rank and grade. No officer, no adjustment's reason, no
// internal note is published.
type PublicResult struct {
	AgencyName string    `json:"agency_name"`
	Points     []float64 `json:"points"`
	Total      float64   `json:"total"`
	Rank       int       `json:"rank"`
	Grade      string    `json:"grade"`
}

// PublicIndicator is an indicator as published: its name and marks.
type PublicIndicator struct {
	Name   string  `json:"name"`
	Points float64 `json:"points"`
}

// PublicView is a published run.
type PublicView struct {
	ID          int64             `json:"id"`
	Year        int               `json:"year"`
	Bureau      string            `json:"bureau"`
	PublishedOn zhifa.Date        `json:"published_on"`
	Indicators  []PublicIndicator `json:"indicators"`
	Results     []PublicResult    `json:"results"`
}

// PublicResults is what a run publishes of its results (in rank order).
func PublicResults(r *zhifa.AssessmentRun) []PublicResult {
	out := make([]PublicResult, 0, len(r.Results))
	for _, res := range r.Results {
		p := PublicResult{AgencyName: res.AgencyName, Total: res.Total, Rank: res.Rank, Grade: res.Grade}
		for _, f := range res.Figures {
			p.Points = append(p.Points, f.Points)
		}
		out = append(out, p)
	}
	return out
}

func publicView(r *zhifa.AssessmentRun, sc *zhifa.AssessmentScheme) *PublicView {
	v := &PublicView{ID: r.ID, Year: r.Year, Bureau: r.AgencyName, PublishedOn: r.PublishedOn, Results: PublicResults(r)}
	for _, ind := range sc.Indicators {
		v.Indicators = append(v.Indicators, PublicIndicator{Name: ind.Name, Points: ind.Points})
	}
	return v
}

// Published lists the published runs, newest first, by keyset (anyone).
func (s *Service) Published(ctx context.Context, cursor string, limit int) ([]*PublicView, string, error) {
	after, err := kernel.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	f := zhifa.AssessmentRunFilter{Status: zhifa.AssessmentPublished, Limit: kernel.PageLimit(limit)}
	if after != nil {
		f.After = after.ID
	}
	var out []*PublicView
	next := ""
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		runs, err := tx.AssessmentRuns(ctx, f)
		if err != nil {
			return err
		}
		schemes := map[int64]*zhifa.AssessmentScheme{}
		for _, r := range runs {
			sc := schemes[r.SchemeID]
			if sc == nil {
				if sc, err = tx.AssessmentScheme(ctx, r.SchemeID); err != nil {
					return err
				}
				schemes[r.SchemeID] = sc
			}
			out = append(out, publicView(r, sc))
		}
		if len(runs) == f.Limit {
			next = kernel.EncodeCursor(zhifa.CaseKey{ID: runs[len(runs)-1].ID})
		}
		return nil
	})
	return out, next, err
}

// PublicRun returns a published run (anyone); any other answers as missing.
func (s *Service) PublicRun(ctx context.Context, id int64) (*PublicView, error) {
	var v *PublicView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		r, err := tx.AssessmentRun(ctx, id)
		if err != nil {
			return err
		}
		if r.Status != zhifa.AssessmentPublished {
			return zhifa.NotFound("评议考核结果")
		}
		sc, err := tx.AssessmentScheme(ctx, r.SchemeID)
		if err != nil {
			return err
		}
		v = publicView(r, sc)
		return nil
	})
	return v, err
}

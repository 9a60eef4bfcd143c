package report

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
)

// Published returns a published report; anything else (a draft, a missing one) answers
// ENOTFOUND alike. Anyone may read it: it holds the agency's figures, the preparer's
// notes and the name of the head who approved it, nothing personal of a party.
func (s *Service) Published(ctx context.Context, id int64) (*zhifa.AnnualReport, error) {
	var r *zhifa.AnnualReport
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		r, err = tx.AnnualReport(ctx, id)
		if err == nil && r.Status != zhifa.ReportPublished {
			err = zhifa.NotFound("统计年报")
		}
		return err
	})
	return r, err
}

// PublicList is one page of the portal's published reports.
type PublicList struct {
	Reports []*zhifa.AnnualReport `json:"reports"`
	Next    string                `json:"next,omitempty"`
}

// PublishedList lists the published reports of a year (0: every year), newest first, by
// keyset.
func (s *Service) PublishedList(ctx context.Context, year int, cursor string) (*PublicList, error) {
	f := zhifa.ReportFilter{Status: zhifa.ReportPublished, Year: year, Limit: DefaultPage + 1}
	if year != 0 && (year < 2000 || year > s.k.Today().Year) {
		return nil, kernel.FieldError("year", "年度无效")
	}
	if cursor != "" {
		after, err := strconv.ParseInt(cursor, 10, 64)
		if err != nil || after <= 0 {
			return nil, kernel.FieldError("cursor", "翻页参数无效")
		}
		f.After = after
	}
	var list []*zhifa.AnnualReport
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		list, err = tx.AnnualReports(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &PublicList{Reports: list}
	if len(list) > DefaultPage {
		out.Reports = list[:DefaultPage]
		out.Next = strconv.FormatInt(list[DefaultPage-1].ID, 10)
	}
	return out, nil
}

// DefaultPage is the portal's page size of reports.
const DefaultPage = 20

// Rollup is a government's roll-up of a year: the figures of its agencies' published
// reports summed, and which agencies they are.
type Rollup struct {
	Government string                `json:"government"`
	GovID      int64                 `json:"government_id"`
	Year       int                   `json:"year"`
	Figures    []zhifa.ReportFigure  `json:"figures"`
	Reports    []*zhifa.AnnualReport `json:"reports"`
}

// maxRollup bounds the reports one roll-up reads (a province's agencies of one
// government level fit well within it).
const maxRollup = 500

// GovernmentRollup sums the published reports of the year of the agencies under a
// government (the government's roll-up, 118号（六）). Anyone may read it: it is built
// from published reports only.
func (s *Service) GovernmentRollup(ctx context.Context, govID int64, year int) (*Rollup, error) {
	if year < 2000 || year > s.k.Today().Year {
		return nil, kernel.FieldError("year", "年度无效")
	}
	var out *Rollup
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		gov, err := tx.Agency(ctx, govID)
		if err != nil {
			return err
		}
		if gov.Type != zhifa.AgencyGovernment {
			return zhifa.NotFound("人民政府")
		}
		list, err := tx.AnnualReports(ctx, zhifa.ReportFilter{UnderPath: gov.Path, Year: year, Status: zhifa.ReportPublished, Limit: maxRollup})
		if err != nil {
			return err
		}
		out = &Rollup{Government: gov.Name, GovID: gov.ID, Year: year, Figures: Sum(list), Reports: list}
		return nil
	})
	return out, err
}

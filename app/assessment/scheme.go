package assessment

import (
	"context"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// SchemeView is the scheme in force for a bureau's year with its earlier versions.
type SchemeView struct {
	*zhifa.AssessmentScheme
	// Saved is false for the default scheme, not yet saved by the bureau.
	Saved    bool                      `json:"saved"`
	Versions []*zhifa.AssessmentScheme `json:"versions"`
	// Optional are the indicators the system computes that the scheme leaves out (an
	// earlier version saved before they existed), with no marks, for the bureau to add.
	Optional []zhifa.AssessmentIndicator `json:"optional"`
}

// latestScheme is the bureau's newest scheme of the year, or the default unsaved.
func latestScheme(ctx context.Context, tx zhifa.Tx, bureauID int64, year int) (*zhifa.AssessmentScheme, bool, error) {
	sc, err := tx.LatestAssessmentScheme(ctx, bureauID, year)
	switch {
	case zhifa.ErrorCode(err) == zhifa.ENOTFOUND:
		return DefaultScheme(bureauID, year), false, nil
	case err != nil:
		return nil, false, err
	}
	return sc, true, nil
}

// Scheme returns the actor's bureau's scheme of the year (a supervisor of the bureau).
func (s *Service) Scheme(ctx context.Context, year int) (*SchemeView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	if err := checkYear(year, s.k.Today()); err != nil {
		return nil, err
	}
	var v *SchemeView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		sc, saved, err := latestScheme(ctx, tx, actor.AgencyID, year)
		if err != nil {
			return err
		}
		versions, err := tx.AssessmentSchemes(ctx, actor.AgencyID, year)
		if err != nil {
			return err
		}
		v = &SchemeView{AssessmentScheme: sc, Saved: saved, Versions: versions, Optional: optionalIndicators(sc)}
		return nil
	})
	return v, err
}

// SchemeInput is a new version of the scheme: the indicators' marks and scoring, and the
// grade thresholds. Indicators are those the system computes or scores; a key it does
// not know is refused.
type SchemeInput struct {
	Year       int                         `json:"year"`
	Name       string                      `json:"name"`
	Indicators []zhifa.AssessmentIndicator `json:"indicators"`
	Excellent  float64                     `json:"excellent"`
	Good       float64                     `json:"good"`
	Pass       float64                     `json:"pass"`
}

// knownIndicator returns the default indicator with the key, nil for an unknown key.
func knownIndicator(key string) *zhifa.AssessmentIndicator {
	for _, ind := range DefaultIndicators() {
		if ind.Key == key {
			return &ind
		}
	}
	return nil
}

// SaveScheme saves a new version of the bureau's scheme of the year (a supervisor of the
// bureau). Earlier versions stay as they were: the runs that used them keep naming them.
func (s *Service) SaveScheme(ctx context.Context, in SchemeInput) (*zhifa.AssessmentScheme, error) {
	year := in.Year
	actor := kernel.ActorFrom(ctx)
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	if err := checkYear(year, s.k.Today()); err != nil {
		return nil, err
	}
	ck := kernel.NewChecker()
	ck.Text("name", &in.Name, true, kernel.MaxShort)
	inds := make([]zhifa.AssessmentIndicator, 0, len(in.Indicators))
	for _, ind := range in.Indicators {
		known := knownIndicator(ind.Key)
		if known == nil {
			ck.Add("indicators", "没有这项考核指标")
			continue
		}
		if ind.Name == "" {
			ind.Name = known.Name
		}
		ck.Text("indicators", &ind.Name, true, kernel.MaxShort)
		inds = append(inds, ind)
	}
	if err := ck.Err(); err != nil {
		return nil, err
	}
	sc := &zhifa.AssessmentScheme{AgencyID: actor.AgencyID, Year: year, Name: in.Name, Indicators: inds,
		Excellent: in.Excellent, Good: in.Good, Pass: in.Pass, CreatedBy: actor.UserID, CreatedAt: s.k.Now()}
	if err := law.CheckAssessmentScheme(sc, ThreeSystems); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "assessment.scheme", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", actor.AgencyID), actor.AgencyPath
		if err := tx.AddAssessmentScheme(ctx, sc); err != nil {
			return err
		}
		rec.Detail = strconv.Itoa(year) + "年度评议考核方案第" + strconv.Itoa(sc.Version) + "版"
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sc, nil
}

package supervision

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
)

// Problems raised from analytic warnings (突出问题清单, F8; issue 14). The warnings belong
// to the analysis context; app hands their two functions to this one at construction
// (wireContexts), so the contexts never import each other and the problem, the copy of
// the warning and the link back are written in one transaction.

// WarningSource is what the problem list needs of the analytic warnings.
type WarningSource struct {
	// Origin returns the agency of the warning with the ID and a copy of what it shows
	// (kind, rule, finding, evidence); ENOTFOUND for none.
	Origin func(ctx context.Context, tx zhifa.Tx, id int64) (agencyID int64, origin *zhifa.ProblemOrigin, err error)
	// Link records on the warning the problem raised from it; ECONFLICT when a problem
	// was already raised from it (checked after the scope, so it tells nothing outside).
	Link func(ctx context.Context, tx zhifa.Tx, warningID, problemID int64) error
}

// WarningsFrom lets problems be raised from the analytic warnings of src.
func (s *Service) WarningsFrom(src WarningSource) { s.warnings = src }

// problemSource is the agency of the source record and, for a warning, the copy of it
// the problem keeps; a missing record (or one outside the list's sources) is the
// caller's field error.
func (s *Service) problemSource(ctx context.Context, tx zhifa.Tx, src zhifa.ProblemSource, id int64) (int64, *zhifa.ProblemOrigin, error) {
	if src != zhifa.ProblemFromWarning {
		agency, err := sourceAgency(ctx, tx, src, id)
		return agency, nil, err
	}
	if s.warnings.Origin == nil {
		return 0, nil, kernel.FieldError("source", "请选择问题来源")
	}
	agency, origin, err := s.warnings.Origin(ctx, tx, id)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return 0, nil, kernel.FieldError("source_id", "来源记录不存在或不在本部门监督范围内")
	}
	return agency, origin, err
}

// linkWarning records on a warning the problem raised from it.
func (s *Service) linkWarning(ctx context.Context, tx zhifa.Tx, p *zhifa.Problem) error {
	if p.Source != zhifa.ProblemFromWarning || s.warnings.Link == nil {
		return nil
	}
	return s.warnings.Link(ctx, tx, p.SourceID, p.ID)
}

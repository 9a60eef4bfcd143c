package kernel

import (
	"context"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/law"
)

// An agency's case settings as rules (issue #4): the personnel context edits them with
// the agency, the cases context numbers cases and starts clocks with them.

// FormatCaseNumber fills a template ("" is zhifa.DefaultNumberTemplate).
func FormatCaseNumber(template, short, kindChar string, year int, seq int64) string {
	if template == "" {
		template = zhifa.DefaultNumberTemplate
	}
	return strings.NewReplacer("{代字}", short, "{类}", kindChar, "{年}", strconv.Itoa(year),
		"{号}", strconv.FormatInt(seq, 10)).Replace(template)
}

// LighterShare is the share of the statutory range that 从轻 keeps to in the
// agency's cases (law.CheckRelation); 0 lets law apply its default.
func LighterShare(ag *zhifa.Agency) float64 {
	return float64(ag.LighterSharePct) / 100
}

// AgencyDecisionExtension is the agency's rule for extending the decision period
// (行政处罚法第六十条), its default for zero fields.
func AgencyDecisionExtension(ag *zhifa.Agency) law.DecisionExtension {
	return law.DecisionExtension{Days: ag.DecisionExtendDays, HeadExtends: ag.DecisionHeadExtends}.Or()
}

// AgencyStatementDays is the agency's statement period in working days.
func AgencyStatementDays(ag *zhifa.Agency) int {
	if ag.StatementDays > 0 {
		return ag.StatementDays
	}
	return law.StatementDays
}

// CaseStatementDays is the statement period of c: the one its statement clock was
// started with, else its agency ag's.
func CaseStatementDays(c *zhifa.Case, ag *zhifa.Agency) int {
	if cl := c.Clock(zhifa.ClockStatement); cl != nil && cl.Days > 0 {
		return cl.Days
	}
	return AgencyStatementDays(ag)
}

// JusticeBureau returns the justice bureau of the government the agency belongs to: the
// agency directly under the nearest government above it marked Supervises, or nil.
func JusticeBureau(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.Agency, error) {
	gov := ag
	for gov.Type != zhifa.AgencyGovernment {
		if gov.ParentID == 0 {
			return nil, nil
		}
		p, err := tx.Agency(ctx, gov.ParentID)
		if err != nil {
			return nil, err
		}
		gov = p
	}
	list, err := tx.Agencies(ctx, gov.Path)
	if err != nil {
		return nil, err
	}
	for _, b := range list {
		if b.Supervises && b.ParentID == gov.ID {
			return b, nil
		}
	}
	return nil, nil
}

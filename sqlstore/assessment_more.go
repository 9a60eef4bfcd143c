package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
)

// Four more indicators of the assessment (migration 00047, issue 14, F2): decisions
// served on time (case_stats service_due, served_on), steps recorded on audio/video as
// required (av_steps), major decisions reviewed before they were made (filings
// reviewed), and complaints about an agency's conduct upheld (complaints
// about_agency_id, finding). Each summary is written in the transaction of the event it counts, and each
// indicator is one grouped query over an index range of the agencies under the path.

// serviceDue is the last day of the case's Art. 61 service period (its service clock),
// nil without one: only a penalty decision has it.
func serviceDue(c *zhifa.Case) any {
	if cl := c.Clock(zhifa.ClockService); cl != nil && !cl.Due.IsZero() {
		return cl.Due
	}
	return nil
}

// filingReviewed is the value of filings.reviewed at insert ($1 the case, $4 the kind):
// a major penalty decision whose case has a passed legal review round — the definition
// of the analysis rule of major decisions without review (UnreviewedDecisions). The
// filing is made with the decision, so a round that passed by then passed before it.
const filingReviewed = `EXISTS (SELECT 1 FROM review_rounds rv WHERE rv.case_id = $1 AND rv.status = 'passed' AND $4 = 'penalty')`

// markAVRecorded marks the case's steps of the record's act recorded when r is an A/V
// record naming an act.
func (t *tx) markAVRecorded(ctx context.Context, r *zhifa.Record) error {
	if r.Kind != zhifa.RecordAV || r.Act == "" {
		return nil
	}
	_, err := t.exec(ctx, `UPDATE av_steps SET recorded = TRUE WHERE case_id = $1 AND act = $2 AND NOT recorded`, r.CaseID, r.Act)
	return dbErr(err, "mark A/V steps recorded", errMsgs{})
}

// AddAVStep records a step that needed its A/V record.
func (t *tx) AddAVStep(ctx context.Context, s *zhifa.AVStep) error {
	if t.bulk != nil { // a loader's transaction: written at its end, ID unset
		t.bulk.add("av_steps", []string{"case_id", "agency_id", "action", "act", "acted_on", "recorded"},
			s.CaseID, s.AgencyID, string(s.Action), s.Act, s.ActedOn, s.Recorded)
		return nil
	}
	err := t.queryRow(ctx, `INSERT INTO av_steps (case_id, agency_id, action, act, acted_on, recorded)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		s.CaseID, s.AgencyID, string(s.Action), s.Act, s.ActedOn, s.Recorded).Scan(&s.ID)
	return dbErr(err, "add A/V step", errMsgs{missing: "案件或执法机关不存在"})
}

// moreAssessmentQueries are the grouped queries of the four indicators, each counting
// (agency, hits, all) for the agencies under f.UnderPath in f.Year.
func moreAssessmentQueries(f zhifa.AssessmentCountFilter) []assessQuery {
	first, last, _, _ := assessBounds(f.Year)
	upheldArgs := []any{f.UnderPath, first, last}
	upheldIn := findingsIn(&upheldArgs, f.Upheld)
	return []assessQuery{
		// A decision of the year counts once served, or once its period ran out unserved
		// by the day counted (law.ServiceCounted).
		{zhifa.IndServiceOnTime, `SELECT s.agency_id,
				SUM(CASE WHEN s.served_on IS NOT NULL AND s.served_on <= s.service_due THEN 1 ELSE 0 END), COUNT(*)
			FROM agencies a JOIN case_stats s ON s.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND s.acted_on >= $2 AND s.acted_on <= $3 AND s.service_due IS NOT NULL
				AND (s.served_on IS NOT NULL OR s.service_due < $4)
			GROUP BY s.agency_id`, []any{f.UnderPath, first, last, f.AsOf}},
		{zhifa.IndAVCompliance, `SELECT v.agency_id, SUM(CASE WHEN v.recorded THEN 1 ELSE 0 END), COUNT(*)
			FROM agencies a JOIN av_steps v ON v.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND v.acted_on >= $2 AND v.acted_on <= $3
			GROUP BY v.agency_id`, []any{f.UnderPath, first, last}},
		{zhifa.IndMajorReview, `SELECT fl.agency_id, SUM(CASE WHEN fl.reviewed THEN 1 ELSE 0 END), COUNT(*)
			FROM agencies a JOIN filings fl ON fl.agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND fl.kind = 'penalty' AND fl.decided_on >= $2 AND fl.decided_on <= $3
			GROUP BY fl.agency_id`, []any{f.UnderPath, first, last}},
		// The complaints about an agency's enforcement conduct replied to in the year with
		// a finding, and those upheld.
		{zhifa.IndComplaintsUpheld, `SELECT c.about_agency_id, SUM(CASE WHEN c.finding IN ` + upheldIn + ` THEN 1 ELSE 0 END), COUNT(*)
			FROM agencies a JOIN complaints c ON c.about_agency_id = a.id
			WHERE a.path LIKE $1 || '%' AND c.replied_on >= $2 AND c.replied_on <= $3 AND c.finding <> ''
			GROUP BY c.about_agency_id`, upheldArgs},
	}
}

// findingsIn is the SQL list of the findings, as placeholders appended to args; a list
// that matches nothing when there are none.
func findingsIn(args *[]any, findings []zhifa.ComplaintFinding) string {
	if len(findings) == 0 {
		return "('')"
	}
	ph := make([]string, len(findings))
	for i, f := range findings {
		*args = append(*args, string(f))
		ph[i] = "$" + strconv.Itoa(len(*args))
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// assessQuery is one indicator's grouped query and its arguments.
type assessQuery struct {
	key, query string
	args       []any
}

// moreAssessmentCounts runs the four indicators' queries.
func (t *tx) moreAssessmentCounts(ctx context.Context, f zhifa.AssessmentCountFilter) ([]zhifa.AssessmentCount, error) {
	const op = "assessment counts"
	var out []zhifa.AssessmentCount
	for _, q := range moreAssessmentQueries(f) {
		rows, err := t.query(ctx, q.query, q.args...)
		if err != nil {
			return nil, dbErr(err, op+" "+q.key, errMsgs{})
		}
		for rows.Next() {
			c := zhifa.AssessmentCount{Key: q.key}
			if err := rows.Scan(&c.AgencyID, &c.Num, &c.Den); err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s %s: %w", op, q.key, err)
			}
			out = append(out, c)
		}
		if err := rows.Close(); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		if err := rows.Err(); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
	}
	return out, nil
}

// moreRecordsQuery is the keyset query of the records that cost an agency marks in one
// of the four indicators (false for another key): the late or unserved decisions with
// their due day, the steps without their record with the act, the major decisions made
// without a passed review, the upheld complaints with their finding.
func moreRecordsQuery(f zhifa.AssessmentCountFilter, r zhifa.AssessmentRecordFilter, limit int) (string, []any, bool) {
	first, last, _, _ := assessBounds(r.Year)
	page := ` LIMIT ` + strconv.Itoa(limit)
	switch r.Key {
	case zhifa.IndServiceOnTime:
		return `SELECT s.case_id, s.case_id, k.number, s.service_due, COALESCE(CAST(s.served_on AS TEXT), ''), 0
			FROM case_stats s JOIN cases k ON k.id = s.case_id
			WHERE s.agency_id = $1 AND s.acted_on >= $2 AND s.acted_on <= $3 AND s.service_due IS NOT NULL
				AND (s.served_on > s.service_due OR (s.served_on IS NULL AND s.service_due < $4)) AND s.case_id > $5
			ORDER BY s.case_id + 0` + page, []any{r.AgencyID, first, last, f.AsOf, r.After}, true // caseStatsRecordOrder
	case zhifa.IndAVCompliance:
		return `SELECT v.id, v.case_id, k.number, v.acted_on, v.act, 0 FROM av_steps v JOIN cases k ON k.id = v.case_id
			WHERE v.agency_id = $1 AND v.acted_on >= $2 AND v.acted_on <= $3 AND NOT v.recorded AND v.id > $4
			ORDER BY v.id` + page, []any{r.AgencyID, first, last, r.After}, true
	case zhifa.IndComplaintsUpheld:
		args := []any{r.AgencyID, first, last, r.After}
		in := findingsIn(&args, f.Upheld)
		return `SELECT c.id, COALESCE(c.case_id, 0), c.number, c.replied_on, c.finding, 0 FROM complaints c
			WHERE c.about_agency_id = $1 AND c.replied_on >= $2 AND c.replied_on <= $3 AND c.finding IN ` + in + ` AND c.id > $4
			ORDER BY c.id` + page, args, true
	case zhifa.IndMajorReview:
		return `SELECT fl.id, fl.case_id, fl.case_number, fl.decided_on, '', 0 FROM filings fl
			WHERE fl.agency_id = $1 AND fl.kind = 'penalty' AND fl.decided_on >= $2 AND fl.decided_on <= $3 AND NOT fl.reviewed
				AND fl.id > $4
			ORDER BY fl.id` + page, []any{r.AgencyID, first, last, r.After}, true
	}
	return "", nil, false
}

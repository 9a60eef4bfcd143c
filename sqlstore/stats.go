package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"zhifa"
)

// Statistics (issue #12, migration 00031). case_stats mirrors the counted facts of every
// case, rewritten with the case; each statistic is one GROUP BY over the index range
// (agency_id, filed_month) of the agencies in scope, so its cost follows the cases in
// the months asked, not the table.

// caseStatsRow is the case_stats row of c.
func caseStatsRow(c *zhifa.Case) (month string, onTime any) {
	filed := c.State.FiledOn
	if filed.IsZero() {
		filed = zhifa.DateOf(c.CreatedAt)
	}
	month = filed.String()[:7]
	if c.State.DecidedOn.IsZero() {
		return month, nil
	}
	for _, cl := range c.Clocks {
		if cl.Kind == zhifa.ClockDecision && !cl.Due.IsZero() {
			if c.State.DecidedOn.After(cl.Due) {
				return month, 0
			}
			return month, 1
		}
	}
	return month, nil
}

// indexCaseStats writes the case_stats row of c.
func (t *tx) indexCaseStats(ctx context.Context, c *zhifa.Case) error {
	month, onTime := caseStatsRow(c)
	y := annualRow(c)
	if t.bulk != nil { // a loader's transaction: a new case's row, written at its end
		t.bulk.add("case_stats", caseStatsColumns, c.ID, c.AgencyID, month, string(c.Kind), string(c.Stage), c.ItemID,
			c.State.FineFen, onTime, y.actedOn, y.penaltyMask, y.confiscateFen, c.State.HearingHeldOn,
			string(c.State.Initiation), serviceDue(c), c.State.ServedOn)
		return nil
	}
	return t.deferWrite(ctx, "index case stats", errMsgs{}, "case_stats", nil, `
		INSERT INTO case_stats (case_id, agency_id, filed_month, kind, stage, item_id, fine_fen, on_time,
			acted_on, penalty_mask, confiscate_fen, hearing_on, initiation, service_due, served_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (case_id) DO UPDATE SET agency_id = excluded.agency_id, filed_month = excluded.filed_month,
			kind = excluded.kind, stage = excluded.stage, item_id = excluded.item_id,
			fine_fen = excluded.fine_fen, on_time = excluded.on_time, acted_on = excluded.acted_on,
			penalty_mask = excluded.penalty_mask, confiscate_fen = excluded.confiscate_fen, hearing_on = excluded.hearing_on,
			initiation = excluded.initiation, service_due = excluded.service_due, served_on = excluded.served_on`,
		c.ID, c.AgencyID, month, string(c.Kind), string(c.Stage), c.ItemID, c.State.FineFen, onTime,
		y.actedOn, y.penaltyMask, y.confiscateFen, c.State.HearingHeldOn, string(c.State.Initiation), serviceDue(c), c.State.ServedOn)
}

// monthStart is the first instant of the month "YYYY-MM" in CST.
func monthStart(month string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01", month, zhifa.CST)
	if err != nil {
		return time.Time{}, zhifa.Errorf(zhifa.EINVALID, "月份格式应为 YYYY-MM")
	}
	return t, nil
}

// CaseStats aggregates the cases and review rounds of f.
func (t *tx) CaseStats(ctx context.Context, f zhifa.StatsFilter) (*zhifa.CaseStats, error) {
	const op = "case stats"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	from, err := monthStart(f.FromMonth)
	if err != nil {
		return nil, err
	}
	to, err := monthStart(f.ToMonth)
	if err != nil {
		return nil, err
	}
	top := f.Top
	if top <= 0 {
		top = 10
	}
	inMonths := func() *where {
		var w where
		scopeCond(&w, "s.agency_id", f.UnderPath)
		w.add("s.filed_month >= ? AND s.filed_month <= ?", f.FromMonth, f.ToMonth)
		return &w
	}
	out := &zhifa.CaseStats{}
	w := inMonths()
	groups := []struct {
		dst   *[]zhifa.StatCount
		query string
		args  []any
	}{
		{&out.ByMonth, `SELECT s.filed_month, '', COUNT(*), 0, 0 FROM case_stats s` + w.String() +
			` GROUP BY s.filed_month ORDER BY s.filed_month`, w.args},
		{&out.ByStage, `SELECT s.stage, '', COUNT(*), 0, 0 FROM case_stats s` + w.String() +
			` GROUP BY s.stage ORDER BY COUNT(*) DESC, s.stage`, w.args},
		{&out.ByKind, `SELECT s.kind, '', COUNT(*), 0, 0 FROM case_stats s` + w.String() +
			` GROUP BY s.kind ORDER BY COUNT(*) DESC, s.kind`, w.args},
		{&out.OnTime, `SELECT s.filed_month, '', COUNT(*), 0, CAST(SUM(s.on_time) AS BIGINT) FROM case_stats s` + w.String() +
			` AND s.on_time IS NOT NULL GROUP BY s.filed_month ORDER BY s.filed_month`, w.args},
	}
	fines := inMonths()
	fines.add("s.fine_fen > 0")
	groups = append(groups, struct {
		dst   *[]zhifa.StatCount
		query string
		args  []any
	}{&out.FinesByItem, `SELECT s.item_id, i.name, COUNT(*), CAST(SUM(s.fine_fen) AS BIGINT), 0 FROM case_stats s
		JOIN items i ON i.id = s.item_id` + fines.String() +
		` GROUP BY s.item_id, i.name ORDER BY SUM(s.fine_fen) DESC, s.item_id LIMIT ` + strconv.Itoa(top), fines.args})

	var rw where
	scopeCond(&rw, "r.agency_id", f.UnderPath)
	rw.add("r.created_at >= ? AND r.created_at < ?", from.UTC(), to.AddDate(0, 1, 0).UTC())
	groups = append(groups, struct {
		dst   *[]zhifa.StatCount
		query string
		args  []any
	}{&out.Reviews, `SELECT r.status, '', COUNT(*), 0, 0 FROM review_rounds r` + rw.String() +
		` GROUP BY r.status ORDER BY r.status`, rw.args})

	var ow where
	scopeCond(&ow, "c.agency_id", f.UnderPath)
	ow.add("c.next_due < ?", f.Today)
	groups = append(groups, struct {
		dst   *[]zhifa.StatCount
		query string
		args  []any
	}{&out.OverdueByAgency, `SELECT c.agency_id, a.name, COUNT(*), 0, 0 FROM cases c
		JOIN agencies a ON a.id = c.agency_id` + ow.String() +
		` GROUP BY c.agency_id, a.name ORDER BY COUNT(*) DESC, c.agency_id LIMIT ` + strconv.Itoa(top), ow.args})

	for _, g := range groups {
		if *g.dst, err = t.statCounts(ctx, g.query, g.args); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
	}
	return out, nil
}

// statCounts reads the rows (key, label, count, sum, hits) of a grouped query.
func (t *tx) statCounts(ctx context.Context, query string, args []any) ([]zhifa.StatCount, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(err, "stat counts", errMsgs{})
	}
	defer rows.Close()
	out := []zhifa.StatCount{}
	for rows.Next() {
		var c zhifa.StatCount
		var key any
		var sum, hits *int64
		if err := rows.Scan(&key, &c.Label, &c.Count, &sum, &hits); err != nil {
			return nil, dbErr(err, "stat counts", errMsgs{})
		}
		switch k := key.(type) {
		case []byte:
			c.Key = string(k)
		default:
			c.Key = fmt.Sprint(k)
		}
		if sum != nil {
			c.Sum = *sum
		}
		if hits != nil {
			c.Hits = *hits
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, "stat counts", errMsgs{})
	}
	return out, nil
}

// annualCols are the case_stats columns of the annual report (migration 00033): the
// day of the act counted, and for a decided penalty its kinds and confiscated value
// (the decision is the proposal decided, 行政处罚法第五十七条).
type annualCols struct {
	actedOn       zhifa.Date
	penaltyMask   int64
	confiscateFen int64
}

func annualRow(c *zhifa.Case) annualCols {
	y := annualCols{actedOn: c.ActedOn()}
	if c.Kind == zhifa.CasePenalty && !c.State.DecidedOn.IsZero() && c.State.Proposal != nil {
		y.penaltyMask = zhifa.PenaltyMask(c.State.Proposal.Penalties)
		y.confiscateFen = c.State.Proposal.ConfiscateFen
	}
	return y
}

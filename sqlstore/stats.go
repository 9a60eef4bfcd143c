package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
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

// CaseStats aggregates the cases and review rounds of f. The counts and fines come from
// the summary of case_stats (migration 00055, issue 14): one pass over each summary's
// index range of the agencies in scope and the months asked, whose rows are bounded by
// agencies × months × categories, not by the cases counted.
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
	out := &zhifa.CaseStats{}
	if err := t.statGroups(ctx, f, out); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}

	fines := summaryScope(f)
	var rw where
	scopeCond(&rw, "r.agency_id", f.UnderPath)
	rw.add("r.created_at >= ? AND r.created_at < ?", from.UTC(), to.AddDate(0, 1, 0).UTC())
	var ow where
	scopeCond(&ow, "c.agency_id", f.UnderPath)
	ow.add("c.next_due < ?", f.Today)
	groups := []struct {
		dst   *[]zhifa.StatCount
		query string
		args  []any
	}{
		{&out.FinesByItem, `SELECT g.item_id, i.name, g.fines, g.fine_fen, 0 FROM (
			SELECT s.item_id, CAST(SUM(s.fines) AS BIGINT) AS fines, CAST(SUM(s.fine_fen) AS BIGINT) AS fine_fen
			FROM case_fine_totals s` + fines.String() + ` GROUP BY s.item_id HAVING SUM(s.fines) > 0) g
			JOIN items i ON i.id = g.item_id ORDER BY g.fine_fen DESC, g.item_id LIMIT ` + strconv.Itoa(top), fines.args},
		{&out.Reviews, `SELECT r.status, '', COUNT(*), 0, 0 FROM review_rounds r` + rw.String() +
			` GROUP BY r.status ORDER BY r.status`, rw.args},
		{&out.OverdueByAgency, `SELECT c.agency_id, a.name, COUNT(*), 0, 0 FROM cases c
		JOIN agencies a ON a.id = c.agency_id` + ow.String() +
			` GROUP BY c.agency_id, a.name ORDER BY COUNT(*) DESC, c.agency_id LIMIT ` + strconv.Itoa(top), ow.args},
	}
	for _, g := range groups {
		if *g.dst, err = t.statCounts(ctx, g.query, g.args); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
	}
	return out, nil
}

// summaryScope is the condition on a summary of case_stats (alias s) of the agencies
// and months of f.
func summaryScope(f zhifa.StatsFilter) *where {
	var w where
	scopeCond(&w, "s.agency_id", f.UnderPath)
	w.add("s.filed_month >= ? AND s.filed_month <= ?", f.FromMonth, f.ToMonth)
	return &w
}

// statGroup is one group of case_stat_counts: a month, kind and stage with its cases,
// those decided under a decision deadline and those decided within it.
type statGroup struct {
	month, kind, stage   string
	cases, timed, onTime int64
}

// statGroups fills the counts by month, stage and kind and the on-time counts of out
// from one grouped read of case_stat_counts (its slots summed).
func (t *tx) statGroups(ctx context.Context, f zhifa.StatsFilter, out *zhifa.CaseStats) error {
	w := summaryScope(f)
	rows, err := t.query(ctx, `SELECT s.filed_month, s.kind, s.stage, CAST(SUM(s.cases) AS BIGINT),
		CAST(SUM(s.timed) AS BIGINT), CAST(SUM(s.on_time) AS BIGINT)
		FROM case_stat_counts s`+w.String()+` GROUP BY s.filed_month, s.kind, s.stage`, w.args...)
	if err != nil {
		return dbErr(err, "stat groups", errMsgs{})
	}
	defer rows.Close()
	var groups []statGroup
	for rows.Next() {
		var g statGroup
		if err := rows.Scan(&g.month, &g.kind, &g.stage, &g.cases, &g.timed, &g.onTime); err != nil {
			return dbErr(err, "stat groups", errMsgs{})
		}
		groups = append(groups, g)
	}
	if err := rows.Err(); err != nil {
		return dbErr(err, "stat groups", errMsgs{})
	}
	out.ByMonth, out.ByStage, out.ByKind, out.OnTime = foldStatGroups(groups)
	return nil
}

// foldStatGroups adds up the groups by month (in month order), by stage and by kind
// (most first, then by key), and the decided cases under a deadline by month (Count,
// with Hits those decided within it); a key whose count is zero is left out, as a
// grouped count of case_stats would.
func foldStatGroups(groups []statGroup) (byMonth, byStage, byKind, onTime []zhifa.StatCount) {
	months := map[string]*zhifa.StatCount{}
	stages := map[string]*zhifa.StatCount{}
	kinds := map[string]*zhifa.StatCount{}
	timed := map[string]*zhifa.StatCount{}
	add := func(m map[string]*zhifa.StatCount, key string, count, hits int64) {
		c := m[key]
		if c == nil {
			c = &zhifa.StatCount{Key: key}
			m[key] = c
		}
		c.Count += count
		c.Hits += hits
	}
	for _, g := range groups {
		add(months, g.month, g.cases, 0)
		add(stages, g.stage, g.cases, 0)
		add(kinds, g.kind, g.cases, 0)
		add(timed, g.month, g.timed, g.onTime)
	}
	byKey := func(a, b zhifa.StatCount) int { return strings.Compare(a.Key, b.Key) }
	mostFirst := func(a, b zhifa.StatCount) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return strings.Compare(a.Key, b.Key)
	}
	return nonZero(months, byKey), nonZero(stages, mostFirst), nonZero(kinds, mostFirst), nonZero(timed, byKey)
}

// nonZero lists the counts of m with a non-zero count in the order of cmp; never nil.
func nonZero(m map[string]*zhifa.StatCount, order func(a, b zhifa.StatCount) int) []zhifa.StatCount {
	out := []zhifa.StatCount{}
	for _, c := range m {
		if c.Count != 0 {
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, order)
	return out
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

package app

import (
	"context"
	"fmt"
	"strconv"

	"zhifa"
	"zhifa/law"
)

// Statistics for heads and supervisors (issue #12; REQUIREMENTS H1, H4): the numbers
// behind the charts of the statistics page, counted by the store over the actor's scope
// (a head's agency subtree, a supervisor's government) and one calendar year.

// StatTable is one statistic: its title, the columns and rows of its numbers as shown
// and downloaded, and for each row the label and value its chart draws.
type StatTable struct {
	// ID names the table in links (month, stage, kind, fines, ontime, reviews, overdue).
	ID    string `json:"id"`
	Title string `json:"title"`
	// Note explains how the numbers are counted, in plain Chinese.
	Note    string     `json:"note,omitempty"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	// Labels and Values are what the chart draws, one per row; Unit names the value
	// (件, 元, %). Percent charts have values between 0 and 100.
	Labels []string  `json:"labels"`
	Values []float64 `json:"values"`
	Unit   string    `json:"unit"`
}

// Stats are the statistics of one year in the actor's scope.
type Stats struct {
	Year int `json:"year"`
	// Years are the years that may be asked, newest first.
	Years  []int        `json:"years"`
	Tables []*StatTable `json:"tables"`
}

// Table returns the table with the ID, nil if none.
func (s *Stats) Table(id string) *StatTable {
	for _, t := range s.Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// statsFirstYear is the earliest year the statistics offer.
const statsFirstYear = 2020

// statsTop bounds the ranked tables (fines by item, overdue by agency).
const statsTop = 10

// Stats counts the cases of year in the actor's scope. Heads and supervisors (and the
// administrators) may ask; year 0 is the current year.
func (a *App) Stats(ctx context.Context, year int) (*Stats, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermSupervise); err != nil {
		return nil, err
	}
	today := a.Today()
	if year == 0 {
		year = today.Year
	}
	if year < statsFirstYear || year > today.Year {
		return nil, fieldError("year", fmt.Sprintf("统计年度应在%d年至%d年之间", statsFirstYear, today.Year))
	}
	f := zhifa.StatsFilter{UnderPath: actor.ScopePath, FromMonth: fmt.Sprintf("%04d-01", year),
		ToMonth: fmt.Sprintf("%04d-12", year), Today: today, Top: statsTop}
	var cs *zhifa.CaseStats
	err := a.read(ctx, func(tx zhifa.Tx) (err error) {
		cs, err = tx.CaseStats(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &Stats{Year: year}
	for y := today.Year; y >= statsFirstYear; y-- {
		out.Years = append(out.Years, y)
	}
	out.Tables = []*StatTable{
		monthTable(year, cs.ByMonth), stageTable(cs.ByStage), kindTable(cs.ByKind), finesTable(cs.FinesByItem),
		onTimeTable(year, cs.OnTime), reviewTable(cs.Reviews), overdueTable(today, cs.OverdueByAgency),
	}
	return out, nil
}

// countTable is a table of one count per labelled group.
func countTable(id, title, column string, counts []zhifa.StatCount, label func(zhifa.StatCount) string) *StatTable {
	t := &StatTable{ID: id, Title: title, Columns: []string{column, "案件数（件）"}, Unit: "件", Rows: [][]string{}}
	for _, c := range counts {
		t.add(label(c), float64(c.Count), strconv.FormatInt(c.Count, 10))
	}
	return t
}

func (t *StatTable) add(label string, value float64, cells ...string) {
	t.Labels = append(t.Labels, label)
	t.Values = append(t.Values, value)
	t.Rows = append(t.Rows, append([]string{label}, cells...))
}

// monthTable counts the cases filed in each month of the year, the empty months too.
func monthTable(year int, counts []zhifa.StatCount) *StatTable {
	byMonth := map[string]int64{}
	for _, c := range counts {
		byMonth[c.Key] = c.Count
	}
	t := &StatTable{ID: "month", Title: fmt.Sprintf("%d年各月立案数", year), Columns: []string{"月份", "立案数（件）"},
		Unit: "件", Rows: [][]string{}}
	for m := 1; m <= 12; m++ {
		n := byMonth[fmt.Sprintf("%04d-%02d", year, m)]
		t.add(fmt.Sprintf("%d月", m), float64(n), strconv.FormatInt(n, 10))
	}
	return t
}

func stageTable(counts []zhifa.StatCount) *StatTable {
	t := countTable("stage", "本年立案的案件目前所处阶段", "阶段", counts, func(c zhifa.StatCount) string {
		if l := zhifa.Stage(c.Key).Label(); l != "" {
			return l
		}
		return "其他"
	})
	return t
}

func kindTable(counts []zhifa.StatCount) *StatTable {
	return countTable("kind", "本年立案的案件类型", "案件类型", counts, func(c zhifa.StatCount) string {
		if l := zhifa.CaseKind(c.Key).Label(); l != "" {
			return l
		}
		return "其他"
	})
}

// yuan shows an amount in fen as yuan with two decimals.
func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

func finesTable(counts []zhifa.StatCount) *StatTable {
	t := &StatTable{ID: "fines", Title: fmt.Sprintf("罚款金额最多的%d个执法事项", statsTop),
		Note:    "按本年立案、已作出处罚决定的案件的罚款金额合计。",
		Columns: []string{"执法事项", "案件数（件）", "罚款金额（元）"}, Unit: "元", Rows: [][]string{}}
	for _, c := range counts {
		t.add(c.Label, float64(c.Sum)/100, strconv.FormatInt(c.Count, 10), yuan(c.Sum))
	}
	return t
}

// percent is part of whole in percent, 0 without a whole.
func percent(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

func percentText(part, whole int64) string {
	if whole == 0 {
		return "—"
	}
	return strconv.FormatFloat(percent(part, whole), 'f', 1, 64) + "%"
}

func onTimeTable(year int, counts []zhifa.StatCount) *StatTable {
	t := &StatTable{ID: "ontime", Title: fmt.Sprintf("%d年按期作出处罚决定的比例（按立案月份）", year),
		Note:    "已作出决定的普通程序案件中，在" + law.RuleDecision + "规定的期限内作出决定的比例。",
		Columns: []string{"立案月份", "已决定（件）", "按期决定（件）", "按期率"}, Unit: "%", Rows: [][]string{}}
	var done, onTime int64
	for _, c := range counts {
		m, _ := strconv.Atoi(c.Key[len(c.Key)-2:])
		t.add(fmt.Sprintf("%d月", m), percent(c.Hits, c.Count), strconv.FormatInt(c.Count, 10),
			strconv.FormatInt(c.Hits, 10), percentText(c.Hits, c.Count))
		done, onTime = done+c.Count, onTime+c.Hits
	}
	if done > 0 {
		t.Rows = append(t.Rows, []string{"全年", strconv.FormatInt(done, 10), strconv.FormatInt(onTime, 10), percentText(onTime, done)})
	}
	return t
}

func reviewTable(counts []zhifa.StatCount) *StatTable {
	t := &StatTable{ID: "reviews", Title: "本年法制审核结果", Columns: []string{"审核结果", "审核轮次（次）"}, Unit: "次", Rows: [][]string{}}
	var concluded, passed int64
	for _, c := range counts {
		label := law.ReviewStatusLabel(c.Key)
		if label == "" {
			label = "其他"
		}
		t.add(label, float64(c.Count), strconv.FormatInt(c.Count, 10))
		if c.Key != zhifa.ReviewPending {
			concluded += c.Count
		}
		if c.Key == zhifa.ReviewPassed {
			passed += c.Count
		}
	}
	t.Note = "审核通过率（已出具意见的审核中审核通过的比例）：" + percentText(passed, concluded) + "。"
	return t
}

func overdueTable(today zhifa.Date, counts []zhifa.StatCount) *StatTable {
	t := countTable("overdue", fmt.Sprintf("超期案件最多的%d个执法机关", statsTop), "执法机关", counts,
		func(c zhifa.StatCount) string { return c.Label })
	t.Note = "截至" + today.Chinese() + "，下一办理期限已过的案件（不限立案年度）。"
	return t
}

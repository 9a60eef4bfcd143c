package app

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"zhifa"
	"zhifa/workday"
)

// calendarRecheck is how often a cached calendar asks the store whether another process
// imported a notice.
const calendarRecheck = 30 * time.Second

// calendarCache holds the working-day calendar: the embedded notices plus those imported
// into the store.
type calendarCache struct {
	mu      sync.Mutex
	cal     *workday.Calendar
	imports int
	checked time.Time
}

// Calendar returns the working-day calendar in force: the embedded State Council notices
// and every notice imported since (REQUIREMENTS C3; 行政处罚法 Art. 85).
func (a *App) Calendar(ctx context.Context) (*workday.Calendar, error) {
	c := &a.cal
	c.mu.Lock()
	defer c.mu.Unlock()
	now := a.now()
	if c.cal != nil && now.Sub(c.checked) < calendarRecheck && !now.Before(c.checked) {
		return c.cal, nil
	}
	var n int
	var imports []*zhifa.WorkdayImport
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		if n, err = tx.WorkdayImportCount(ctx); err != nil || (c.cal != nil && n == c.imports) {
			return err
		}
		imports, err = tx.WorkdayImports(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load calendar: %w", err)
	}
	if c.cal == nil || n != c.imports {
		cal := workday.Default()
		for _, imp := range imports {
			if cal, err = cal.Import(strings.NewReader(imp.Notice)); err != nil {
				return nil, fmt.Errorf("apply imported notice %d: %w", imp.ID, err)
			}
		}
		c.cal, c.imports = cal, len(imports)
	}
	c.checked = now
	return c.cal, nil
}

// ImportWorkdays adds a State Council holiday notice, in the workday text format, to the
// calendar (admins). A year already covered is replaced whole.
func (a *App) ImportWorkdays(ctx context.Context, r io.Reader) ([]int, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageCatalog); err != nil {
		return nil, err
	}
	text, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, fmt.Errorf("read notice: %w", err)
	}
	if len(text) > 1<<20 {
		return nil, fieldError("notice", "节假日安排文件不能超过1 MiB")
	}
	parsed, err := (&workday.Calendar{}).Import(strings.NewReader(string(text)))
	if err != nil {
		return nil, fieldError("notice", "节假日安排格式有误："+err.Error())
	}
	years := parsed.Years()
	label := make([]string, len(years))
	for i, y := range years {
		label[i] = fmt.Sprint(y)
	}
	err = a.write(ctx, "workday.import", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.ObjectPath, rec.Detail = "calendar/"+strings.Join(label, ","), "/", strings.Join(label, ",")
		return tx.AddWorkdayImport(ctx, &zhifa.WorkdayImport{Notice: string(text), Years: strings.Join(label, ","), ImportedAt: a.now(), ImportedBy: actor.Login})
	})
	if err != nil {
		return nil, err
	}
	a.cal.mu.Lock()
	a.cal.checked = time.Time{}
	a.cal.mu.Unlock()
	return years, nil
}

// WorkdayInfo describes one date of the calendar for other systems (public).
type WorkdayInfo struct {
	workday.Day
	Kind string `json:"kind"` // 工作日 / 休息日 / 法定节假日 / 调休工作日
}

// Workday answers whether a date is a working day (public).
func (a *App) Workday(ctx context.Context, d zhifa.Date) (*WorkdayInfo, error) {
	if !workday.InRange(d) {
		return nil, fieldError("date", workdayRangeText("日期"))
	}
	cal, err := a.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	day := cal.Day(d)
	return &WorkdayInfo{Day: day, Kind: day.KindLabel()}, nil
}

// WorkdaySum is a date plus a number of working days.
type WorkdaySum struct {
	From        zhifa.Date `json:"from"`
	Days        int        `json:"days"`
	Due         zhifa.Date `json:"due"`
	Provisional bool       `json:"provisional"`
}

// AddWorkdays returns the days-th working day after from, the day from itself not counted
// (行政处罚法 Art. 85). Public, for other systems.
func (a *App) AddWorkdays(ctx context.Context, from zhifa.Date, days int) (*WorkdaySum, error) {
	if from.IsZero() {
		return nil, fieldError("from", "请提供起算日期（如 2026-03-02）")
	}
	if days < 0 || days > 3650 {
		return nil, fieldError("days", "工作日天数应在0到3650之间")
	}
	if !workday.InRange(from) {
		return nil, fieldError("from", workdayRangeText("起算日期"))
	}
	cal, err := a.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	due, prov := cal.AddWorkdays(from, days)
	if !workday.InRange(due) {
		return nil, fieldError("days", workdayRangeText("到期日"))
	}
	return &WorkdaySum{From: from, Days: days, Due: due, Provisional: prov}, nil
}

// calendarWarnings warns admins when the calendar lacks the current year, or, from
// November on, the next one: deadlines in a missing year count weekends only.
func calendarWarnings(cal *workday.Calendar, today zhifa.Date) []Warning {
	var missing []int
	if !cal.Covers(today.Year) {
		missing = append(missing, today.Year)
	}
	if today.Month >= time.November && !cal.Covers(today.Year+1) {
		missing = append(missing, today.Year+1)
	}
	sort.Ints(missing)
	var out []Warning
	for _, y := range missing {
		out = append(out, Warning{Kind: WarnCalendarMissing, Rule: "工作日按国务院办公厅公布的节假日安排（含调休）计算",
			Message: fmt.Sprintf("工作日历缺少%d年的国务院节假日安排，该年期限暂按周末计算（标注为“暂定”），请导入当年通知", y)})
	}
	return out
}

// workdayRangeText says which dates the calendar answers for.
func workdayRangeText(what string) string {
	f, l := workday.FirstDate, workday.LastDate
	return fmt.Sprintf("%s应在%d年%d月%d日至%d年%d月%d日之间（工作日历的计算范围）", what, f.Year, f.Month, f.Day, l.Year, l.Month, l.Day)
}

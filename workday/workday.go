// Package workday is the official working-day calendar: the State Council's yearly
// holiday notices (法定节假日 and 调休 make-up working days) for 2024–2026 are embedded,
// and later years are imported in the same text format. A date in a year the calendar does
// not cover counts weekends only and is flagged provisional, so that every deadline built
// on it can say so — never silently.
//
// The file format, one notice per year, is line based:
//
//	# comment (the notice's title and number)
//	2026-02-15..2026-02-23 holiday 春节
//	2026-02-14 workday 春节调休
//
// A "holiday" line marks days off (even on weekdays); a "workday" line marks make-up
// working days (even on weekends). Every other Monday–Friday is a working day.
package workday

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"time"

	"zhifa"
)

//go:embed calendar/*.txt
var embedded embed.FS

// Kind says why a day is or is not a working day.
type Kind int

// Kinds of day.
const (
	Weekday Kind = iota // an ordinary Monday–Friday
	Weekend             // an ordinary Saturday or Sunday
	Holiday             // 法定节假日 (or its bridging days) per the notice
	Makeup              // 调休上班: a weekend working day per the notice
)

// Day is one calendar day as the calendar sees it.
type Day struct {
	Date    zhifa.Date `json:"date"`
	Workday bool       `json:"workday"`
	Kind    Kind       `json:"-"`
	// Name is the holiday's name, e.g. "春节" or "春节调休"; empty for ordinary days.
	Name string `json:"name,omitempty"`
	// Provisional is set when the year is not in the calendar: only weekends were counted.
	Provisional bool `json:"provisional"`
}

// KindLabel is the Chinese name of the day's kind.
func (d Day) KindLabel() string {
	return [...]string{"工作日", "休息日", "法定节假日", "调休工作日"}[d.Kind]
}

type special struct {
	kind Kind
	name string
}

// Calendar is an immutable set of yearly notices. Import returns a new Calendar, so a
// Calendar can be shared between goroutines.
type Calendar struct {
	days  map[zhifa.Date]special
	years map[int]bool
}

// Default returns the embedded calendar (2024–2026).
func Default() *Calendar { return defaultCalendar }

var defaultCalendar = mustLoadEmbedded()

func mustLoadEmbedded() *Calendar {
	c := &Calendar{days: map[zhifa.Date]special{}, years: map[int]bool{}}
	files, err := fs.Glob(embedded, "calendar/*.txt")
	if err != nil {
		panic(err)
	}
	for _, name := range files {
		f, err := embedded.Open(name)
		if err != nil {
			panic(err)
		}
		c, err = c.Import(f)
		f.Close()
		if err != nil {
			panic(fmt.Sprintf("workday: embedded %s: %v", name, err))
		}
	}
	return c
}

// Years returns the years the calendar covers, ascending.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// Covers reports whether the notice of year is in the calendar.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// Import reads notices in the text format and returns a calendar with their years added;
// a year that is already covered is replaced whole. Every line must parse, every date must
// be real, a holiday must not be a make-up day, and each year must have holidays.
func (c *Calendar) Import(r io.Reader) (*Calendar, error) {
	parsed := map[zhifa.Date]special{}
	years := map[int]bool{}
	holidays := map[int]int{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			return nil, fmt.Errorf("第%d行：格式应为“日期[..日期] holiday|workday 名称”", n)
		}
		from, to, err := parseRange(fields[0])
		if err != nil {
			return nil, fmt.Errorf("第%d行：%v", n, err)
		}
		var kind Kind
		switch fields[1] {
		case "holiday":
			kind = Holiday
		case "workday":
			kind = Makeup
		default:
			return nil, fmt.Errorf("第%d行：类型应为 holiday 或 workday，而不是 %q", n, fields[1])
		}
		name := strings.Join(fields[2:], " ")
		for d := from; !d.After(to); d = d.AddDays(1) {
			if prev, ok := parsed[d]; ok && prev.kind != kind {
				return nil, fmt.Errorf("第%d行：%s 既是节假日又是调休工作日", n, d)
			}
			if kind == Makeup && !isWeekend(d) {
				return nil, fmt.Errorf("第%d行：调休工作日 %s 不是周末", n, d)
			}
			if name, fixed := FixedHolidays(d.Year)[d]; fixed && kind == Makeup {
				return nil, fmt.Errorf("第%d行：%s 是法定节假日（%s，全国年节及纪念日放假办法第二条），不能调休上班", n, d, name)
			}
			parsed[d] = special{kind, name}
			years[d.Year] = true
			if kind == Holiday {
				holidays[d.Year]++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("读取节假日安排: %w", err)
	}
	if len(years) == 0 {
		return nil, fmt.Errorf("没有找到节假日安排")
	}
	for y := range years {
		if holidays[y] == 0 {
			return nil, fmt.Errorf("%d年没有法定节假日，文件不完整", y)
		}
	}
	out := &Calendar{days: make(map[zhifa.Date]special, len(c.days)+len(parsed)), years: map[int]bool{}}
	for d, s := range c.days {
		if !years[d.Year] {
			out.days[d] = s
		}
	}
	for y := range c.years {
		out.years[y] = true
	}
	for d, s := range parsed {
		out.days[d] = s
	}
	for y := range years {
		out.years[y] = true
	}
	return out, nil
}

func parseRange(s string) (from, to zhifa.Date, err error) {
	a, b, isRange := strings.Cut(s, "..")
	if from, err = zhifa.ParseDate(a); err != nil {
		return from, to, err
	}
	to = from
	if isRange {
		if to, err = zhifa.ParseDate(b); err != nil {
			return from, to, err
		}
		if to.Before(from) || to.Year != from.Year || to.Compare(from.AddDays(31)) > 0 {
			return from, to, fmt.Errorf("日期范围 %s 无效", s)
		}
	}
	return from, to, nil
}

func isWeekend(d zhifa.Date) bool {
	wd := d.Time().Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// Day describes one date.
func (c *Calendar) Day(d zhifa.Date) Day {
	day := Day{Date: d, Provisional: !c.years[d.Year]}
	if s, ok := c.days[d]; ok {
		day.Kind, day.Name = s.kind, s.name
	} else if name, ok := FixedHolidays(d.Year)[d]; ok {
		// A statutory holiday is a day off whether or not the year's notice is imported;
		// only the bridging and make-up days around it wait for the notice.
		day.Kind, day.Name, day.Provisional = Holiday, name, false
	} else if isWeekend(d) {
		day.Kind = Weekend
	}
	day.Workday = day.Kind == Weekday || day.Kind == Makeup
	return day
}

// IsWorkday reports whether d is a working day, and whether that answer is provisional.
func (c *Calendar) IsWorkday(d zhifa.Date) (workday, provisional bool) {
	day := c.Day(d)
	return day.Workday, day.Provisional
}

// AddWorkdays returns the n-th working day after from. The day a period starts from is not
// counted (行政处罚法 Art. 85: "二日""三日""五日""七日" are working days; a period begins
// the day after the event). provisional is set when any day counted lies in a year the
// calendar does not cover. n ≤ 0 returns from.
func (c *Calendar) AddWorkdays(from zhifa.Date, n int) (due zhifa.Date, provisional bool) {
	d := from
	for n > 0 {
		d = d.AddDays(1)
		day := c.Day(d)
		provisional = provisional || day.Provisional
		if day.Workday {
			n--
		}
	}
	return d, provisional
}

// NextWorkday returns d if it is a working day, else the first working day after it: a
// period whose last day is a holiday ends on the first working day after the holiday.
func (c *Calendar) NextWorkday(d zhifa.Date) (zhifa.Date, bool) {
	day := c.Day(d)
	provisional := day.Provisional
	for !day.Workday {
		d = d.AddDays(1)
		day = c.Day(d)
		provisional = provisional || day.Provisional
	}
	return d, provisional
}

// WorkdaysBetween counts the working days after from up to and including to (0 when to is
// not after from): how many working days are left from today until a due date.
func (c *Calendar) WorkdaysBetween(from, to zhifa.Date) (n int, provisional bool) {
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		day := c.Day(d)
		provisional = provisional || day.Provisional
		if day.Workday {
			n++
		}
	}
	return n, provisional
}

package publicity

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"zhifa"
	"zhifa/app/kernel"
)

// The printable notice for service halls (公告栏, issue 13, C7): one agency's decisions
// published in one ISO week and still on the portal, redacted as published.

// WeekNotice is the notice of one agency and week.
type WeekNotice struct {
	AgencyID   int64       `json:"agency_id"`
	AgencyName string      `json:"agency"`
	Week       string      `json:"week"` // ISO 8601, e.g. 2026-W49
	From       zhifa.Date  `json:"from"` // Monday
	To         zhifa.Date  `json:"to"`   // Sunday
	Decisions  []*Decision `json:"decisions"`
	// More counts the decisions beyond MaxNoticeRows (the notice then points to the portal).
	More int `json:"more"`
}

// MaxNoticeRows bounds a printed notice; the rest are on the portal.
const MaxNoticeRows = 200

// ISOWeek formats the ISO week of d ("2026-W49").
func ISOWeek(d zhifa.Date) string {
	y, w := d.Time().ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// ParseISOWeek returns the Monday of an ISO week written "2026-W49".
func ParseISOWeek(s string) (zhifa.Date, error) {
	bad := kernel.FieldError("week", "周次格式应为“2026-W49”")
	y, w, ok := strings.Cut(strings.TrimSpace(s), "-W")
	if !ok || len(y) != 4 || len(w) != 2 {
		return zhifa.Date{}, bad
	}
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if err1 != nil || err2 != nil || year < 2000 || week < 1 || week > 53 {
		return zhifa.Date{}, bad
	}
	// The week with 4 January is week 1; its Monday starts the year's weeks.
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, zhifa.CST)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(week-1)*7)
	if gy, gw := monday.ISOWeek(); gy != year || gw != week {
		return zhifa.Date{}, bad // week 53 of a year with 52
	}
	return zhifa.DateOf(monday), nil
}

// Notice returns an agency's notice for an ISO week ("" the current one), up to this
// week. Anyone may read it: it holds only what the portal shows.
func (s *Service) Notice(ctx context.Context, agencyID int64, week string) (*WeekNotice, error) {
	today := s.k.Today()
	if week == "" {
		week = ISOWeek(today)
	}
	monday, err := ParseISOWeek(week)
	if err != nil {
		return nil, err
	}
	if monday.After(today) {
		return nil, kernel.FieldError("week", "不能选择以后的周次")
	}
	n := &WeekNotice{AgencyID: agencyID, Week: ISOWeek(monday), From: monday, To: monday.AddDays(6), Decisions: []*Decision{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		n.AgencyName = ag.Name
		return eachEvent(ctx, tx, zhifa.PublicationEventFilter{AgencyID: agencyID, From: n.From, To: n.To, Published: true},
			func(p *zhifa.Publication) {
				if p.Status != zhifa.PubPublished || p.DisplayUntil.Before(today) {
					return
				}
				if len(n.Decisions) == MaxNoticeRows {
					n.More++
					return
				}
				n.Decisions = append(n.Decisions, decisionOf(p))
			})
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

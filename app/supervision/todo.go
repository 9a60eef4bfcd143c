package supervision

import (
	"context"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// todoHorizon is how far ahead, in working days, a complaint's deadline puts it on the
// handler's to-do list.
const todoHorizon = 3

// todoScan bounds the complaints read for the to-do list: those due within the horizon,
// newest first; the most urgent of them are shown.
const todoScan = 200

// Todo is the to-do source of the context (zhifa.TodoSource): the complaints of the
// actor's agency (or, for a supervisor, of the scope) whose next deadline falls within
// three working days or has passed, most urgent first, at most limit.
func (s *Service) Todo(ctx context.Context) ([]zhifa.TodoItem, error) {
	actor := kernel.ActorFrom(ctx)
	if requireStaff(actor) != nil {
		return nil, nil // not a handler of complaints: nothing to do here
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	horizon, _ := cal.AddWorkdays(today, todoHorizon)
	q := zhifa.ComplaintFilter{OverdueOn: horizon.AddDays(1), Limit: todoScan}
	if actor.Can(kernel.PermSupervise) {
		q.UnderPath = actor.ScopePath
	} else {
		q.AgencyID = actor.AgencyID
	}
	var items []zhifa.TodoItem
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, err := tx.Complaints(ctx, q)
		if err != nil {
			return err
		}
		for _, c := range list {
			next := nextClock(c.Clocks)
			if next == nil {
				continue
			}
			items = append(items, zhifa.TodoItem{Kind: zhifa.TodoComplaint, Title: c.Kind.Label() + " " + c.Number + "：" + c.Target,
				Due: next.Due, Action: law.ComplaintClockLabel(next.Kind), URL: "/staff/complaints/" + strconv.FormatInt(c.ID, 10)})
		}
		return nil
	})
	slices.SortStableFunc(items, func(a, b zhifa.TodoItem) int { return a.Due.Compare(b.Due) })
	return items[:min(len(items), todoLimit)], err
}

// todoLimit is the most complaints the to-do list shows; the list page has the rest.
const todoLimit = 20

// nextClock is the running clock due first, nil when none runs.
func nextClock(clocks []zhifa.Clock) *zhifa.Clock {
	var next *zhifa.Clock
	for i := range clocks {
		if c := &clocks[i]; !c.Done && (next == nil || c.Due.Before(next.Due)) {
			next = c
		}
	}
	return next
}

package review

import (
	"context"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The reviewer's queue (issue 12; REQUIREMENTS E2, E5): the rounds assigned to the
// reviewer, pending ones by due date with their review clock, finished ones newest
// first, by keyset pages; each page reads its cases, agencies and items once.

// ReviewQueueFilter selects a page of the actor's queue: pending (the default) or
// finished rounds, after Cursor (the Next of the previous page).
type ReviewQueueFilter struct {
	Finished bool
	Cursor   string
	zhifa.Page
}

// ReviewQueueList is one page of the actor's queue.
type ReviewQueueList struct {
	Reviews []*QueueItem `json:"reviews"`
	// Next is the cursor of the next page ("" on the last page).
	Next string `json:"next"`
}

// QueueItem is one round in a reviewer's queue with its case and clock.
type QueueItem struct {
	*zhifa.ReviewRound
	CaseNumber  string `json:"case_number"`
	AgencyName  string `json:"agency_name"`
	ItemName    string `json:"item_name"`
	StatusLabel string `json:"status_label"`
	// ClockStatus is ok, due_soon, overdue or done (law.ClockStatus of the review clock).
	ClockStatus string `json:"clock_status"`
	Provisional bool   `json:"provisional"`
}

// ReviewQueue returns one page of the actor's review rounds: pending by due date (the
// most urgent first), or finished newest first. Only reviewers have a queue.
func (s *Service) ReviewQueue(ctx context.Context, f ReviewQueueFilter) (*ReviewQueueList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermReviewCases); err != nil {
		return nil, err
	}
	after, err := kernel.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	if after != nil && after.Due.IsZero() != f.Finished {
		return nil, kernel.FieldError("cursor", "分页位置与筛选条件不符，请从第一页重新浏览")
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	sf := zhifa.ReviewQueueFilter{ReviewerID: actor.UserID, Finished: f.Finished, Limit: kernel.PageLimit(f.Limit)}
	if after != nil {
		sf.AfterID, sf.AfterDue = after.ID, after.Due
	}
	out := &ReviewQueueList{Reviews: []*QueueItem{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		rounds, err := tx.ReviewQueuePage(ctx, sf)
		if err != nil {
			return err
		}
		if len(rounds) == sf.Limit {
			last := rounds[len(rounds)-1]
			key := zhifa.CaseKey{ID: last.ID}
			if !f.Finished {
				key.Due = last.DueOn
			}
			out.Next = kernel.EncodeCursor(key)
		}
		ids := make([]int64, 0, len(rounds))
		for _, r := range rounds {
			ids = append(ids, r.CaseID)
		}
		cases, err := tx.CasesByIDs(ctx, ids)
		if err != nil {
			return err
		}
		byID := map[int64]*zhifa.Case{}
		for _, c := range cases {
			byID[c.ID] = c
		}
		agencies, items := map[int64]*zhifa.Agency{}, map[int64]*zhifa.Item{}
		for _, r := range rounds {
			c := byID[r.CaseID]
			if c == nil {
				continue
			}
			ag, err := once(agencies, c.AgencyID, func() (*zhifa.Agency, error) { return tx.Agency(ctx, c.AgencyID) })
			if err != nil {
				return err
			}
			item, err := once(items, c.ItemID, func() (*zhifa.Item, error) { return tx.Item(ctx, c.ItemID) })
			if err != nil {
				return err
			}
			q := &QueueItem{ReviewRound: r, CaseNumber: c.Number, AgencyName: ag.Name, ItemName: item.Name,
				StatusLabel: law.ReviewStatusLabel(r.Status), ClockStatus: law.ClockDone}
			if cl := c.Clock(zhifa.ClockReview); cl != nil && r.Status == zhifa.ReviewPending {
				q.ClockStatus, q.Provisional = law.ClockStatus(cal, today, *cl), cl.Provisional
			}
			out.Reviews = append(out.Reviews, q)
		}
		return nil
	})
	return out, err
}

// once returns m[id], reading and keeping it the first time: a page of one bureau's
// rounds shares one agency and a few items.
func once[V any](m map[int64]V, id int64, read func() (V, error)) (V, error) {
	if v, ok := m[id]; ok {
		return v, nil
	}
	v, err := read()
	if err == nil {
		m[id] = v
	}
	return v, err
}

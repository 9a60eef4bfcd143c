package app

import (
	"context"

	"zhifa"
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

// ReviewQueue returns one page of the actor's review rounds: pending by due date (the
// most urgent first), or finished newest first. Only reviewers have a queue.
func (a *App) ReviewQueue(ctx context.Context, f ReviewQueueFilter) (*ReviewQueueList, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermReviewCases); err != nil {
		return nil, err
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	if after != nil && after.Due.IsZero() != f.Finished {
		return nil, fieldError("cursor", "分页位置与筛选条件不符，请从第一页重新浏览")
	}
	cal, err := a.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := a.Today()
	sf := zhifa.ReviewQueueFilter{ReviewerID: actor.UserID, Finished: f.Finished, Limit: caseListLimit(f.Limit)}
	if after != nil {
		sf.AfterID, sf.AfterDue = after.ID, after.Due
	}
	out := &ReviewQueueList{Reviews: []*QueueItem{}}
	err = a.read(ctx, func(tx zhifa.Tx) error {
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
			out.Next = encodeCursor(key)
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
		cache := newCaseListCache(a, tx)
		for _, r := range rounds {
			c := byID[r.CaseID]
			if c == nil {
				continue
			}
			ag, item, _, err := cache.of(ctx, c)
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

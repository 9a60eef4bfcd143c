package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// In-app notifications (通知, issue 12; REQUIREMENTS H1): a line for a person when
// something lands on their to-do list — an approval asked of them or decided, a legal
// review assigned to them or answered, a deadline of their case tomorrow. They are written
// in the transaction of the act that causes them, so a failed act notifies no one; each
// names its event (Notification.Key), so writing it twice notifies once. A user reads
// and marks only their own.

// NotificationListFilter selects the actor's notifications: unread only, and a page.
type NotificationListFilter struct {
	Unread bool
	// Cursor is the Next of the previous page ("" for the first); Page.Offset is ignored.
	Cursor string
	zhifa.Page
}

// NotificationList is one page of the actor's notifications.
type NotificationList struct {
	Notifications []*NotificationView `json:"notifications"`
	Total         int                 `json:"total"`
	TotalText     string              `json:"total_text"`
	Unread        int                 `json:"unread"`
	// Next is the cursor of the next page ("" on the last page).
	Next string `json:"next"`
}

// NotificationView is a notification with its kind's Chinese name.
type NotificationView struct {
	*zhifa.Notification
	KindLabel string `json:"kind_label"`
}

// Notifications lists the actor's own notifications, newest first.
func (a *App) Notifications(ctx context.Context, f NotificationListFilter) (*NotificationList, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	if after != nil && !after.Due.IsZero() {
		return nil, fieldError("cursor", "分页位置无效，请从第一页重新浏览")
	}
	sf := zhifa.NotificationFilter{UserID: actor.UserID, Unread: f.Unread, Page: zhifa.Page{Limit: kernel.PageLimit(f.Limit)}}
	if after != nil {
		sf.AfterID = after.ID
	}
	out := &NotificationList{Notifications: []*NotificationView{}}
	err = a.read(ctx, func(tx zhifa.Tx) error {
		list, total, err := tx.Notifications(ctx, sf)
		if err != nil {
			return err
		}
		out.Total, out.TotalText = total, countText(total)
		if len(list) == sf.Limit {
			out.Next = encodeCursor(zhifa.CaseKey{ID: list[len(list)-1].ID})
		}
		for _, n := range list {
			out.Notifications = append(out.Notifications, &NotificationView{Notification: n, KindLabel: n.Kind.Label()})
		}
		out.Unread, err = tx.UnreadNotifications(ctx, actor.UserID)
		return err
	})
	return out, err
}

// UnreadNotifications counts the actor's unread notifications (the staff header's
// count); the public has none.
func (a *App) UnreadNotifications(ctx context.Context) (int, error) {
	actor := ActorFrom(ctx)
	if !actor.LoggedIn() || actor.UserID <= 0 {
		return 0, nil
	}
	var n int
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		n, err = tx.UnreadNotifications(ctx, actor.UserID)
		return err
	})
	return n, err
}

// MarkNotificationRead marks one of the actor's notifications read; another user's
// answers as missing (ENOTFOUND).
func (a *App) MarkNotificationRead(ctx context.Context, id int64) error {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return err
	}
	return a.write(ctx, "notification.read", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.ObjectPath = objectRef("notification", id), actor.AgencyPath
		return tx.MarkNotificationRead(ctx, actor.UserID, id, a.now())
	})
}

// MarkAllNotificationsRead marks every unread notification of the actor read.
func (a *App) MarkAllNotificationsRead(ctx context.Context) error {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return err
	}
	return a.write(ctx, "notification.read_all", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.ObjectPath = objectRef("user", actor.UserID), actor.AgencyPath
		return tx.MarkAllNotificationsRead(ctx, actor.UserID, a.now())
	})
}

// notify writes a notification for the user in tx, once per key; users of the command
// line (ID <= 0) get none.
func (a *App) notify(ctx context.Context, tx zhifa.Tx, userID int64, kind zhifa.NotificationKind, key, title string, caseID int64, url string) error {
	if userID <= 0 {
		return nil
	}
	_, err := tx.AddNotification(ctx, &zhifa.Notification{UserID: userID, Kind: kind, Key: key, Title: title, CaseID: caseID,
		URL: url, CreatedAt: a.now()})
	return err
}

// notifyApprovalRequested tells the head asked that a request waits for them.
func (a *App) notifyApprovalRequested(ctx context.Context, tx zhifa.Tx, r *zhifa.ApprovalRequest, c *zhifa.Case, requester string) error {
	return a.notify(ctx, tx, r.ApproverID, zhifa.NotifyApprovalRequested, "approval.request:"+strconv.FormatInt(r.ID, 10),
		fmt.Sprintf("%s提请您审批：%s %s", requester, c.Number, law.StepLabel(c, r.Action)), c.ID, "/staff/approvals")
}

// notifyApprovalDecided tells the requester how the head decided.
func (a *App) notifyApprovalDecided(ctx context.Context, tx zhifa.Tx, r *zhifa.ApprovalRequest, c *zhifa.Case, decider string) error {
	return a.notify(ctx, tx, r.RequesterID, zhifa.NotifyApprovalDecided, "approval.decided:"+strconv.FormatInt(r.ID, 10),
		fmt.Sprintf("%s%s您提请的审批：%s %s", decider, map[bool]string{true: "已批准", false: "已驳回"}[r.Status == zhifa.ApprovalApproved],
			c.Number, law.StepLabel(c, r.Action)), c.ID, caseURL(c.ID))
}

// notificationStage is the stage of the case-step pipeline that notifies the legal
// reviewer of a submission and the submitter of the reviewer's opinion (E1, E5).
func (a *App) notificationStage() kernel.Stage {
	return kernel.Stage{Name: "notify", Run: func(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
		c, rs := r.Case, r.Case.State.Review
		if rs == nil {
			return "", nil, nil
		}
		round := strconv.FormatInt(c.ID, 10) + ":" + strconv.Itoa(rs.Round)
		switch r.Action {
		case zhifa.ActSubmitReview, zhifa.ActResubmit:
			return "", nil, a.notify(ctx, r.Tx, rs.ReviewerID, zhifa.NotifyReviewAssigned, "review.assigned:"+round,
				fmt.Sprintf("%s报送法制审核（第%d轮），请于%s前出具审核意见", c.Number, rs.Round, rs.Due.Chinese()), c.ID,
				caseURL(c.ID)+"/legal-review")
		case zhifa.ActReviewOpinion:
			rounds, err := r.Tx.ReviewRounds(ctx, c.ID)
			if err != nil || len(rounds) == 0 {
				return "", nil, err
			}
			last := rounds[len(rounds)-1]
			what := "同意"
			if last.Opinion != law.OpinionAgree {
				what = "存在问题，已退回"
			}
			return "", nil, a.notify(ctx, r.Tx, last.SubmitterID, zhifa.NotifyReviewOpinion, "review.opinion:"+round,
				fmt.Sprintf("%s法制审核（第%d轮）意见：%s", c.Number, last.Round, what), c.ID, caseURL(c.ID)+"/legal-review")
		}
		return "", nil, nil
	}}
}

// NotifyDeadlines notifies the officers of every case whose own deadline (not the
// party's period) falls due tomorrow. It is idempotent per day and clock: run again, it
// notifies no one twice. It returns the number of notifications written.
func (a *App) NotifyDeadlines(ctx context.Context) (int, error) {
	tomorrow := a.Today().AddDays(1)
	ctx = WithActor(ctx, SystemActor("deadline-notices"))
	added := 0
	q := zhifa.ClockQuery{NotKinds: law.OthersClocks, From: tomorrow, To: tomorrow, Limit: 200}
	for {
		var page []zhifa.DueClock
		err := a.write(ctx, "notification.deadlines", func(tx zhifa.Tx, rec *audit) error {
			rec.Object = "clocks:" + tomorrow.String()
			var err error
			if page, err = tx.DueClocks(ctx, q); err != nil {
				return err
			}
			n, err := a.notifyDeadlinePage(ctx, tx, page)
			added += n
			rec.Detail = fmt.Sprintf("%s到期的期限：通知%d条", tomorrow.Chinese(), n)
			return err
		})
		if err != nil || len(page) < q.Limit {
			return added, err
		}
		q.After = &page[len(page)-1]
	}
}

// notifyDeadlinePage notifies the officers of the cases of one page of clocks.
func (a *App) notifyDeadlinePage(ctx context.Context, tx zhifa.Tx, clocks []zhifa.DueClock) (int, error) {
	ids := make([]int64, 0, len(clocks))
	for _, k := range clocks {
		ids = append(ids, k.CaseID)
	}
	cases, err := tx.CasesByIDs(ctx, ids)
	if err != nil {
		return 0, err
	}
	byID := map[int64]*zhifa.Case{}
	for _, c := range cases {
		byID[c.ID] = c
	}
	added := 0
	for _, k := range clocks {
		c := byID[k.CaseID]
		if c == nil {
			continue
		}
		users, err := tx.UsersOfOfficers(ctx, c.OfficerIDs)
		if err != nil {
			return added, err
		}
		for _, u := range users {
			ok, err := tx.AddNotification(ctx, &zhifa.Notification{UserID: u.ID, Kind: zhifa.NotifyDeadlineTomorrow,
				Key:    fmt.Sprintf("deadline:%d:%s:%s", c.ID, k.Kind, k.Due),
				Title:  fmt.Sprintf("%s %s明日（%s）届满：%s", c.Number, k.Kind.Label(), k.Due.Chinese(), law.ClockTask(k.Kind)),
				CaseID: c.ID, URL: caseURL(c.ID) + "#next-step", CreatedAt: a.now()})
			if err != nil {
				return added, err
			}
			if ok {
				added++
			}
		}
	}
	return added, nil
}

// RunDailyJobs runs the day's jobs once a day: it checks every interval whether the day
// has turned since a job's last successful run (started by serve). The jobs are the
// deadline notices of tomorrow (NotifyDeadlines) and the periodic analytic rules
// (analysis.RunDaily). A failed job is logged and retried at the next tick; a second
// server's run notifies no one twice and refreshes the same findings.
func (a *App) RunDailyJobs(ctx context.Context, every time.Duration) {
	jobs := []struct {
		name string
		run  func(context.Context) (any, error)
		done zhifa.Date
	}{
		{name: "deadline notices", run: func(ctx context.Context) (any, error) { return a.NotifyDeadlines(ctx) }},
		{name: "analysis run", run: func(ctx context.Context) (any, error) { return a.analysis.RunDaily(ctx) }},
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		today := a.Today()
		for i := range jobs {
			j := &jobs[i]
			if j.done == today {
				continue
			}
			res, err := j.run(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				a.log.Error(j.name, "err", err)
				continue
			}
			j.done = today
			a.log.Info(j.name, "day", today.String(), "result", res)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

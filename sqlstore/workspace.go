package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"zhifa"
)

// The workspace (issue 12, migration 00026): notifications, the running clocks of the
// to-do list and the reviewer's queue by page. Every read is one index range that stops
// at its limit: a person's list does not grow with the cases in scope.

const notificationCols = `id, user_id, kind, event_key, title, case_id, url, created_at, read_at`

func scanNotification(s scanner) (*zhifa.Notification, error) {
	var n zhifa.Notification
	var read sql.NullTime
	if err := s.Scan(&n.ID, &n.UserID, &n.Kind, &n.Key, &n.Title, &n.CaseID, &n.URL, &n.CreatedAt, &read); err != nil {
		return nil, err
	}
	n.CreatedAt = n.CreatedAt.UTC()
	if read.Valid {
		at := read.Time.UTC()
		n.ReadAt = &at
	}
	return &n, nil
}

// AddNotification inserts n unless the user already has a notification with n.Key.
func (t *tx) AddNotification(ctx context.Context, n *zhifa.Notification) (bool, error) {
	const op = "add notification"
	if n.Key == "" {
		return false, fmt.Errorf("%s: no key", op)
	}
	n.CreatedAt = t.stamp(n.CreatedAt)
	rows, err := t.query(ctx, `
		INSERT INTO notifications (user_id, kind, event_key, title, case_id, url, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (user_id, event_key) DO NOTHING RETURNING id`,
		n.UserID, string(n.Kind), n.Key, n.Title, n.CaseID, n.URL, n.CreatedAt)
	if err != nil {
		return false, dbErr(err, op, errMsgs{missing: "用户不存在"})
	}
	ids, err := collectValues[int64](rows, op)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	n.ID = ids[0]
	return true, nil
}

// Notifications returns a page of the user's notifications, newest first.
func (t *tx) Notifications(ctx context.Context, f zhifa.NotificationFilter) ([]*zhifa.Notification, int, error) {
	const op = "list notifications"
	var w where
	w.add(`user_id = ?`, f.UserID)
	if f.Unread {
		w.add(`read_at IS NULL`)
	}
	q := &listQuery{
		count:     `SELECT COUNT(*) FROM (SELECT 1 FROM notifications` + w.String() + ` LIMIT ` + fmt.Sprint(zhifa.CountCap+1) + `) n`,
		countArgs: append([]any(nil), w.args...),
	}
	if f.AfterID > 0 {
		w.add(`id < ?`, f.AfterID)
	}
	limit, _ := window(f.Page)
	q.list = `SELECT ` + notificationCols + ` FROM notifications` + w.String() + ` ORDER BY id DESC LIMIT ` + w.arg(limit)
	q.listArgs = w.args
	return listPage(ctx, t, op, q, scanNotification)
}

// UnreadNotifications counts the user's unread notifications up to zhifa.CountCap+1.
func (t *tx) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT `+
		fmt.Sprint(zhifa.CountCap+1)+`) n`, userID).Scan(&n)
	return n, dbErr(err, "count unread notifications", errMsgs{})
}

// MarkNotificationRead marks the user's notification read; reading it again keeps the
// first time. Another user's notification is ENOTFOUND, like a missing one.
func (t *tx) MarkNotificationRead(ctx context.Context, userID, id int64, at time.Time) error {
	const op = "mark notification read"
	var owner int64
	if err := t.queryRow(ctx, `SELECT user_id FROM notifications WHERE id = $1`, id).Scan(&owner); err != nil {
		return rowErr(err, op, "通知")
	}
	if owner != userID {
		return zhifa.NotFound("通知")
	}
	_, err := t.exec(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL`, utc(at), id)
	return dbErr(err, op, errMsgs{})
}

// MarkAllNotificationsRead marks the user's unread notifications read.
func (t *tx) MarkAllNotificationsRead(ctx context.Context, userID int64, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, utc(at), userID)
	return dbErr(err, "mark notifications read", errMsgs{})
}

// DueClocks returns running clocks in (due, case, kind) order, keyset after q.After, at
// most q.Limit: an officer's from officer_clocks' key, else an agency subtree's from
// case_clocks.
func (t *tx) DueClocks(ctx context.Context, q zhifa.ClockQuery) ([]zhifa.DueClock, error) {
	const op = "list due clocks"
	query, args, err := dueClocksQuery(q, t.db.engine)
	if err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var out []zhifa.DueClock
	for rows.Next() {
		var c zhifa.DueClock
		if err := rows.Scan(&c.CaseID, &c.Kind, &c.Due); err != nil {
			return nil, dbErr(err, op, errMsgs{})
		}
		out = append(out, c)
	}
	return out, dbErr(rows.Err(), op, errMsgs{})
}

// dueClocksQuery is the query of DueClocks: an officer's clocks from the key of
// officer_clocks (officer, due, case, kind; migration 00062), which stops at the limit
// however many cases the officer handles, a day's through case_clocks_day, and a
// subtree's through case_clocks_agency_due one agency at a time — the first clocks of
// each agency of the subtree in due order, merged — so that it reads at most limit
// clocks an agency, however large the subtree's backlog. (One range over the IN list of the subtree's agencies
// sorted every clock it matched: a bureau head's overdue work took 400 ms at 440,000
// overdue clocks; the merge of the bureau's three agencies takes 5 ms.) PostgreSQL takes
// each agency's first clocks in a LATERAL subquery; SQLite, which has none, in a
// correlated list of their rowids.
func dueClocksQuery(q zhifa.ClockQuery, engine string) (string, []any, error) {
	if err := checkPath(q.UnderPath); err != nil {
		return "", nil, err
	}
	perAgency := q.OfficerID == 0 && q.UnderPath != ""
	var w where
	from := ` FROM case_clocks k`
	if q.OfficerID != 0 {
		from = ` FROM officer_clocks k`
		w.add(`k.officer_id = ?`, q.OfficerID)
	}
	if perAgency {
		w.add(`k.agency_id = a.id`)
	} else {
		scopeCond(&w, "k.agency_id", q.UnderPath)
	}
	if len(q.Kinds) > 0 {
		w.add(`k.kind IN (` + placeholders(&w, q.Kinds) + `)`)
	}
	if len(q.NotKinds) > 0 {
		w.add(`k.kind NOT IN (` + placeholders(&w, q.NotKinds) + `)`)
	}
	if !q.From.IsZero() {
		w.add(`k.due >= ?`, q.From)
	}
	if !q.To.IsZero() {
		w.add(`k.due <= ?`, q.To)
	}
	if a := q.After; a != nil {
		w.add(`(k.due > ? OR (k.due = ? AND (k.case_id > ? OR (k.case_id = ? AND k.kind > ?))))`,
			a.Due, a.Due, a.CaseID, a.CaseID, string(a.Kind))
	}
	limit, _ := window(zhifa.Page{Limit: q.Limit})
	order := ` ORDER BY k.due, k.case_id, k.kind LIMIT ` + w.arg(limit)
	const cols = `SELECT k.case_id, k.kind, k.due`
	if !perAgency {
		return cols + from + w.String() + order, w.args, nil
	}
	subtree := ` WHERE a.path >= ` + w.arg(q.UnderPath) + ` AND a.path < ` + w.arg(subtreeEnd(q.UnderPath))
	if engine == EnginePostgres {
		return cols + ` FROM agencies a CROSS JOIN LATERAL (` + cols + from + w.String() + order + `) k` + subtree + order, w.args, nil
	}
	return cols + ` FROM agencies a JOIN case_clocks k ON k.agency_id = a.id AND k.rowid IN (SELECT k.rowid` + from + w.String() + order + `)` +
		subtree + order, w.args, nil
}

// placeholders appends the kinds as arguments and returns their placeholders.
func placeholders(w *where, kinds []zhifa.ClockKind) string {
	ph := make([]string, len(kinds))
	for i, k := range kinds {
		ph[i] = w.arg(string(k))
	}
	return strings.Join(ph, ", ")
}

// UsersOfOfficers returns the enabled accounts of the officers (index users_officer).
func (t *tx) UsersOfOfficers(ctx context.Context, officerIDs []int64) ([]*zhifa.User, error) {
	const op = "users of officers"
	if len(officerIDs) == 0 {
		return nil, nil
	}
	var w where
	ph := make([]string, len(officerIDs))
	for i, id := range officerIDs {
		ph[i] = w.arg(id)
	}
	rows, err := t.query(ctx, `SELECT `+userCols+` FROM users u WHERE u.officer_id IN (`+strings.Join(ph, ", ")+
		`) AND u.disabled = FALSE ORDER BY u.id`, w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanUser)
}

// ReviewQueuePage returns one page of the reviewer's rounds: pending by (due_on, id)
// from review_rounds_reviewer, the others newest first from review_rounds_reviewer_id.
func (t *tx) ReviewQueuePage(ctx context.Context, f zhifa.ReviewQueueFilter) ([]*zhifa.ReviewRound, error) {
	const op = "review queue page"
	var w where
	w.add(`reviewer_id = ?`, f.ReviewerID)
	order := `due_on, id`
	if f.Finished {
		w.add(`status <> ?`, zhifa.ReviewPending)
		order = `id DESC`
		if f.AfterID > 0 {
			w.add(`id < ?`, f.AfterID)
		}
	} else {
		w.add(`status = ?`, zhifa.ReviewPending)
		if f.AfterID > 0 {
			w.add(`(due_on > ? OR (due_on = ? AND id > ?))`, f.AfterDue, f.AfterDue, f.AfterID)
		}
	}
	limit, _ := window(zhifa.Page{Limit: f.Limit})
	rows, err := t.query(ctx, `SELECT `+roundCols+` FROM review_rounds`+w.String()+` ORDER BY `+order+` LIMIT `+w.arg(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanRound)
}

package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zhifa"
	"zhifa/app"
)

// todoOf returns the caller's to-do list over the API.
func (env *testEnv) todoOf(t *testing.T, login string) app.TodoList {
	t.Helper()
	var l app.TodoList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/todo", login, nil, &l)
	return l
}

// notificationsOf returns the caller's notifications over the API.
func (env *testEnv) notificationsOf(t *testing.T, login string) app.NotificationList {
	t.Helper()
	var l app.NotificationList
	env.apiOK(t, http.StatusOK, "GET", "/api/v1/notifications", login, nil, &l)
	return l
}

func findTodo(l app.TodoList, kind zhifa.TodoKind, caseID int64) *zhifa.TodoItem {
	for i := range l.Items {
		if l.Items[i].Kind == kind && l.Items[i].CaseID == caseID {
			return &l.Items[i]
		}
	}
	return nil
}

// TestAPITodoAndNotifications: the officer's to-do holds the deadline of the case they
// handle; a request for approval lands on the head's to-do and notifies the head, the
// decision notifies the officer; a user sees and marks only their own notifications; the
// deadline of tomorrow is notified once however often the job runs; the public is refused.
func TestAPITodoAndNotifications(t *testing.T) {
	env := newTestEnv(t)
	v := env.fileTestCase(t)

	if res := env.api(t, "GET", "/api/v1/todo", "", nil); res.Status != http.StatusUnauthorized {
		t.Errorf("public to-do: %d", res.Status)
	}
	if res := env.api(t, "GET", "/api/v1/notifications", "", nil); res.Status != http.StatusUnauthorized {
		t.Errorf("public notifications: %d", res.Status)
	}
	officer := env.todoOf(t, loginOfficer)
	step := findTodo(officer, zhifa.TodoCaseStep, v.ID)
	decision := v.Clocks[0].Due
	if step == nil || step.Due != decision || step.Action != "作出处理决定" || !strings.Contains(step.Title, v.Number) ||
		step.URL != fmt.Sprintf("/staff/cases/%d#next-step", v.ID) {
		t.Fatalf("officer's to-do %+v, want the decision clock of %s due %s", officer.Items, v.Number, decision)
	}
	if findTodo(env.todoOf(t, loginCountyOfficer), zhifa.TodoCaseStep, v.ID) != nil {
		t.Errorf("another county's officer sees the case")
	}

	head := env.Users[loginHead].ID
	extend := map[string]any{"version": v.Version, "days": 5, "reason": "案情复杂", "approver_id": head}
	var req app.ApprovalView
	env.apiOK(t, http.StatusCreated, "POST", fmt.Sprintf("/api/v1/cases/%d/approvals", v.ID), loginOfficer,
		map[string]any{"action": "extend", "input": extend}, &req)
	headTodo := env.todoOf(t, loginHead)
	if it := findTodo(headTodo, zhifa.TodoApproval, v.ID); it == nil || it.URL != "/staff/approvals" || headTodo.Items[0].Kind != zhifa.TodoApproval {
		t.Errorf("head's to-do %+v: want the approval first", headTodo.Items)
	}
	hn := env.notificationsOf(t, loginHead)
	if hn.Unread != 1 || len(hn.Notifications) != 1 || hn.Notifications[0].Kind != zhifa.NotifyApprovalRequested ||
		!strings.Contains(hn.Notifications[0].Title, v.Number) {
		t.Fatalf("head's notifications %+v", hn)
	}
	nid := hn.Notifications[0].ID
	for _, login := range []string{loginOfficer, loginReviewer, loginSupervisor, loginCountyAdmin} {
		res := env.api(t, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", nid), login, nil)
		if res.Status != http.StatusNotFound || res.ErrorCode() != zhifa.ENOTFOUND {
			t.Errorf("%s marks the head's notification: %d %s", login, res.Status, res.Body)
		}
		if l := env.notificationsOf(t, login); l.Total != 0 {
			t.Errorf("%s sees notifications %+v", login, l)
		}
	}
	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", nid), loginHead, nil, nil)
	if hn := env.notificationsOf(t, loginHead); hn.Unread != 0 || hn.Notifications[0].ReadAt == nil {
		t.Errorf("after reading: %+v", hn)
	}

	env.apiOK(t, http.StatusOK, "POST", fmt.Sprintf("/api/v1/approvals/%d/approve", req.ID), loginHead, map[string]any{"opinion": "同意。"}, nil)
	on := env.notificationsOf(t, loginOfficer)
	if on.Unread != 1 || on.Notifications[0].Kind != zhifa.NotifyApprovalDecided || !strings.Contains(on.Notifications[0].Title, "已批准") {
		t.Errorf("officer's notifications %+v", on)
	}
	if findTodo(env.todoOf(t, loginHead), zhifa.TodoApproval, v.ID) != nil {
		t.Errorf("the decided request stays on the head's to-do")
	}
	env.apiOK(t, http.StatusOK, "POST", "/api/v1/notifications/read", loginOfficer, nil, nil)
	if on := env.notificationsOf(t, loginOfficer); on.Unread != 0 {
		t.Errorf("after reading all: %+v", on)
	}

	// The day before the (extended) decision deadline: one notice, however often the job runs.
	var after app.CaseView
	env.apiOK(t, http.StatusOK, "GET", fmt.Sprintf("/api/v1/cases/%d", v.ID), loginOfficer, nil, &after)
	due := after.Clocks[0].Due
	caseAdvance(env, int(due.Time().Sub(env.App.Today().Time()).Hours()/24)-1)
	ctx := context.Background()
	for run, want := range []int{1, 0} {
		n, err := env.App.NotifyDeadlines(ctx)
		if err != nil || n != want {
			t.Errorf("deadline run %d: %d notices, %v; want %d", run, n, err, want)
		}
	}
	on = env.notificationsOf(t, loginOfficer)
	if on.Unread != 1 || on.Notifications[0].Kind != zhifa.NotifyDeadlineTomorrow || !strings.Contains(on.Notifications[0].Title, "明日") {
		t.Errorf("deadline notice %+v", on)
	}
	// The header counts it on every staff page.
	if body := string(env.page(t, "GET", "/staff/laws", loginOfficer, nil).Body); !strings.Contains(body, `aria-label="1条未读"`) {
		t.Errorf("header lacks the unread count")
	}
	if body := string(env.page(t, "GET", "/staff/notifications", loginOfficer, nil).Body); !strings.Contains(body, "明日") || !strings.Contains(body, "标记已读") {
		t.Errorf("notifications page:\n%.2000s", body)
	}
	for _, login := range []string{loginReviewer, loginSupervisor, loginAdmin} {
		env.todoOf(t, login) // every role has a list
	}
}

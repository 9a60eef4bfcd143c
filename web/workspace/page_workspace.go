package workspace

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// The workspace pages (issue 12): the person's notifications with mark-read. The to-do
// list is the dashboard (page_dashboard.go); the header's count is set in render.

func (s *Handlers) RegisterWorkspacePages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/notifications", app.PermStaff, "我的通知", s.notificationList)
	staff("POST", "/staff/notifications/{id}/read", app.PermStaff, "标记通知为已读", s.notificationRead)
	staff("POST", "/staff/notifications/read", app.PermStaff, "全部标记为已读", s.notificationReadAll)
}

// notificationListView is the data of the notifications page.
type notificationListView struct {
	Unread bool
	List   *app.NotificationList
	Pager  *kit.CursorPager
}

func (s *Handlers) notificationList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &notificationListView{Unread: q.Get("unread") == "1"}
	list, err := s.App.Notifications(r.Context(), app.NotificationListFilter{Unread: v.Unread, Cursor: q.Get("cursor"),
		Page: zhifa.Page{Limit: kit.StaffPageSize}})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.List, v.Pager = list, kit.NewCursorPager(r, list.TotalText, list.Next)
	s.Render(w, r, http.StatusOK, "staff_notifications", &kit.Page{Title: "我的通知", Nav: "notifications", D: v})
}

// notificationRead marks one notification read and opens what it is about, or returns
// to the list.
func (s *Handlers) notificationRead(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	if err := s.App.MarkNotificationRead(r.Context(), id); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RedirectFlash(w, r, "/staff/notifications", "已标记为已读")
}

func (s *Handlers) notificationReadAll(w http.ResponseWriter, r *http.Request) {
	if err := s.App.MarkAllNotificationsRead(r.Context()); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RedirectFlash(w, r, "/staff/notifications", "全部通知已标记为已读")
}

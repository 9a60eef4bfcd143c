package workspace

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/web/kit"
)

// The workspace API (issue 12): the caller's to-do list and notifications.

// WorkspaceAPIOps are the routes of the workspace API, appended to apiOps.
func (s *Handlers) WorkspaceAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/todo", app.PermStaff, "我的待办", s.apiTodo), func(o *kit.APIOp) {
			o.Desc = "调用者本人的待办事项，最紧迫的在前：执法人员为其承办案件的期限和下一步（等待当事人的陈述申辩期、听证申请期单列为 waiting）；" +
				"负责人为请其审批的事项和本机关逾期事项；法制审核人员为分配给其的审核；监督人员为待审查的备案和案件预警。" +
				"每项含 kind、title、case_id、due（无期限的为 null）、action（要做的事）和 url（办理的页面）；groups 为各类的数量及其列表地址。每类至多20项。"
			o.Resp = app.TodoList{}
		}),
		with(op("GET", "/notifications", app.PermStaff, "我的通知", s.apiNotifications), func(o *kit.APIOp) {
			o.Desc = "调用者本人的站内通知，最新的在前：审批请求、审批结果、法制审核任务和审核意见、明日到期的办案期限。unread=true 只看未读。"
			o.Query = []kit.APIParam{{Name: "unread", Type: "boolean", Desc: "只看未读"}, {Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next（最后一页 next 为空）"},
				{Name: "limit", Type: "integer", Desc: "每页条数，默认50，至多500"}}
			o.Resp = app.NotificationList{}
		}),
		with(op("POST", "/notifications/{id}/read", app.PermStaff, "标记通知为已读", s.apiMarkNotificationRead), func(o *kit.APIOp) {
			o.Desc = "只能标记本人的通知；他人的通知按不存在处理（ENOTFOUND）。重复标记不改变首次阅读时间。"
		}),
		with(op("POST", "/notifications/read", app.PermStaff, "全部标记为已读", s.apiMarkAllNotificationsRead), func(o *kit.APIOp) {
			o.Desc = "将本人的全部未读通知标记为已读。"
		}),
	}
}

func (s *Handlers) apiTodo(w http.ResponseWriter, r *http.Request) {
	list, err := s.App.Todo(r.Context())
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiNotifications(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := app.NotificationListFilter{Cursor: q.Text("cursor"), Page: zhifa.Page{Limit: int(q.Int("limit", kit.APIDefaultLimit, 1, kit.APIMaxLimit))}}
	if b := q.Bool("unread"); b != nil {
		f.Unread = *b
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Notifications(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiMarkNotificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	err = s.App.MarkNotificationRead(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, map[string]bool{"read": err == nil}, err)
}

func (s *Handlers) apiMarkAllNotificationsRead(w http.ResponseWriter, r *http.Request) {
	err := s.App.MarkAllNotificationsRead(r.Context())
	kit.APIReply(w, r, http.StatusOK, map[string]bool{"read": err == nil}, err)
}

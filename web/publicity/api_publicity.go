package publicity

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/web/kit"
)

// The publication API (issue 13; C3–C5, C7): the portal's published decisions for anyone,
// the agency's queue and the handler's and head's acts for staff.

// publicationList is one page of the staff queue.
type publicationList struct {
	Publications []*publicity.QueueItem `json:"publications"`
	Next         string                 `json:"next,omitempty"`
}

// VersionInput is the body of an act that needs only the publication's version.
type VersionInput struct {
	Version int `json:"version"`
}

func (s *Handlers) PublicityAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	cursor := kit.APIParam{Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next（最后一页 next 为空）"}
	return []kit.APIOp{
		with(op("GET", "/public/decisions", app.PermPublic, "公示：执法决定", s.apiPublicDecisions), func(o *kit.APIOp) {
			o.Desc = "公示期内的执法决定（含已撤回的撤回说明），最新的在前。q 为检索词（当事人、统一社会信用代码、案号、机关或事项，每词至少两个字，空格分隔），agency 为机关ID，from、to 为决定日期范围。"
			o.Query = []kit.APIParam{{Name: "q", Type: "string", Desc: "检索词"}, {Name: "agency", Type: "integer", Desc: "执法机关ID"}, {Name: "from", Type: "string", Desc: "决定日期自（YYYY-MM-DD）"},
				{Name: "to", Type: "string", Desc: "决定日期至（YYYY-MM-DD）"}, cursor, {Name: "limit", Type: "integer", Desc: "每页条数，1–100，默认20"}}
			o.Resp = publicity.PublicPage{}
		}),
		with(op("GET", "/public/decisions/{id}", app.PermPublic, "公示：执法决定详情", s.apiPublicDecision), func(o *kit.APIOp) {
			o.Desc = "公开版本全文、撤回说明，以及公示时写入防篡改账本的条目（entry_data）与其序号（entry），可用 /api/v1/ledger/proof/inclusion 核验。"
			o.Resp = publicity.Decision{}
		}),
		with(op("GET", "/agencies/{id}/publicity-rule", app.PermStaff, "本机关公示规则", s.apiPublicityRule), func(o *kit.APIOp) {
			o.Resp = zhifa.PublicityRule{}
		}),
		with(op("PUT", "/agencies/{id}/publicity-rule", app.PermHandleCases, "设置本机关公示规则", s.apiSetPublicityRule), func(o *kit.APIOp) {
			o.Desc = "仅本机关负责人本人：publish_summary、publish_no_penalty 为是否公示简易程序决定和不予处罚决定；penalty_days、other_days 为短于法定期限的公示期限（工作日，0为法定的7日和20日，不得更长）；low_fine_fen 为公示三个月的较低数额罚款标准（分）。"
			o.Body, o.Resp = zhifa.PublicityRule{}, zhifa.PublicityRule{}
		}),
		with(op("GET", "/publications", app.PermStaff, "执法决定公示队列", s.apiPublications), func(o *kit.APIOp) {
			o.Desc = "管理范围内的公示事项，最新的在前。status 为 queued（待制作）、prepared（待审批）、published、declined、withdrawn。"
			o.Query = []kit.APIParam{{Name: "status", Type: "string", Desc: "状态"}, kit.QAgencyID, cursor}
			o.Resp = publicationList{}
		}),
		with(op("GET", "/publications/{id}", app.PermStaff, "公示事项详情（含原决定信息，记入审计日志）", s.apiPublication), func(o *kit.APIOp) {
			o.Resp = publicity.View{}
		}),
		with(op("POST", "/publications/{id}/prepare", app.PermHandleCases, "制作公开版本", s.apiPreparePublication), func(o *kit.APIOp) {
			o.Desc = "本机关承办人：text 为公开版本（空则按原决定信息生成），保存时重新检查并隐去个人信息；secrets 为须隐去的商业秘密；keep 为恢复公开的原文及理由（身份证号、电话等不能恢复）。"
			o.Body, o.Resp = publicity.PrepareInput{}, zhifa.Publication{}
		}),
		with(op("POST", "/publications/{id}/approve", app.PermHandleCases, "审批并公示", s.apiApprovePublication), func(o *kit.APIOp) {
			o.Desc = "仅本机关负责人（或受其委托的负责人）本人。公开版本写入防篡改账本，公示期限计时停止。"
			o.Body, o.Resp = VersionInput{}, zhifa.Publication{}
		}),
		with(op("POST", "/publications/{id}/decline", app.PermHandleCases, "决定不予公示", s.apiDeclinePublication), func(o *kit.APIOp) {
			o.Desc = "仅本机关负责人本人：ground 为法定情形（state_secret、other_law、security、trade_secret、privacy），reason 为理由（必填）。"
			o.Body, o.Resp = publicity.DeclineInput{}, zhifa.Publication{}
		}),
		with(op("POST", "/publications/{id}/withdraw", app.PermHandleCases, "撤回公示", s.apiWithdrawPublication), func(o *kit.APIOp) {
			o.Desc = "仅本机关负责人本人：reason 为撤回理由（必填，一并公开）。原公示内容保留在账本中。"
			o.Body, o.Resp = publicity.WithdrawInput{}, zhifa.Publication{}
		}),
	}
}

func (s *Handlers) apiPublicDecisions(w http.ResponseWriter, r *http.Request) {
	q, err := publicQuery(r)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	aq := kit.NewAPIQuery(r)
	q.Limit = int(aq.Int("limit", publicity.DefaultPage, 1, 100))
	if err := aq.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	page, err := s.App.Publicity().Decisions(kit.APIPublicCtx(r), q)
	kit.APIReply(w, r, http.StatusOK, page, err)
}

func (s *Handlers) apiPublicDecision(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	d, err := s.App.Publicity().Decision(kit.APIPublicCtx(r), id)
	kit.APIReply(w, r, http.StatusOK, d, err)
}

func (s *Handlers) apiPublications(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := publicity.QueueFilter{Status: zhifa.PublicationStatus(q.Text("status")), AgencyID: q.ID("agency_id"), Cursor: q.ID("cursor")}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, next, err := s.App.Publicity().Queue(r.Context(), f)
	out := publicationList{Publications: list}
	if next > 0 {
		out.Next = strconv.FormatInt(next, 10)
	}
	kit.APIReply(w, r, http.StatusOK, out, err)
}

func (s *Handlers) apiPublication(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Publicity().Get(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiPreparePublication(w http.ResponseWriter, r *http.Request) {
	kit.APIAct(w, r, func(id int64, in publicity.PrepareInput) (*zhifa.Publication, error) {
		return s.App.Publicity().Prepare(r.Context(), id, in)
	})
}

func (s *Handlers) apiApprovePublication(w http.ResponseWriter, r *http.Request) {
	kit.APIAct(w, r, func(id int64, in VersionInput) (*zhifa.Publication, error) {
		return s.App.Publicity().Approve(r.Context(), id, in.Version)
	})
}

func (s *Handlers) apiDeclinePublication(w http.ResponseWriter, r *http.Request) {
	kit.APIAct(w, r, func(id int64, in publicity.DeclineInput) (*zhifa.Publication, error) {
		return s.App.Publicity().Decline(r.Context(), id, in)
	})
}

func (s *Handlers) apiWithdrawPublication(w http.ResponseWriter, r *http.Request) {
	kit.APIAct(w, r, func(id int64, in publicity.WithdrawInput) (*zhifa.Publication, error) {
		return s.App.Publicity().Withdraw(r.Context(), id, in)
	})
}

func (s *Handlers) apiPublicityRule(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	rule, err := s.App.Publicity().Rule(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, rule, err)
}

func (s *Handlers) apiSetPublicityRule(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in zhifa.PublicityRule
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	in.AgencyID = id
	rule, err := s.App.Publicity().SetRule(r.Context(), in)
	kit.APIReply(w, r, http.StatusOK, rule, err)
}

package review

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/review"
	"zhifa/web/kit"
)

// The legal-review API (issue #5, REQUIREMENTS E1–E6, B5): major-decision catalogs,
// reviewer pools, the reviewer's queue and the reviewers a case may be assigned to. The
// review steps themselves are case actions (POST /cases/{id}/actions/{action}).

// ReviewAPIOps are the routes of the legal-review API, appended to apiOps.
func (s *Handlers) ReviewAPIOps() []kit.APIOp {
	op := func(method, path string, perm app.Permission, summary string, h http.HandlerFunc, f func(*kit.APIOp)) kit.APIOp {
		o := kit.APIOp{Route: kit.Route{Method: method, Pattern: kit.APIPrefix + path, Perm: perm, API: true, Summary: summary}, Handler: h}
		f(&o)
		return o
	}
	return []kit.APIOp{
		op("GET", "/agencies/{id}/major-catalog", app.PermStaff, "重大执法决定法制审核目录清单", s.apiMajorCatalog, func(o *kit.APIOp) {
			o.Desc = "current 为适用的清单（本机关的最新版本；本机关没有的，适用上级机关发布的模板；都没有的，仅适用法定情形 statutory_rules：行政处罚法第五十八条、国办发〔2018〕118号（十二））；" +
				"template 为上级机关的最新模板，本机关清单只能比模板更严；versions 为本机关全部版本。金额以分为单位。"
			o.Resp = review.CatalogView{}
		}),
		op("PUT", "/agencies/{id}/major-catalog", app.PermManageCatalog, "修改重大执法决定法制审核目录清单（生成新版本）", s.apiSaveMajorCatalog, func(o *kit.APIOp) {
			o.Desc = "version 为所编辑的版本号（尚无清单为0），已被他人修改返回 ECONFLICT。每条规则 clause 为条款编号，label 为内容，条件可设 kinds（案件类型）、domains（执法领域）、items（事项编码）、" +
				"penalties（处罚种类，如 吊销许可证件、责令停产停业、责令关闭、限制从业、降低资质等级）、person_fine_fen / org_fine_fen（对公民 / 法人或者其他组织的罚款标准）、" +
				"person_value_fen / org_value_fen（没收财物价值标准）、hearing（经过听证）、flags（重大公共利益、重大社会影响、疑难复杂、多个法律关系）；同一规则的条件须同时满足。" +
				"template 为 true 时作为下级机关的模板。materials 为送审材料清单，review_days 为审核时限（工作日，默认5）。上级机关有模板的，不得删除模板条款、提高金额标准、增加限制条件、删减送审材料或延长时限（EINVALID）。"
			o.Body, o.Resp = review.CatalogInput{}, review.CatalogView{}
		}),
		op("POST", "/agencies/{id}/major-catalog/adopt", app.PermManageCatalog, "采用上级机关的重大执法决定法制审核目录清单模板", s.apiAdoptMajorTemplate, func(o *kit.APIOp) {
			o.Desc = "把上级机关模板的最新版本保存为本机关清单的新版本（之后可以在此基础上从严修改）。version 为本机关清单当前版本号。"
			o.Body, o.Resp = adoptRequest{}, review.CatalogView{}
		}),
		op("GET", "/review-pools", app.PermStaff, "法制审核人员库（统筹调用的法律顾问、公职律师）", s.apiReviewPools, func(o *kit.APIOp) {
			o.Desc, o.Resp = "管理范围内的机关建立的审核人员库；库中的审核人员可以审核所服务机关的案件（国办发〔2018〕118号（十一））。", poolList{}
		}),
		op("POST", "/review-pools", app.PermManageCatalog, "建立法制审核人员库", s.apiCreateReviewPool, func(o *kit.APIOp) {
			o.Desc = "agencies 为所服务的执法机关ID，reviewers 为法制审核人员的用户ID，均须在管理范围内。"
			o.Body, o.Resp, o.Status = review.PoolInput{}, zhifa.ReviewPool{}, http.StatusCreated
		}),
		op("PUT", "/review-pools/{id}", app.PermManageCatalog, "修改法制审核人员库", s.apiUpdateReviewPool, func(o *kit.APIOp) {
			o.Desc, o.Body, o.Resp = "version 为所编辑的版本号，已被他人修改返回 ECONFLICT。", review.PoolInput{}, zhifa.ReviewPool{}
		}),
		op("GET", "/reviews", app.PermReviewCases, "我的法制审核任务（含审核时限）", s.apiReviewQueue, func(o *kit.APIOp) {
			o.Desc = "指派给本人的各轮审核：status=pending（缺省）为待审核的，按审核期限最紧迫的在前；status=finished 为已出具意见或已结束的，最新的在前。" +
				"clock_status 为 ok、due_soon（3个工作日内到期）、overdue（已超期）或 done。分页：next 为下一页的游标。"
			o.Query = []kit.APIParam{kit.QFormat, {Name: "status", Type: "string", Desc: "pending（缺省）或 finished"}, {Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next（最后一页 next 为空）"},
				{Name: "limit", Type: "integer", Desc: "每页条数，默认50，至多500"}}
			o.Resp = review.ReviewQueueList{}
		}),
		op("GET", "/cases/{id}/reviewers", app.PermStaff, "可指派的法制审核人员", s.apiCaseReviewers, func(o *kit.APIOp) {
			o.Desc = "本机关法制审核机构和服务本机关的审核人员库中的审核人员；不能审核本案的注明原因（参与本案办理、初次审核未取得法律职业资格——行政处罚法第五十八条第二款）。"
			o.Resp = ReviewerList{}
		}),
	}
}

// Response shapes for the OpenAPI document.
type (
	adoptRequest struct {
		Version int `json:"version"`
	}
	poolList struct {
		Pools []*zhifa.ReviewPool `json:"pools"`
	}
	ReviewerList struct {
		Reviewers []review.ReviewerChoice `json:"reviewers"`
	}
)

func (s *Handlers) apiMajorCatalog(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Review().MajorCatalog(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiSaveMajorCatalog(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in review.CatalogInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Review().SaveMajorCatalog(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiAdoptMajorTemplate(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in adoptRequest
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Review().AdoptMajorTemplate(r.Context(), id, in.Version)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiReviewPools(w http.ResponseWriter, r *http.Request) {
	pools, err := s.App.Review().ReviewPools(r.Context())
	kit.APIReply(w, r, http.StatusOK, poolList{Pools: pools}, err)
}

func (s *Handlers) apiCreateReviewPool(w http.ResponseWriter, r *http.Request) {
	var in review.PoolInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.Review().SaveReviewPool(r.Context(), 0, in)
	kit.APIReply(w, r, http.StatusCreated, p, err)
}

func (s *Handlers) apiUpdateReviewPool(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in review.PoolInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.Review().SaveReviewPool(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiReviewQueue(w http.ResponseWriter, r *http.Request) {
	if kit.WantsExport(r) {
		s.ServeExport(w, r, s.reviewsExport(r.URL.Query().Get("status") == "finished"), kit.WriteError)
		return
	}
	q := kit.NewAPIQuery(r)
	f := review.ReviewQueueFilter{Cursor: q.Text("cursor"), Page: zhifa.Page{Limit: int(q.Int("limit", kit.APIDefaultLimit, 1, kit.APIMaxLimit))}}
	switch q.Text("status") {
	case "", "pending":
	case "finished":
		f.Finished = true
	default:
		q.Errs.Add("status", "应为 pending 或 finished")
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Review().ReviewQueue(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiCaseReviewers(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Review().CaseReviewers(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, ReviewerList{Reviewers: list}, err)
}

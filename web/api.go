package web

import (
	"net/http"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/ledger"
)

// apiPrefix is the path prefix of the JSON API.
const apiPrefix = "/api/v1"

// apiOp is one API route: its registration, its handler and what the OpenAPI document
// says about it. The route table in apiOps is the single source of both, so a route
// cannot be served without being documented.
type apiOp struct {
	Route
	handler http.HandlerFunc
	// Desc is the longer Chinese description of the operation.
	Desc string
	// Query lists the query parameters.
	Query []apiParam
	// Body is a value of the JSON request body's type; nil for none.
	Body any
	// Upload marks a multipart/form-data request with the file in the part "file".
	Upload bool
	// Status is the success status; 0 means 200.
	Status int
	// Resp is a value of the JSON success response's type; nil for none (204) or for
	// a non-JSON response, see RespType.
	Resp any
	// RespType is the media type of a non-JSON success response, e.g. "text/csv".
	RespType string
}

// apiParam documents a query parameter.
type apiParam struct {
	Name string
	Type string // "integer", "string" or "boolean"
	Desc string
}

// Common query parameters.
var (
	qLimit    = apiParam{"limit", "integer", "每页条数，1–200，默认50"}
	qOffset   = apiParam{"offset", "integer", "跳过的条数，默认0"}
	qQuery    = apiParam{"q", "string", "关键词"}
	qAgencyID = apiParam{"agency_id", "integer", "所属机关ID"}
	paging    = []apiParam{qLimit, qOffset}
)

// registerAPI registers the JSON API under /api/v1.
func (s *Server) registerAPI() {
	for _, op := range s.apiOps() {
		op.API = true
		h := op.handler
		if op.Perm != app.PermPublic {
			// Answers for a logged-in user are personal: no shared caches.
			h = noStore(h)
		}
		s.handle(op.Route, h)
	}
}

// denyCrossOrigin answers a cross-site browser write refused by http.CrossOriginProtection:
// a JSON error under /api/, plain text elsewhere.
func denyCrossOrigin(w http.ResponseWriter, r *http.Request) {
	const msg = "跨站请求已被拒绝：请从本系统的页面提交"
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, r, zhifa.Errorf(zhifa.EFORBIDDEN, msg))
		return
	}
	http.Error(w, msg, http.StatusForbidden)
}

// noStore marks the response as not cacheable.
func noStore(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h(w, r)
	}
}

// apiOps is the route table of the JSON API.
func (s *Server) apiOps() []apiOp {
	op := func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) apiOp {
		return apiOp{Route: Route{Method: method, Pattern: apiPrefix + path, Perm: perm, API: true, Summary: summary}, handler: h}
	}
	with := func(o apiOp, f func(*apiOp)) apiOp { f(&o); return o }
	return []apiOp{
		// Documentation.
		with(op("GET", "/openapi.json", app.PermPublic, "OpenAPI 接口文档", s.apiOpenAPI), func(o *apiOp) {
			o.Desc, o.Resp = "本接口的 OpenAPI 3.1 描述文档。", map[string]any{}
		}),

		// Session.
		with(op("POST", "/login", app.PermPublic, "登录，获取访问令牌", s.apiLogin), func(o *apiOp) {
			o.Desc = "以登录名和密码换取 Bearer 令牌（12小时有效）。连续5次失败锁定账号15分钟。"
			o.Body, o.Resp = loginRequest{}, loginResponse{}
		}),
		with(op("POST", "/logout", app.PermStaff, "退出登录，使令牌失效", s.apiLogout), func(o *apiOp) { o.Status = http.StatusNoContent }),
		with(op("GET", "/me", app.PermStaff, "当前用户", s.apiMe), func(o *apiOp) { o.Resp = meResponse{} }),

		// Agencies.
		with(op("GET", "/agencies", app.PermStaff, "执法机关列表（管理范围内）", s.apiAgencies), func(o *apiOp) {
			o.Query, o.Resp = append([]apiParam{qQuery}, paging...), agencyList{}
		}),
		with(op("GET", "/agencies/{id}", app.PermStaff, "执法机关详情", s.apiAgency), func(o *apiOp) { o.Resp = zhifa.Agency{} }),
		with(op("POST", "/agencies", app.PermManageAgencies, "新增执法机关", s.apiCreateAgency), func(o *apiOp) {
			o.Body, o.Resp, o.Status = app.AgencyInput{}, app.AgencyResult{}, http.StatusCreated
		}),
		with(op("PUT", "/agencies/{id}", app.PermManageAgencies, "修改执法机关", s.apiUpdateAgency), func(o *apiOp) {
			o.Desc, o.Body, o.Resp = "上级机关不可更改。", app.AgencyInput{}, app.AgencyResult{}
		}),

		// Users.
		with(op("GET", "/users", app.PermManageUsers, "用户列表", s.apiUsers), func(o *apiOp) {
			o.Query, o.Resp = append([]apiParam{qQuery}, paging...), userList{}
		}),
		with(op("POST", "/users", app.PermManageUsers, "新增用户", s.apiCreateUser), func(o *apiOp) {
			o.Body, o.Resp, o.Status = app.UserInput{}, zhifa.User{}, http.StatusCreated
		}),
		with(op("GET", "/users/{id}", app.PermManageUsers, "用户详情", s.apiUser), func(o *apiOp) { o.Resp = zhifa.User{} }),
		with(op("PUT", "/users/{id}", app.PermManageUsers, "修改用户", s.apiUpdateUser), func(o *apiOp) {
			o.Desc, o.Body, o.Resp = "password 非空时重置密码；停用或重置密码会结束该用户的全部会话。", app.UserInput{}, zhifa.User{}
		}),

		// Officers and certificates.
		with(op("GET", "/officers", app.PermStaff, "执法人员列表（管理范围内）", s.apiOfficers), func(o *apiOp) {
			o.Desc = "身份证号、手机号码已脱敏。"
			o.Query = append([]apiParam{qAgencyID, {"q", "string", "姓名或证件编号"}, {"reviewer", "boolean", "是否法制审核人员"}}, paging...)
			o.Resp = app.OfficerList{}
		}),
		with(op("POST", "/officers", app.PermManageOfficers, "新增执法人员", s.apiCreateOfficer), func(o *apiOp) {
			o.Body, o.Resp, o.Status = app.OfficerInput{}, app.OfficerView{}, http.StatusCreated
		}),
		with(op("GET", "/officers/import/template", app.PermStaff, "执法人员导入模板（CSV）", s.apiOfficerTemplate), func(o *apiOp) {
			o.Desc, o.RespType = "只含表头的 CSV 模板，UTF-8 编码带 BOM。", "text/csv"
		}),
		with(op("POST", "/officers/import", app.PermManageOfficers, "批量导入执法人员", s.apiImportOfficers), func(o *apiOp) {
			o.Desc = "上传 CSV 或 XLSX 文件（表单字段 file，不超过10 MiB）。第1行为表头：" + importHeaders(app.OfficerImportColumns) +
				"。执法领域以“、”或“；”分隔；法制审核人员填“是”或“否”；填写证件编号时同时发放执法证件。任何一行有误则全部不导入，错误按行号列出。"
			o.Upload, o.Resp, o.Status = true, app.ImportResult{}, http.StatusCreated
		}),
		with(op("GET", "/officers/{id}", app.PermStaff, "执法人员详情", s.apiOfficer), func(o *apiOp) {
			o.Desc, o.Resp = "含执法证件、证件状态历史、年审和培训记录；个人信息已脱敏。", app.OfficerView{}
		}),
		with(op("PUT", "/officers/{id}", app.PermManageOfficers, "修改执法人员", s.apiUpdateOfficer), func(o *apiOp) {
			o.Desc, o.Body, o.Resp = "id_number、phone 为空时保留原值。", app.OfficerInput{}, app.OfficerView{}
		}),
		with(op("GET", "/officers/{id}/personal", app.PermReadPersonalData, "查看执法人员完整个人信息", s.apiRevealOfficer), func(o *apiOp) {
			o.Desc, o.Resp = "返回未脱敏的身份证号和手机号码。每次读取均记入审计日志。", zhifa.Officer{}
		}),
		with(op("POST", "/officers/{id}/certificates", app.PermManageOfficers, "发放执法证件", s.apiIssueCertificate), func(o *apiOp) {
			o.Desc = "须已通过执法资格考试或取得法律职业资格，否则返回 EGATE。证件编号重复返回 ECONFLICT。"
			o.Body, o.Resp, o.Status = app.CertInput{}, zhifa.Certificate{}, http.StatusCreated
		}),
		with(op("GET", "/officers/{id}/trainings", app.PermStaff, "执法人员培训记录", s.apiTrainings), func(o *apiOp) { o.Resp = trainingList{} }),
		with(op("POST", "/officers/{id}/trainings", app.PermRecordTraining, "登记培训", s.apiAddTraining), func(o *apiOp) {
			o.Body, o.Resp, o.Status = app.TrainingInput{}, zhifa.Training{}, http.StatusCreated
		}),
		with(op("POST", "/certificates/{id}/state", app.PermManageOfficers, "变更执法证件状态", s.apiCertState), func(o *apiOp) {
			o.Desc = "暂扣（suspended）、恢复（valid）、收缴（revoked）、注销（cancelled），须说明理由。"
			o.Body, o.Resp = certStateRequest{}, zhifa.Certificate{}
		}),
		with(op("POST", "/certificates/{id}/annual-reviews", app.PermManageOfficers, "登记执法证件年审", s.apiAnnualReview), func(o *apiOp) {
			o.Body, o.Resp, o.Status = app.AnnualReviewInput{}, zhifa.AnnualReview{}, http.StatusCreated
		}),
		with(op("GET", "/warnings", app.PermStaff, "人员预警", s.apiWarnings), func(o *apiOp) {
			o.Desc = "培训学时不足、法制审核人员不足5%、执法证件即将到期或无效。"
			o.Query, o.Resp = []apiParam{{"year", "integer", "年度，默认今年"}}, warningList{}
		}),

		// Catalog.
		with(op("GET", "/items", app.PermStaff, "执法事项列表（管理范围内）", s.apiItems), func(o *apiOp) {
			o.Query = append([]apiParam{qAgencyID, {"category", "string", "事项类别，如 penalty 或“行政处罚”"}, {"q", "string", "事项编码或名称"}}, paging...)
			o.Resp = app.ItemList{}
		}),
		with(op("POST", "/items", app.PermManageCatalog, "新增执法事项", s.apiCreateItem), func(o *apiOp) {
			o.Desc = "法律依据对照法律法规库校验：库中法律的条款须存在，条文内容为空时自动填入。事项编码重复返回 ECONFLICT。"
			o.Body, o.Resp, o.Status = app.ItemInput{}, app.ItemView{}, http.StatusCreated
		}),
		with(op("GET", "/items/import/template", app.PermStaff, "执法事项导入模板（CSV）", s.apiItemTemplate), func(o *apiOp) {
			o.Desc, o.RespType = "只含表头的 CSV 模板，UTF-8 编码带 BOM。", "text/csv"
		}),
		with(op("POST", "/items/import", app.PermManageCatalog, "批量导入执法事项", s.apiImportItems), func(o *apiOp) {
			o.Desc = "上传 CSV 或 XLSX 文件（表单字段 file，不超过10 MiB）。第1行为表头：" + importHeaders(app.ItemImportColumns) +
				"。每行一项法律依据；事项编码同上一行且事项名称为空的行为续行，为该事项增加一项法律依据。任何一行有误则全部不导入，错误按行号列出。"
			o.Upload, o.Resp, o.Status = true, app.ImportResult{}, http.StatusCreated
		}),
		with(op("GET", "/items/{id}", app.PermStaff, "执法事项详情", s.apiItem), func(o *apiOp) { o.Resp = app.ItemView{} }),
		with(op("PUT", "/items/{id}", app.PermManageCatalog, "修改执法事项（生成新版本）", s.apiUpdateItem), func(o *apiOp) {
			o.Desc = "version 必填，为所编辑的版本号；已被他人修改时返回 ECONFLICT。"
			o.Body, o.Resp = app.ItemInput{}, app.ItemView{}
		}),
		with(op("GET", "/items/{id}/versions", app.PermStaff, "执法事项历史版本", s.apiItemVersions), func(o *apiOp) { o.Resp = versionList{} }),

		// Audit.
		with(op("GET", "/audit", app.PermReadAudit, "审计日志", s.apiAudit), func(o *apiOp) {
			o.Desc = "管理范围内对象的操作和个人信息读取记录，最新在前。limit 最大500。"
			o.Query = append([]apiParam{{"action", "string", "操作，如 officer.read_personal"}, {"object", "string", "对象，如 officer/12"}}, paging...)
			o.Resp = auditList{}
		}),

		// Ledger (防篡改账本), public.
		with(op("GET", "/ledger/proof/inclusion", app.PermPublic, "账本：条目包含证明", s.apiInclusionProof), func(o *apiOp) {
			o.Desc = "条目 index 在大小为 size 的树中的包含证明（RFC 6962 审计路径），SHA-256 与 SM3 两棵树各一条，哈希为 Base64。" +
				"size 缺省为最新检查点的大小，且不得超过它。可用 golang.org/x/mod/sumdb/tlog 的 CheckRecord 核验 SHA-256 路径。"
			o.Query = []apiParam{{"index", "integer", "条目序号，从0开始（必填）"}, {"size", "integer", "树大小，缺省为最新检查点的大小"}}
			o.Resp = ledger.InclusionProof{}
		}),
		with(op("GET", "/ledger/proof/consistency", app.PermPublic, "账本：检查点一致性证明", s.apiConsistencyProof), func(o *apiOp) {
			o.Desc = "大小为 old 的树与大小为 new 的树之间的一致性证明（RFC 6962），证明账本只增未改；两棵树各一条，哈希为 Base64。" +
				"new 缺省为最新检查点的大小。可用 golang.org/x/mod/sumdb/tlog 的 CheckTree 核验 SHA-256 路径。"
			o.Query = []apiParam{{"old", "integer", "旧树大小（必填）"}, {"new", "integer", "新树大小，缺省为最新检查点的大小"}}
			o.Resp = ledger.ConsistencyProof{}
		}),

		// Working-day calendar (工作日历), public: the deadlines of other systems use it too.
		with(op("GET", "/workdays/add", app.PermPublic, "工作日历：起算日加若干工作日", s.apiWorkdaysAdd), func(o *apiOp) {
			o.Desc = "返回 from 之后第 days 个工作日（起算日不计入，行政处罚法第八十五条）。按国务院节假日安排（含调休）计算；" +
				"超出已导入年份的日期只按周末计算，provisional 为 true。"
			o.Query = []apiParam{{"from", "string", "起算日期 YYYY-MM-DD（必填）"}, {"days", "integer", "工作日天数，0–3650（必填）"}}
			o.Resp = app.WorkdaySum{}
		}),
		with(op("GET", "/workdays/{date}", app.PermPublic, "工作日历：某日是否工作日", s.apiWorkday), func(o *apiOp) {
			o.Desc, o.Resp = "date 为 YYYY-MM-DD。kind 为 工作日 / 休息日 / 法定节假日 / 调休工作日。", app.WorkdayInfo{}
		}),

		// Public (公示), without login.
		with(op("GET", "/public/agencies", app.PermPublic, "公示：执法主体列表", s.apiPublicAgencies), func(o *apiOp) {
			o.Query, o.Resp = append([]apiParam{qQuery}, paging...), agencyList{}
		}),
		with(op("GET", "/public/agencies/{id}", app.PermPublic, "公示：执法主体详情", s.apiPublicAgency), func(o *apiOp) { o.Resp = zhifa.Agency{} }),
		with(op("GET", "/public/items", app.PermPublic, "公示：执法事项清单", s.apiPublicItems), func(o *apiOp) {
			o.Query = append([]apiParam{qAgencyID, {"category", "string", "事项类别"}, {"q", "string", "事项编码或名称"}}, paging...)
			o.Resp = app.ItemList{}
		}),
		with(op("GET", "/public/items/{code}", app.PermPublic, "公示：执法事项详情（按事项编码）", s.apiPublicItem), func(o *apiOp) { o.Resp = app.ItemView{} }),
		with(op("GET", "/public/officers", app.PermPublic, "公示：执法人员", s.apiPublicOfficers), func(o *apiOp) {
			o.Query, o.Resp = append([]apiParam{qAgencyID, {"q", "string", "姓名或证件编号"}}, paging...), publicOfficerList{}
		}),
		with(op("GET", "/public/officers/{id}", app.PermPublic, "公示：执法人员详情", s.apiPublicOfficer), func(o *apiOp) { o.Resp = app.PublicOfficer{} }),
		with(op("GET", "/public/certificates/{number}", app.PermPublic, "公示：执法证件核验", s.apiCheckCertificate), func(o *apiOp) {
			o.Desc, o.Resp = "按证件编号核验执法证件今天是否有效（亮证执法）。", app.CertCheck{}
		}),
	}
}

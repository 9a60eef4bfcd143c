package web

import (
	"net/http"
	"slices"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/app/evidence"
	"zhifa/app/filing"
	"zhifa/app/personnel"
	"zhifa/app/transfer"
	"zhifa/ledger"
	"zhifa/web/cases"
	catalogweb "zhifa/web/catalog"
	"zhifa/web/kit"
	ledgerweb "zhifa/web/ledger"
	personnelweb "zhifa/web/personnel"
	"zhifa/web/workspace"
)

// registerAPI registers the JSON API under /api/v1.
func (s *Server) registerAPI() {
	for _, op := range s.apiOps() {
		op.API = true
		h := op.Handler
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
		kit.WriteError(w, r, zhifa.Errorf(zhifa.EFORBIDDEN, msg))
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
func (s *Server) apiOps() []kit.APIOp {
	c := s.contexts()
	op := func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp {
		return kit.APIOp{Route: kit.Route{Method: method, Pattern: kit.APIPrefix + path, Perm: perm, API: true, Summary: summary}, Handler: h}
	}
	with := func(o kit.APIOp, f func(*kit.APIOp)) kit.APIOp { f(&o); return o }
	// Each context adds its operations (api_<context>.go).
	return slices.Concat([]kit.APIOp{
		// Documentation.
		with(op("GET", "/openapi.json", app.PermPublic, "OpenAPI 接口文档", s.apiOpenAPI), func(o *kit.APIOp) {
			o.Desc, o.Resp = "本接口的 OpenAPI 3.1 描述文档。", map[string]any{}
		}),

		// Session.
		with(op("POST", "/login", app.PermPublic, "登录，获取访问令牌", s.apiLogin), func(o *kit.APIOp) {
			o.Desc = "以登录名和密码换取 Bearer 令牌（12小时有效）。失败的答复一律为“登录名或密码错误”；同一地址连续失败后须等待，等待时间逐次加长，账号本身不会被锁定。"
			o.Body, o.Resp = loginRequest{}, loginResponse{}
		}),
		with(op("POST", "/logout", app.PermAccount, "退出登录，使令牌失效", s.apiLogout), func(o *kit.APIOp) { o.Status = http.StatusNoContent }),
		with(op("GET", "/me", app.PermAccount, "当前用户", s.apiMe), func(o *kit.APIOp) { o.Resp = meResponse{} }),

		// Agencies.
		with(op("GET", "/agencies", app.PermStaff, "执法机关列表（管理范围内）", c.personnel.APIAgencies), func(o *kit.APIOp) {
			o.Query, o.Resp = append([]kit.APIParam{kit.QQuery}, kit.Paging...), personnelweb.AgencyList{}
		}),
		with(op("GET", "/agencies/{id}", app.PermStaff, "执法机关详情", c.personnel.APIAgency), func(o *kit.APIOp) { o.Resp = zhifa.Agency{} }),
		with(op("POST", "/agencies", app.PermManageAgencies, "新增执法机关", c.personnel.APICreateAgency), func(o *kit.APIOp) {
			o.Body, o.Resp, o.Status = personnel.AgencyInput{}, personnel.AgencyResult{}, http.StatusCreated
		}),
		with(op("PUT", "/agencies/{id}", app.PermManageAgencies, "修改执法机关", c.personnel.APIUpdateAgency), func(o *kit.APIOp) {
			o.Desc, o.Body, o.Resp = "上级机关不可更改。", personnel.AgencyInput{}, personnel.AgencyResult{}
		}),

		// Users.
		with(op("GET", "/users", app.PermManageUsers, "用户列表", c.personnel.APIUsers), func(o *kit.APIOp) {
			o.Query, o.Resp = append([]kit.APIParam{kit.QQuery}, kit.Paging...), personnelweb.UserList{}
		}),
		with(op("POST", "/users", app.PermManageUsers, "新增用户", c.personnel.APICreateUser), func(o *kit.APIOp) {
			o.Body, o.Resp, o.Status = app.UserInput{}, zhifa.User{}, http.StatusCreated
		}),
		with(op("GET", "/users/{id}", app.PermManageUsers, "用户详情", c.personnel.APIUser), func(o *kit.APIOp) { o.Resp = zhifa.User{} }),
		with(op("PUT", "/users/{id}", app.PermManageUsers, "修改用户", c.personnel.APIUpdateUser), func(o *kit.APIOp) {
			o.Desc, o.Body, o.Resp = "password 非空时重置密码；停用或重置密码会结束该用户的全部会话。", app.UserInput{}, zhifa.User{}
		}),

		// Officers and certificates.
		with(op("GET", "/officers", app.PermStaff, "执法人员列表（管理范围内）", c.personnel.APIOfficers), func(o *kit.APIOp) {
			o.Desc = "身份证号、手机号码已脱敏。"
			o.Query = append([]kit.APIParam{kit.QAgencyID, {Name: "q", Type: "string", Desc: "姓名或证件编号"}, {Name: "reviewer", Type: "boolean", Desc: "是否法制审核人员"}, kit.QFormat}, kit.Paging...)
			o.Resp = personnel.OfficerList{}
		}),
		with(op("POST", "/officers", app.PermManageOfficers, "新增执法人员", c.personnel.APICreateOfficer), func(o *kit.APIOp) {
			o.Body, o.Resp, o.Status = personnel.OfficerInput{}, personnel.OfficerView{}, http.StatusCreated
		}),
		with(op("GET", "/officers/import/template", app.PermStaff, "执法人员导入模板（CSV）", c.workspace.APIOfficerTemplate), func(o *kit.APIOp) {
			o.Desc, o.RespType = "只含表头的 CSV 模板，UTF-8 编码带 BOM。", "text/csv"
		}),
		with(op("POST", "/officers/import", app.PermManageOfficers, "批量导入执法人员", c.workspace.APIImportOfficers), func(o *kit.APIOp) {
			o.Desc = "上传 CSV 或 XLSX 文件（表单字段 file，不超过10 MiB）。第1行为表头：" + workspace.ImportHeaders(app.OfficerImportColumns) +
				"。执法领域以“、”或“；”分隔；法制审核人员填“是”或“否”；填写证件编号时同时发放执法证件。任何一行有误则全部不导入，错误按行号列出。"
			o.Upload, o.Resp, o.Status = true, app.ImportResult{}, http.StatusCreated
		}),
		with(op("GET", "/officers/{id}", app.PermStaff, "执法人员详情", c.personnel.APIOfficer), func(o *kit.APIOp) {
			o.Desc, o.Resp = "含执法证件、证件状态历史、年审和培训记录；个人信息已脱敏。", personnel.OfficerView{}
		}),
		with(op("PUT", "/officers/{id}", app.PermManageOfficers, "修改执法人员", c.personnel.APIUpdateOfficer), func(o *kit.APIOp) {
			o.Desc, o.Body, o.Resp = "id_number、phone 为空时保留原值。", personnel.OfficerInput{}, personnel.OfficerView{}
		}),
		with(op("GET", "/officers/{id}/personal", app.PermReadPersonalData, "查看执法人员完整个人信息", c.personnel.APIRevealOfficer), func(o *kit.APIOp) {
			o.Desc, o.Resp = "返回未脱敏的身份证号和手机号码。每次读取均记入审计日志。", zhifa.Officer{}
		}),
		with(op("POST", "/officers/{id}/certificates", app.PermManageOfficers, "发放执法证件", c.personnel.APIIssueCertificate), func(o *kit.APIOp) {
			o.Desc = "须已通过执法资格考试或取得法律职业资格，否则返回 EGATE。证件编号重复返回 ECONFLICT。"
			o.Body, o.Resp, o.Status = personnel.CertInput{}, zhifa.Certificate{}, http.StatusCreated
		}),
		with(op("GET", "/officers/{id}/trainings", app.PermStaff, "执法人员培训记录", c.personnel.APITrainings), func(o *kit.APIOp) { o.Resp = personnelweb.TrainingList{} }),
		with(op("POST", "/officers/{id}/trainings", app.PermRecordTraining, "登记培训", c.personnel.APIAddTraining), func(o *kit.APIOp) {
			o.Body, o.Resp, o.Status = personnel.TrainingInput{}, zhifa.Training{}, http.StatusCreated
		}),
		with(op("POST", "/certificates/{id}/state", app.PermManageOfficers, "变更执法证件状态", c.personnel.APICertState), func(o *kit.APIOp) {
			o.Desc = "暂扣（suspended）、恢复（valid）、收缴（revoked）、注销（cancelled），须说明理由。"
			o.Body, o.Resp = personnelweb.CertStateRequest{}, zhifa.Certificate{}
		}),
		with(op("POST", "/certificates/{id}/annual-reviews", app.PermManageOfficers, "登记执法证件年审", c.personnel.APIAnnualReview), func(o *kit.APIOp) {
			o.Body, o.Resp, o.Status = personnel.AnnualReviewInput{}, zhifa.AnnualReview{}, http.StatusCreated
		}),
		with(op("GET", "/warnings", app.PermStaff, "人员预警", c.personnel.APIWarnings), func(o *kit.APIOp) {
			o.Desc = "培训学时不足、法制审核人员不足5%、执法证件即将到期或无效。培训学时不足的人员每页至多100人，按人员编号排列：next 不为0时还有更多，total 只计本页、total_capped 为 true，下一页传入 after=next（下一页只列培训学时不足的人员）。"
			o.Query, o.Resp = []kit.APIParam{{Name: "year", Type: "integer", Desc: "年度，默认今年"}, {Name: "after", Type: "integer", Desc: "分页位置：上一页返回的 next"}}, personnelweb.WarningList{}
		}),
		with(op("GET", "/warnings/cases", app.PermStaff, "案件预警（法制审核、移送、备案期限）", c.workspace.APICaseWarnings), func(o *kit.APIOp) {
			o.Desc = "管理范围内法制审核即将到期或已超期、移送涉嫌犯罪案件期限已过、重大执法决定逾期备案且尚未审查完毕的案件；审核人员另含审核人员库中指派给本人的其他机关案件。"
			o.Resp = workspace.CaseWarningList{}
		}),

		// Catalog.
		with(op("GET", "/items", app.PermStaff, "执法事项列表（管理范围内）", c.catalog.APIItems), func(o *kit.APIOp) {
			o.Query = append([]kit.APIParam{kit.QAgencyID, {Name: "category", Type: "string", Desc: "事项类别，如 penalty 或“行政处罚”"}, {Name: "q", Type: "string", Desc: "事项编码或名称"}, kit.QFormat}, kit.Paging...)
			o.Resp = catalog.ItemList{}
		}),
		with(op("POST", "/items", app.PermManageCatalog, "新增执法事项", c.catalog.APICreateItem), func(o *kit.APIOp) {
			o.Desc = "法律依据对照法律法规库校验：库中法律的条款须存在，条文内容为空时自动填入。事项编码重复返回 ECONFLICT。"
			o.Body, o.Resp, o.Status = catalog.ItemInput{}, catalog.ItemView{}, http.StatusCreated
		}),
		with(op("GET", "/items/import/template", app.PermStaff, "执法事项导入模板（CSV）", c.workspace.APIItemTemplate), func(o *kit.APIOp) {
			o.Desc, o.RespType = "只含表头的 CSV 模板，UTF-8 编码带 BOM。", "text/csv"
		}),
		with(op("POST", "/items/import", app.PermManageCatalog, "批量导入执法事项", c.workspace.APIImportItems), func(o *kit.APIOp) {
			o.Desc = "上传 CSV 或 XLSX 文件（表单字段 file，不超过10 MiB）。第1行为表头：" + workspace.ImportHeaders(app.ItemImportColumns) +
				"。每行一项法律依据；事项编码同上一行且事项名称为空的行为续行，为该事项增加一项法律依据。任何一行有误则全部不导入，错误按行号列出。"
			o.Upload, o.Resp, o.Status = true, app.ImportResult{}, http.StatusCreated
		}),
		with(op("GET", "/items/{id}", app.PermStaff, "执法事项详情", c.catalog.APIItem), func(o *kit.APIOp) { o.Resp = catalog.ItemView{} }),
		with(op("PUT", "/items/{id}", app.PermManageCatalog, "修改执法事项（生成新版本）", c.catalog.APIUpdateItem), func(o *kit.APIOp) {
			o.Desc = "version 必填，为所编辑的版本号；已被他人修改时返回 ECONFLICT。"
			o.Body, o.Resp = catalog.ItemInput{}, catalog.ItemView{}
		}),
		with(op("GET", "/items/{id}/versions", app.PermStaff, "执法事项历史版本", c.catalog.APIItemVersions), func(o *kit.APIOp) { o.Resp = catalogweb.VersionList{} }),

		// Cases (案件).
		with(op("GET", "/cases", app.PermStaff, "案件列表（管理范围内）", c.cases.APICases), func(o *kit.APIOp) {
			o.Desc = "执法人员、审核人员、负责人看本机关（含下级）案件；监督人员看本级政府所属机关的案件。当事人身份证号已脱敏。"
			o.Desc += "按编号从新到旧排列，以游标分页：下一页传入上一页返回的 next（最后一页 next 为空）；total 至多计到1000，超过时 total_capped 为 true、total_text 为“1000+”。"
			o.Query = []kit.APIParam{{Name: "stage", Type: "string", Desc: "案件阶段，如 open、investigate、decide"}, {Name: "kind", Type: "string", Desc: "案件类型：penalty、inspection 或 compulsory"}, {Name: "due", Type: "string", Desc: "soon（3个工作日内到期）或 overdue（已超期）"},
				{Name: "q", Type: "string", Desc: "检索：案号、当事人名称（任意连续两个字以上）、执法事项编码或名称、执法人员姓名；或统一社会信用代码、身份证号（完全一致）"},
				{Name: "mine", Type: "boolean", Desc: "只看本人承办的案件（账号须关联执法人员）"}, {Name: "handler", Type: "integer", Desc: "只看该执法人员承办的案件（执法人员编号）"},
				{Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next"}, {Name: "limit", Type: "integer", Desc: "每页条数，默认50，至多500"}, kit.QFormat}
			o.Resp = app.CaseList{}
		}),
		with(op("POST", "/cases", app.PermHandleCases, "立案", c.cases.APIFileCase), func(o *kit.APIOp) {
			o.Desc = "在本机关立案，案件编号按“机关代字+类别字〔年份〕序号号”生成。item 为执法事项编码；当事人 kind 为 person（须填 id_number 身份证号）或 org（须填 credit_code，校验位不符仅提示）。" +
				"须有2名以上持有效执法证件且证件领域覆盖事项领域的执法人员（行政处罚法第四十二条）；处罚案件超过追责时效的须填写 limitation_reason（第三十六条），否则返回 EGATE。"
			o.Body, o.Resp, o.Status = app.CaseInput{}, app.CaseView{}, http.StatusCreated
		}),
		with(op("GET", "/cases/{id}", app.PermStaff, "案件详情", c.cases.APICase), func(o *kit.APIOp) {
			o.Desc = "含阶段、时限（截止日期、状态 ok/due_soon/overdue/paused/done/ended（当事人期限届满）、是否按暂定日历计算）、下一步尚未满足的规则（missing）、办案历史和记录；" +
				"有罚没款的处罚决定送达后含 payment（due 缴款期限、paid_fen 已缴、outstanding_fen 未缴、late_fee_fen 加处罚款及其天数 late_fee_days）。"
			o.Resp = cases.CaseResponse{}
		}),
		with(op("POST", "/cases/{id}/actions/{action}", app.PermStaff, "办案操作（阶段流转）", c.cases.APICaseAction), func(o *kit.APIOp) {
			o.Desc = "action 为 investigate、notify、waive_statement、request_hearing、waive_hearing、schedule_hearing、hold_hearing、review、discuss、decide、serve、execute、" +
				"inspect、conclude、approve_seizure、seize、release、preserve、end_preservation、close、archive、no_penalty、transfer、withdraw、pause_clock、resume_clock、extend 之一。" +
				"查封扣押（行政强制法第十八条、第十九条）：approve_seizure 为负责人批准，须在实施前作出；seize 须填 seizure {emergency 情况紧急当场实施, notified 已告知理由依据和救济途径, party_present 当事人到场, signed 当事人在现场笔录签名, refusal 拒签注明, witness 当事人不到场时的见证人}；" +
				"当场实施的须在24小时内由负责人 approve_seizure 补办批准，逾期不能补办、应当 release 解除，未批准前不能延长期限或作出处理决定。" +
				"证据先行登记保存（行政处罚法第五十六条）：preserve 由负责人批准，reason 说明证据可能灭失或以后难以取得，preservation.items 为物品清单，七个工作日内以 end_preservation 作出处理决定，disposal 为 release（解除）或 seize（转为查封、扣押，逾期不得转为查封、扣押）；未作出处理决定前不能作出处罚决定、不予处罚或撤案。version 必填，为所见的案件版本，已被修改返回 ECONFLICT；" +
				"当前阶段不允许的操作返回 EINVALID；法定条件不满足返回 EGATE 并注明依据。决定、负责人审批、集体讨论、结案、不予处罚、移送、撤案、期限中止与延长须由机关负责人（或其在授权期限内的指定负责人）本人操作；承办人请改为提交审批请求（POST /cases/{id}/approvals），在此指定他人为批准人（approver_id）返回 EFORBIDDEN。fine 以分为单位。" +
				"法制审核（国办发〔2018〕118号、行政处罚法第五十八条）：mark_major（添加重大执法决定情形，reason 必填）、submit_review（提交法制审核，review.materials 为送审材料 {code, record_id}，" +
				"code 为 investigation_report、evidence_list、proposal、discretion、hearing_record、other；review.reviewer_id 可指定审核人员，缺省自动指派）、" +
				"review_opinion（仅指派的法制审核人员：review.findings 逐项审核结论 {point, ok, note}，point 为 agency、officers、procedure、facts、evidence、law、discretion、authority、documents、crime；" +
				"review.opinion 为 agree 或 problems，review.opinion_text 书面意见，review.problems 逐项问题）、resubmit（review.answers 逐项答复上一轮问题）、refuse_opinion（对审核意见提出异议，reason 必填）、" +
				"coordinate（负责人协调，review.coordination 为 uphold 或 discussion，reason 必填）、discuss（集体讨论，review.discussion 含出席人员及各自意见、结论，结论与多数意见不一致须填理由）、" +
				"approve（负责人审批审核通过的拟处理决定）。重大执法决定未经审核通过、拟处理决定在通过后修改或未经负责人审批的，decide 返回 EGATE。" +
				"拟作出处罚决定 propose（行政处罚法第四十四条、第三十四条；普通程序在调查取证至审查阶段、可修改至决定前，简易程序在立案时，强制案件在查封扣押期间）：" +
				"penalties 处罚种类（行政处罚法第九条），fine 罚款、confiscate 没收金额、illegal_gain 违法所得、goods_value 货值金额、refund 依法退赔的违法所得（均以分为单位），refund_basis 退赔依据，level 裁量阶次，list_entries 引用的四张清单条目 key，" +
				"reason 裁量理由（必填），correction 责令改正内容（第二十八条第一款，省略时为立即改正）、corrected 违法行为已终了或已改正，heavier 从重，flags 重大执法决定情形，强制案件 disposal（confiscate、destroy、release）。" +
				"罚款按所适用条款的法定幅度核对（按货值金额、违法所得选择分档并计算倍数）：超出上限、低于下限（未引用减轻条目）、从轻超出法定幅度较低的30%、减轻不低于法定最低限、从重低于较高的30%的返回 EGATE；超出阶次上限的返回 EGATE；" +
				"有违法所得而未没收（依法退赔的除外，第二十八条第二款）的返回 EGATE；" +
				"引用不予处罚条目的转为不予处罚，应以 no_penalty 结束；未满十四周岁、十四至十八周岁按身份证出生日期和违法行为发生日计算（第三十条）。每次修改 proposal.revision 加一。" +
				"普通程序 notify 须先有拟处罚决定；decide 以拟处罚决定为准（fine 省略或须一致）。" +
				"移送涉嫌犯罪案件（《行政执法机关移送涉嫌犯罪案件的规定》）：propose_transfer（报请移送，transfer.facts 涉嫌犯罪事实、transfer.offence 涉嫌罪名，须2名以上执法人员，第五条第一款）、" +
				"approve_transfer / reject_transfer（负责人自接到报告之日起3日内批准或不批准，不批准须填 reason，第五条第二款）、hand_over（批准后24小时内移送，transfer.organ_kind 为 public_security、procuratorate 或 supervision，" +
				"transfer.organ 为受移送机关名称；须先以 act 为 transfer_notice、transfer_report、transfer_items 登记移送书、调查报告、涉案物品清单，第六条）、transfer_reply（transfer.reply 为 filed 或 declined，不予立案须填 reason，第八条）、" +
				"request_reconsideration（不予立案之日起3日内提请复议一次，第九条）、transfer（受移送机关立案后移送结案，移送前作出的处罚决定保留记录，第十一条第二款、第三款）。" +
				"移送未办结时，decide 罚款或其他代替移送的处罚、close、no_penalty、withdraw 返回 EGATE（第十一条）；移送期限不能中止或延长。重大行政处罚决定作出时、查封扣押实施时自动报司法局备案（东港市提升行政执法质量三年行动具体举措第（十六）项）。"
			o.Body, o.Resp = app.ActionInput{}, app.CaseView{}
		}),
		with(op("POST", "/cases/{id}/records", app.PermHandleCases, "登记案件记录（文书、音像记录、照片）", c.cases.APIAddCaseRecord), func(o *kit.APIOp) {
			o.Desc = "kind 为 document、av、photo 或 other；act 为所记录的执法行为（如 seize，查封扣押须有 act 为 seize 的音像记录；本机关全过程记录清单要求音像记录的其他执法行为同理，如 inspect、hearing（举行听证），见 /agencies/{id}/recording-list）。" +
				"evidence_id 须为本机关已上传的证据；证据登记了案号的须为本案；音像记录须为录音录像、照片须为照片；同一证据只能作为一项执法行为的记录，重复登记返回 ECONFLICT。" +
				"也可以 multipart/form-data 一次上传文件并登记为记录：字段同“上传证据”（kind 为证据类别，title 为记录标题）另加 act，文件（字段 file）置于最后；" +
				"文件不超过 " + kit.FormatBytes(s.App.Evidence().MaxEvidenceSize()) + "，可上传：" + evidence.AcceptedEvidenceTypes() + "。此时返回 {record, evidence}。"
			o.Body, o.Resp, o.Status = app.RecordInput{}, zhifa.Record{}, http.StatusCreated
		}),
		with(op("GET", "/cases/{id}/transfer", app.PermStaff, "案件移送涉嫌犯罪情况", c.transfer.APICaseTransfer), func(o *kit.APIOp) {
			o.Desc = "本案当前及此前的移送、第六条移送材料登记情况、移送期限（transfer_decision 3日、transfer_handover 24小时（due_at 为截止时刻）、transfer_reply、transfer_recon、transfer_items）及预警、可执行的移送操作。"
			o.Resp = transfer.CaseTransferView{}
		}),
		with(op("GET", "/transfers", app.PermStaff, "移送涉嫌犯罪案件列表（管理范围内）", c.transfer.APITransfers), func(o *kit.APIOp) {
			o.Desc = "按报请时间倒序，含逾期预警。监督人员看本级政府所属机关的移送。"
			o.Query = append([]kit.APIParam{{Name: "status", Type: "string", Desc: "移送状态：proposed、rejected、approved、handed_over、accepted、declined、reconsidering"}, {Name: "pending", Type: "boolean", Desc: "只看未办结的移送"}}, kit.Paging...)
			o.Resp = transfer.TransferList{}
		}),
		with(op("GET", "/cases/{id}/casefile", app.PermStaff, "导出案卷（可离线核验的 ZIP）", c.cases.APICaseFile), func(o *kit.APIOp) {
			o.Desc = "流式返回案卷 ZIP：manifest.json（案件概况、全部办案环节和记录及操作人、时间、证据文件及 SHA-256 与 SM3 摘要、所依据的账本条目原文）、files/ 证据文件（含出具的文书）、" +
				"proofs/ 每个条目在两棵默克尔树中的包含证明、seal.json（本次导出的账本条目，封存清单摘要）、checkpoint.txt（签名检查点）与 verifier.key（验证公钥）。" +
				"以 zhifa verify --casefile 离线核验。导出记入账本、审计日志，并对每个证据文件记入调阅记录；执法监督人员须填写 reason（调阅事由）。"
			o.Query, o.RespType = []kit.APIParam{{Name: "reason", Type: "string", Desc: "调阅事由（执法监督人员必填）"}}, "application/zip"
		}),

		// Filings with the justice bureau (备案审查, F6).
		with(op("GET", "/filings", app.PermStaff, "备案列表（管理范围内）", c.filing.APIFilings), func(o *kit.APIOp) {
			o.Desc = "重大行政处罚决定、行政强制措施作出时自动报本级人民政府司法行政部门备案；备案期限为作出决定之日起15日（本系统默认设置）。监督人员看本级政府所属机关的备案，执法机关看本机关的。" +
				"pending 为待审查件数，late 为逾期备案件数。按备案先后从新到旧排列，以游标分页：下一页传入上一页返回的 next（最后一页 next 为空）；" +
				"total、pending、late 至多计到1000，超过时 total_capped 为 true，total_text、pending_text、late_text 为“1000+”。"
			o.Query = []kit.APIParam{{Name: "kind", Type: "string", Desc: "备案类别：penalty、compulsory、licence、benchmark（裁量基准）、list（四张清单）"}, {Name: "status", Type: "string", Desc: "审查状态：filed（待审查）、reviewed（已审查）、correction（责令纠正）"},
				{Name: "late", Type: "boolean", Desc: "只看逾期备案"}, kit.QAgencyID,
				{Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next"}, {Name: "limit", Type: "integer", Desc: "每页条数，默认50，至多500"}, kit.QFormat}
			o.Resp = filing.FilingList{}
		}),
		with(op("GET", "/filings/{id}", app.PermStaff, "备案详情（含案件概况与法制审核记录）", c.filing.APIFiling), func(o *kit.APIOp) {
			o.Desc = "当事人身份证号已脱敏；reviews 为本案法制审核各轮记录，events 为备案审查记录。"
			o.Resp = filing.FilingDetail{}
		}),
		with(op("POST", "/filings/{id}/review", app.PermSupervise, "审查备案（已审查或责令纠正）", c.filing.APIReviewFiling), func(o *kit.APIOp) {
			o.Desc = "仅司法行政部门的执法监督人员；result 为 reviewed（已审查，终结）或 correction（责令纠正，remark 必填）；version 为所见版本。"
			o.Body, o.Resp = filing.FilingReviewInput{}, filing.FilingDetail{}
		}),

		// Evidence (证据 / 音像记录).
		with(op("POST", "/evidence", app.PermRecordEvidence, "上传证据（照片、录音录像、文书）", c.cases.APIUploadEvidence), func(o *kit.APIOp) {
			o.Desc = "multipart/form-data 流式上传：先是各项信息字段，最后是文件（字段 file；其后的字段不再读取）。" +
				"kind 为空时按文件类型判断；mime 为空时取文件部分的 Content-Type，再不然按文件内容识别；声明的类型与文件内容不符则拒绝。" +
				"captured_at 为 RFC 3339 或北京时间 2026-03-02T09:30，不得晚于当前时间；officer_ids 可重复或以逗号分隔，须为本机关执法人员，缺省为上传人本人；" +
				"录音、录像、照片须填写 device_id 和 place。lat、lng 为 WGS 84 十进制度，须同时填写。证据属于上传人所在的执法机关。" +
				"相同内容只存储一份。编号、类型、时间等结构化信息与两种摘要（SHA-256、SM3）记入防篡改账本；标题、地点、设备等文字只以加盐承诺记入，原文不公开。"
			o.Upload, o.Form, o.Status = true, evidence.EvidenceInput{}, http.StatusCreated
			o.FileDesc = "证据文件，单个不超过 " + kit.FormatBytes(s.App.Evidence().MaxEvidenceSize()) + "。可上传：" + evidence.AcceptedEvidenceTypes()
			o.Resp = cases.EvidenceDoc{}
		}),
		with(op("GET", "/evidence", app.PermStaff, "证据列表（管理范围内）", c.cases.APIEvidenceList), func(o *kit.APIOp) {
			o.Desc = "最新上传的在前。"
			o.Query = append([]kit.APIParam{kit.QAgencyID, {Name: "kind", Type: "string", Desc: "证据类别：document、photo、audio、video、other"}, {Name: "q", Type: "string", Desc: "标题或案号"}}, kit.Paging...)
			o.Resp = cases.EvidenceDocList{}
		}),
		with(op("GET", "/evidence/{id}", app.PermStaff, "证据详情", c.cases.APIEvidence), func(o *kit.APIOp) {
			o.Desc = "证据的全部登记信息、账本条目序号（ledger.index）及是否已纳入签名检查点（ledger.covered）；纳入后 links.proof 给出包含证明的地址。读取登记信息不记入调阅记录。"
			o.Resp = cases.EvidenceDoc{}
		}),
		with(op("GET", "/evidence/{id}/content", app.PermStaff, "调阅证据文件", c.cases.APIEvidenceContent), func(o *kit.APIOp) {
			o.Desc = "返回文件内容，支持 Range 请求（206，可拖动播放录像）、If-Range 与 If-None-Match；ETag 为内容的 SHA-256。" +
				"每次调阅先记入调阅记录（谁、何时、何处、事由），记录失败则不返回内容。执法监督人员须以 reason 说明调阅事由。"
			o.Query = []kit.APIParam{{Name: "reason", Type: "string", Desc: "调阅事由（执法监督人员必填，不超过200字）"}, {Name: "download", Type: "integer", Desc: "为1时作为附件下载"}}
			o.RespType = "application/octet-stream"
		}),
		with(op("GET", "/evidence/{id}/access", app.PermReadAccessLog, "证据调阅记录", c.cases.APIEvidenceAccess), func(o *kit.APIOp) {
			o.Desc, o.Query, o.Resp = "最新的在前。", kit.Paging, evidence.AccessLogList{}
		}),

		// Audit.
		with(op("GET", "/audit", app.PermReadAudit, "审计日志", c.ledger.APIAudit), func(o *kit.APIOp) {
			o.Desc = "管理范围内对象的操作和个人信息读取记录，最新在前。limit 最大500。"
			o.Query = append([]kit.APIParam{{Name: "action", Type: "string", Desc: "操作，如 officer.read_personal"}, {Name: "object", Type: "string", Desc: "对象，如 officer/12"}, kit.QFormat}, kit.Paging...)
			o.Resp = ledgerweb.AuditList{}
		}),

		// Ledger (防篡改账本), public.
		with(op("GET", "/ledger/proof/inclusion", app.PermPublic, "账本：条目包含证明", c.ledger.APIInclusionProof), func(o *kit.APIOp) {
			o.Desc = "条目 index 在大小为 size 的树中的包含证明（RFC 6962 审计路径），SHA-256 与 SM3 两棵树各一条，哈希为 Base64。" +
				"size 缺省为最新检查点的大小，且不得超过它。可用 golang.org/x/mod/sumdb/tlog 的 CheckRecord 核验 SHA-256 路径。"
			o.Query = []kit.APIParam{{Name: "index", Type: "integer", Desc: "条目序号，从0开始（必填）"}, {Name: "size", Type: "integer", Desc: "树大小，缺省为最新检查点的大小"}}
			o.Resp = ledger.InclusionProof{}
		}),
		with(op("GET", "/ledger/proof/consistency", app.PermPublic, "账本：检查点一致性证明", c.ledger.APIConsistencyProof), func(o *kit.APIOp) {
			o.Desc = "大小为 old 的树与大小为 new 的树之间的一致性证明（RFC 6962），证明账本只增未改；两棵树各一条，哈希为 Base64。" +
				"new 缺省为最新检查点的大小。可用 golang.org/x/mod/sumdb/tlog 的 CheckTree 核验 SHA-256 路径。"
			o.Query = []kit.APIParam{{Name: "old", Type: "integer", Desc: "旧树大小（必填）"}, {Name: "new", Type: "integer", Desc: "新树大小，缺省为最新检查点的大小"}}
			o.Resp = ledger.ConsistencyProof{}
		}),

		// Working-day calendar (工作日历), public: the deadlines of other systems use it too.
		with(op("GET", "/workdays/add", app.PermPublic, "工作日历：起算日加若干工作日", c.workspace.APIWorkdaysAdd), func(o *kit.APIOp) {
			o.Desc = "返回 from 之后第 days 个工作日（起算日不计入，行政处罚法第八十五条）。按国务院节假日安排（含调休）计算；" +
				"超出已导入年份的日期只按周末计算，provisional 为 true。"
			o.Query = []kit.APIParam{{Name: "from", Type: "string", Desc: "起算日期 YYYY-MM-DD（必填）"}, {Name: "days", Type: "integer", Desc: "工作日天数，0–3650（必填）"}}
			o.Resp = app.WorkdaySum{}
		}),
		with(op("GET", "/workdays/{date}", app.PermPublic, "工作日历：某日是否工作日", c.workspace.APIWorkday), func(o *kit.APIOp) {
			o.Desc, o.Resp = "date 为 YYYY-MM-DD。kind 为 工作日 / 休息日 / 法定节假日 / 调休工作日。", app.WorkdayInfo{}
		}),

		// Public (公示), without login.
		with(op("GET", "/public/agencies", app.PermPublic, "公示：执法主体列表", c.personnel.APIPublicAgencies), func(o *kit.APIOp) {
			o.Query, o.Resp = append([]kit.APIParam{kit.QQuery}, kit.Paging...), personnelweb.AgencyList{}
		}),
		with(op("GET", "/public/agencies/{id}", app.PermPublic, "公示：执法主体详情", c.personnel.APIPublicAgency), func(o *kit.APIOp) { o.Resp = zhifa.Agency{} }),
		with(op("GET", "/public/items", app.PermPublic, "公示：执法事项清单", c.catalog.APIPublicItems), func(o *kit.APIOp) {
			o.Query = append([]kit.APIParam{kit.QAgencyID, {Name: "category", Type: "string", Desc: "事项类别"}, {Name: "q", Type: "string", Desc: "事项编码或名称"}}, kit.Paging...)
			o.Resp = catalog.ItemList{}
		}),
		with(op("GET", "/public/items/{code}", app.PermPublic, "公示：执法事项详情（按事项编码）", c.catalog.APIPublicItem), func(o *kit.APIOp) { o.Resp = catalog.ItemView{} }),
		with(op("GET", "/public/officers", app.PermPublic, "公示：执法人员", c.personnel.APIPublicOfficers), func(o *kit.APIOp) {
			o.Query, o.Resp = append([]kit.APIParam{kit.QAgencyID, {Name: "q", Type: "string", Desc: "姓名或证件编号"}}, kit.Paging...), personnelweb.PublicOfficerList{}
		}),
		with(op("GET", "/public/officers/{id}", app.PermPublic, "公示：执法人员详情", c.personnel.APIPublicOfficer), func(o *kit.APIOp) { o.Resp = personnel.PublicOfficer{} }),
		with(op("GET", "/public/certificates/{number}", app.PermPublic, "公示：执法证件核验", c.personnel.APICheckCertificate), func(o *kit.APIOp) {
			o.Desc, o.Resp = "按证件编号核验执法证件今天是否有效（亮证执法）。", personnel.CertCheck{}
		}),
	}, c.review.ReviewAPIOps(), c.catalog.DiscretionOps(op, with), c.cases.DocumentAPIOps(op, with), c.cases.RecordingAPIOps(op, with),
		c.cases.ApprovalAPIOps(op, with), c.supervision.SupervisionAPIOps(op, with), c.analysis.AnalysisAPIOps(op, with), c.cases.ExecutionAPIOps(op, with), c.publicity.PublicityAPIOps(op, with), c.workspace.WorkspaceAPIOps(op, with), c.ledger.SealAPIOps(op, with),
		c.publicity.PublicityDayAPIOps(op, with), c.publicity.ReportAPIOps(op, with), c.assessment.AssessmentAPIOps(op, with),
		c.publicity.LicenceAPIOps(op, with), c.workspace.LicenceImportAPIOps(op, with), c.cases.HistoricalAPIOps(op, with))
}

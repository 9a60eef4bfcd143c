package cases

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/web/kit"
)

// The execution context's API (issue 15): payment notices from the bank's or treasury's
// system, the execution acts of a case, the payee account and channels of an agency, the
// collection statistics.

// CaseResponse is GET /cases/{id}: the case and, for a decision with a fine or a
// confiscation, its payment (due, paid, outstanding, late fee).
type CaseResponse struct {
	*app.CaseView
	Payment *execution.PaymentView `json:"payment"`
}

func (s *Handlers) ExecutionAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("POST", "/payments/notices", execution.PermRecordPayments, "银行/国库缴款通知", s.apiPaymentNotice), func(o *kit.APIOp) {
			o.Desc = "由银行或国库系统调用，令牌为管理员为本机关签发的缴款通知接口令牌（zfpay_ 开头），执法人员的令牌无权调用（行政处罚法第六十七条，罚缴分离）。" +
				"reference 为决定书载明的20位缴款码，receipt_no 为缴款凭证号：同一机关内唯一，重复通知返回原缴款记录（duplicate 为 true），同一凭证号金额或日期不同返回 EINVALID；" +
				"部分缴款累计计算。其他机关的缴款码返回 ENOTFOUND。"
			o.Body, o.Resp = execution.NoticeInput{}, execution.NoticeResult{}
		}),
		with(op("POST", "/cases/{id}/execution", app.PermHandleCases, "办理执行事项", s.apiExecutionAct), func(o *kit.APIOp) {
			o.Desc = "act 为 apply_deferral（登记当事人暂缓或分期缴纳申请：reason、instalments，各期金额之和须等于未缴金额，行政处罚法第六十六条第二款）、" +
				"decide_deferral（负责人本人审批：approve、opinion）、serve_reminder（送达催告书：proof，须已逾期，行政强制法第三十五条、第三十八条）、" +
				"record_statement（当事人陈述申辩及复核：statement、response，第三十六条）、apply_court（申请人民法院强制执行：court；催告书送达十个工作日后、" +
				"复议诉讼期限届满之日起三个月内，第五十三条、第五十四条）、court_accepted（court_case）、suspend / end_suspension（加处罚款不予计算：reason 为依据，" +
				"行政处罚法第七十三条第三款）、collect_on_spot（当场收缴：ground 为 small、hard 或 remote，receipt_no 为财政专用票据号，amount_fen，第六十八条至第七十条）、" +
				"hand_in（交至本机关）、bank（缴付银行：receipt_no，第七十一条）之一。version 为 payment.version；不符合法定条件返回 EGATE。"
			o.Body, o.Resp = execution.ActInput{}, execution.PaymentView{}
		}),
		with(op("GET", "/cases/{id}/property", app.PermStaff, "涉案财物", s.apiProperty), func(o *kit.APIOp) {
			o.Desc = "查封、扣押或者没收的财物：名称、数量、价值、保管、照片（本案证据）、处置情况；acts 为当前用户可办理的事项。"
			o.Resp = []execution.PropertyView{}
		}),
		with(op("POST", "/cases/{id}/property", app.PermHandleCases, "登记涉案财物", s.apiAddProperty), func(o *kit.APIOp) {
			o.Desc = "限查封扣押案件或者决定没收的处罚案件；photos 为本案已登记证据的编号。"
			o.Body, o.Resp, o.Status = execution.PropertyInput{}, execution.PropertyView{}, http.StatusCreated
		}),
		with(op("POST", "/property/{id}", app.PermHandleCases, "办理涉案财物处置", s.apiPropertyAct), func(o *kit.APIOp) {
			o.Desc = "act 为 request（决定作出后申请处置：method 为 auction 公开拍卖、sale 变卖、destroy 销毁、transfer 移交，reason）、" +
				"decide（负责人本人审批：approve、opinion）、record（记录处置结果：proof 凭证；拍卖、变卖须填 proceeds_fen 和 treasury_receipt 国库缴款凭证，行政处罚法第七十四条）。"
			o.Body, o.Resp = execution.PropertyActInput{}, execution.PropertyView{}
		}),
		with(op("GET", "/execution/stats", app.PermStaff, "罚没款收缴统计", s.apiExecutionStats), func(o *kit.APIOp) {
			o.Desc = "管理范围内各机关本年度送达的处罚决定的缴款义务数、应缴金额、已缴金额、收缴率（‰）和逾期未缴数。"
			o.Resp = []execution.CollectionRow{}
		}),
		with(op("PUT", "/agencies/{id}/payee", app.PermManageAgencies, "设置罚没款收款账户", s.apiSetPayee), func(o *kit.APIOp) {
			o.Desc = "此后送达的处罚决定的缴款义务使用该账户（指定的银行，行政处罚法第六十七条第三款）。"
			o.Body, o.Resp = zhifa.Payee{}, zhifa.Payee{}
		}),
		with(op("POST", "/agencies/{id}/payments/import", app.PermManageAgencies, "导入银行对账单", s.apiPaymentImport), func(o *kit.APIOp) {
			o.Desc = "上传 CSV 或 XLSX 文件（表单字段 file）。第1行为表头：缴款码、缴款凭证号、金额（单位：元）、缴款日期。任何一行有误则全部不导入，错误按行号列出；" +
				"已登记的凭证号不重复登记（skipped）。缴款码须为本机关的。"
			o.Upload, o.Resp, o.Status = true, execution.StatementResult{}, http.StatusCreated
		}),
		with(op("GET", "/agencies/{id}/payment-channels", app.PermManageUsers, "缴款通知接口列表", s.apiPaymentChannels), func(o *kit.APIOp) {
			o.Resp = []zhifa.PaymentChannel{}
		}),
		with(op("POST", "/agencies/{id}/payment-channels", app.PermManageUsers, "签发缴款通知接口令牌", s.apiIssueChannel), func(o *kit.APIOp) {
			o.Desc = "为本机关的银行或国库系统签发令牌；令牌只在本次答复中出现，系统只保存其摘要。"
			o.Body, o.Resp, o.Status = execution.ChannelInput{}, execution.IssuedChannel{}, http.StatusCreated
		}),
		with(op("POST", "/agencies/{id}/payment-channels/{channel}/revoke", app.PermManageUsers, "停用缴款通知接口令牌", s.apiRevokeChannel), func(o *kit.APIOp) {
			o.Status = http.StatusNoContent
		}),
	}
}

func (s *Handlers) apiPaymentNotice(w http.ResponseWriter, r *http.Request) {
	var in execution.NoticeInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	res, err := s.App.Execution().RecordNotice(r.Context(), in)
	kit.APIReply(w, r, http.StatusOK, res, err)
}

func (s *Handlers) apiExecutionAct(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in execution.ActInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Execution().Act(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiExecutionStats(w http.ResponseWriter, r *http.Request) {
	rows, err := s.App.Execution().Stats(r.Context())
	if rows == nil {
		rows = []execution.CollectionRow{}
	}
	kit.APIReply(w, r, http.StatusOK, rows, err)
}

func (s *Handlers) apiSetPayee(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in zhifa.Payee
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	p, err := s.App.Execution().SetPayee(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, p, err)
}

func (s *Handlers) apiPaymentChannels(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	chs, err := s.App.Execution().Channels(r.Context(), id)
	if chs == nil {
		chs = []zhifa.PaymentChannel{}
	}
	kit.APIReply(w, r, http.StatusOK, chs, err)
}

func (s *Handlers) apiIssueChannel(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in execution.ChannelInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	ch, err := s.App.Execution().IssueChannel(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, ch, err)
}

func (s *Handlers) apiRevokeChannel(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	ch, err := kit.APIID(r, "channel")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if err := s.App.Execution().RevokeChannel(r.Context(), id, ch); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Handlers) apiProperty(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	items, err := s.App.Execution().Property(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, items, err)
}

func (s *Handlers) apiAddProperty(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in execution.PropertyInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Execution().AddProperty(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiPropertyAct(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in execution.PropertyActInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Execution().PropertyAct(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

package publicity

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/web/kit"
)

// The licence-decision API (issue 13; C3, C6): the agency's licensing system sends its
// decisions, one or a batch; staff list and read them.

// ReceiveBody is the body of POST /licences: one record (its fields at the top level), or
// a batch in licences.
type ReceiveBody struct {
	publicity.LicenceInput
	Licences []publicity.LicenceInput `json:"licences,omitempty"`
}

// ReceivedList is the answer of a receipt: one line per record, in order.
type ReceivedList struct {
	Licences []publicity.ReceivedLicence `json:"licences"`
}

// LicenceAPIOps are the routes of the licence decisions.
func (s *Handlers) LicenceAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("POST", "/licences", app.PermHandleCases, "接收行政许可决定", s.apiReceiveLicences), func(o *kit.APIOp) {
			o.Desc = "本机关许可办理系统报送许可决定（本机关执法人员或负责人的账号）：单条时字段在顶层，批量时放在 licences 数组中（至多500条）。" +
				"decision 为 grant（准予）、refuse（不予）、change（变更）、renew（延续）、recall（撤回）、revoke（撤销）、cancel（注销）；" +
				"applicant.kind 为 person（自然人，须填身份证号）或 org（须填统一社会信用代码和法定代表人）；撤回、撤销、注销须在 revokes 中写明原决定文书号。" +
				"同一来源记录（source、source_id）重复报送不重复记录（outcome 为 unchanged），内容有变化的为更正（corrected，保留更正记录）。" +
				"任何一条有误则全部不接收，错误字段以 licences[序号]. 开头。新的许可决定进入公示队列，应于决定之日起7个工作日内公示。"
			o.Body, o.Resp = ReceiveBody{}, ReceivedList{}
		}),
		with(op("GET", "/licences", app.PermStaff, "行政许可决定列表", s.apiLicences), func(o *kit.APIOp) {
			o.Desc = "管理范围内的许可决定，最新的在前；申请人身份证号已掩码。"
			o.Query = []kit.APIParam{kit.QAgencyID, {Name: "decision", Type: "string", Desc: "许可决定类别"},
				{Name: "number", Type: "string", Desc: "决定文书号"}, {Name: "from", Type: "string", Desc: "决定日期自（YYYY-MM-DD）"},
				{Name: "to", Type: "string", Desc: "决定日期至（YYYY-MM-DD）"},
				{Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next"}, {Name: "limit", Type: "integer", Desc: "每页条数，1–500，默认50"}}
			o.Resp = publicity.LicencePage{}
		}),
		with(op("GET", "/licences/{id}", app.PermStaff, "行政许可决定详情", s.apiLicence), func(o *kit.APIOp) {
			o.Desc = "许可决定、其公示信息和更正记录；申请人身份证号已掩码。"
			o.Resp = publicity.LicenceView{}
		}),
	}
}

func (s *Handlers) apiReceiveLicences(w http.ResponseWriter, r *http.Request) {
	var in ReceiveBody
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	records, batch := in.Licences, true
	if len(records) == 0 {
		records, batch = []publicity.LicenceInput{in.LicenceInput}, false
	}
	got, err := s.App.Publicity().ReceiveLicences(r.Context(), records, batch)
	kit.APIReply(w, r, http.StatusOK, ReceivedList{Licences: got}, err)
}

func (s *Handlers) apiLicences(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	lq := publicity.LicenceQuery{AgencyID: q.ID("agency_id"), Decision: q.Text("decision"), Number: q.Text("number"),
		Cursor: q.Text("cursor"), Limit: int(q.Int("limit", 50, 1, 500))}
	lq.From, lq.To = apiQueryDate(q, "from"), apiQueryDate(q, "to")
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	page, err := s.App.Publicity().Licences(r.Context(), lq)
	kit.APIReply(w, r, http.StatusOK, page, err)
}

// apiQueryDate reads an optional 'YYYY-MM-DD' query parameter.
func apiQueryDate(q *kit.APIQuery, name string) zhifa.Date {
	s := q.Text(name)
	if s == "" {
		return zhifa.Date{}
	}
	d, err := zhifa.ParseDate(s)
	if err != nil {
		q.Errs.Add(name, "日期格式应为YYYY-MM-DD")
	}
	return d
}

func (s *Handlers) apiLicence(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Publicity().Licence(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

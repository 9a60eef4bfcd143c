package publicity

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/app/report"
	"zhifa/web/kit"
)

// The API of the annual report (issue 13, C6) and of the early stop of a publication
// (公示规定第十四条): the same use cases and permission checks as the pages
// (web/page_report.go, web/page_publicity.go).

// ReportOverview is the staff's list of a year: the reports of the scope and the
// enforcement agencies still without a published one.
type ReportOverview struct {
	Year    int                   `json:"year"`
	Reports []*zhifa.AnnualReport `json:"reports"`
	Missing []report.Agency       `json:"missing"`
}

// ReportGenerateInput is the body of a report's generation.
type ReportGenerateInput struct {
	AgencyID int64 `json:"agency_id"`
	Year     int   `json:"year"`
}

// ReportAPIOps are the API operations of the annual report for the route table.
func (s *Handlers) ReportAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	year := kit.APIParam{Name: "year", Type: "integer", Desc: "年度（默认上一年度）"}
	return []kit.APIOp{
		with(op("GET", "/reports", app.PermStaff, "行政执法统计年报（管理范围内）", s.apiReports), func(o *kit.APIOp) {
			o.Desc = "管理范围内该年度的统计年报，以及尚未公开年报的执法机关（missing，may_generate 表示本人可否生成）。"
			o.Query, o.Resp = []kit.APIParam{year}, ReportOverview{}
		}),
		with(op("POST", "/reports", app.PermHandleCases, "生成统计年报", s.apiGenerateReport), func(o *kit.APIOp) {
			o.Desc = "本机关执法人员：根据执法数据生成（或重新生成）已结束年度的统计年报草稿；数据不可修改，可添加说明。"
			o.Body, o.Resp = ReportGenerateInput{}, zhifa.AnnualReport{}
		}),
		with(op("GET", "/reports/{id}", app.PermStaff, "统计年报详情", s.apiReport), func(o *kit.APIOp) {
			o.Resp = report.View{}
		}),
		with(op("POST", "/reports/{id}/notes", app.PermHandleCases, "保存统计年报说明", s.apiReportNotes), func(o *kit.APIOp) {
			o.Desc = "本机关执法人员：notes 为各项数据的说明（键为数据项代码），仅草稿可改。"
			o.Body, o.Resp = report.NotesInput{}, zhifa.AnnualReport{}
		}),
		with(op("POST", "/reports/{id}/approve", app.PermHandleCases, "审批并公开统计年报", s.apiApproveReport), func(o *kit.APIOp) {
			o.Desc = "仅本机关负责人（或受其委托的负责人）本人：重新计算的数据须与草稿一致；公开后写入防篡改账本，并报送本级人民政府和上级主管部门。"
			o.Body, o.Resp = VersionInput{}, zhifa.AnnualReport{}
		}),
		with(op("GET", "/public/reports", app.PermPublic, "公开：行政执法统计年报", s.apiPublicReports), func(o *kit.APIOp) {
			o.Desc = "已公开的统计年报，最新的在前；year 为年度（空为全部）。"
			o.Query = []kit.APIParam{{Name: "year", Type: "integer", Desc: "年度"}, {Name: "cursor", Type: "string", Desc: "分页游标，为上一页返回的 next"}}
			o.Resp = report.PublicList{}
		}),
		with(op("GET", "/public/reports/{id}", app.PermPublic, "公开：统计年报详情", s.apiPublicReport), func(o *kit.APIOp) {
			o.Resp = zhifa.AnnualReport{}
		}),
		with(op("GET", "/public/governments/{id}/report", app.PermPublic, "公开：本级人民政府行政执法统计汇总", s.apiPublicRollup), func(o *kit.APIOp) {
			o.Desc = "本级人民政府所属执法机关已公开年报的数据合计。"
			o.Query, o.Resp = []kit.APIParam{year}, report.Rollup{}
		}),
		with(op("POST", "/publications/{id}/stop", app.PermHandleCases, "提前停止公示（信用修复）", s.apiStopPublication), func(o *kit.APIOp) {
			o.Desc = "仅本机关负责人本人，依当事人申请：applied_on 为申请日期；performed、remedied、no_repeat、not_listed 为市场监督管理行政处罚信息公示规定第十四条的四项条件；reason 为理由（必填）。被处以该条第三款所列处罚的不得提前停止。"
			o.Body, o.Resp = publicity.StopInput{}, zhifa.Publication{}
		}),
	}
}

func (s *Handlers) apiReports(w http.ResponseWriter, r *http.Request) {
	year, err := s.reportYear(r)
	if err != nil {
		kit.WriteError(w, r, zhifa.FieldErrors{"year": "年度无效"}.Err())
		return
	}
	reports, missing, err := s.App.Report().Overview(r.Context(), year)
	if reports == nil {
		reports = []*zhifa.AnnualReport{}
	}
	if missing == nil {
		missing = []report.Agency{}
	}
	kit.APIReply(w, r, http.StatusOK, ReportOverview{Year: year, Reports: reports, Missing: missing}, err)
}

func (s *Handlers) apiGenerateReport(w http.ResponseWriter, r *http.Request) {
	var in ReportGenerateInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	rep, err := s.App.Report().Generate(r.Context(), in.AgencyID, in.Year)
	kit.APIReply(w, r, http.StatusCreated, rep, err)
}

func (s *Handlers) apiReport(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Report().Get(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiReportNotes(w http.ResponseWriter, r *http.Request) {
	kit.APIAct(w, r, func(id int64, in report.NotesInput) (*zhifa.AnnualReport, error) {
		return s.App.Report().SaveNotes(r.Context(), id, in)
	})
}

func (s *Handlers) apiApproveReport(w http.ResponseWriter, r *http.Request) {
	kit.APIAct(w, r, func(id int64, in VersionInput) (*zhifa.AnnualReport, error) {
		return s.App.Report().Approve(r.Context(), id, in.Version)
	})
}

func (s *Handlers) apiPublicReports(w http.ResponseWriter, r *http.Request) {
	year := 0
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			kit.WriteError(w, r, zhifa.FieldErrors{"year": "年度无效"}.Err())
			return
		}
		year = y
	}
	list, err := s.App.Report().PublishedList(kit.APIPublicCtx(r), year, r.URL.Query().Get("cursor"))
	if list != nil && list.Reports == nil {
		list.Reports = []*zhifa.AnnualReport{}
	}
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiPublicReport(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	rep, err := s.App.Report().Published(kit.APIPublicCtx(r), id)
	kit.APIReply(w, r, http.StatusOK, rep, err)
}

func (s *Handlers) apiPublicRollup(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	year, err := s.reportYear(r)
	if err != nil {
		kit.WriteError(w, r, zhifa.FieldErrors{"year": "年度无效"}.Err())
		return
	}
	roll, err := s.App.Report().GovernmentRollup(kit.APIPublicCtx(r), id, year)
	kit.APIReply(w, r, http.StatusOK, roll, err)
}

func (s *Handlers) apiStopPublication(w http.ResponseWriter, r *http.Request) {
	kit.APIAct(w, r, func(id int64, in publicity.StopInput) (*zhifa.Publication, error) {
		return s.App.Publicity().StopEarly(r.Context(), id, in)
	})
}

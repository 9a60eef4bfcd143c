package web

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/app/report"
)

// The API of the annual report (issue 13, C6) and of the early stop of a publication
// (公示规定第十四条): the same use cases and permission checks as the pages
// (web/page_report.go, web/page_publicity.go).

// reportOverview is the staff's list of a year: the reports of the scope and the
// enforcement agencies still without a published one.
type reportOverview struct {
	Year    int                   `json:"year"`
	Reports []*zhifa.AnnualReport `json:"reports"`
	Missing []report.Agency       `json:"missing"`
}

// reportGenerateInput is the body of a report's generation.
type reportGenerateInput struct {
	AgencyID int64 `json:"agency_id"`
	Year     int   `json:"year"`
}

func (s *Server) reportAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) apiOp, with func(apiOp, func(*apiOp)) apiOp) []apiOp {
	year := apiParam{"year", "integer", "年度（默认上一年度）"}
	return []apiOp{
		with(op("GET", "/reports", app.PermStaff, "行政执法统计年报（管理范围内）", s.apiReports), func(o *apiOp) {
			o.Desc = "管理范围内该年度的统计年报，以及尚未公开年报的执法机关（missing，may_generate 表示本人可否生成）。"
			o.Query, o.Resp = []apiParam{year}, reportOverview{}
		}),
		with(op("POST", "/reports", app.PermHandleCases, "生成统计年报", s.apiGenerateReport), func(o *apiOp) {
			o.Desc = "本机关执法人员：根据执法数据生成（或重新生成）已结束年度的统计年报草稿；数据不可修改，可添加说明。"
			o.Body, o.Resp = reportGenerateInput{}, zhifa.AnnualReport{}
		}),
		with(op("GET", "/reports/{id}", app.PermStaff, "统计年报详情", s.apiReport), func(o *apiOp) {
			o.Resp = report.View{}
		}),
		with(op("POST", "/reports/{id}/notes", app.PermHandleCases, "保存统计年报说明", s.apiReportNotes), func(o *apiOp) {
			o.Desc = "本机关执法人员：notes 为各项数据的说明（键为数据项代码），仅草稿可改。"
			o.Body, o.Resp = report.NotesInput{}, zhifa.AnnualReport{}
		}),
		with(op("POST", "/reports/{id}/approve", app.PermHandleCases, "审批并公开统计年报", s.apiApproveReport), func(o *apiOp) {
			o.Desc = "仅本机关负责人（或受其委托的负责人）本人：重新计算的数据须与草稿一致；公开后写入防篡改账本，并报送本级人民政府和上级主管部门。"
			o.Body, o.Resp = versionInput{}, zhifa.AnnualReport{}
		}),
		with(op("GET", "/public/reports", app.PermPublic, "公开：行政执法统计年报", s.apiPublicReports), func(o *apiOp) {
			o.Desc = "已公开的统计年报，最新的在前；year 为年度（空为全部）。"
			o.Query = []apiParam{{"year", "integer", "年度"}, {"cursor", "string", "分页游标，为上一页返回的 next"}}
			o.Resp = report.PublicList{}
		}),
		with(op("GET", "/public/reports/{id}", app.PermPublic, "公开：统计年报详情", s.apiPublicReport), func(o *apiOp) {
			o.Resp = zhifa.AnnualReport{}
		}),
		with(op("GET", "/public/governments/{id}/report", app.PermPublic, "公开：本级人民政府行政执法统计汇总", s.apiPublicRollup), func(o *apiOp) {
			o.Desc = "本级人民政府所属执法机关已公开年报的数据合计。"
			o.Query, o.Resp = []apiParam{year}, report.Rollup{}
		}),
		with(op("POST", "/publications/{id}/stop", app.PermHandleCases, "提前停止公示（信用修复）", s.apiStopPublication), func(o *apiOp) {
			o.Desc = "仅本机关负责人本人，依当事人申请：applied_on 为申请日期；performed、remedied、no_repeat、not_listed 为市场监督管理行政处罚信息公示规定第十四条的四项条件；reason 为理由（必填）。被处以该条第三款所列处罚的不得提前停止。"
			o.Body, o.Resp = publicity.StopInput{}, zhifa.Publication{}
		}),
	}
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) {
	year, err := s.reportYear(r)
	if err != nil {
		writeError(w, r, zhifa.FieldErrors{"year": "年度无效"}.Err())
		return
	}
	reports, missing, err := s.app.Report().Overview(r.Context(), year)
	if reports == nil {
		reports = []*zhifa.AnnualReport{}
	}
	if missing == nil {
		missing = []report.Agency{}
	}
	apiReply(w, r, http.StatusOK, reportOverview{Year: year, Reports: reports, Missing: missing}, err)
}

func (s *Server) apiGenerateReport(w http.ResponseWriter, r *http.Request) {
	var in reportGenerateInput
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	rep, err := s.app.Report().Generate(r.Context(), in.AgencyID, in.Year)
	apiReply(w, r, http.StatusCreated, rep, err)
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := s.app.Report().Get(r.Context(), id)
	apiReply(w, r, http.StatusOK, v, err)
}

// apiReportAct decodes the body of an act on the report {id} and runs it.
func apiReportAct[T any](w http.ResponseWriter, r *http.Request, act func(id int64, in T) (*zhifa.AnnualReport, error)) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var in T
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, err)
		return
	}
	rep, err := act(id, in)
	apiReply(w, r, http.StatusOK, rep, err)
}

func (s *Server) apiReportNotes(w http.ResponseWriter, r *http.Request) {
	apiReportAct(w, r, func(id int64, in report.NotesInput) (*zhifa.AnnualReport, error) {
		return s.app.Report().SaveNotes(r.Context(), id, in)
	})
}

func (s *Server) apiApproveReport(w http.ResponseWriter, r *http.Request) {
	apiReportAct(w, r, func(id int64, in versionInput) (*zhifa.AnnualReport, error) {
		return s.app.Report().Approve(r.Context(), id, in.Version)
	})
}

func (s *Server) apiPublicReports(w http.ResponseWriter, r *http.Request) {
	year := 0
	if v := r.URL.Query().Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, r, zhifa.FieldErrors{"year": "年度无效"}.Err())
			return
		}
		year = y
	}
	list, err := s.app.Report().PublishedList(apiPublicCtx(r), year, r.URL.Query().Get("cursor"))
	if list != nil && list.Reports == nil {
		list.Reports = []*zhifa.AnnualReport{}
	}
	apiReply(w, r, http.StatusOK, list, err)
}

func (s *Server) apiPublicReport(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	rep, err := s.app.Report().Published(apiPublicCtx(r), id)
	apiReply(w, r, http.StatusOK, rep, err)
}

func (s *Server) apiPublicRollup(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	year, err := s.reportYear(r)
	if err != nil {
		writeError(w, r, zhifa.FieldErrors{"year": "年度无效"}.Err())
		return
	}
	roll, err := s.app.Report().GovernmentRollup(apiPublicCtx(r), id, year)
	apiReply(w, r, http.StatusOK, roll, err)
}

func (s *Server) apiStopPublication(w http.ResponseWriter, r *http.Request) {
	apiPublicationAct(w, r, func(id int64, in publicity.StopInput) (*zhifa.Publication, error) {
		return s.app.Publicity().StopEarly(r.Context(), id, in)
	})
}

package assessment

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/assessment"
	"zhifa/web/kit"
)

// The assessment API (评议考核, issue 14, F2): the bureau's scheme, the scored inputs,
// the runs with their adjustments, approval and publication, the drill-down behind a
// figure, and the published results.

// RunRequest runs the assessment of a year.
type RunRequest struct {
	Year int `json:"year"`
}

// VersionRequest acts on a run at its version.
type VersionRequest struct {
	Version int `json:"version"`
}

// assessmentList is a page of runs.
type assessmentList struct {
	Items []*zhifa.AssessmentRun `json:"items"`
	Next  string                 `json:"next,omitempty"`
}

// publicAssessmentList is a page of published runs.
type publicAssessmentList struct {
	Items []*assessment.PublicView `json:"items"`
	Next  string                   `json:"next,omitempty"`
}

// InputList is the scored inputs of a year.
type InputList struct {
	Items []*zhifa.AssessmentInput `json:"items"`
}

// AssessmentAPIOps are the API operations of 评议考核 for the route table.
func (s *Handlers) AssessmentAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	qYear := kit.APIParam{Name: "year", Type: "integer", Desc: "考核年度"}
	qCursor := kit.APIParam{Name: "cursor", Type: "string", Desc: "分页位置"}
	return append([]kit.APIOp{
		with(op("GET", "/assessment-scheme", app.PermSupervise, "评议考核方案", s.apiAssessmentScheme), func(o *kit.APIOp) {
			o.Desc = "本司法行政部门该年度现行的考核方案（指标、分值、计分区间、等次分数线）及历次版本；未保存过时为默认方案。"
			o.Query, o.Resp = []kit.APIParam{qYear}, assessment.SchemeView{}
		}),
		with(op("POST", "/assessment-scheme", app.PermSupervise, "保存评议考核方案新版本", s.apiSaveAssessmentScheme), func(o *kit.APIOp) {
			o.Desc = "保存为新版本，已有版本不变；各项分值合计100分，须含群众满意度测评和执法决定公示指标。"
			o.Body, o.Resp, o.Status = assessment.SchemeInput{}, zhifa.AssessmentScheme{}, http.StatusCreated
		}),
		with(op("GET", "/assessment-inputs", app.PermStaff, "评议考核材料", s.apiAssessmentInputs), func(o *kit.APIOp) {
			o.Desc = "群众满意度测评结果和年度自查报告：监督人员看管辖范围内的，执法机关看本机关的。"
			o.Query, o.Resp = []kit.APIParam{qYear}, InputList{}
		}),
		with(op("POST", "/assessment-inputs/survey", app.PermSupervise, "录入群众满意度测评结果", s.apiAssessmentSurvey), func(o *kit.APIOp) {
			o.Desc = "百分制得分及其来源（测评报告）；考核结果审定后不能再修改。"
			o.Body, o.Resp = assessment.SurveyInput{}, zhifa.AssessmentInput{}
		}),
		with(op("POST", "/assessment-inputs/selfcheck", app.PermHandleCases, "提交年度自查报告", s.apiAssessmentSelfCheck), func(o *kit.APIOp) {
			o.Desc = "本机关负责人（或受其委托的负责人）在当年10月1日至次年1月31日提交；评分前可修改。"
			o.Body, o.Resp = assessment.SelfCheckInput{}, zhifa.AssessmentInput{}
		}),
		with(op("PUT", "/assessment-inputs/{id}/score", app.PermSupervise, "评定年度自查报告", s.apiAssessmentScore), func(o *kit.APIOp) {
			o.Body, o.Resp = assessment.ScoreInput{}, zhifa.AssessmentInput{}
		}),
		with(op("GET", "/assessments", app.PermStaff, "评议考核列表", s.apiAssessments), func(o *kit.APIOp) {
			o.Desc = "司法行政部门看本级及下级的考核，执法机关看已审定的、包含本机关的考核；倒序分页。"
			o.Query, o.Resp = []kit.APIParam{qCursor}, assessmentList{}
		}),
		with(op("POST", "/assessments", app.PermSupervise, "生成年度评议考核", s.apiRunAssessment), func(o *kit.APIOp) {
			o.Desc = "按现行方案根据执法数据计算管辖范围内各执法机关的指标得分，形成待审定结果；再次生成刷新数据并保留加减分。"
			o.Body, o.Resp, o.Status = RunRequest{}, zhifa.AssessmentRun{}, http.StatusCreated
		}),
		with(op("GET", "/assessments/{id}", app.PermStaff, "评议考核详情", s.apiAssessment), func(o *kit.APIOp) {
			o.Desc = "执法机关只看到本机关（及下属单位）的结果，且须在审定后。"
			o.Resp = assessment.RunView{}
		}),
		with(op("POST", "/assessments/{id}/adjustments", app.PermSupervise, "考核加减分", s.apiAdjustAssessment), func(o *kit.APIOp) {
			o.Desc = "对待审定结果中某一机关加分或扣分（-20至20分），须写明理由；每次调整记入审计日志。"
			o.Body, o.Resp = assessment.AdjustInput{}, zhifa.AssessmentRun{}
		}),
		with(op("POST", "/assessments/{id}/approve", app.PermStaff, "审定评议考核结果", s.apiApproveAssessment), func(o *kit.APIOp) {
			o.Desc = "司法行政部门负责人（或受其委托的负责人）本人审定；审定记录写入防篡改账本。"
			o.Body, o.Resp = VersionRequest{}, zhifa.AssessmentRun{}
		}),
		with(op("POST", "/assessments/{id}/publish", app.PermSupervise, "公布评议考核结果", s.apiPublishAssessment), func(o *kit.APIOp) {
			o.Desc = "公布已审定的结果：各机关各项指标得分、总分、名次和等次，不含加减分理由和人员信息。"
			o.Body, o.Resp = VersionRequest{}, zhifa.AssessmentRun{}
		}),
		with(op("GET", "/assessments/{id}/agencies/{agency}/records/{key}", app.PermStaff, "考核指标明细", s.apiAssessmentRecords), func(o *kit.APIOp) {
			o.Desc = "某机关某项指标背后的记录（如超期作出的决定、逾期备案、被纠错的决定、培训不达标的人员），按键集分页。"
			o.Query, o.Resp = []kit.APIParam{qCursor}, assessment.RecordsPage{}
		}),
		with(op("GET", "/public/assessments", app.PermPublic, "公示：评议考核结果", s.apiPublicAssessments), func(o *kit.APIOp) {
			o.Query, o.Resp = []kit.APIParam{qCursor}, publicAssessmentList{}
		}),
		with(op("GET", "/public/assessments/{id}", app.PermPublic, "公示：评议考核结果详情", s.apiPublicAssessment), func(o *kit.APIOp) {
			o.Resp = assessment.PublicView{}
		}),
	}, s.selfCheckFileOps(op, with)...)
}

// queryYear reads the year parameter: last year by default.
func (s *Handlers) queryYear(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return s.App.Today().Year - 1, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > s.App.Today().Year {
		return 0, zhifa.Errorf(zhifa.EINVALID, "年度无效")
	}
	return y, nil
}

func (s *Handlers) apiAssessmentScheme(w http.ResponseWriter, r *http.Request) {
	year, err := s.queryYear(r)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().Scheme(r.Context(), year)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiSaveAssessmentScheme(w http.ResponseWriter, r *http.Request) {
	var in assessment.SchemeInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().SaveScheme(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiAssessmentInputs(w http.ResponseWriter, r *http.Request) {
	year, err := s.queryYear(r)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Assessment().Inputs(r.Context(), year)
	if list == nil {
		list = []*zhifa.AssessmentInput{}
	}
	kit.APIReply(w, r, http.StatusOK, InputList{Items: list}, err)
}

func (s *Handlers) apiAssessmentSurvey(w http.ResponseWriter, r *http.Request) {
	var in assessment.SurveyInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().EnterSurvey(r.Context(), in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiAssessmentSelfCheck(w http.ResponseWriter, r *http.Request) {
	var in assessment.SelfCheckInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().FileSelfCheck(r.Context(), in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiAssessmentScore(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in assessment.ScoreInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().ScoreSelfCheck(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiAssessments(w http.ResponseWriter, r *http.Request) {
	list, next, err := s.App.Assessment().List(r.Context(), r.URL.Query().Get("cursor"), 0)
	if list == nil {
		list = []*zhifa.AssessmentRun{}
	}
	kit.APIReply(w, r, http.StatusOK, assessmentList{Items: list, Next: next}, err)
}

func (s *Handlers) apiRunAssessment(w http.ResponseWriter, r *http.Request) {
	var in RunRequest
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().Run(r.Context(), in.Year)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiAssessment(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().Get(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiAdjustAssessment(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in assessment.AdjustInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().Adjust(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

// apiRunAct runs an act on a run at the posted version.
func (s *Handlers) apiRunAct(w http.ResponseWriter, r *http.Request, act func(id int64, version int) (*zhifa.AssessmentRun, error)) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in VersionRequest
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := act(id, in.Version)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiApproveAssessment(w http.ResponseWriter, r *http.Request) {
	s.apiRunAct(w, r, func(id int64, version int) (*zhifa.AssessmentRun, error) {
		return s.App.Assessment().Approve(r.Context(), id, version)
	})
}

func (s *Handlers) apiPublishAssessment(w http.ResponseWriter, r *http.Request) {
	s.apiRunAct(w, r, func(id int64, version int) (*zhifa.AssessmentRun, error) {
		return s.App.Assessment().Publish(r.Context(), id, version)
	})
}

func (s *Handlers) apiAssessmentRecords(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	agency, err := kit.APIID(r, "agency")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().Records(r.Context(), id, agency, r.PathValue("key"), r.URL.Query().Get("cursor"), 0)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiPublicAssessments(w http.ResponseWriter, r *http.Request) {
	list, next, err := s.App.Assessment().Published(kit.PublicContext(r), r.URL.Query().Get("cursor"), 0)
	if list == nil {
		list = []*assessment.PublicView{}
	}
	kit.APIReply(w, r, http.StatusOK, publicAssessmentList{Items: list, Next: next}, err)
}

func (s *Handlers) apiPublicAssessment(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Assessment().PublicRun(kit.PublicContext(r), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

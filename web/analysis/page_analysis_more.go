package analysis

import (
	"fmt"
	"net/http"
	"net/url"

	"zhifa"
	"zhifa/app"
	"zhifa/app/analysis"
	"zhifa/web/kit"
)

// The periodic analytic rules and warnings as sources of prominent problems (issue 14):
// the supervisor runs the rules over their scope from the warnings list, and raises a
// 突出问题 from a warning through the problem form, prefilled from it.

func (s *Handlers) registerAnalysisMorePages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("POST", "/staff/analysis/run", app.PermSupervise, "运行定期分析", s.analysisRun)
}

func (s *Handlers) analysisRun(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	var in analysis.RunInput
	if f.V("complaint_threshold") != "" {
		in.ComplaintThreshold = int(f.Int("complaint_threshold"))
	}
	if f.V("complaint_days") != "" {
		in.ComplaintDays = int(f.Int("complaint_days"))
	}
	if f.HasErrors() {
		s.Fail(w, r, &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors})
		return
	}
	res, err := s.App.Analysis().Run(r.Context(), in)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RedirectFlash(w, r, "/staff/analysis", fmt.Sprintf("分析完成：连续五年未实施的执法事项%d项，投诉举报集中%d处，重大决定未经法制审核%d件，缺少法定音像记录%d处",
		res.IdleItems, res.ComplaintClusters, res.MissingReviews, res.MissingAV))
}

// mayRaiseProblem reports whether the reader may raise a problem from the warning: the
// justice bureau's supervisor over its agency (the problem list checks it again).
func mayRaiseProblem(r *http.Request, v *analysis.View) bool {
	actor := app.ActorFrom(r.Context())
	return v.ProblemID == 0 && actor.Role == zhifa.RoleSupervisor && actor.InScope(v.AgencyPath)
}

// raiseProblemURL is the problem form prefilled from the warning.
func raiseProblemURL(v *analysis.View) string {
	q := url.Values{"source": {string(zhifa.ProblemFromWarning)}, "source_id": {kit.ID64(v.ID)},
		"title": {v.KindLabel + "：" + v.AgencyName}, "detail": {v.Finding}}
	return "/staff/problems/new?" + q.Encode()
}

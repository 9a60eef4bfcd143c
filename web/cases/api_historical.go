package cases

import (
	"net/http"

	"zhifa/app"
	"zhifa/web/kit"
)

// Historical cases in the API (历史案件导入, issue 14, D5): the head carries over a penalty
// case the agency decided before it adopted the system (app.ImportHistoricalCase).

// HistoricalAPIOps are the API operations of the historical import for the route table.
func (s *Handlers) HistoricalAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("POST", "/cases/historical", app.PermHandleCases, "导入历史案件", s.apiImportHistorical), func(o *kit.APIOp) {
			o.Desc = "执法机关负责人（或受其委托的负责人）据原案卷导入本机关在系统启用前已作出处罚决定的案件：立案、查封扣押（如有）和决定日期按原案卷记录，" +
				"major 为真时记为已报司法行政部门备案的重大执法决定。决定日期须早于本机关在系统中登记之日；原案卷缺少的法制审核、音像记录不补造，由分析预警提示。"
			o.Body, o.Resp, o.Status = app.HistoricalCaseInput{}, app.CaseView{}, http.StatusCreated
		}),
	}
}

func (s *Handlers) apiImportHistorical(w http.ResponseWriter, r *http.Request) {
	var in app.HistoricalCaseInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.ImportHistoricalCase(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

package workspace

import (
	"net/http"

	"zhifa/app"
	"zhifa/web/kit"
)

// LicenceImportAPIOps are the licence-decision import's template and upload (issue 13).
func (s *Handlers) LicenceImportAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/licences/import/template", app.PermStaff, "行政许可决定导入模板（CSV）", s.APILicenceTemplate), func(o *kit.APIOp) {
			o.Desc, o.RespType = "只含表头的 CSV 模板，UTF-8 编码带 BOM。", "text/csv"
		}),
		with(op("POST", "/licences/import", app.PermHandleCases, "批量导入行政许可决定", s.APIImportLicences), func(o *kit.APIOp) {
			o.Desc = "本机关执法人员或负责人上传许可办理系统导出的 CSV 或 XLSX 文件（表单字段 file，不超过10 MiB），导入本机关。第1行为表头：" +
				ImportHeaders(app.LicenceImportColumns) + "。与接收接口相同的校验：同一来源记录重复导入不重复记录，内容有变化的为更正。任何一行有误则全部不导入，错误按行号列出。"
			o.Upload, o.Resp, o.Status = true, app.ImportResult{}, http.StatusCreated
		}),
	}
}

func (s *Handlers) APIImportLicences(w http.ResponseWriter, r *http.Request) {
	s.apiImport(w, r, s.App.ImportLicences)
}

func (s *Handlers) APILicenceTemplate(w http.ResponseWriter, r *http.Request) {
	writeCSV(w, "行政许可决定导入模板.csv", app.LicenceImportTemplate())
}

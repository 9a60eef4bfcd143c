package catalog

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/web/kit"
)

// The discretion API (issue #5, B3, B4): benchmarks per item (public to read, versioned),
// the four lists, and the consistency aid of a case. The propose step itself goes through
// POST /api/v1/cases/{id}/actions/propose.

// BenchmarkVersionList is every version of a benchmark, newest first.
type BenchmarkVersionList struct {
	Versions []*zhifa.BenchmarkVersion `json:"versions"`
	Total    int                       `json:"total"`
}

// DiscretionOps are the routes of the discretion API, in the API route table.
func (s *Handlers) DiscretionOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	return []kit.APIOp{
		with(op("GET", "/items/{code}/benchmarks", app.PermPublic, "裁量基准（按事项编码，公开）", s.apiBenchmark), func(o *kit.APIOp) {
			o.Desc = "事项现行裁量基准：裁量阶次（情节）、适用情形、处罚种类、罚款幅度（固定金额 fixed，单位为分；或违法所得倍数 multiple，没有违法所得时的幅度 no_gain_fine）和依据，" +
				"以及事项法律依据规定的法定幅度（statute）。行政处罚法第三十四条：裁量基准应当向社会公布。未制定的返回 ENOTFOUND。"
			o.Resp = catalog.BenchmarkView{}
		}),
		with(op("POST", "/items/{code}/benchmarks", app.PermManageCatalog, "制定裁量基准", s.apiCreateBenchmark), func(o *kit.APIOp) {
			o.Desc = "为行政处罚事项制定裁量基准（第1版）；已有的返回 ECONFLICT。阶次由轻到重排列；罚款下限不高于上限，相邻阶次幅度不重叠；" +
				"不得超出事项法律依据规定的法定幅度。basis 为空时沿用事项的法律依据。每次修改记入防篡改账本。裁量基准已公布且被拟处罚决定引用，不能删除，只能修订为新版本。"
			o.Body, o.Resp, o.Status = catalog.BenchmarkInput{}, catalog.BenchmarkView{}, http.StatusCreated
		}),
		with(op("PUT", "/items/{code}/benchmarks", app.PermManageCatalog, "修订裁量基准（生成新版本）", s.apiUpdateBenchmark), func(o *kit.APIOp) {
			o.Desc = "version 必填，为所修订的版本号；已被他人修改时返回 ECONFLICT。校验规则同制定。"
			o.Body, o.Resp = catalog.BenchmarkInput{}, catalog.BenchmarkView{}
		}),
		with(op("GET", "/items/{code}/benchmarks/versions", app.PermPublic, "裁量基准历史版本（公开）", s.apiBenchmarkVersions), func(o *kit.APIOp) {
			o.Desc, o.Resp = "每个版本的完整内容、修订时间和说明，最新的在前。", BenchmarkVersionList{}
		}),
		with(op("GET", "/lists", app.PermPublic, "四张清单（公开）", s.apiFourLists), func(o *kit.APIOp) {
			o.Desc = "不予处罚（no_penalty）、从轻处罚（lighter）、减轻处罚（mitigated）、不予实施行政强制措施（no_compulsion）清单。" +
				"内置条目（builtin）来自行政处罚法第三十条至第三十三条和行政强制法第十六条，适用于所有机关；agency_id 给出时另含该机关的条目。" +
				"拟处罚决定以 key 引用条目（list_entries）。"
			o.Query, o.Resp = []kit.APIParam{kit.QAgencyID}, catalog.FourLists{}
		}),
		with(op("POST", "/lists", app.PermManageCatalog, "新增清单条目", s.apiCreateListEntry), func(o *kit.APIOp) {
			o.Desc = "agency_id 缺省为本人所在机关；item 为执法事项编码，为空表示适用于本机关全部事项。法律依据对照法律法规库校验。"
			o.Body, o.Resp, o.Status = catalog.ListEntryInput{}, catalog.ListEntryView{}, http.StatusCreated
		}),
		with(op("GET", "/lists/{id}", app.PermManageCatalog, "清单条目详情（含已停用）", s.apiListEntry), func(o *kit.APIOp) { o.Resp = catalog.ListEntryView{} }),
		with(op("PUT", "/lists/{id}", app.PermManageCatalog, "修改或停用清单条目", s.apiUpdateListEntry), func(o *kit.APIOp) {
			o.Desc = "version 必填；active 为 false 时停用（条目不删除，已引用的拟处罚决定仍可追溯）。"
			o.Body, o.Resp = catalog.ListEntryInput{}, catalog.ListEntryView{}
		}),
		with(op("GET", "/cases/{id}/similar", app.PermStaff, "同案同罚参考：同事项同阶次的既往罚款分布", s.apiSimilarCases), func(o *kit.APIOp) {
			o.Desc = "本机关及同级同上级机关（peers）对同一事项、同一裁量阶次既往作出决定的罚款：件数、最小值、四分位数、中位数、最大值（单位为分）及金额最接近的案件。" +
				"level 缺省为本案拟处罚决定的阶次。办案人员和审核人员均可查看。"
			o.Query, o.Resp = []kit.APIParam{{Name: "level", Type: "string", Desc: "裁量阶次，如“一般”"}}, app.SimilarFines{}
		}),
	}
}

func (s *Handlers) apiBenchmark(w http.ResponseWriter, r *http.Request) {
	v, err := s.App.Catalog().Benchmark(r.Context(), r.PathValue("code"))
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiBenchmarkVersions(w http.ResponseWriter, r *http.Request) {
	list, err := s.App.Catalog().BenchmarkHistory(r.Context(), r.PathValue("code"))
	if list == nil {
		list = []*zhifa.BenchmarkVersion{}
	}
	kit.APIReply(w, r, http.StatusOK, BenchmarkVersionList{Versions: list, Total: len(list)}, err)
}

func (s *Handlers) apiCreateBenchmark(w http.ResponseWriter, r *http.Request) {
	var in catalog.BenchmarkInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().CreateBenchmark(r.Context(), r.PathValue("code"), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiUpdateBenchmark(w http.ResponseWriter, r *http.Request) {
	var in catalog.BenchmarkInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().UpdateBenchmark(r.Context(), r.PathValue("code"), in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiFourLists(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	agency := q.ID("agency_id")
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().FourLists(r.Context(), agency)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiCreateListEntry(w http.ResponseWriter, r *http.Request) {
	var in catalog.ListEntryInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().CreateListEntry(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiListEntry(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().ListEntry(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiUpdateListEntry(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in catalog.ListEntryInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().UpdateListEntry(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiSimilarCases(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	q := kit.NewAPIQuery(r)
	level := q.Text("level")
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.SimilarCases(r.Context(), id, level)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

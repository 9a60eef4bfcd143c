package catalog

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/law"
	"zhifa/web/kit"
)

// Discretion pages (issue #5, B3, B4): the benchmark editor of an item, the four lists
// and their editor, the propose form of a case, and on the portal the four lists and a
// benchmark's history. Every form works without JavaScript.

// RegisterDiscretionPages registers the discretion pages.
func (s *Handlers) RegisterDiscretionPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	pub := func(method, pattern, summary string, h http.HandlerFunc) {
		s.Handle(kit.Route{Method: method, Pattern: pattern, Perm: app.PermPublic, Summary: summary}, h)
	}
	pub("GET", "/lists", "四张清单公示", s.portalLists)
	pub("GET", "/items/{code}/benchmarks", "裁量基准历史版本", s.portalBenchmarkHistory)

	staff("GET", "/staff/items/{id}/benchmark", app.PermManageCatalog, "编辑裁量基准", s.benchmarkEdit)
	staff("POST", "/staff/items/{id}/benchmark", app.PermManageCatalog, "保存裁量基准", s.benchmarkSave)
	staff("GET", "/staff/lists", app.PermStaff, "四张清单", s.staffLists)
	staff("GET", "/staff/lists/new", app.PermManageCatalog, "新增清单条目", s.listEntryNew)
	staff("POST", "/staff/lists/new", app.PermManageCatalog, "新增清单条目", s.listEntryCreate)
	staff("GET", "/staff/lists/{id}/edit", app.PermManageCatalog, "编辑清单条目", s.listEntryEdit)
	staff("POST", "/staff/lists/{id}/edit", app.PermManageCatalog, "编辑清单条目", s.listEntryUpdate)
	staff("GET", "/staff/cases/{id}/propose", app.PermHandleCases, "拟作出处罚决定", s.proposeForm)
	staff("POST", "/staff/cases/{id}/propose", app.PermHandleCases, "拟作出处罚决定", s.proposeSubmit)
}

// formFen reads a yuan field as fen; a bad one is recorded on the form.
func formFen(f *kit.Form, name string) int64 {
	fen, err := app.ParseFen(f.V(name))
	if err != nil {
		f.Invalid(name, err.Error())
	}
	return fen
}

// formBases reads the form's basis rows ("basis.N.law", ".article", ".text"), empty
// rows included so that field names keep pointing at the rows shown.
func formBases(f *kit.Form) []zhifa.Basis {
	var out []zhifa.Basis
	for i := range basisRowCount(f) {
		out = append(out, zhifa.Basis{Law: f.V(fmt.Sprintf("basis.%d.law", i)), Article: f.V(fmt.Sprintf("basis.%d.article", i)), Text: f.V(fmt.Sprintf("basis.%d.text", i))})
	}
	return out
}

// setBases prefills the form's basis rows.
func setBases(f *kit.Form, bases []zhifa.Basis) {
	for i, b := range bases {
		f.Set(fmt.Sprintf("basis.%d.law", i), b.Law)
		f.Set(fmt.Sprintf("basis.%d.article", i), b.Article)
		f.Set(fmt.Sprintf("basis.%d.text", i), b.Text)
	}
}

// rowCount is the number of rows named prefix+"N." in the form (N < limit): one past the
// highest index.
func rowCount(f *kit.Form, prefix string, limit int) int {
	n := 0
	for k := range f.Values {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		idx, _, _ := strings.Cut(rest, ".")
		if i, err := strconv.Atoi(idx); err == nil && i >= 0 && i < limit {
			n = max(n, i+1)
		}
	}
	return n
}

// loadPathID reads the object of the path's {id} with get; false when it has answered
// the request (not found or failed).
func loadPathID[T any](s *Handlers, w http.ResponseWriter, r *http.Request, get func(context.Context, int64) (T, error)) (int64, T, bool) {
	var zero T
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return 0, zero, false
	}
	v, err := get(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return 0, zero, false
	}
	return id, v, true
}

// ---- the four lists ----

// listsView is the data of the four-lists pages.
type listsView struct {
	Lists    *catalog.FourLists
	Agencies []kit.Option
	Agency   string
	Staff    bool
}

// portalLists shows the four lists: the built-in entries and an agency's own (B4).
func (s *Handlers) portalLists(w http.ResponseWriter, r *http.Request) {
	s.showLists(w, r, kit.PublicContext(r), false)
}

// staffLists shows the four lists of the actor's agency (or the one chosen), with edit
// links for catalog managers.
func (s *Handlers) staffLists(w http.ResponseWriter, r *http.Request) {
	s.showLists(w, r, r.Context(), true)
}

func (s *Handlers) showLists(w http.ResponseWriter, r *http.Request, ctx context.Context, staffPage bool) {
	ags, err := s.App.Personnel().Agencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	agency, _ := strconv.ParseInt(r.URL.Query().Get("agency_id"), 10, 64)
	if agency == 0 && staffPage {
		if actor := app.ActorFrom(ctx); slices.ContainsFunc(ags, func(a *zhifa.Agency) bool { return a.ID == actor.AgencyID && a.IsEnforcement() }) {
			agency = actor.AgencyID
		}
	}
	lists, err := s.App.Catalog().FourLists(ctx, agency)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &listsView{Lists: lists, Agencies: kit.AgencyOptions(ags, "仅法定内置条目", true), Agency: kit.ID64(agency), Staff: staffPage}
	name := "lists"
	if staffPage {
		name = "staff_lists"
	}
	s.Render(w, r, http.StatusOK, name, &kit.Page{Title: "四张清单", Nav: "items", D: v})
}

// listFormView is the data of the list entry form.
type listFormView struct {
	Edit      bool
	ID        int64
	Kinds     []kit.Option
	Agencies  []kit.Option
	BasisRows []int
	Key       string
}

func (s *Handlers) listFormView(r *http.Request, f *kit.Form, id int64, key string) (*listFormView, error) {
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	v := &listFormView{Edit: id != 0, ID: id, Key: key, Agencies: kit.AgencyOptions(ags, "本人所在机关", true), Kinds: []kit.Option{{Value: "", Label: "请选择"}}}
	for _, k := range zhifa.ListKinds {
		v.Kinds = append(v.Kinds, kit.Option{Value: string(k), Label: k.Label() + "清单"})
	}
	rows := max(basisRowCount(f), 2)
	if f.V("action") == "add_basis" {
		rows = basisRowCount(f) + 1
	}
	for i := range rows {
		v.BasisRows = append(v.BasisRows, i)
	}
	f.Show("basis")
	return v, nil
}

func listEntryInputOf(f *kit.Form) catalog.ListEntryInput {
	in := catalog.ListEntryInput{AgencyID: f.Int("agency_id"), Kind: zhifa.ListKind(f.V("kind")), Item: f.V("item"), Title: f.V("title"),
		Conditions: f.V("conditions"), Active: f.Checked("active"), Version: int(f.Int("version"))}
	in.Basis = formBases(f)
	return in
}

func (s *Handlers) listEntryNew(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	f.Set("agency_id", r.URL.Query().Get("agency_id"))
	f.Set("kind", r.URL.Query().Get("kind"))
	v, err := s.listFormView(r, f, 0, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_lists_form", &kit.Page{Title: "新增清单条目", Nav: "items", Form: f, D: v})
}

func (s *Handlers) listEntryCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := listEntryInputOf(f)
	v, err := s.listFormView(r, f, 0, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "新增清单条目", Nav: "items", Form: f, D: v}
	if f.V("action") == "add_basis" || f.HasErrors() {
		s.Render(w, r, statusForForm(f), "staff_lists_form", p)
		return
	}
	e, err := s.App.Catalog().CreateListEntry(r.Context(), in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_lists_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/lists?agency_id="+kit.ID64(e.AgencyID), "已新增清单条目 "+e.Key)
}

// statusForForm is 422 for a form with problems, 200 for one shown again on purpose.
func statusForForm(f *kit.Form) int {
	if f.HasErrors() {
		return http.StatusUnprocessableEntity
	}
	return http.StatusOK
}

func (s *Handlers) listEntryEdit(w http.ResponseWriter, r *http.Request) {
	id, e, ok := loadPathID(s, w, r, s.App.Catalog().ListEntry)
	if !ok {
		return
	}
	f := kit.NewForm()
	f.Set("kind", string(e.Kind))
	f.Set("item", e.ItemCode)
	f.Set("title", e.Title)
	f.Set("conditions", e.Conditions)
	f.SetBool("active", e.Active)
	f.Set("version", strconv.Itoa(e.Version))
	setBases(f, e.Basis)
	v, err := s.listFormView(r, f, id, e.Key)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_lists_form", &kit.Page{Title: "编辑清单条目 " + e.Key, Nav: "items", Form: f, D: v})
}

func (s *Handlers) listEntryUpdate(w http.ResponseWriter, r *http.Request) {
	id, e, ok := loadPathID(s, w, r, s.App.Catalog().ListEntry)
	if !ok {
		return
	}
	f := kit.PostedForm(r)
	in := listEntryInputOf(f)
	v, err := s.listFormView(r, f, id, e.Key)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "编辑清单条目 " + e.Key, Nav: "items", Form: f, D: v}
	if f.V("action") == "add_basis" || f.HasErrors() {
		s.Render(w, r, statusForForm(f), "staff_lists_form", p)
		return
	}
	saved, err := s.App.Catalog().UpdateListEntry(r.Context(), id, in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_lists_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/lists?agency_id="+kit.ID64(saved.AgencyID), fmt.Sprintf("已保存清单条目 %s（第%d版）", saved.Key, saved.Version))
}

// ---- benchmarks ----

// benchmarkHistoryView is the data of the portal's benchmark history page.
type benchmarkHistoryView struct {
	Item     *catalog.ItemView
	Versions []*benchmarkVersionView
}

// benchmarkVersionView is one version with its levels described.
type benchmarkVersionView struct {
	*zhifa.BenchmarkVersion
	Levels []catalog.LevelView
}

// portalBenchmarkHistory shows every version of an item's benchmark (B3: published, and
// changes traceable).
func (s *Handlers) portalBenchmarkHistory(w http.ResponseWriter, r *http.Request) {
	ctx := kit.PublicContext(r)
	item, err := s.App.Catalog().ItemByCode(ctx, r.PathValue("code"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	list, err := s.App.Catalog().BenchmarkHistory(ctx, item.Code)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &benchmarkHistoryView{Item: item}
	for _, ver := range list {
		v.Versions = append(v.Versions, &benchmarkVersionView{BenchmarkVersion: ver, Levels: catalog.LevelViews(ver.Benchmark.Levels)})
	}
	s.Render(w, r, http.StatusOK, "benchmark_history", &kit.Page{Title: item.Name + " · 裁量基准历史版本", Nav: "items", D: v})
}

// benchmarkFormView is the data of the benchmark editor.
type benchmarkFormView struct {
	Item      *catalog.ItemView
	Current   *catalog.BenchmarkView // nil before the first version
	LevelRows []int
	BasisRows []int
	Kinds     []kit.Option
	Statute   []string
}

// minLevelRows is how many level rows the editor shows at least.
const minLevelRows = 4

func (s *Handlers) benchmarkFormView(r *http.Request, f *kit.Form, item *catalog.ItemView, cur *catalog.BenchmarkView) *benchmarkFormView {
	v := &benchmarkFormView{Item: item, Current: cur, Kinds: []kit.Option{{Value: string(zhifa.FineFixed), Label: "固定金额（元）"},
		{Value: string(zhifa.FineMultiple), Label: "违法所得倍数"}, {Value: string(zhifa.FineNone), Label: "不罚款"}}}
	rows := max(levelRowCount(f), minLevelRows)
	if f.V("action") == "add_level" {
		rows = levelRowCount(f) + 1
	}
	for i := range rows {
		v.LevelRows = append(v.LevelRows, i)
	}
	brows := max(basisRowCount(f), 1)
	if f.V("action") == "add_basis" {
		brows = basisRowCount(f) + 1
	}
	for i := range brows {
		v.BasisRows = append(v.BasisRows, i)
	}
	for _, st := range law.StatuteFines(item.Basis) {
		if st.Kind == zhifa.FineMultiple {
			v.Statute = append(v.Statute, fmt.Sprintf("%s：%s倍以上%s倍以下", st.Source, strconv.FormatFloat(st.MinTimes, 'f', -1, 64), strconv.FormatFloat(st.MaxTimes, 'f', -1, 64)))
			continue
		}
		text := st.Source + "："
		if st.MinFen > 0 {
			text += law.Yuan(st.MinFen) + "元以上"
		}
		if st.MaxFen > 0 {
			text += law.Yuan(st.MaxFen) + "元以下"
		}
		v.Statute = append(v.Statute, text)
	}
	f.Show("levels", "basis")
	return v
}

// levelRowCount is the number of level rows in the form: one past the highest index.
func levelRowCount(f *kit.Form) int { return rowCount(f, "levels.", 10) }

// benchmarkFormOf prefills the editor from a benchmark.
func benchmarkFormOf(b *zhifa.Benchmark) *kit.Form {
	f := kit.NewForm()
	for i, l := range b.Levels {
		p := fmt.Sprintf("levels.%d.", i)
		f.Set(p+"name", l.Name)
		f.Set(p+"conditions", l.Conditions)
		f.Set(p+"penalties", strings.Join(l.Penalties, "、"))
		f.Set(p+"fine.kind", string(l.Fine.Kind))
		f.Set(p+"fine.min_fen", kit.YuanField(l.Fine.MinFen))
		f.Set(p+"fine.max_fen", kit.YuanField(l.Fine.MaxFen))
		if l.Fine.Kind == zhifa.FineMultiple {
			f.Set(p+"fine.min_times", strconv.FormatFloat(l.Fine.MinTimes, 'f', -1, 64))
			f.Set(p+"fine.max_times", strconv.FormatFloat(l.Fine.MaxTimes, 'f', -1, 64))
		}
		f.Set(p+"fine.base", l.Fine.Base)
		if l.NoGainFine.Kind == zhifa.FineFixed {
			f.Set(p+"no_gain_fine.min_fen", kit.YuanField(l.NoGainFine.MinFen))
			f.Set(p+"no_gain_fine.max_fen", kit.YuanField(l.NoGainFine.MaxFen))
		}
	}
	setBases(f, b.Basis)
	f.Set("version", strconv.Itoa(b.Version))
	return f
}

// benchmarkInputOf reads the editor. Rows left entirely empty are dropped; rowOf maps the
// index of each level passed on to its form row, so that the app's field names can be
// shown on the right row.
func benchmarkInputOf(f *kit.Form) (in catalog.BenchmarkInput, rowOf []int) {
	in.Version, in.Note = int(f.Int("version")), f.V("note")
	for i := range levelRowCount(f) {
		p := fmt.Sprintf("levels.%d.", i)
		empty := true
		for _, k := range []string{"name", "conditions", "penalties", "fine.min_fen", "fine.max_fen", "fine.min_times", "fine.max_times", "no_gain_fine.min_fen", "no_gain_fine.max_fen"} {
			if strings.TrimSpace(f.V(p+k)) != "" {
				empty = false
			}
		}
		if empty {
			continue
		}
		l := zhifa.BenchmarkLevel{Name: f.V(p + "name"), Conditions: f.V(p + "conditions"), Penalties: f.List(p + "penalties"),
			Fine: zhifa.FineRange{Kind: zhifa.FineKind(f.V(p + "fine.kind")), Base: f.V(p + "fine.base")}}
		switch l.Fine.Kind {
		case zhifa.FineFixed:
			l.Fine.MinFen, l.Fine.MaxFen = formFen(f, p+"fine.min_fen"), formFen(f, p+"fine.max_fen")
		case zhifa.FineMultiple:
			l.Fine.MinTimes, l.Fine.MaxTimes = f.Float(p+"fine.min_times"), f.Float(p+"fine.max_times")
			if f.V(p+"no_gain_fine.max_fen") != "" || f.V(p+"no_gain_fine.min_fen") != "" {
				l.NoGainFine = zhifa.FineRange{Kind: zhifa.FineFixed, MinFen: formFen(f, p+"no_gain_fine.min_fen"), MaxFen: formFen(f, p+"no_gain_fine.max_fen")}
			}
		}
		in.Levels = append(in.Levels, l)
		rowOf = append(rowOf, i)
	}
	in.Basis = formBases(f)
	return in, rowOf
}

// remapLevels renames the app's "levels.N.…" field errors to the form rows they came from.
func remapLevels(err error, rowOf []int) error {
	e, ok := err.(*zhifa.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = map[string]string{}
	for k, v := range e.Fields {
		if rest, ok := strings.CutPrefix(k, "levels."); ok {
			idx, tail, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(idx); err == nil && i < len(rowOf) {
				k = fmt.Sprintf("levels.%d.%s", rowOf[i], tail)
				k = strings.TrimSuffix(k, ".")
			}
		}
		out.Fields[k] = v
	}
	return &out
}

// editableBenchmark returns the item (editable by the actor) and its current benchmark,
// nil if it has none.
func (s *Handlers) editableBenchmark(r *http.Request) (*catalog.ItemView, *catalog.BenchmarkView, error) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		return nil, nil, zhifa.NotFound("执法事项")
	}
	item, err := s.App.Catalog().EditableItem(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	cur, err := s.App.Catalog().Benchmark(r.Context(), item.Code)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return item, nil, nil
	}
	return item, cur, err
}

// benchmarkEdit shows the benchmark editor of an item: the current version prefilled, or
// an empty one.
func (s *Handlers) benchmarkEdit(w http.ResponseWriter, r *http.Request) {
	item, cur, err := s.editableBenchmark(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.NewForm()
	if cur != nil {
		f = benchmarkFormOf(cur.Benchmark)
	} else {
		f.Set("levels.0.fine.kind", string(zhifa.FineFixed))
	}
	v := s.benchmarkFormView(r, f, item, cur)
	s.Render(w, r, http.StatusOK, "staff_benchmark_form", &kit.Page{Title: "裁量基准：" + item.Name, Nav: "items", Form: f, D: v})
}

// benchmarkSave saves the first or a new version; "add a row" buttons show the form
// again with one more row.
func (s *Handlers) benchmarkSave(w http.ResponseWriter, r *http.Request) {
	item, cur, err := s.editableBenchmark(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in, rowOf := benchmarkInputOf(f)
	v := s.benchmarkFormView(r, f, item, cur)
	p := &kit.Page{Title: "裁量基准：" + item.Name, Nav: "items", Form: f, D: v}
	if a := f.V("action"); a == "add_level" || a == "add_basis" || f.HasErrors() {
		s.Render(w, r, statusForForm(f), "staff_benchmark_form", p)
		return
	}
	var saved *catalog.BenchmarkView
	if cur == nil {
		saved, err = s.App.Catalog().CreateBenchmark(r.Context(), item.Code, in)
	} else {
		saved, err = s.App.Catalog().UpdateBenchmark(r.Context(), item.Code, in)
	}
	if err != nil {
		s.FormFailed(w, r, remapLevels(err, rowOf), "staff_benchmark_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/items/"+kit.ID64(item.ID)+"/benchmark", fmt.Sprintf("裁量基准已保存为第%d版", saved.Version))
}

// ---- the propose form ----

// checkOption is a checkbox of the propose form.
type checkOption struct {
	Value, Label, Note string
	Checked, Disabled  bool
}

// proposeView is the data of the propose page.
type proposeView struct {
	Form      *app.ProposeForm
	Penalties []checkOption
	Levels    []checkOption
	Entries   []checkOption
	Flags     []checkOption
	Disposals []kit.Option
	Statute   []string
	Similar   []string // the distribution in words
	Nearest   []string
	Current   string
	// Multiple is set when a level fines in multiples: its range depends on the gain.
	Multiple bool
}

func checks(all []string, chosen []string) []checkOption {
	var out []checkOption
	for _, v := range all {
		out = append(out, checkOption{Value: v, Label: v, Checked: slices.Contains(chosen, v)})
	}
	return out
}

func (s *Handlers) proposeView(pf *app.ProposeForm, f *kit.Form) *proposeView {
	v := &proposeView{Form: pf, Penalties: checks(pf.PenaltyKinds, f.Values["penalties"]), Flags: checks(pf.Flags, f.Values["flags"])}
	gain, _ := app.ParseFen(f.V("illegal_gain")) // the ranges for the amounts typed in
	goods, _ := app.ParseFen(f.V("goods_value"))
	for _, l := range pf.Levels {
		base := gain
		if l.Fine.Base == string(law.BaseGoods) {
			base = goods
		}
		rng := law.LevelRange(&l.BenchmarkLevel, base).Text
		if l.Fine.Kind == zhifa.FineMultiple {
			rng = l.FineText + "；" + rng
			v.Multiple = true
		}
		v.Levels = append(v.Levels, checkOption{Value: l.Name, Label: l.Name, Note: l.Conditions + "（处罚种类：" + strings.Join(l.Penalties, "、") + "；罚款：" + rng + "）", Checked: f.V("level") == l.Name})
	}
	for _, e := range pf.Entries {
		note := e.Conditions
		if !e.Applies {
			note = "不适用：" + e.Why
		}
		v.Entries = append(v.Entries, checkOption{Value: e.Key, Label: e.Kind.Label() + " · " + e.Title, Note: note,
			Checked: slices.Contains(f.Values["list_entries"], e.Key), Disabled: !e.Applies})
	}
	if pf.Disposals != nil {
		v.Disposals = []kit.Option{{Value: "", Label: "请选择"}}
		for _, k := range []string{"confiscate", "destroy", "release"} {
			v.Disposals = append(v.Disposals, kit.Option{Value: k, Label: pf.Disposals[k]})
		}
	}
	for _, st := range pf.Statute {
		if st.Kind == zhifa.FineMultiple {
			v.Statute = append(v.Statute, fmt.Sprintf("%s：%s倍以上%s倍以下", st.Source, strconv.FormatFloat(st.MinTimes, 'f', -1, 64), strconv.FormatFloat(st.MaxTimes, 'f', -1, 64)))
		} else {
			v.Statute = append(v.Statute, fmt.Sprintf("%s：%s元以上%s", st.Source, law.Yuan(st.MinFen), map[bool]string{true: law.Yuan(st.MaxFen) + "元以下", false: ""}[st.MaxFen > 0]))
		}
	}
	if sim := pf.Similar; sim != nil {
		level := sim.Level
		if level == "" {
			level = "（未分阶次）"
		}
		v.Similar = append(v.Similar, fmt.Sprintf("事项 %s、阶次“%s”，范围：%s，近%d年作出的决定", sim.ItemCode, level,
			strings.Join(sim.Agencies, "、"), law.FinePeerYears))
		if sim.Count > 0 {
			v.Similar = append(v.Similar, fmt.Sprintf("既往决定 %d 件：最低 %s 元，下四分位 %s 元，中位数 %s 元，上四分位 %s 元，最高 %s 元",
				sim.Count, law.Yuan(sim.Min), law.Yuan(sim.Q1), law.Yuan(sim.Median), law.Yuan(sim.Q3), law.Yuan(sim.Max)))
		}
		for _, d := range sim.Nearest {
			v.Nearest = append(v.Nearest, fmt.Sprintf("%s：罚款 %s 元（%s）", d.Number, law.Yuan(d.FineFen), d.DecidedOn))
		}
	}
	if p := pf.Proposal; p != nil {
		if p.NoPenalty {
			v.Current = fmt.Sprintf("第%d稿：拟不予行政处罚", p.Revision)
		} else {
			v.Current = fmt.Sprintf("第%d稿：%s", p.Revision, strings.Join(p.Penalties, "、"))
		}
		if !p.NoPenalty && p.Disposal == "" { // a disposal names no fine or level
			if p.FineFen > 0 {
				v.Current += "，罚款 " + law.Yuan(p.FineFen) + " 元"
			}
			if p.Level != "" {
				v.Current += "，阶次“" + p.Level + "”"
			}
		}
	}
	return v
}

// proposeFormOf prefills the propose form from the current proposal.
func proposeFormOf(pf *app.ProposeForm) *kit.Form {
	f := kit.NewForm()
	in := app.ProposalInputOf(pf.Proposal)
	f.Values["penalties"] = in.Penalties
	f.Values["list_entries"] = in.ListEntries
	f.Values["flags"] = in.Flags
	f.Set("fine", kit.YuanField(in.Fine))
	f.Set("confiscate", kit.YuanField(in.Confiscate))
	f.Set("illegal_gain", kit.YuanField(in.IllegalGain))
	f.Set("goods_value", kit.YuanField(in.GoodsValue))
	f.Set("refund", kit.YuanField(in.Refund))
	f.Set("refund_basis", in.RefundBasis)
	f.Set("correction", in.Correction)
	f.Set("corrected", map[bool]string{true: "1"}[in.Corrected])
	f.Set("heavier", map[bool]string{true: "1"}[in.Heavier])
	f.Set("level", in.Level)
	f.Set("reason", in.Reason)
	f.Set("disposal", in.Disposal)
	f.Set("version", strconv.Itoa(pf.Case.Version))
	return f
}

// proposePage is the propose page of pf with the form f.
func (s *Handlers) proposePage(pf *app.ProposeForm, f *kit.Form) *kit.Page {
	return &kit.Page{Title: "拟作出处罚决定 · " + pf.Case.Number, Nav: "cases", Form: f, D: s.proposeView(pf, f)}
}

// proposeForm shows the propose page of a case (拟作出处罚决定).
func (s *Handlers) proposeForm(w http.ResponseWriter, r *http.Request) {
	_, pf, ok := loadPathID(s, w, r, s.App.ProposeForm)
	if !ok {
		return
	}
	s.Render(w, r, http.StatusOK, "staff_propose", s.proposePage(pf, proposeFormOf(pf)))
}

// proposeSubmit takes the propose step with the form's values.
func (s *Handlers) proposeSubmit(w http.ResponseWriter, r *http.Request) {
	id, pf, ok := loadPathID(s, w, r, s.App.ProposeForm)
	if !ok {
		return
	}
	f := kit.PostedForm(r)
	in := app.ActionInput{Version: int(f.Int("version")), Penalties: f.Values["penalties"], ListEntries: f.Values["list_entries"],
		Flags: f.Values["flags"], Level: f.V("level"), Reason: f.V("reason"), Disposal: f.V("disposal"),
		Fine: formFen(f, "fine"), Confiscate: formFen(f, "confiscate"), IllegalGain: formFen(f, "illegal_gain"),
		GoodsValue: formFen(f, "goods_value"), Refund: formFen(f, "refund"), RefundBasis: f.V("refund_basis"),
		Correction: f.V("correction"), Corrected: f.V("corrected") == "1", Heavier: f.V("heavier") == "1"}
	p := s.proposePage(pf, f)
	if f.V("action") == "recalc" && !f.HasErrors() { // show the ranges for the gain typed in
		s.Render(w, r, http.StatusOK, "staff_propose", p)
		return
	}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_propose", p)
		return
	}
	v, err := s.App.Act(r.Context(), id, "propose", in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_propose", p)
		return
	}
	msg := fmt.Sprintf("已保存拟处罚决定（第%d稿）", v.State.Proposal.Revision)
	if v.State.Proposal.NoPenalty {
		msg = "依据所引用的不予处罚清单条目，拟不予行政处罚：请对当事人进行教育，并以“不予行政处罚”结束案件"
	}
	s.RedirectFlash(w, r, "/staff/cases/"+kit.ID64(id), msg)
}

// ---- the portal item page ----

// portalItemView is the portal item page: the item, its benchmark (B3: published) and
// the list entries of its agency that apply to it (B4).
type portalItemView struct {
	*itemView
	Benchmark *catalog.BenchmarkView
	Lists     []*catalog.ListGroup
}

// portalItemDiscretion reads the benchmark and the list entries of a penalty item.
func (s *Handlers) portalItemDiscretion(ctx context.Context, item *catalog.ItemView) (*portalItemView, error) {
	d := &portalItemView{}
	if item.Category != zhifa.CatPenalty && item.Category != zhifa.CatCompulsion {
		return d, nil
	}
	b, err := s.App.Catalog().Benchmark(ctx, item.Code)
	switch zhifa.ErrorCode(err) {
	case "":
		d.Benchmark = b
	case zhifa.ENOTFOUND:
	default:
		return nil, err
	}
	lists, err := s.App.Catalog().ItemListEntries(ctx, item.Code)
	if err != nil {
		return nil, err
	}
	for _, g := range lists {
		if len(g.Entries) > 0 && (item.Category == zhifa.CatCompulsion) == (g.Kind == zhifa.ListNoCompulsion) {
			d.Lists = append(d.Lists, g)
		}
	}
	return d, nil
}

package catalog

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/statute"
	"zhifa/web/kit"
)

// ItemList lists the catalog within the actor's scope with filters and paging.
func (s *Handlers) ItemList(w http.ResponseWriter, r *http.Request) {
	f, v, pageNo := itemFilter(r, kit.StaffPageSize)
	if kit.WantsExport(r) { // the list as a file, same filters (issue #12)
		s.ServeExport(w, r, s.itemsExport(f), s.Fail)
		return
	}
	list, err := s.App.Catalog().Items(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Items, v.Pager, v.Agencies = list.Items, kit.NewPager(r, list.Total, kit.StaffPageSize, pageNo), kit.AgencyOptions(ags, "全部机关", true)
	s.Render(w, r, http.StatusOK, "staff_items", &kit.Page{Title: "执法事项清单", Nav: "items", D: v})
}

// ItemDetail shows an item with its version history.
func (s *Handlers) ItemDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	item, err := s.App.Catalog().Item(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	versions, err := s.App.Catalog().ItemHistory(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &itemView{Item: item, Versions: versions, Current: item.Version, LawPrefix: "/staff"}
	s.Render(w, r, http.StatusOK, "staff_item", &kit.Page{Title: item.Name, Nav: "items", D: v})
}

// ItemVersion shows an item as it was in one earlier version.
func (s *Handlers) ItemVersion(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || n < 1 {
		s.NotFound(w, r)
		return
	}
	cur, err := s.App.Catalog().Item(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	versions, err := s.App.Catalog().ItemHistory(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, ver := range versions {
		if ver.Version != n {
			continue
		}
		old := ver.Item
		agency := cur.AgencyName
		if old.AgencyID != cur.AgencyID {
			if ag, err := s.App.Personnel().Agency(r.Context(), old.AgencyID); err == nil {
				agency = ag.Name
			}
		}
		v := &itemView{Item: &catalog.ItemView{Item: &old, AgencyName: agency}, Versions: versions, Old: ver, Current: cur.Version, LawPrefix: "/staff"}
		s.Render(w, r, http.StatusOK, "staff_item", &kit.Page{Title: fmt.Sprintf("%s（第%d版）", old.Name, n), Nav: "items", D: v})
		return
	}
	s.Fail(w, r, zhifa.NotFound("该版本"))
}

// itemFormView is the data of the item form.
type itemFormView struct {
	Edit       bool
	ID         int64
	BasisRows  []int
	Categories []kit.Option
	Agencies   []kit.Option
	Laws       []string
}

// minBasisRows is how many basis rows the item form shows at least.
const minBasisRows = 3

func (s *Handlers) itemFormView(r *http.Request, f *kit.Form, id int64) (*itemFormView, error) {
	ags, err := s.App.Personnel().Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	v := &itemFormView{Edit: id != 0, ID: id, Categories: categoryOptions("请选择"), Agencies: kit.AgencyOptions(ags, "请选择实施机关", true)}
	rows := max(basisRowCount(f), minBasisRows)
	if f.V("action") == "add_basis" {
		rows = basisRowCount(f) + 1
	}
	for i := range rows {
		v.BasisRows = append(v.BasisRows, i)
		for _, k := range []string{"law", "article", "text"} {
			name := fmt.Sprintf("basis.%d.%s", i, k)
			if _, ok := f.Values[name]; !ok {
				f.Set(name, "")
			}
		}
	}
	for _, l := range statute.Library() {
		v.Laws = append(v.Laws, l.Title)
	}
	f.Show("basis")
	return v, nil
}

// basisRowCount is the number of basis rows in the form: one past the highest index.
func basisRowCount(f *kit.Form) int { return rowCount(f, "basis.", 50) }

// itemFormOf prefills the item form.
func itemFormOf(in catalog.ItemInput) *kit.Form {
	f := kit.NewForm()
	f.Set("code", in.Code)
	f.Set("name", in.Name)
	f.Set("category", string(in.Category))
	f.Set("agency_id", kit.ID64(in.AgencyID))
	f.Set("domain", in.Domain)
	for i, b := range in.Basis {
		f.Set(fmt.Sprintf("basis.%d.law", i), b.Law)
		f.Set(fmt.Sprintf("basis.%d.article", i), b.Article)
		f.Set(fmt.Sprintf("basis.%d.text", i), b.Text)
	}
	f.Set("procedure", in.Procedure)
	f.Set("time_limit", in.TimeLimit)
	f.Set("remedy", in.Remedy)
	g := in.Guide
	f.Set("guide.accepting_org", g.AcceptingOrg)
	f.Set("guide.approving_org", g.ApprovingOrg)
	f.Set("guide.conditions", g.Conditions)
	f.Set("guide.materials", g.Materials)
	f.Set("guide.time_limit", g.TimeLimit)
	f.Set("guide.office_hours", g.OfficeHours)
	f.Set("guide.address", g.Address)
	f.Set("guide.phone", g.Phone)
	f.Set("flowchart", strings.Join(in.Flowchart, "\n"))
	f.Set("version", strconv.Itoa(in.Version))
	f.Set("note", "")
	return f
}

// itemInputOf reads the item form. Empty basis rows are passed on so that the app's
// field names ("basis.2.article") keep pointing at the rows shown.
func itemInputOf(f *kit.Form) catalog.ItemInput {
	in := catalog.ItemInput{
		Code: f.V("code"), Name: f.V("name"), Category: zhifa.ItemCategory(f.V("category")), AgencyID: f.Int("agency_id"),
		Domain: f.V("domain"), Procedure: f.V("procedure"), TimeLimit: f.V("time_limit"), Remedy: f.V("remedy"),
		Guide: zhifa.ServiceGuide{
			AcceptingOrg: f.V("guide.accepting_org"), ApprovingOrg: f.V("guide.approving_org"),
			Conditions: f.V("guide.conditions"), Materials: f.V("guide.materials"), TimeLimit: f.V("guide.time_limit"),
			OfficeHours: f.V("guide.office_hours"), Address: f.V("guide.address"), Phone: f.V("guide.phone"),
		},
		Flowchart: f.Lines("flowchart"), Version: int(f.Int("version")), Note: f.V("note"),
	}
	for i := range basisRowCount(f) {
		in.Basis = append(in.Basis, zhifa.Basis{
			Law:     f.V(fmt.Sprintf("basis.%d.law", i)),
			Article: f.V(fmt.Sprintf("basis.%d.article", i)),
			Text:    f.V(fmt.Sprintf("basis.%d.text", i)),
		})
	}
	return in
}

// ItemNew shows the form for a new item.
func (s *Handlers) ItemNew(w http.ResponseWriter, r *http.Request) {
	f := kit.NewForm()
	f.Set("agency_id", r.URL.Query().Get("agency"))
	v, err := s.itemFormView(r, f, 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_item_form", &kit.Page{Title: "新增执法事项", Nav: "items", Form: f, D: v})
}

// ItemCreate saves a new item; the "add a basis row" button shows the form again with
// one more row instead.
func (s *Handlers) ItemCreate(w http.ResponseWriter, r *http.Request) {
	f := kit.PostedForm(r)
	in := itemInputOf(f)
	v, err := s.itemFormView(r, f, 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "新增执法事项", Nav: "items", Form: f, D: v}
	if f.V("action") == "add_basis" {
		s.Render(w, r, http.StatusOK, "staff_item_form", p)
		return
	}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_item_form", p)
		return
	}
	item, err := s.App.Catalog().CreateItem(r.Context(), in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_item_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/items/"+kit.ID64(item.ID), "已新增执法事项 "+item.Code)
}

// ItemEdit shows the form to edit an item.
func (s *Handlers) ItemEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	item, err := s.App.Catalog().EditableItem(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := itemFormOf(catalog.ItemInputOf(item.Item))
	v, err := s.itemFormView(r, f, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_item_form", &kit.Page{Title: "编辑：" + item.Name, Nav: "items", Form: f, D: v})
}

// ItemUpdate saves a new version of an item. A stale version (someone saved in between)
// shows the form again with the conflict.
func (s *Handlers) ItemUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	item, err := s.App.Catalog().EditableItem(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.PostedForm(r)
	in := itemInputOf(f)
	v, err := s.itemFormView(r, f, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &kit.Page{Title: "编辑：" + item.Name, Nav: "items", Form: f, D: v}
	if f.V("action") == "add_basis" {
		s.Render(w, r, http.StatusOK, "staff_item_form", p)
		return
	}
	if f.HasErrors() {
		s.Render(w, r, http.StatusUnprocessableEntity, "staff_item_form", p)
		return
	}
	saved, err := s.App.Catalog().UpdateItem(r.Context(), id, in)
	if err != nil {
		s.FormFailed(w, r, err, "staff_item_form", p)
		return
	}
	s.RedirectFlash(w, r, "/staff/items/"+kit.ID64(id), fmt.Sprintf("已保存为第%d版", saved.Version))
}

// from export_lists.go
// itemsExport is the item catalog under f.
func (s *Handlers) itemsExport(f zhifa.ItemFilter) kit.ListExport {
	return kit.ListExport{Name: "执法事项清单", Header: []string{"事项编码", "事项名称", "类别", "实施机关", "执法领域", "办理时限", "版本"},
		Page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			off := kit.OffsetToken(token)
			f.Page = zhifa.Page{Limit: kit.ExportPageSize, Offset: off}
			list, err := s.App.Catalog().Items(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, it := range list.Items {
				rows = append(rows, []string{it.Code, it.Name, it.Category.Label(), it.AgencyName, it.Domain, it.TimeLimit, strconv.Itoa(it.Version)})
			}
			return rows, list.Total, kit.NextOffset(off, len(list.Items), list.Total), nil
		}}
}

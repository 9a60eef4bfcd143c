package catalog

import (
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/web/kit"
)

// itemListView is one page of the catalog with its filters.
type itemListView struct {
	Items      []*catalog.ItemView
	Pager      *kit.Pager
	Query      string
	Category   string
	AgencyID   string
	Categories []kit.Option
	Agencies   []kit.Option
}

// itemFilter reads the catalog filters of a list request.
func itemFilter(r *http.Request, size int) (zhifa.ItemFilter, *itemListView, int) {
	q := r.URL.Query()
	v := &itemListView{Query: strings.TrimSpace(q.Get("q")), Category: q.Get("category"), AgencyID: q.Get("agency")}
	f := zhifa.ItemFilter{Query: v.Query}
	if c, ok := zhifa.ParseItemCategory(v.Category); ok {
		f.Category = c
		v.Category = string(c)
	} else {
		v.Category = ""
	}
	if id, err := strconv.ParseInt(v.AgencyID, 10, 64); err == nil && id > 0 {
		f.AgencyID = id
	} else {
		v.AgencyID = ""
	}
	pageNo, offset := kit.ListPage(r, size)
	f.Page = zhifa.Page{Limit: size, Offset: offset}
	v.Categories = categoryOptions("全部类别")
	return f, v, pageNo
}

// categoryOptions lists the item categories as select options.
func categoryOptions(blank string) []kit.Option {
	out := []kit.Option{{Value: "", Label: blank}}
	for _, c := range zhifa.ItemCategories {
		out = append(out, kit.Option{Value: string(c), Label: c.Label()})
	}
	return out
}

// PortalItems lists the public catalog with filters and paging (C1).
func (s *Handlers) PortalItems(w http.ResponseWriter, r *http.Request) {
	ctx := kit.PublicContext(r)
	f, v, pageNo := itemFilter(r, kit.PortalPageSize)
	list, err := s.App.Catalog().Items(ctx, f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ags, err := s.App.Personnel().Agencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Items, v.Pager, v.Agencies = list.Items, kit.NewPager(r, list.Total, kit.PortalPageSize, pageNo), kit.AgencyOptions(ags, "全部机关", true)
	s.Render(w, r, http.StatusOK, "items", &kit.Page{Title: "执法事项", Nav: "items", D: v})
}

// itemView is one item, possibly an old version, for the detail page.
type itemView struct {
	Item     *catalog.ItemView
	Versions []*zhifa.ItemVersion
	// Old is set when an earlier version is shown; Current is then the current version.
	Old     *zhifa.ItemVersion
	Current int
	// LawPrefix is "" on the portal and "/staff" in the workspace, for law links.
	LawPrefix string
}

// PortalItem shows an item: basis with article text, procedure, time limit, remedies,
// service guide and flowchart (C1).
func (s *Handlers) PortalItem(w http.ResponseWriter, r *http.Request) {
	item, err := s.App.Catalog().ItemByCode(kit.PublicContext(r), r.PathValue("code"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d, err := s.portalItemDiscretion(kit.PublicContext(r), item)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.itemView = &itemView{Item: item}
	s.Render(w, r, http.StatusOK, "item", &kit.Page{Title: item.Name, Nav: "items", D: d})
}

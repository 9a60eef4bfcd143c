package web

import (
	"net/http"
	"strconv"
	"strings"

	"zhifa/web/kit"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
)

// homeView is the data of the portal home page.
type homeView struct {
	Agencies int
	Items    int
	Officers int
}

// portalHome is the public portal's home: search boxes and entry points.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) {
	ctx := kit.PublicContext(r)
	v := &homeView{}
	ags, err := s.App.Personnel().Agencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, ag := range ags {
		if ag.IsEnforcement() {
			v.Agencies++
		}
	}
	items, err := s.App.Catalog().Items(ctx, zhifa.ItemFilter{Page: zhifa.Page{Limit: 1}})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Items = items.Total
	if _, v.Officers, err = s.App.Personnel().PublicOfficers(ctx, zhifa.OfficerFilter{Page: zhifa.Page{Limit: 1}}); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "home", &kit.Page{Title: "行政执法公示平台", Nav: "home", D: v})
}

// agencyRow is an agency in a tree list, with its depth below the list's top.
type agencyRow struct {
	*zhifa.Agency
	Depth int
}

// agencyTree returns the agencies (already in hierarchy order) with their depths.
func agencyTree(list []*zhifa.Agency) []agencyRow {
	out := make([]agencyRow, 0, len(list))
	for _, ag := range list {
		out = append(out, agencyRow{ag, min(kit.AgencyDepth(list, ag), 5)})
	}
	return out
}

// portalAgencies lists every agency as a tree (C1).
func (s *Server) portalAgencies(w http.ResponseWriter, r *http.Request) {
	ags, err := s.App.Personnel().Agencies(kit.PublicContext(r))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "agencies", &kit.Page{Title: "执法主体", Nav: "agencies", D: agencyTree(ags)})
}

// agencyView is an agency with its items and officers.
type agencyView struct {
	Agency        *zhifa.Agency
	Parent        *zhifa.Agency
	Children      []*zhifa.Agency
	Items         []*catalog.ItemView
	ItemsTotal    int
	Officers      []*personnel.PublicOfficer
	OfficersTotal int
}

// portalAgency shows one agency: duties, legal basis, domains, items and officers (C1).
func (s *Server) portalAgency(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	ctx := kit.PublicContext(r)
	ag, err := s.App.Personnel().Agency(ctx, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &agencyView{Agency: ag}
	all, err := s.App.Personnel().Agencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, a := range all {
		if a.ID == ag.ParentID {
			v.Parent = a
		}
		if a.ParentID == ag.ID {
			v.Children = append(v.Children, a)
		}
	}
	items, err := s.App.Catalog().Items(ctx, zhifa.ItemFilter{AgencyID: id, Page: zhifa.Page{Limit: 50}})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Items, v.ItemsTotal = items.Items, items.Total
	if v.Officers, v.OfficersTotal, err = s.App.Personnel().PublicOfficers(ctx, zhifa.OfficerFilter{AgencyID: id, Page: zhifa.Page{Limit: 50}}); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "agency", &kit.Page{Title: ag.Name, Nav: "agencies", D: v})
}

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

// portalItems lists the public catalog with filters and paging (C1).
func (s *Server) portalItems(w http.ResponseWriter, r *http.Request) {
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

// portalItem shows an item: basis with article text, procedure, time limit, remedies,
// service guide and flowchart (C1).
func (s *Server) portalItem(w http.ResponseWriter, r *http.Request) {
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

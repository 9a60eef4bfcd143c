package personnel

import (
	"net/http"

	"zhifa"
	"zhifa/app/catalog"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// from page_portal.go
// agencyRow is an agency in a tree list, with its depth below the list's top.
type agencyRow struct {
	*zhifa.Agency
	Depth int
}

// from page_portal.go
// agencyTree returns the agencies (already in hierarchy order) with their depths.
func agencyTree(list []*zhifa.Agency) []agencyRow {
	out := make([]agencyRow, 0, len(list))
	for _, ag := range list {
		out = append(out, agencyRow{ag, min(kit.AgencyDepth(list, ag), 5)})
	}
	return out
}

// from page_portal.go
// portalAgencies lists every agency as a tree (C1).
func (s *Handlers) PortalAgencies(w http.ResponseWriter, r *http.Request) {
	ags, err := s.App.Personnel().Agencies(kit.PublicContext(r))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "agencies", &kit.Page{Title: "执法主体", Nav: "agencies", D: agencyTree(ags)})
}

// from page_portal.go
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

// from page_portal.go
// portalAgency shows one agency: duties, legal basis, domains, items and officers (C1).
func (s *Handlers) PortalAgency(w http.ResponseWriter, r *http.Request) {
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

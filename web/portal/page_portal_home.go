package portal

import (
	"net/http"

	"zhifa"
	"zhifa/web/kit"
)

// from page_portal.go
// homeView is the data of the portal home page.
type homeView struct {
	Agencies int
	Items    int
	Officers int
}

// from page_portal.go
// portalHome is the public portal's home: search boxes and entry points.
func (s *Handlers) PortalHome(w http.ResponseWriter, r *http.Request) {
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

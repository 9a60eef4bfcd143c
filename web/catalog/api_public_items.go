package catalog

import (
	"net/http"

	"zhifa/web/kit"
)

// from api_public.go
func (s *Handlers) APIPublicItems(w http.ResponseWriter, r *http.Request) {
	s.listItems(w, r, kit.APIPublicActor(r))
}

// from api_public.go
func (s *Handlers) APIPublicItem(w http.ResponseWriter, r *http.Request) {
	code, err := kit.APIPathText(r, "code")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().ItemByCode(kit.APIPublicCtx(r), code)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

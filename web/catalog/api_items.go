package catalog

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/catalog"
	"zhifa/web/kit"
)

// VersionList is every version of an item, newest first.
type VersionList struct {
	Versions []*zhifa.ItemVersion `json:"versions"`
	Total    int                  `json:"total"`
}

// itemFilterOf reads the item list filters shared by the staff and public lists.
func itemFilterOf(q *kit.APIQuery) zhifa.ItemFilter {
	f := zhifa.ItemFilter{AgencyID: q.ID("agency_id"), Query: q.Text("q"), Page: q.Page(kit.APIMaxLimit)}
	if s := q.Text("category"); s != "" {
		c, ok := zhifa.ParseItemCategory(s)
		if !ok {
			q.Errs.Add("category", "事项类别无效")
		}
		f.Category = c
	}
	return f
}

// listItems answers the item list of ctx's actor.
func (s *Handlers) listItems(w http.ResponseWriter, r *http.Request, ctxActor *app.Actor) {
	q := kit.NewAPIQuery(r)
	f := itemFilterOf(q)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Catalog().Items(app.WithActor(r.Context(), ctxActor), f)
	if err == nil && list.Items == nil {
		list.Items = []*catalog.ItemView{}
	}
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) APIItems(w http.ResponseWriter, r *http.Request) {
	if kit.WantsExport(r) {
		q := kit.NewAPIQuery(r)
		f := itemFilterOf(q)
		if err := q.Err(); err != nil {
			kit.WriteError(w, r, err)
			return
		}
		s.ServeExport(w, r, s.itemsExport(f), kit.WriteError)
		return
	}
	s.listItems(w, r, app.ActorFrom(r.Context()))
}

func (s *Handlers) APIItem(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().Item(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) APIItemVersions(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Catalog().ItemHistory(r.Context(), id)
	if list == nil {
		list = []*zhifa.ItemVersion{}
	}
	kit.APIReply(w, r, http.StatusOK, VersionList{Versions: list, Total: len(list)}, err)
}

func (s *Handlers) APICreateItem(w http.ResponseWriter, r *http.Request) {
	var in catalog.ItemInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Catalog().CreateItem(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) APIUpdateItem(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in catalog.ItemInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if in.Version <= 0 {
		// Without the edited version a stale client would silently overwrite a newer one.
		kit.WriteError(w, r, kit.APIInvalid("version", "请填写所编辑的版本号 version"))
		return
	}
	v, err := s.App.Catalog().UpdateItem(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

package publicity

import (
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/publicity"
	"zhifa/web/kit"
)

// The staff pages of the licence decisions received (issue 13): the list, keyset-paged
// with filters, and one licence with its publication and corrections.

// RegisterLicencePages registers the licence pages.
func (s *Handlers) RegisterLicencePages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/licences", app.PermStaff, "行政许可决定", s.licenceList)
	staff("GET", "/staff/licences/{id}", app.PermStaff, "行政许可决定详情", s.licenceDetail)
}

// licenceListView is the list with its filters.
type licenceListView struct {
	Page      *publicity.LicencePage
	Pager     *kit.CursorPager
	Decisions []kit.Option
	Decision  string
	Number    string
	From, To  string
}

func (s *Handlers) licenceList(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	view := &licenceListView{Decision: v.Get("decision"), Number: v.Get("number"), From: v.Get("from"), To: v.Get("to"),
		Decisions: []kit.Option{{Value: "", Label: "全部"}}, Page: &publicity.LicencePage{}}
	for _, d := range zhifa.LicenceDecisions {
		view.Decisions = append(view.Decisions, kit.Option{Value: string(d), Label: d.Label()})
	}
	q := publicity.LicenceQuery{Decision: view.Decision, Number: view.Number, Cursor: v.Get("cursor")}
	fields := zhifa.FieldErrors{}
	for _, d := range []struct {
		name string
		to   *zhifa.Date
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := strings.TrimSpace(v.Get(d.name)); s != "" {
			day, err := zhifa.ParseDate(s)
			if err != nil {
				fields.Add(d.name, "日期格式应为2026-03-01")
			}
			*d.to = day
		}
	}
	err := fields.Err()
	if err == nil {
		view.Page, err = s.App.Publicity().Licences(r.Context(), q)
	}
	f := kit.NewForm()
	switch zhifa.ErrorCode(err) {
	case "":
	case zhifa.EINVALID:
		f.Fail(err)
		view.Page = &publicity.LicencePage{}
	default:
		s.Fail(w, r, err)
		return
	}
	view.Pager = kit.NewCursorPager(r, strconv.Itoa(len(view.Page.Licences))+(map[bool]string{true: "+"}[view.Page.Next != ""]), view.Page.Next)
	s.Render(w, r, http.StatusOK, "staff_licences", &kit.Page{Title: "行政许可决定", Nav: "publicity", Form: f, D: view})
}

func (s *Handlers) licenceDetail(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.Fail(w, r, zhifa.NotFound("许可决定"))
		return
	}
	v, err := s.App.Publicity().Licence(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_licence", &kit.Page{Title: v.Number + " 行政许可决定", Nav: "publicity", D: v})
}

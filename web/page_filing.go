package web

import (
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
)

// The filing pages (备案审查, REQUIREMENTS F6): the list of filings in scope with the
// counts awaiting review and filed late, one filing with the filed case and its legal
// review record (or, for a benchmark or list filing, REQUIREMENTS B3, the version filed
// and its diff), and the supervisor's review form (已审查 / 责令纠正).

func (s *Server) registerFilingPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/filings", app.PermStaff, "备案审查", s.filingList)
	staff("GET", "/staff/filings/{id}", app.PermStaff, "备案详情", s.filingDetail)
	staff("POST", "/staff/filings/{id}/review", app.PermSupervise, "审查备案", s.filingReview)
}

// filingListView is one page of filings with its filters.
type filingListView struct {
	List     *filing.FilingList
	Pager    *cursorPager
	Kind     string
	Status   string
	Late     bool
	Kinds    []option
	Statuses []option
}

func (s *Server) filingList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &filingListView{Kind: q.Get("kind"), Status: q.Get("status"), Late: q.Get("late") == "1",
		Kinds:    []option{{"", "全部类别"}},
		Statuses: []option{{"", "全部状态"}}}
	for _, k := range zhifa.FilingKinds {
		v.Kinds = append(v.Kinds, option{string(k), k.Label()})
	}
	for _, st := range []zhifa.FilingStatus{zhifa.FilingFiled, zhifa.FilingCorrection, zhifa.FilingReviewed} {
		v.Statuses = append(v.Statuses, option{string(st), st.Label()})
	}
	f := filing.FilingFilter{Late: v.Late}
	if k := zhifa.FilingKind(v.Kind); k.Valid() {
		f.Kind = k
	} else {
		v.Kind = ""
	}
	if st := zhifa.FilingStatus(v.Status); st.Valid() {
		f.Status = st
	} else {
		v.Status = ""
	}
	if wantsExport(r) { // the list as a file, same filters (issue #12)
		s.serveExport(w, r, s.filingsExport(f), s.fail)
		return
	}
	f.Cursor, f.Page = q.Get("cursor"), zhifa.Page{Limit: staffPageSize}
	list, err := s.App.Filing().Filings(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.List, v.Pager = list, newCursorPager(r, list.TotalText, list.Next)
	s.render(w, r, http.StatusOK, "staff_filings", &page{Title: "备案审查", Nav: "filings", D: v})
}

// filingPageView is the filing page: the filing and the review choices.
type filingPageView struct {
	F       *filing.FilingDetail
	Results []option
}

func (s *Server) filingPage(w http.ResponseWriter, r *http.Request, id int64, f *form, status int) {
	d, err := s.App.Filing().Filing(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	linkSubject(d)
	if f == nil {
		f = newForm()
		f.Set("result", string(zhifa.FilingReviewed))
	}
	f.Set("version", strconv.Itoa(d.Version))
	v := &filingPageView{F: d, Results: []option{{string(zhifa.FilingReviewed), "已审查"}, {string(zhifa.FilingCorrection), "责令纠正"}}}
	s.render(w, r, status, "staff_filing", &page{Title: "备案 " + d.Title, Nav: "filings", Form: f, D: v})
}

func (s *Server) filingDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	s.filingPage(w, r, id, nil, http.StatusOK)
}

func (s *Server) filingReview(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	f := postedForm(r)
	in := filing.FilingReviewInput{Version: int(f.Int("version")), Result: zhifa.FilingStatus(f.V("result")), Remark: f.V("remark")}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Filing().ReviewFiling(r.Context(), id, in)
	}
	if err == nil {
		s.redirectFlash(w, r, "/staff/filings/"+id64(id), "已记录审查结果："+in.Result.Label()+"，并记入防篡改账本")
		return
	}
	if !s.fixable(w, r, err) {
		return
	}
	f.Fail(err)
	s.filingPage(w, r, id, f, statusOf(err))
}

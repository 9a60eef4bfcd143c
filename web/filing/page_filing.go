package filing

import (
	"context"
	"net/http"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/filing"
	"zhifa/web/kit"
)

// The filing pages (备案审查, REQUIREMENTS F6): the list of filings in scope with the
// counts awaiting review and filed late, one filing with the filed case and its legal
// review record (or, for a benchmark or list filing, REQUIREMENTS B3, the version filed
// and its diff), and the supervisor's review form (已审查 / 责令纠正).

func (s *Handlers) RegisterFilingPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/filings", app.PermStaff, "备案审查", s.filingList)
	staff("GET", "/staff/filings/{id}", app.PermStaff, "备案详情", s.filingDetail)
	staff("POST", "/staff/filings/{id}/review", app.PermSupervise, "审查备案", s.filingReview)
}

// filingListView is one page of filings with its filters.
type filingListView struct {
	List     *filing.FilingList
	Pager    *kit.CursorPager
	Kind     string
	Status   string
	Late     bool
	Kinds    []kit.Option
	Statuses []kit.Option
}

func (s *Handlers) filingList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &filingListView{Kind: q.Get("kind"), Status: q.Get("status"), Late: q.Get("late") == "1",
		Kinds:    []kit.Option{{Value: "", Label: "全部类别"}},
		Statuses: []kit.Option{{Value: "", Label: "全部状态"}}}
	for _, k := range zhifa.FilingKinds {
		v.Kinds = append(v.Kinds, kit.Option{Value: string(k), Label: k.Label()})
	}
	for _, st := range []zhifa.FilingStatus{zhifa.FilingFiled, zhifa.FilingCorrection, zhifa.FilingReviewed} {
		v.Statuses = append(v.Statuses, kit.Option{Value: string(st), Label: st.Label()})
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
	if kit.WantsExport(r) { // the list as a file, same filters (issue #12)
		s.ServeExport(w, r, s.filingsExport(f), s.Fail)
		return
	}
	f.Cursor, f.Page = q.Get("cursor"), zhifa.Page{Limit: kit.StaffPageSize}
	list, err := s.App.Filing().Filings(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.List, v.Pager = list, kit.NewCursorPager(r, list.TotalText, list.Next)
	s.Render(w, r, http.StatusOK, "staff_filings", &kit.Page{Title: "备案审查", Nav: "filings", D: v})
}

// filingPageView is the filing page: the filing and the review choices.
type filingPageView struct {
	F       *filing.FilingDetail
	Results []kit.Option
}

func (s *Handlers) filingPage(w http.ResponseWriter, r *http.Request, id int64, f *kit.Form, status int) {
	d, err := s.App.Filing().Filing(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	linkSubject(d)
	if f == nil {
		f = kit.NewForm()
		f.Set("result", string(zhifa.FilingReviewed))
	}
	f.Set("version", strconv.Itoa(d.Version))
	v := &filingPageView{F: d, Results: []kit.Option{{Value: string(zhifa.FilingReviewed), Label: "已审查"}, {Value: string(zhifa.FilingCorrection), Label: "责令纠正"}}}
	s.Render(w, r, status, "staff_filing", &kit.Page{Title: "备案 " + d.Title, Nav: "filings", Form: f, D: v})
}

func (s *Handlers) filingDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.filingPage(w, r, id, nil, http.StatusOK)
}

func (s *Handlers) filingReview(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	in := filing.FilingReviewInput{Version: int(f.Int("version")), Result: zhifa.FilingStatus(f.V("result")), Remark: f.V("remark")}
	var err error
	if f.HasErrors() {
		err = &zhifa.Error{Code: zhifa.EINVALID, Message: f.Message, Fields: f.Errors}
	} else {
		_, err = s.App.Filing().ReviewFiling(r.Context(), id, in)
	}
	if err == nil {
		s.RedirectFlash(w, r, "/staff/filings/"+kit.ID64(id), "已记录审查结果："+in.Result.Label()+"，并记入防篡改账本")
		return
	}
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	s.filingPage(w, r, id, f, kit.StatusOf(err))
}

// from export_lists.go
// filingsExport is the filing list under f.
func (s *Handlers) filingsExport(f filing.FilingFilter) kit.ListExport {
	return kit.ListExport{Name: "备案列表", Header: []string{"案号/备案事项", "类别", "决定（修订）日期", "备案期限", "备案时间", "执法机关", "备案机关", "审查状态", "逾期备案"},
		Page: func(ctx context.Context, token string) ([][]string, int, string, error) {
			f.Cursor, f.Page = token, zhifa.Page{Limit: kit.ExportPageSize}
			list, err := s.App.Filing().Filings(ctx, f)
			if err != nil {
				return nil, 0, "", err
			}
			var rows [][]string
			for _, x := range list.Filings {
				rows = append(rows, []string{x.Title, x.KindLabel, x.DecidedOn.String(), x.Due.String(), kit.CSTMinute(x.FiledAt),
					x.AgencyName, x.ToAgencyName, x.StatusLabel, kit.YesNo(x.Late)})
			}
			return rows, list.Total, list.Next, nil
		}}
}

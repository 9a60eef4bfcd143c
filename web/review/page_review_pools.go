package review

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app"
	"zhifa/app/review"
	"zhifa/web/kit"
)

// The reviewer-pool page (法制审核人员统筹调用, REQUIREMENTS E2; 国办发〔2018〕118号 (十一)):
// admins group reviewer accounts into pools that serve several agencies; a case of an
// agency a pool serves may be assigned to any of the pool's reviewers.

// poolRow is a pool with its editor's checkboxes.
type poolRow struct {
	*zhifa.ReviewPool
	Agencies  []kit.Check
	Reviewers []kit.Check
}

// poolsView is the data of the pools page.
type poolsView struct {
	Pools   []poolRow
	New     poolRow
	CanEdit bool
}

func (s *Handlers) reviewPoolsPage(w http.ResponseWriter, r *http.Request) {
	s.renderPools(w, r, http.StatusOK, kit.NewForm(), 0)
}

// renderPools shows the pools; failed is the ID of the pool whose form failed (-1 for
// the new one), whose posted choices are shown again.
func (s *Handlers) renderPools(w http.ResponseWriter, r *http.Request, status int, f *kit.Form, failed int64) {
	ctx := r.Context()
	pools, err := s.App.Review().ReviewPools(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &poolsView{CanEdit: app.ActorFrom(ctx).Can(app.PermManageCatalog)}
	opts := &review.PoolOptions{}
	if v.CanEdit {
		if opts, err = s.App.Review().ReviewPoolOptions(ctx); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	row := func(p *zhifa.ReviewPool, posted bool) poolRow {
		ags, revs := p.Agencies, p.Reviewers
		if posted {
			ags, revs = formIDs(f, "agencies"), formIDs(f, "reviewers")
		}
		pr := poolRow{ReviewPool: p}
		for _, ag := range opts.Agencies {
			pr.Agencies = append(pr.Agencies, kit.Check{Value: kit.ID64(ag.ID), Label: ag.Name, Checked: slices.Contains(ags, ag.ID)})
		}
		for _, u := range opts.Reviewers {
			// By name and agency, never by login (issue 12).
			label := u.Name
			if i := slices.IndexFunc(opts.Agencies, func(ag *zhifa.Agency) bool { return ag.ID == u.AgencyID }); i >= 0 {
				label = fmt.Sprintf("%s（%s）", u.Name, opts.Agencies[i].Name)
			}
			pr.Reviewers = append(pr.Reviewers, kit.Check{Value: kit.ID64(u.ID), Label: label, Checked: slices.Contains(revs, u.ID)})
		}
		return pr
	}
	for _, p := range pools {
		v.Pools = append(v.Pools, row(p, failed == p.ID))
	}
	v.New = row(&zhifa.ReviewPool{Name: f.V("name")}, failed == -1)
	s.Render(w, r, status, "staff_legalreview_pools", &kit.Page{Title: "法制审核人员库", Nav: "reviews", Form: f, D: v})
}

// formIDs parses the repeated ID field name.
func formIDs(f *kit.Form, name string) []int64 {
	var out []int64
	for _, s := range f.Values[name] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func (s *Handlers) reviewPoolSave(w http.ResponseWriter, r *http.Request) {
	var id int64
	if r.PathValue("id") != "" {
		var ok bool
		if id, ok = kit.PathID(r, "id"); !ok {
			s.NotFound(w, r)
			return
		}
	}
	f := kit.PostedForm(r)
	in := review.PoolInput{Name: f.V("name"), Agencies: formIDs(f, "agencies"), Reviewers: formIDs(f, "reviewers"), Version: int(f.Int("version"))}
	_, err := s.App.Review().SaveReviewPool(r.Context(), id, in)
	if err == nil {
		s.RedirectFlash(w, r, "/staff/review-pools", "审核人员库已保存，并记入防篡改账本")
		return
	}
	if !s.Fixable(w, r, err) {
		return
	}
	f.Fail(err)
	f.Show("agencies", "reviewers")
	failed := id
	if id == 0 {
		failed = -1
	}
	s.renderPools(w, r, kit.StatusOf(err), f, failed)
}

package filing

import (
	"net/http"
	"net/url"
	"strconv"

	"zhifa"
	"zhifa/app/filing"
	"zhifa/web/kit"
)

// The filing API (备案审查, REQUIREMENTS F6): the list of filings in scope, one filing
// with the filed case and its legal-review record, and a supervisor's review.

func (s *Handlers) APIFilings(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := filing.FilingFilter{Kind: zhifa.FilingKind(q.Text("kind")), Status: zhifa.FilingStatus(q.Text("status")),
		AgencyID: q.ID("agency_id"), Cursor: q.Text("cursor"), Page: zhifa.Page{Limit: int(q.Int("limit", kit.APIDefaultLimit, 1, kit.APIMaxLimit))}}
	if late := q.Bool("late"); late != nil {
		f.Late = *late
	}
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if kit.WantsExport(r) {
		s.ServeExport(w, r, s.filingsExport(f), kit.WriteError)
		return
	}
	list, err := s.App.Filing().Filings(r.Context(), f)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) APIFiling(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	d, err := s.App.Filing().Filing(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, linkSubject(d), err)
}

func (s *Handlers) APIReviewFiling(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in filing.FilingReviewInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	d, err := s.App.Filing().ReviewFiling(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, linkSubject(d), err)
}

// linkSubject sets the portal link of a rule filing's subject: the benchmark version, or
// the agency's list the entry belongs to.
func linkSubject(d *filing.FilingDetail) *filing.FilingDetail {
	if d == nil || d.Subject == nil {
		return d
	}
	sub := d.Subject
	if sub.ListKind != "" {
		sub.Link = "/lists?agency_id=" + strconv.FormatInt(sub.ListAgencyID, 10) + "#list-" + sub.ListKind
	} else {
		sub.Link = "/items/" + url.PathEscape(sub.Ref) + "/benchmarks#v" + strconv.Itoa(sub.Version)
	}
	return d
}

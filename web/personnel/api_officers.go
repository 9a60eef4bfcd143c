package personnel

import (
	"net/http"

	"zhifa"
	"zhifa/app"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// TrainingList is an officer's training records with the yearly totals.
type TrainingList struct {
	OfficerID int64                 `json:"officer_id"`
	Trainings []*zhifa.Training     `json:"trainings"`
	ByYear    []personnel.YearHours `json:"by_year"`
	Total     int                   `json:"total"`
}

// WarningList is the personnel warnings of a year.
type WarningList struct {
	Year     int           `json:"year"`
	Warnings []app.Warning `json:"warnings"`
	Total    int           `json:"total"`
	// Next is the after of the next page of training shortfalls, zero on the last page;
	// when it is not zero Total counts this page only and TotalCapped is set (issue 11).
	Next        int64 `json:"next"`
	TotalCapped bool  `json:"total_capped"`
}

// CertStateRequest is the body of POST /api/v1/certificates/{id}/state.
type CertStateRequest struct {
	State  zhifa.CertState `json:"state"`
	Reason string          `json:"reason"`
}

// officerFilter reads the officer list filters shared by the staff and public lists.
func officerFilter(q *kit.APIQuery) zhifa.OfficerFilter {
	return zhifa.OfficerFilter{AgencyID: q.ID("agency_id"), Query: q.Text("q"), Page: q.Page(kit.APIMaxLimit)}
}

func (s *Handlers) APIOfficers(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := officerFilter(q)
	f.Reviewer = q.Bool("reviewer")
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	if kit.WantsExport(r) {
		s.ServeExport(w, r, s.officersExport(f), kit.WriteError)
		return
	}
	list, err := s.App.Personnel().Officers(r.Context(), f)
	if err == nil && list.Officers == nil {
		list.Officers = []*personnel.OfficerView{}
	}
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) APIOfficer(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Personnel().Officer(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) APICreateOfficer(w http.ResponseWriter, r *http.Request) {
	var in personnel.OfficerInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Personnel().CreateOfficer(r.Context(), in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) APIUpdateOfficer(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in personnel.OfficerInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Personnel().UpdateOfficer(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) APIRevealOfficer(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	o, err := s.App.Personnel().RevealOfficer(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, o, err)
}

func (s *Handlers) APIIssueCertificate(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in personnel.CertInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	c, err := s.App.Personnel().IssueCertificate(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, c, err)
}

func (s *Handlers) APICertState(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in CertStateRequest
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	c, err := s.App.Personnel().ChangeCertificateState(r.Context(), id, in.State, in.Reason)
	kit.APIReply(w, r, http.StatusOK, c, err)
}

func (s *Handlers) APIAnnualReview(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in personnel.AnnualReviewInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	rev, err := s.App.Personnel().AddAnnualReview(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, rev, err)
}

func (s *Handlers) APITrainings(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Personnel().Officer(r.Context(), id)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	out := TrainingList{OfficerID: v.ID, Trainings: v.Trainings, ByYear: v.TrainingByYear, Total: len(v.Trainings)}
	if out.Trainings == nil {
		out.Trainings = []*zhifa.Training{}
	}
	if out.ByYear == nil {
		out.ByYear = []personnel.YearHours{}
	}
	kit.WriteJSON(w, http.StatusOK, out)
}

func (s *Handlers) APIAddTraining(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in personnel.TrainingInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	t, err := s.App.Personnel().AddTraining(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, t, err)
}

func (s *Handlers) APIWarnings(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	this := int64(s.App.Today().Year)
	year := int(q.Int("year", this, 2000, this+1))
	after := q.Int("after", 0, 0, 1<<62)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	page, err := s.App.PersonnelWarningsPage(r.Context(), year, after)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list := page.Warnings
	if list == nil {
		list = []app.Warning{}
	}
	kit.APIReply(w, r, http.StatusOK, WarningList{Year: year, Warnings: list, Total: len(list),
		Next: page.TrainingNext, TotalCapped: page.TrainingNext != 0}, nil)
}

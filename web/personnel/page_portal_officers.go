package personnel

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"rsc.io/qr"

	"zhifa"
	"zhifa/app/personnel"
	"zhifa/web/kit"
)

// officerListView is one page of the public officer list.
type officerListView struct {
	Officers []*personnel.PublicOfficer
	Pager    *kit.Pager
	Query    string
	AgencyID string
	Agencies []kit.Option
}

// PortalOfficers lists officers with their certificate status (C1), without personal data.
func (s *Handlers) PortalOfficers(w http.ResponseWriter, r *http.Request) {
	ctx := kit.PublicContext(r)
	q := r.URL.Query()
	v := &officerListView{Query: strings.TrimSpace(q.Get("q")), AgencyID: q.Get("agency")}
	f := zhifa.OfficerFilter{Query: v.Query}
	if id, err := strconv.ParseInt(v.AgencyID, 10, 64); err == nil && id > 0 {
		f.AgencyID = id
	} else {
		v.AgencyID = ""
	}
	pageNo, offset := kit.ListPage(r, kit.PortalPageSize)
	f.Page = zhifa.Page{Limit: kit.PortalPageSize, Offset: offset}
	list, total, err := s.App.Personnel().PublicOfficers(ctx, f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ags, err := s.App.Personnel().Agencies(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.Officers, v.Pager, v.Agencies = list, kit.NewPager(r, total, kit.PortalPageSize, pageNo), kit.AgencyOptions(ags, "全部机关", true)
	s.Render(w, r, http.StatusOK, "officers", &kit.Page{Title: "执法人员", Nav: "officers", D: v})
}

// publicOfficerView is the public page of one officer.
type publicOfficerView struct {
	Officer *personnel.PublicOfficer
	CertURL string // absolute address of the certificate check, encoded in the QR code
	Photo   bool   // the officer has a photo (issue #12)
}

// PortalOfficer shows an officer's name, agency, certificate and status (C1, C2) and the
// QR code that opens the certificate check. No personal data.
func (s *Handlers) PortalOfficer(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	o, err := s.App.Personnel().PublicOfficer(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := &publicOfficerView{Officer: o, Photo: s.App.Personnel().HasOfficerPhoto(r.Context(), id)}
	if o.CertNumber != "" {
		v.CertURL = CertURL(r, o.CertNumber)
	}
	s.Render(w, r, http.StatusOK, "officer", &kit.Page{Title: o.Name, Nav: "officers", D: v})
}

// PortalOfficerQR serves the QR code of an officer's certificate check page as a PNG.
func (s *Handlers) PortalOfficerQR(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	o, err := s.App.Personnel().PublicOfficer(kit.PublicContext(r), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if o.CertNumber == "" {
		s.Fail(w, r, zhifa.NotFound("执法证件"))
		return
	}
	code, err := qr.Encode(CertURL(r, o.CertNumber), qr.M)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	code.Scale = 6
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(code.PNG())
}

// CertURL is the absolute address of the check page of a certificate, built from the
// request's host; the scheme is https behind TLS or a proxy that says so.
func CertURL(r *http.Request, number string) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/cert/" + url.PathEscape(number)
}

// certView is the data of the certificate check page.
type certView struct {
	Number string
	Check  *personnel.CertCheck
	// NotFound is set when no certificate has the number.
	NotFound bool
	// Photo says the certificate's officer has a photo to match the face with (issue #12).
	Photo bool
}

// CertCheckForm shows the certificate check form; with ?number= it goes to the answer.
func (s *Handlers) CertCheckForm(w http.ResponseWriter, r *http.Request) {
	if n := strings.TrimSpace(r.URL.Query().Get("number")); n != "" {
		http.Redirect(w, r, "/cert/"+url.PathEscape(n), http.StatusSeeOther)
		return
	}
	s.Render(w, r, http.StatusOK, "cert", &kit.Page{Title: "执法证件核验", Nav: "cert", D: &certView{}})
}

// CertCheck answers whether the certificate is valid today (C2), in large clear text.
func (s *Handlers) CertCheck(w http.ResponseWriter, r *http.Request) {
	number := strings.TrimSpace(r.PathValue("number"))
	v := &certView{Number: number}
	status := http.StatusOK
	c, err := s.App.Personnel().CheckCertificate(kit.PublicContext(r), number)
	switch {
	case zhifa.ErrorCode(err) == zhifa.ENOTFOUND:
		v.NotFound, status = true, http.StatusNotFound
	case err != nil:
		s.Fail(w, r, err)
		return
	default:
		v.Check, v.Photo = c, s.App.Personnel().HasOfficerPhoto(r.Context(), c.OfficerID)
	}
	s.Render(w, r, status, "cert", &kit.Page{Title: "执法证件核验", Nav: "cert", D: v})
}

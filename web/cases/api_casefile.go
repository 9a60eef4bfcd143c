package cases

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/web/kit"
)

// The sealed case file (案卷, D3): GET /api/v1/cases/{id}/casefile and the staff page
// /staff/cases/{id}/casefile with its download /staff/cases/{id}/casefile.zip. The app
// records the export (ledger seal, access log, audit) before the first byte is sent;
// the archive is then streamed, evidence files straight from storage.

// RegisterCaseFilePages registers the case-file page and its download.
func (s *Handlers) RegisterCaseFilePages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/cases/{id}/casefile", app.PermStaff, "导出案卷", s.caseFilePage)
	staff("GET", "/staff/cases/{id}/casefile.zip", app.PermStaff, "下载案卷（ZIP）", s.caseFileDownload)
}

// APICaseFile handles GET /api/v1/cases/{id}/casefile?reason=.
func (s *Handlers) APICaseFile(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	s.serveCaseFile(w, r, id, func(err error) { kit.WriteError(w, r, err) })
}

// caseFileDownload handles GET /staff/cases/{id}/casefile.zip?reason=.
func (s *Handlers) caseFileDownload(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.serveCaseFile(w, r, id, func(err error) {
		if zhifa.ErrorFields(err)["reason"] != "" {
			// A supervisor without a reason: ask for one.
			http.Redirect(w, r, "/staff/cases/"+kit.ID64(id)+"/casefile", http.StatusSeeOther)
			return
		}
		s.Fail(w, r, err)
	})
}

// serveCaseFile exports the case file and streams it. An error before the archive
// starts is answered with fail; one while it is written (storage failing, a file no
// longer matching its entry) aborts the connection, so that no truncated archive
// passes for a whole one.
func (s *Handlers) serveCaseFile(w http.ResponseWriter, r *http.Request, id int64, fail func(error)) {
	x, err := s.App.Evidence().ExportCaseFile(r.Context(), id, strings.TrimSpace(r.URL.Query().Get("reason")))
	if err != nil {
		fail(err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": x.Name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Zhifa-Seal-Index", strconv.FormatInt(x.SealIndex, 10))
	w.WriteHeader(http.StatusOK)
	iw := &idleWriter{ResponseWriter: w, rc: http.NewResponseController(w)}
	if err := x.Write(r.Context(), iw); err != nil {
		if r.Context().Err() == nil {
			s.Log.Error("case file export aborted", "case", id, "number", x.Number, "err", err)
		}
		panic(http.ErrAbortHandler)
	}
}

// caseFileView is the data of the case-file page.
type caseFileView struct {
	Case       *app.CaseView
	NeedReason bool
}

// caseFilePage handles GET /staff/cases/{id}/casefile: what the case file holds, how to
// verify it, and the download (with the reason a supervisor must give).
func (s *Handlers) caseFilePage(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	v, err := s.App.Case(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	d := &caseFileView{Case: v, NeedReason: evidence.NeedsAccessReason(actor)}
	s.Render(w, r, http.StatusOK, "staff_casefile", &kit.Page{Title: "导出案卷：" + v.Number, Nav: "cases", D: d})
}

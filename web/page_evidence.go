package web

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
)

// registerEvidencePages registers the evidence pages: the list, the upload form, the
// detail page with its player, and the content the player streams.
func (s *Server) registerEvidencePages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/evidence", app.PermStaff, "证据列表", s.evidenceList)
	staff("GET", "/staff/evidence/new", app.PermRecordEvidence, "上传证据", s.evidenceNew)
	staff("POST", "/staff/evidence/new", app.PermRecordEvidence, "上传证据", s.evidenceCreate)
	staff("GET", "/staff/evidence/{id}", app.PermStaff, "证据详情", s.evidenceDetail)
	staff("GET", "/staff/evidence/{id}/content", app.PermStaff, "调阅证据文件", s.evidencePageContent)
}

// evidenceListView is one page of the evidence list with its filters.
type evidenceListView struct {
	List  *evidence.EvidenceList
	Pager *pager
	Query string
	Kind  string
	Kinds []option
}

// kindOptions lists the evidence kinds as select options, after blank.
func kindOptions(blank string) []option {
	out := []option{{"", blank}}
	for _, k := range zhifa.EvidenceKinds {
		out = append(out, option{string(k), k.Label()})
	}
	return out
}

// evidenceList lists the evidence within the actor's scope.
func (s *Server) evidenceList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &evidenceListView{Query: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Kinds: kindOptions("全部类别")}
	f := zhifa.EvidenceFilter{Query: v.Query}
	if k := zhifa.EvidenceKind(v.Kind); k.Valid() {
		f.Kind = k
	} else {
		v.Kind = ""
	}
	pageNo, offset := listPage(r, staffPageSize)
	f.Page = zhifa.Page{Limit: staffPageSize, Offset: offset}
	list, err := s.App.Evidence().EvidenceList(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.List, v.Pager = list, newPager(r, list.Total, staffPageSize, pageNo)
	s.render(w, r, http.StatusOK, "staff_evidence_list", &page{Title: "证据", Nav: "evidence", D: v})
}

// evidenceFormView is the data of the upload form.
type evidenceFormView struct {
	Kinds    []option
	Officers []option // the officers of the actor's agency
	Checked  map[string]bool
	MaxSize  string
}

func (s *Server) evidenceFormView(r *http.Request, f *form) (*evidenceFormView, error) {
	actor := app.ActorFrom(r.Context())
	active := true
	list, err := s.App.Personnel().Officers(r.Context(), zhifa.OfficerFilter{AgencyID: actor.AgencyID, Active: &active, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return nil, err
	}
	v := &evidenceFormView{Kinds: kindOptions("按文件自动识别"), Checked: map[string]bool{}, MaxSize: formatBytes(s.App.Evidence().MaxEvidenceSize())}
	for _, o := range list.Officers {
		label := o.Name
		if c := o.CurrentCert(); c != nil {
			label += "（" + c.Number + "）"
		}
		v.Officers = append(v.Officers, option{id64(o.ID), label})
	}
	for _, id := range f.Values["officer_ids"] {
		v.Checked[id] = true
	}
	return v, nil
}

// evidenceNew shows the upload form.
func (s *Server) evidenceNew(w http.ResponseWriter, r *http.Request) {
	if err := s.App.Evidence().EvidenceUploadAllowed(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	f := newForm()
	f.Set("captured_at", s.App.Now().In(zhifa.CST).Format("2006-01-02T15:04"))
	v, err := s.evidenceFormView(r, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff_evidence_form", &page{Title: "上传证据", Nav: "evidence", Form: f, D: v})
}

// evidenceCreate streams an uploaded file into the app. On a problem the form is shown
// again with the values (the file must be chosen again); the rest of the body is read
// first, up to the limit, so that the browser gets to show the answer.
func (s *Server) evidenceCreate(w http.ResponseWriter, r *http.Request) {
	if err := s.App.Evidence().EvidenceUploadAllowed(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	maxSize := s.App.Evidence().MaxEvidenceSize()
	up, err := readEvidenceUpload(w, r, maxSize)
	f := &form{Values: up.Values, Errors: map[string]string{}}
	f.Show("file", "officer_ids")
	if err == nil && up.File == nil {
		err = apiInvalid("file", "请选择要上传的文件")
	}
	var v *evidence.EvidenceView
	if err == nil {
		var in evidence.EvidenceInput
		if in, err = evidenceInputOf(up.Values, up.File); err == nil {
			v, err = s.App.Evidence().UploadEvidence(r.Context(), in, &uploadReader{up.Content(), tooLargeError(maxSize)})
		}
		up.File.Close()
	}
	if err != nil {
		drainBody(r)
		fv, ferr := s.evidenceFormView(r, f)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		s.formFailed(w, r, err, "staff_evidence_form", &page{Title: "上传证据", Nav: "evidence", Form: f, D: fv})
		return
	}
	s.redirectFlash(w, r, "/staff/evidence/"+id64(v.ID), "证据已上传并记入防篡改账本（条目 "+strconv.FormatInt(v.LedgerIndex, 10)+"）")
}

// maxDrain bounds what drainBody reads.
const maxDrain = 64 << 20

// drainBody reads what is left of a request body, up to maxDrain, so that a browser
// still sending a file receives the answer rather than a reset connection. A larger
// rest is not worth the transfer: the connection is then closed on it.
func drainBody(r *http.Request) {
	io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
}

// evidenceView is the data of the evidence page.
type evidenceView struct {
	E *evidence.EvidenceView
	// Reason is the reason of the read given in the URL; NeedReason is set when the actor
	// (a supervisor) must give one before the content is shown.
	Reason     string
	NeedReason bool
	// Content is the address of the content for the player; Download of the download.
	Content, Download string
	Size              string
	Access            *evidence.AccessLogList
	Browser           bool // the type plays in browsers
}

// evidenceDetail shows an evidence file's metadata, its ledger entry, a player of its
// content and, for those who may read it, its access log.
func (s *Server) evidenceDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	e, err := s.App.Evidence().Evidence(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	v := &evidenceView{E: e, Reason: strings.TrimSpace(r.URL.Query().Get("reason")), Size: formatBytes(e.Size)}
	v.NeedReason = evidence.NeedsAccessReason(actor) && v.Reason == ""
	q := url.Values{}
	if v.Reason != "" {
		q.Set("reason", v.Reason)
	}
	base := "/staff/evidence/" + id64(e.ID) + "/content"
	v.Content = base
	if len(q) > 0 {
		v.Content += "?" + q.Encode()
	}
	q.Set("download", "1")
	v.Download = base + "?" + q.Encode()
	// Formats a browser does not show are offered for download only (office files, issue 12).
	v.Browser = !slices.Contains([]string{"image/heic", "video/quicktime", evidence.MIMEOFD, evidence.MIMEDocx, evidence.MIMEXlsx}, e.MIME)
	if actor.Can(app.PermReadAccessLog) {
		if v.Access, err = s.App.Evidence().EvidenceAccess(r.Context(), id, zhifa.Page{Limit: 50}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	title := e.Title
	if title == "" {
		title = e.Kind.Label() + " " + id64(e.ID)
	}
	s.render(w, r, http.StatusOK, "staff_evidence", &page{Title: title, Nav: "evidence", D: v})
}

// evidencePageContent serves the content to the workspace's player (session cookie).
func (s *Server) evidencePageContent(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	s.serveEvidenceContent(w, r, id, func(err error) { s.fail(w, r, err) })
}

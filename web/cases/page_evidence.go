package cases

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/web/kit"
)

// RegisterEvidencePages registers the evidence pages: the list, the upload form, the
// detail page with its player, and the content the player streams.
func (s *Handlers) RegisterEvidencePages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("GET", "/staff/evidence", app.PermStaff, "证据列表", s.evidenceList)
	staff("GET", "/staff/evidence/new", app.PermRecordEvidence, "上传证据", s.evidenceNew)
	staff("POST", "/staff/evidence/new", app.PermRecordEvidence, "上传证据", s.evidenceCreate)
	staff("GET", "/staff/evidence/{id}", app.PermStaff, "证据详情", s.evidenceDetail)
	staff("GET", "/staff/evidence/{id}/content", app.PermStaff, "调阅证据文件", s.evidencePageContent)
}

// evidenceListView is one page of the evidence list with its filters.
type evidenceListView struct {
	List  *evidence.EvidenceList
	Pager *kit.Pager
	Query string
	Kind  string
	Kinds []kit.Option
}

// kindOptions lists the evidence kinds as select options, after blank.
func kindOptions(blank string) []kit.Option {
	out := []kit.Option{{Value: "", Label: blank}}
	for _, k := range zhifa.EvidenceKinds {
		out = append(out, kit.Option{Value: string(k), Label: k.Label()})
	}
	return out
}

// evidenceList lists the evidence within the actor's scope.
func (s *Handlers) evidenceList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := &evidenceListView{Query: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Kinds: kindOptions("全部类别")}
	f := zhifa.EvidenceFilter{Query: v.Query}
	if k := zhifa.EvidenceKind(v.Kind); k.Valid() {
		f.Kind = k
	} else {
		v.Kind = ""
	}
	pageNo, offset := kit.ListPage(r, kit.StaffPageSize)
	f.Page = zhifa.Page{Limit: kit.StaffPageSize, Offset: offset}
	list, err := s.App.Evidence().EvidenceList(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v.List, v.Pager = list, kit.NewPager(r, list.Total, kit.StaffPageSize, pageNo)
	s.Render(w, r, http.StatusOK, "staff_evidence_list", &kit.Page{Title: "证据", Nav: "evidence", D: v})
}

// evidenceFormView is the data of the upload form.
type evidenceFormView struct {
	Kinds    []kit.Option
	Officers []kit.Option // the officers of the actor's agency
	Checked  map[string]bool
	MaxSize  string
}

func (s *Handlers) evidenceFormView(r *http.Request, f *kit.Form) (*evidenceFormView, error) {
	actor := app.ActorFrom(r.Context())
	active := true
	list, err := s.App.Personnel().Officers(r.Context(), zhifa.OfficerFilter{AgencyID: actor.AgencyID, Active: &active, Page: zhifa.Page{Limit: 200}})
	if err != nil {
		return nil, err
	}
	v := &evidenceFormView{Kinds: kindOptions("按文件自动识别"), Checked: map[string]bool{}, MaxSize: kit.FormatBytes(s.App.Evidence().MaxEvidenceSize())}
	for _, o := range list.Officers {
		label := o.Name
		if c := o.CurrentCert(); c != nil {
			label += "（" + c.Number + "）"
		}
		v.Officers = append(v.Officers, kit.Option{Value: kit.ID64(o.ID), Label: label})
	}
	for _, id := range f.Values["officer_ids"] {
		v.Checked[id] = true
	}
	return v, nil
}

// evidenceNew shows the upload form.
func (s *Handlers) evidenceNew(w http.ResponseWriter, r *http.Request) {
	if err := s.App.Evidence().EvidenceUploadAllowed(r.Context()); err != nil {
		s.Fail(w, r, err)
		return
	}
	f := kit.NewForm()
	f.Set("captured_at", s.App.Now().In(zhifa.CST).Format("2006-01-02T15:04"))
	v, err := s.evidenceFormView(r, f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Render(w, r, http.StatusOK, "staff_evidence_form", &kit.Page{Title: "上传证据", Nav: "evidence", Form: f, D: v})
}

// evidenceCreate streams an uploaded file into the app. On a problem the form is shown
// again with the values (the file must be chosen again); the rest of the body is read
// first, up to the limit, so that the browser gets to show the answer.
func (s *Handlers) evidenceCreate(w http.ResponseWriter, r *http.Request) {
	if err := s.App.Evidence().EvidenceUploadAllowed(r.Context()); err != nil {
		s.Fail(w, r, err)
		return
	}
	maxSize := s.App.Evidence().MaxEvidenceSize()
	up, err := kit.ReadEvidenceUpload(w, r, maxSize)
	f := &kit.Form{Values: up.Values, Errors: map[string]string{}}
	f.Show("file", "officer_ids")
	if err == nil && up.File == nil {
		err = kit.APIInvalid("file", "请选择要上传的文件")
	}
	var v *evidence.EvidenceView
	if err == nil {
		var in evidence.EvidenceInput
		if in, err = kit.EvidenceInputOf(up.Values, up.File); err == nil {
			v, err = s.App.Evidence().UploadEvidence(r.Context(), in, &kit.UploadReader{R: up.Content(), TooBig: kit.TooLargeError(maxSize)})
		}
		up.File.Close()
	}
	if err != nil {
		kit.DrainBody(r)
		fv, ferr := s.evidenceFormView(r, f)
		if ferr != nil {
			s.Fail(w, r, ferr)
			return
		}
		s.FormFailed(w, r, err, "staff_evidence_form", &kit.Page{Title: "上传证据", Nav: "evidence", Form: f, D: fv})
		return
	}
	s.RedirectFlash(w, r, "/staff/evidence/"+kit.ID64(v.ID), "证据已上传并记入防篡改账本（条目 "+strconv.FormatInt(v.LedgerIndex, 10)+"）")
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
func (s *Handlers) evidenceDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	e, err := s.App.Evidence().Evidence(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actor := app.ActorFrom(r.Context())
	v := &evidenceView{E: e, Reason: strings.TrimSpace(r.URL.Query().Get("reason")), Size: kit.FormatBytes(e.Size)}
	v.NeedReason = evidence.NeedsAccessReason(actor) && v.Reason == ""
	q := url.Values{}
	if v.Reason != "" {
		q.Set("reason", v.Reason)
	}
	base := "/staff/evidence/" + kit.ID64(e.ID) + "/content"
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
			s.Fail(w, r, err)
			return
		}
	}
	title := e.Title
	if title == "" {
		title = e.Kind.Label() + " " + kit.ID64(e.ID)
	}
	s.Render(w, r, http.StatusOK, "staff_evidence", &kit.Page{Title: title, Nav: "evidence", D: v})
}

// evidencePageContent serves the content to the workspace's player (session cookie).
func (s *Handlers) evidencePageContent(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.serveEvidenceContent(w, r, id, func(err error) { s.Fail(w, r, err) })
}

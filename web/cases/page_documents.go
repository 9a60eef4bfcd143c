package cases

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app"
	"zhifa/app/evidence"
	"zhifa/document"
	"zhifa/law"
	"zhifa/web/kit"
)

// The document pages (文书, issue #4, REQUIREMENTS D1): the edit page of a document with
// its fields, a preview of the draft, the 签发 button, corrections, and the print view and
// PDF of an issued document. The case page lists a case's documents with the partial
// template "case_documents" (templates/partials/case_documents.html).

func (s *Handlers) RegisterDocumentPages(staff func(method, pattern string, perm app.Permission, summary string, h http.HandlerFunc)) {
	staff("POST", "/staff/cases/{id}/documents", app.PermHandleCases, "新建文书", s.documentCreatePage)
	staff("GET", "/staff/documents/{id}", app.PermStaff, "文书", s.documentPage)
	staff("POST", "/staff/documents/{id}", app.PermHandleCases, "保存文书草稿", s.documentSavePage)
	staff("POST", "/staff/documents/{id}/issue", app.PermHandleCases, "签发文书", s.documentIssuePage)
	staff("POST", "/staff/documents/{id}/correct", app.PermHandleCases, "更正文书", s.documentCorrectPage)
	staff("GET", "/staff/documents/{id}/preview", app.PermStaff, "文书草稿预览", s.documentPreviewPage)
	staff("GET", "/staff/documents/{id}/print", app.PermStaff, "文书打印视图", s.documentPrintPage)
	staff("GET", "/staff/documents/{id}/pdf", app.PermStaff, "文书 PDF", s.documentPDFPage)
}

// documentPageView is the data of the document page.
type documentPageView struct {
	Doc *app.DocumentView
	// Form holds the fields ("fields.KEY") and the version of the edit form.
	Form   *kit.Form
	Fields []documentField
	// Issue and Correct are the forms of the 签发 and 更正 buttons.
	Issue   *kit.Form
	Correct *kit.Form
	// NeedReason: the actor must give a reason to read the issued text (supervisors, D4).
	NeedReason bool
	// ApprovalForm: the document records a head's approval, signed with Sign
	// (page_approvals.go); its approval field is not part of the edit form.
	ApprovalForm bool
	Sign         *kit.Form
	// Generated: some fields are generated from the case and not edited (the evidence
	// list's items).
	Generated bool
}

// documentField is one input of the edit form.
type documentField struct {
	Name  string
	Label string
	Multi bool
}

func documentFields(v *app.DocumentView) []documentField {
	var out []documentField
	for _, f := range v.FieldList {
		if f.Key == "approval" && law.IsApprovalForm(v.Type) {
			continue // the head signs it (page_approvals.go)
		}
		if document.Generated(v.Type, f.Key) {
			continue // generated from the case's records at issue (issue 12)
		}
		out = append(out, documentField{Name: "fields." + f.Key, Label: f.Label, Multi: f.Multi})
	}
	if v.Corrects != 0 {
		out = append([]documentField{{Name: "fields." + app.CorrectionReasonKey, Label: "更正事由", Multi: true}}, out...)
	}
	return out
}

// newDocumentPage builds the page of v with the form prefilled from the stored fields.
func newDocumentPage(r *http.Request, v *app.DocumentView) *documentPageView {
	p := &documentPageView{Doc: v, Form: kit.NewForm(), Issue: kit.NewForm(), Correct: kit.NewForm(), Fields: documentFields(v),
		NeedReason: evidence.NeedsAccessReason(app.ActorFrom(r.Context())), ApprovalForm: law.IsApprovalForm(v.Type), Sign: kit.NewForm(),
		Generated: len(document.GeneratedKeys[v.Type]) > 0}
	for k, val := range v.Fields {
		p.Form.Set("fields."+k, val)
	}
	p.Form.Set("version", strconv.Itoa(v.Version))
	return p
}

func (s *Handlers) renderDocumentPage(w http.ResponseWriter, r *http.Request, status int, p *documentPageView) {
	title := p.Doc.TypeLabel
	if p.Doc.Number != "" {
		title += " " + p.Doc.Number
	}
	s.Render(w, r, status, "staff_document", &kit.Page{Title: title, Nav: "cases", D: p})
}

func (s *Handlers) loadDocumentPage(w http.ResponseWriter, r *http.Request) (*documentPageView, bool) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return nil, false
	}
	v, err := s.App.Document(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return nil, false
	}
	return newDocumentPage(r, v), true
}

// documentPage shows a document: its form (a draft the actor may edit) or its state, the
// preview, and the buttons.
func (s *Handlers) documentPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadDocumentPage(w, r)
	if !ok {
		return
	}
	s.renderDocumentPage(w, r, http.StatusOK, p)
}

// documentCreatePage drafts a new document of a case from the type chosen on the case
// page, and opens it.
func (s *Handlers) documentCreatePage(w http.ResponseWriter, r *http.Request) {
	caseID, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	f := kit.PostedForm(r)
	v, err := s.App.CreateDocument(r.Context(), caseID, app.DocumentCreate{Type: zhifa.DocType(f.V("type"))})
	switch code := zhifa.ErrorCode(err); code {
	case "":
		s.RedirectFlash(w, r, "/staff/documents/"+strconv.FormatInt(v.ID, 10), "已新建"+v.TypeLabel+"草稿，各栏目已按案件信息预先填写")
	case zhifa.EINVALID, zhifa.EGATE, zhifa.ECONFLICT:
		s.RedirectFlash(w, r, "/staff/cases/"+strconv.FormatInt(caseID, 10)+"#documents", "未能新建文书："+zhifa.ErrorMessage(err))
	default:
		s.Fail(w, r, err)
	}
}

// postedFields returns the "fields.KEY" values of the form.
func postedFields(f *kit.Form) map[string]string {
	out := map[string]string{}
	for k, vs := range f.Values {
		if key, ok := strings.CutPrefix(k, "fields."); ok && len(vs) > 0 {
			out[key] = vs[0]
		}
	}
	return out
}

// documentSavePage saves the edited fields of a draft.
func (s *Handlers) documentSavePage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadDocumentPage(w, r)
	if !ok {
		return
	}
	f := kit.PostedForm(r)
	version, _ := strconv.Atoi(f.V("version"))
	v, err := s.App.SaveDocument(r.Context(), p.Doc.ID, app.DocumentInput{Version: version, Fields: postedFields(f)})
	if err != nil {
		if code := zhifa.ErrorCode(err); code != zhifa.EINVALID && code != zhifa.ECONFLICT {
			s.Fail(w, r, err)
			return
		}
		f.Fail(err)
		p.Form = f
		s.renderDocumentPage(w, r, kit.StatusOf(err), p)
		return
	}
	s.RedirectFlash(w, r, "/staff/documents/"+strconv.FormatInt(v.ID, 10), "草稿已保存（版本 "+strconv.Itoa(v.Version)+"）")
}

// documentIssuePage issues a draft after the handler confirmed it.
func (s *Handlers) documentIssuePage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadDocumentPage(w, r)
	if !ok {
		return
	}
	f := kit.PostedForm(r)
	p.Issue = f
	if f.V("confirm") != "1" {
		f.Invalid("confirm", "请勾选确认：签发后文书内容不能再修改")
		s.renderDocumentPage(w, r, http.StatusUnprocessableEntity, p)
		return
	}
	version, _ := strconv.Atoi(f.V("version"))
	v, err := s.App.IssueDocument(r.Context(), p.Doc.ID, app.DocumentIssue{Version: version})
	if err != nil {
		if code := zhifa.ErrorCode(err); code == zhifa.EINTERNAL || code == zhifa.EFORBIDDEN || code == zhifa.ENOTFOUND {
			s.Fail(w, r, err)
			return
		}
		f.Fail(err)
		s.renderDocumentPage(w, r, kit.StatusOf(err), p)
		return
	}
	s.RedirectFlash(w, r, "/staff/documents/"+strconv.FormatInt(v.ID, 10), "已签发："+v.TypeLabel+" "+v.Number)
}

// documentCorrectPage starts a correction and opens it.
func (s *Handlers) documentCorrectPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadDocumentPage(w, r)
	if !ok {
		return
	}
	f := kit.PostedForm(r)
	v, err := s.App.CorrectDocument(r.Context(), p.Doc.ID, app.DocumentCorrect{Reason: f.V("reason")})
	if err != nil {
		if code := zhifa.ErrorCode(err); code != zhifa.EINVALID && code != zhifa.ECONFLICT {
			s.Fail(w, r, err)
			return
		}
		f.Fail(err)
		p.Correct = f
		s.renderDocumentPage(w, r, kit.StatusOf(err), p)
		return
	}
	s.RedirectFlash(w, r, "/staff/documents/"+strconv.FormatInt(v.ID, 10), "已新建更正文书草稿，签发后原文书标为已更正")
}

// documentPreviewPage shows a draft as it would be issued, for the frame on the page.
func (s *Handlers) documentPreviewPage(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	b, err := s.App.DocumentPreview(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	kit.WriteDocumentHTML(w, injectAfterBody(b, kit.DocumentPhoneCSS), documentCSP)
}

// printToolbar is put at the top of the print view (not into the stored document): a
// print button (static/print.js calls window.print) and the PDF link, hidden in print.
const printToolbar = `<style>.zhifa-toolbar{position:sticky;top:0;z-index:10;display:flex;gap:12px;justify-content:center;align-items:center;` +
	`padding:8px;background:#1f4e8c;font:15px/1.4 sans-serif}.zhifa-toolbar button,.zhifa-toolbar a{padding:6px 16px;border-radius:6px;` +
	`border:1px solid #fff;background:#fff;color:#1f4e8c;font-size:15px;text-decoration:none;cursor:pointer}` +
	`@media print{.zhifa-toolbar{display:none}}</style>` +
	`<div class="zhifa-toolbar"><button type="button" id="zhifa-print">打印</button><a href="PDFLINK">下载 PDF</a><a href="BACKLINK">返回</a></div>` +
	`<script src="PRINTJS" defer></script>`

// documentPrintPage is the print view of a document: the issued text as stored (a draft:
// its preview) with a print button.
func (s *Handlers) documentPrintPage(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	b, _, err := s.documentHTML(r, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	base := "/staff/documents/" + strconv.FormatInt(id, 10)
	pdf := base + "/pdf"
	if reason := strings.TrimSpace(r.URL.Query().Get("reason")); reason != "" {
		pdf += "?reason=" + kit.URLQueryEscape(reason)
	}
	bar := strings.NewReplacer("PDFLINK", pdf, "BACKLINK", base, "PRINTJS", kit.TemplateFuncs["static"].(func(string) string)("print.js")).Replace(printToolbar)
	out := injectAfterBody(b, kit.DocumentPhoneCSS+bar)
	kit.WriteDocumentHTML(w, out, "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
}

// injectAfterBody inserts s right after the <body> tag of page (at the start when there
// is none).
func injectAfterBody(page []byte, s string) []byte {
	i := bytes.Index(page, []byte("<body>"))
	if i < 0 {
		return append([]byte(s), page...)
	}
	i += len("<body>")
	out := make([]byte, 0, len(page)+len(s))
	out = append(out, page[:i]...)
	out = append(out, s...)
	return append(out, page[i:]...)
}

// documentPDFPage answers the PDF of an issued document; without Chromium, a 503 page
// pointing at the print view.
func (s *Handlers) documentPDFPage(w http.ResponseWriter, r *http.Request) {
	id, ok := kit.PathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	pdf, v, err := s.documentPDF(r, id)
	if errors.Is(err, document.ErrNoChromium) {
		s.Render(w, r, http.StatusServiceUnavailable, "error", &kit.Page{Title: "暂时无法生成 PDF",
			D: &kit.ErrorView{Status: http.StatusServiceUnavailable, Heading: "暂时无法生成 PDF", Message: pdfUnavailable}})
		return
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	writePDF(w, pdf, v)
}

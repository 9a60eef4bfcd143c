package cases

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"zhifa/app"
	"zhifa/document"
	"zhifa/web/kit"
)

// The document API (文书, issue #4, REQUIREMENTS D1): a case's documents, drafts from the
// standard templates, saving, issuing (签发), correcting (更正), and the issued text as
// HTML or PDF.

// DocumentAPIOps are the routes of the document API, appended to apiOps.
func (s *Handlers) DocumentAPIOps(op func(method, path string, perm app.Permission, summary string, h http.HandlerFunc) kit.APIOp, with func(kit.APIOp, func(*kit.APIOp)) kit.APIOp) []kit.APIOp {
	reason := kit.APIParam{Name: "reason", Type: "string", Desc: "调阅事由（执法监督人员必填，不超过200字）"}
	return []kit.APIOp{
		with(op("GET", "/cases/{id}/documents", app.PermStaff, "案件文书列表", s.apiCaseDocuments), func(o *kit.APIOp) {
			o.Desc = "案件的全部文书（草稿 draft、已签发 issued、已更正 corrected），以及现在可以新建的文书类型（types，按案件类型和阶段）。"
			o.Resp = app.DocumentList{}
		}),
		with(op("POST", "/cases/{id}/documents", app.PermHandleCases, "新建文书（草稿）", s.apiCreateDocument), func(o *kit.APIOp) {
			o.Desc = "type 为 filing_approval（立案审批表）、inspection_record（现场检查笔录）、inquiry_record（询问笔录）、seizure_decision（查封扣押决定书）、" +
				"penalty_notice（行政处罚事先告知书）、hearing_notice（听证通知书）、hearing_record（听证笔录）、penalty_decision（行政处罚决定书）、no_penalty_decision（不予行政处罚决定书）、" +
				"evidence_list（证据清单，证据目录由本案记录生成）、investigation_report（调查终结报告）、service_receipt（送达回证）、closing_approval（结案审批表）之一，须适用于案件的类型和当前阶段（EINVALID）。各栏目按案件信息预先填写，签发前可以修改。"
			o.Body, o.Resp, o.Status = app.DocumentCreate{}, app.DocumentView{}, http.StatusCreated
		}),
		with(op("GET", "/documents/{id}", app.PermStaff, "文书详情", s.apiDocument), func(o *kit.APIOp) {
			o.Desc = "fields 为各栏目内容，field_list 为栏目顺序和名称；unmet 为签发前尚未满足的法定事项（如行政处罚法第五十九条）。"
			o.Resp = app.DocumentView{}
		}),
		with(op("PUT", "/documents/{id}", app.PermHandleCases, "保存文书草稿", s.apiSaveDocument), func(o *kit.APIOp) {
			o.Desc = "只改 fields 中给出的栏目。version 必填，为所编辑的版本号，已被修改返回 ECONFLICT；已签发的文书不能修改（ECONFLICT），请更正。"
			o.Body, o.Resp = app.DocumentInput{}, app.DocumentView{}
		}),
		with(op("POST", "/documents/{id}/issue", app.PermHandleCases, "签发文书", s.apiIssueDocument), func(o *kit.APIOp) {
			o.Desc = "签发后文书内容永久固定：生成完整的 HTML 文书存入证据存储，登记为案件记录（kind document），SHA-256 与 SM3 摘要记入防篡改账本。" +
				"行政处罚决定书须载明行政处罚法第五十九条全部事项，查封扣押决定书须载明行政强制法第二十四条全部事项；有拟处罚决定的，决定书须写明裁量阶次和理由，否则返回 EGATE。" +
				"送达告知书（notify）前须签发事先告知书，送达（serve）前须签发行政处罚决定书，查封扣押（seize）前须签发查封扣押决定书，结案（close）前须签发结案审批表。"
			o.Body, o.Resp = app.DocumentIssue{}, app.DocumentView{}
		}),
		with(op("POST", "/documents/{id}/correct", app.PermHandleCases, "更正文书", s.apiCorrectDocument), func(o *kit.APIOp) {
			o.Desc = "对已签发的文书制作更正文书（新的草稿，引用原文书）。原文书保留；更正文书签发后，原文书状态变为已更正。须说明更正事由。"
			o.Body, o.Resp, o.Status = app.DocumentCorrect{}, app.DocumentView{}, http.StatusCreated
		}),
		with(op("GET", "/documents/{id}/html", app.PermStaff, "文书 HTML（签发文本或草稿预览）", s.apiDocumentHTML), func(o *kit.APIOp) {
			o.Desc = "已签发的文书返回签发时固定的 HTML（调阅证据，记入调阅记录）；草稿返回预览（标注“草稿”，身份证号脱敏）。"
			o.Query, o.RespType = []kit.APIParam{reason}, "text/html"
		}),
		with(op("GET", "/documents/{id}/pdf", app.PermStaff, "文书 PDF", s.apiDocumentPDF), func(o *kit.APIOp) {
			o.Desc = "已签发文书的 PDF（由 Chromium 打印签发的 HTML 生成，A4）。调阅记入调阅记录。服务器未安装 Chromium 时返回 503（code EUNAVAILABLE），可改用 HTML 打印。"
			o.Query, o.RespType = []kit.APIParam{reason}, "application/pdf"
		}),
	}
}

func (s *Handlers) apiCaseDocuments(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.CaseDocuments(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) apiCreateDocument(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.DocumentCreate
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.CreateDocument(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

func (s *Handlers) apiDocument(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Document(r.Context(), id)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiSaveDocument(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.DocumentInput
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.SaveDocument(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiIssueDocument(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.DocumentIssue
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.IssueDocument(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusOK, v, err)
}

func (s *Handlers) apiCorrectDocument(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	var in app.DocumentCorrect
	if err := kit.DecodeJSON(w, r, &in); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.CorrectDocument(r.Context(), id, in)
	kit.APIReply(w, r, http.StatusCreated, v, err)
}

// documentHTML returns the document's HTML: the issued text (access-logged) or, for a
// draft, its preview.
func (s *Handlers) documentHTML(r *http.Request, id int64) ([]byte, *app.DocumentView, error) {
	return s.App.DocumentHTML(r.Context(), id, strings.TrimSpace(r.URL.Query().Get("reason")))
}

// documentCSP is the policy of a document's HTML: its own inline style and nothing else
// (no script, no fetch); it may be framed by the workspace's own pages.
const documentCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

func (s *Handlers) apiDocumentHTML(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	b, _, err := s.documentHTML(r, id)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	kit.WriteDocumentHTML(w, b, "sandbox; "+documentCSP)
}

// pdfUnavailable is the message when the server cannot print PDFs.
const pdfUnavailable = "本服务器未安装 Chromium，暂时无法生成 PDF。请打开文书的打印视图，使用浏览器“打印”（可选择“另存为 PDF”）。"

// documentPDF prints the issued document; the error is ErrNoChromium when the server
// has no Chromium.
func (s *Handlers) documentPDF(r *http.Request, id int64) ([]byte, *app.DocumentView, error) {
	return s.App.DocumentPDF(r.Context(), id, strings.TrimSpace(r.URL.Query().Get("reason")))
}

func (s *Handlers) apiDocumentPDF(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	pdf, v, err := s.documentPDF(r, id)
	if errors.Is(err, document.ErrNoChromium) {
		kit.WriteJSON(w, http.StatusServiceUnavailable, map[string]any{"error": kit.APIError{Code: "EUNAVAILABLE", Message: pdfUnavailable}})
		return
	}
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	writePDF(w, pdf, v)
}

func writePDF(w http.ResponseWriter, pdf []byte, v *app.DocumentView) {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="document-`+strconv.FormatInt(v.ID, 10)+`.pdf"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pdf)
}

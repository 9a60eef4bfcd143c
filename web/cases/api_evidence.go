package cases

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"zhifa"
	"zhifa/app/evidence"
	"zhifa/web/kit"
)

// Evidence uploads are multipart/form-data, read as a stream with mime/multipart: the
// metadata fields come first and are read into memory (a few KiB at most), then the
// part "file" is handed to the app as a reader, so a file of any size passes through
// in bounded memory. The request body is capped at the size limit plus uploadOverhead
// for the framing and the fields. Fields after the file part are not read.

// readAPIUpload reads the fields of a multipart evidence upload of the API, up to its
// file part, after refusing early (before a large body is read) an actor who may not
// upload. It returns the evidence input and the file's content, limited to the
// configured size; on error it has answered and ok is false. The caller closes up.File.
func (s *Handlers) readAPIUpload(w http.ResponseWriter, r *http.Request) (up *kit.EvidenceUpload, in evidence.EvidenceInput, content io.Reader, ok bool) {
	if err := s.App.Evidence().EvidenceUploadAllowed(r.Context()); err != nil {
		kit.WriteError(w, r, err)
		return nil, in, nil, false
	}
	maxSize := s.App.Evidence().MaxEvidenceSize()
	up, err := kit.ReadEvidenceUpload(w, r, maxSize)
	if err == nil && up.File == nil {
		err = kit.APIInvalid("file", "请选择要上传的文件（表单字段 file，置于其他字段之后）")
	}
	if err == nil {
		if in, err = kit.EvidenceInputOf(up.Values, up.File); err != nil {
			up.File.Close()
		}
	}
	if err != nil {
		kit.WriteError(w, r, err)
		return nil, in, nil, false
	}
	return up, in, &kit.UploadReader{R: up.Content(), TooBig: kit.TooLargeError(maxSize)}, true
}

// APIUploadEvidence handles POST /api/v1/evidence.
func (s *Handlers) APIUploadEvidence(w http.ResponseWriter, r *http.Request) {
	up, in, content, ok := s.readAPIUpload(w, r)
	if !ok {
		return
	}
	defer up.File.Close()
	v, err := s.App.Evidence().UploadEvidence(r.Context(), in, content)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", kit.APIPrefix+"/evidence/"+kit.ID64(v.ID))
	kit.WriteJSON(w, http.StatusCreated, newEvidenceDoc(v))
}

// EvidenceDoc is an evidence file's metadata as the API answers it, with links to its
// content, its access log and the proof of its ledger entry.
type EvidenceDoc struct {
	*evidence.EvidenceView
	Links EvidenceLinks `json:"links"`
}

// EvidenceLinks are the addresses of an evidence file's resources.
type EvidenceLinks struct {
	Content string `json:"content"`
	Access  string `json:"access"`
	// Proof is the inclusion proof of the ledger entry, once a checkpoint covers it.
	Proof string `json:"proof,omitempty"`
	// Entry is the ledger entry's bundle (C2SP tlog-tiles), once a checkpoint covers it.
	Entry string `json:"entry,omitempty"`
}

func newEvidenceDoc(v *evidence.EvidenceView) *EvidenceDoc {
	base := kit.APIPrefix + "/evidence/" + kit.ID64(v.ID)
	d := &EvidenceDoc{EvidenceView: v, Links: EvidenceLinks{Content: base + "/content", Access: base + "/access"}}
	if v.Ledger.Covered {
		d.Links.Proof = fmt.Sprintf("%s/ledger/proof/inclusion?index=%d", kit.APIPrefix, v.Ledger.Index)
		d.Links.Entry = "/staff/ledger/" + strconv.FormatInt(v.Ledger.Index, 10)
	}
	return d
}

// EvidenceDocList is one page of evidence.
type EvidenceDocList struct {
	Evidence []*EvidenceDoc `json:"evidence"`
	Total    int            `json:"total"`
}

// evidenceFilterOf reads the evidence list filters.
func evidenceFilterOf(q *kit.APIQuery) zhifa.EvidenceFilter {
	f := zhifa.EvidenceFilter{AgencyID: q.ID("agency_id"), Query: q.Text("q"), Page: q.Page(kit.APIMaxLimit)}
	if k := zhifa.EvidenceKind(q.Text("kind")); k != "" {
		if !k.Valid() {
			q.Errs.Add("kind", "证据类别无效")
		}
		f.Kind = k
	}
	return f
}

func (s *Handlers) APIEvidenceList(w http.ResponseWriter, r *http.Request) {
	q := kit.NewAPIQuery(r)
	f := evidenceFilterOf(q)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Evidence().EvidenceList(r.Context(), f)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	out := &EvidenceDocList{Evidence: []*EvidenceDoc{}, Total: list.Total}
	for _, v := range list.Evidence {
		out.Evidence = append(out.Evidence, newEvidenceDoc(v))
	}
	kit.WriteJSON(w, http.StatusOK, out)
}

func (s *Handlers) APIEvidence(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	v, err := s.App.Evidence().Evidence(r.Context(), id)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	kit.WriteJSON(w, http.StatusOK, newEvidenceDoc(v))
}

func (s *Handlers) APIEvidenceAccess(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	q := kit.NewAPIQuery(r)
	p := q.Page(kit.APIMaxLimit)
	if err := q.Err(); err != nil {
		kit.WriteError(w, r, err)
		return
	}
	list, err := s.App.Evidence().EvidenceAccess(r.Context(), id, p)
	kit.APIReply(w, r, http.StatusOK, list, err)
}

func (s *Handlers) APIEvidenceContent(w http.ResponseWriter, r *http.Request) {
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	s.serveEvidenceContent(w, r, id, func(err error) { kit.WriteError(w, r, err) })
}

// serveEvidenceContent serves an evidence file's content with range support (so video
// can be scrubbed), after the app has logged the read: ?reason= is the reason of the
// read (required of supervisors), ?download=1 asks for a download rather than inline
// display. The ETag is the SHA-256 of the content. fail answers errors.
func (s *Handlers) serveEvidenceContent(w http.ResponseWriter, r *http.Request, id int64, fail func(error)) {
	q := r.URL.Query()
	obj, e, err := s.App.Evidence().OpenEvidence(r.Context(), id, q.Get("reason"))
	if err != nil {
		if r.Context().Err() != nil {
			return // the client went away (a player often cancels a request); nothing was read
		}
		fail(err)
		return
	}
	defer obj.Close()
	name := "evidence-" + kit.ID64(e.ID) + evidence.EvidenceFileExt(e.MIME)
	disposition := "inline"
	if q.Get("download") == "1" {
		disposition = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", e.MIME)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	w = &idleWriter{ResponseWriter: w, rc: http.NewResponseController(w)}
	h.Set("ETag", `"`+e.SHA256+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	// Evidence is confidential and every read is logged: nothing keeps a copy.
	h.Set("Cache-Control", "private, no-store")
	if e.MIME != "application/pdf" {
		// Opened by itself, the file runs no script (the types accepted run none anyway).
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'")
	}
	http.ServeContent(w, r, name, e.UploadedAt, obj)
}

// idleWriter extends the connection's write deadline while a response is written.
type idleWriter struct {
	http.ResponseWriter
	rc   *http.ResponseController
	next time.Time
}

func (w *idleWriter) Write(p []byte) (int, error) {
	if now := time.Now(); now.After(w.next) {
		_ = w.rc.SetWriteDeadline(now.Add(kit.TransferIdle))
		w.next = now.Add(time.Second)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *idleWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

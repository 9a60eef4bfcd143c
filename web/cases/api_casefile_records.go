package cases

import (
	"mime"
	"net/http"
	"strings"

	"zhifa"
	"zhifa/web/kit"
)

// caseRecordUpload is the answer to a record uploaded with its file.
type caseRecordUpload struct {
	Record   *zhifa.Record `json:"record"`
	Evidence *EvidenceDoc  `json:"evidence"`
}

// APIAddCaseRecord handles POST /api/v1/cases/{id}/records. A JSON body links a record,
// optionally to evidence uploaded before (app.RecordInput); a multipart/form-data body
// uploads the file (the part "file", after the other fields) and links it as a record
// of the case in one call, with the upload checks of POST /api/v1/evidence (size
// limit, accepted types, content matching the declared type).
func (s *Handlers) APIAddCaseRecord(w http.ResponseWriter, r *http.Request) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		s.apiAddRecord(w, r)
		return
	}
	id, err := kit.APIID(r, "id")
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	up, in, content, ok := s.readAPIUpload(w, r)
	if !ok {
		return
	}
	defer up.File.Close()
	rec, ev, err := s.App.UploadCaseEvidence(r.Context(), id, strings.TrimSpace(up.Values.Get("act")), in, content)
	if err != nil {
		kit.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", kit.APIPrefix+"/evidence/"+kit.ID64(ev.ID))
	kit.WriteJSON(w, http.StatusCreated, &caseRecordUpload{Record: rec, Evidence: newEvidenceDoc(ev)})
}

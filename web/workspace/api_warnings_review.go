package workspace

import (
	"net/http"

	"zhifa/app"
	"zhifa/web/kit"
)

// CaseWarningList is the case warnings of the actor's scope (app.CaseWarnings).
type CaseWarningList struct {
	Warnings []app.Warning `json:"warnings"`
	Total    int           `json:"total"`
}

// APICaseWarnings answers GET /api/v1/warnings/cases: the legal-review, transfer and
// filing warnings in the actor's scope (REQUIREMENTS E5, G3, F6, H4).
func (s *Handlers) APICaseWarnings(w http.ResponseWriter, r *http.Request) {
	list, err := s.App.CaseWarnings(r.Context())
	if list == nil {
		list = []app.Warning{}
	}
	kit.APIReply(w, r, http.StatusOK, CaseWarningList{Warnings: list, Total: len(list)}, err)
}

package web

import (
	"net/http"

	"zhifa/web/kit"

	"zhifa/app"
)

// caseWarningList is the case warnings of the actor's scope (app.CaseWarnings).
type caseWarningList struct {
	Warnings []app.Warning `json:"warnings"`
	Total    int           `json:"total"`
}

// apiCaseWarnings answers GET /api/v1/warnings/cases: the legal-review, transfer and
// filing warnings in the actor's scope (REQUIREMENTS E5, G3, F6, H4).
func (s *Server) apiCaseWarnings(w http.ResponseWriter, r *http.Request) {
	list, err := s.App.CaseWarnings(r.Context())
	if list == nil {
		list = []app.Warning{}
	}
	kit.APIReply(w, r, http.StatusOK, caseWarningList{Warnings: list, Total: len(list)}, err)
}

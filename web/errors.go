package web

import (
	"encoding/json"
	"net/http"
	"net/url"

	"zhifa"
)

// statusOf maps a domain error code to its HTTP status, in this one place.
func statusOf(err error) int {
	switch zhifa.ErrorCode(err) {
	case zhifa.EINVALID:
		return http.StatusUnprocessableEntity
	case zhifa.ENOTFOUND:
		return http.StatusNotFound
	case zhifa.EFORBIDDEN:
		return http.StatusForbidden
	case zhifa.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case zhifa.ECONFLICT:
		return http.StatusConflict
	case zhifa.EGATE:
		return http.StatusUnprocessableEntity
	default:
		return http.StatusInternalServerError
	}
}

// apiError is the JSON error body: {"error": {"code", "message", "fields", "rule"}}.
type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Rule    string            `json:"rule,omitempty"`
}

// writeError answers err as JSON with its status. Internal errors are logged, not shown.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	body := apiError{Code: zhifa.ErrorCode(err), Message: zhifa.ErrorMessage(err), Fields: zhifa.ErrorFields(err)}
	var e *zhifa.Error
	if ok := asError(err, &e); ok {
		body.Rule = e.Rule
	}
	writeJSON(w, statusOf(err), map[string]any{"error": body})
}

func asError(err error, target **zhifa.Error) bool {
	e, ok := err.(*zhifa.Error)
	if ok {
		*target = e
		return true
	}
	type unwrapper interface{ Unwrap() error }
	if u, ok := err.(unwrapper); ok && u.Unwrap() != nil {
		return asError(u.Unwrap(), target)
	}
	return false
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

package kit

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"zhifa"
)

// StatusOf maps a domain error code to its HTTP status, in this one place.
func StatusOf(err error) int {
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

// APIError is the JSON error body: {"error": {"code", "message", "fields", "rule"}}.
type APIError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Rule    string            `json:"rule,omitempty"`
}

// WriteError answers err as JSON with its status. An internal error is
// logged with its cause, which the answer never shows (issue 16).
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	body := APIError{Code: zhifa.ErrorCode(err), Message: zhifa.ErrorMessage(err), Fields: zhifa.ErrorFields(err)}
	var e *zhifa.Error
	if asError(err, &e) {
		body.Rule = e.Rule
	}
	if body.Code == zhifa.EINTERNAL {
		loggerOf(r.Context()).ErrorContext(r.Context(), "api request failed",
			"method", r.Method, "path", r.URL.Path, "err", err)
	}
	WriteJSON(w, StatusOf(err), map[string]any{"error": body})
}

// asError is errors.As for the domain error: it finds an *zhifa.Error
// anywhere in err's tree, also inside errors.Join and multi-%w wraps.
func asError(err error, target **zhifa.Error) bool {
	return errors.As(err, target)
}

type loggerKey struct{}

// WithLogger returns ctx carrying the server's logger, for helpers such as
// writeError that have no *Server.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// loggerOf returns the logger in ctx, or slog's default.
func loggerOf(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// WriteJSON writes v as JSON with the status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

func URLQueryEscape(s string) string { return url.QueryEscape(s) }

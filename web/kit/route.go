package kit

import (
	"context"
	"net"
	"net/http"
	"strconv"

	"zhifa/app"
)

// from shared.go
// apiPrefix is the path prefix of the JSON API.
// APIPrefix is the path prefix of the JSON API.
const APIPrefix = "/api/v1"

// from shared.go
// apiOp is one API route: its registration, its handler and what the OpenAPI document
// says about it. The route table in apiOps is the single source of both, so a route
// cannot be served without being documented.
type APIOp struct {
	Route
	Handler http.HandlerFunc
	// Desc is the longer Chinese description of the operation.
	Desc string
	// Query lists the query parameters.
	Query []APIParam
	// Body is a value of the JSON request body's type; nil for none.
	Body any
	// Upload marks a multipart/form-data request with the file in the part "file".
	Upload bool
	// Form, for an upload, is a value of the type whose JSON fields are the other form
	// fields; FileDesc describes the file. Without them the file is an import file.
	Form     any
	FileDesc string
	// Files, for a JSON body, names the repeated part of the multipart/form-data
	// alternative that carries the body's fields as form fields and files (FilesDesc).
	Files, FilesDesc string
	// Status is the success status; 0 means 200.
	Status int
	// Resp is a value of the JSON success response's type; nil for none (204) or for
	// a non-JSON response, see RespType.
	Resp any
	// RespType is the media type of a non-JSON success response, e.g. "text/csv".
	RespType string
}

// from shared.go
// apiParam documents a query parameter.
type APIParam struct {
	Name string
	Type string // "integer", "string" or "boolean"
	Desc string
}

// from shared.go
// apiReply answers v with status, or err.
func APIReply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		WriteError(w, r, err)
		return
	}
	WriteJSON(w, status, v)
}

// from shared.go
func APIPublicCtx(r *http.Request) context.Context {
	return app.WithActor(r.Context(), APIPublicActor(r))
}

// from shared.go
// queryID reads a positive ID from the query string.
func QueryID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	return id, err == nil && id > 0
}

// from shared.go
// publicContext is the request's context with the anonymous public as the actor, so
// that portal pages show what the public sees even to a logged-in user.
func PublicContext(r *http.Request) context.Context {
	return app.WithActor(r.Context(), &app.Actor{IP: ClientIP(r)})
}

// from shared.go
// Route is one registered route and the permission it declares. The permission is what
// the route needs at least; the app method checks role and scope in full.
type Route struct {
	Method  string
	Pattern string
	Perm    app.Permission
	// API routes answer JSON and take bearer tokens; the others are HTML pages with cookies.
	API     bool
	Summary string // Chinese, one line; for the API it is the OpenAPI summary
}

// from shared.go
type TokenKey struct{}

// from shared.go
// sessionToken returns the token the request authenticated with, if any.
func SessionToken(r *http.Request) string {
	t, _ := r.Context().Value(TokenKey{}).(string)
	return t
}

// from shared.go
// sessionCookie names the browser session cookie.
const SessionCookie = "zhifa_session"

// from shared.go
// apiPublicActor is the anonymous public: the public endpoints answer the same to
// everyone, whether or not a token came with the request.
func APIPublicActor(r *http.Request) *app.Actor { return &app.Actor{IP: ClientIP(r)} }

// from shared.go
// clientIP is the client address of the request (see Server.clientAddr).
func ClientIP(r *http.Request) string {
	if a, ok := r.Context().Value(ClientAddrKey{}).(string); ok {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// from shared.go
type ClientAddrKey struct{}

// Common query parameters.
var (
	qLimit    = APIParam{"limit", "integer", "每页条数，1–200，默认50"}
	qOffset   = APIParam{"offset", "integer", "跳过的条数，默认0"}
	QQuery    = APIParam{"q", "string", "关键词"}
	QAgencyID = APIParam{"agency_id", "integer", "所属机关ID"}
	Paging    = []APIParam{qLimit, qOffset}
	// QFormat asks a list for a file instead of JSON (issue #12).
	QFormat = APIParam{"format", "string", "xlsx 或 csv：以文件（XLSX 工作簿或 UTF-8 CSV）返回全部符合筛选条件的记录，忽略分页；" +
		"超过1000条时返回 EINVALID，请增加筛选条件；导出记入审计日志"}
)

// Package web serves the three faces of zhifa over net/http: the staff workspace, the
// public portal and the JSON API. Handlers parse input, call one app method and render
// the answer; every authorization decision is the app's.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"zhifa"
	"zhifa/app"
	"zhifa/app/execution"
	"zhifa/web/kit"
)

// Options configure the server.
type Options struct {
	Logger *slog.Logger
	// HTTPS marks the deployment as served over HTTPS (usually by a reverse proxy):
	// cookies are Secure and responses carry Strict-Transport-Security.
	HTTPS bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client.
	// Without them the client is the connection's peer.
	TrustedProxies []netip.Prefix
	// BodyTimeout bounds the arrival of a small request body; 0 means DefaultBodyTimeout.
	BodyTimeout time.Duration
}

// Server is the HTTP handler of zhifa.
type Server struct {
	*kit.Kit
	opts    Options
	mux     *http.ServeMux
	routes  []kit.Route
	handler http.Handler
}

// New returns the server with every route registered.
func New(a *app.App, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.BodyTimeout <= 0 {
		opts.BodyTimeout = DefaultBodyTimeout
	}
	s := &Server{Kit: &kit.Kit{App: a, Log: opts.Logger, HTTPS: opts.HTTPS}, opts: opts, mux: http.NewServeMux()}
	s.Handle, s.ResolveActor, s.Kit.Routes = s.handle, s.resolveActor, s.Routes
	s.registerAPI()
	s.registerPages()
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(denyCrossOrigin))
	s.handler = s.recoverer(s.secure(cop.Handler(s.mux)))
	return s
}

// Routes returns every registered route.
func (s *Server) Routes() []kit.Route { return append([]kit.Route(nil), s.routes...) }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// handle registers a route with its declared permission. The actor is resolved before h
// runs (bearer token for API routes, session cookie for pages); a route that needs a login
// answers 401 (API) or redirects to the login page (pages) for the public.
func (s *Server) handle(rt kit.Route, h http.HandlerFunc) {
	s.routes = append(s.routes, rt)
	s.mux.HandleFunc(rt.Method+" "+rt.Pattern, func(w http.ResponseWriter, r *http.Request) {
		actor, token := s.ResolveActor(r, rt.API)
		ctx := app.WithActor(r.Context(), actor)
		ctx = context.WithValue(ctx, kit.TokenKey{}, token)
		r = r.WithContext(ctx)
		if hasSmallBody(r) {
			defer s.smallBody(w, r)()
		}
		if rt.Perm != app.PermPublic && !actor.LoggedIn() {
			if rt.API {
				kit.WriteError(w, r, zhifa.Errorf(zhifa.EUNAUTHORIZED, "请先登录"))
			} else {
				http.Redirect(w, r, "/login?next="+kit.URLQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			}
			return
		}
		if rt.Perm == app.PermStaff && !actor.Can(app.PermStaff) {
			// A narrow role (the social supervisor, issue 14) is no staff member: the
			// staff routes refuse it here, whether or not their use case checks.
			if rt.API {
				kit.WriteError(w, r, zhifa.Forbidden())
			} else {
				s.Fail(w, r, zhifa.Forbidden())
			}
			return
		}
		h(w, r)
	})
}

// resolveActor finds the actor of a request: a bearer token on API routes, the session
// cookie on pages. Invalid credentials leave the public actor.
func (s *Server) resolveActor(r *http.Request, api bool) (*app.Actor, string) {
	ip := kit.ClientIP(r)
	public := &app.Actor{IP: ip}
	ctx := app.WithActor(r.Context(), public)
	var token, kind string
	if api {
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			token, kind = strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), zhifa.SessionAPI
		}
	} else if c, err := r.Cookie(kit.SessionCookie); err == nil {
		token, kind = c.Value, zhifa.SessionUI
	}
	if token == "" {
		return public, ""
	}
	if api && execution.IsChannelToken(token) { // a bank's or treasury's payment channel (issue 15)
		if actor, err := s.App.Execution().AuthenticateChannel(ctx, token); err == nil {
			return actor, token
		}
		return public, ""
	}
	actor, err := s.App.Authenticate(ctx, token, kind)
	if err != nil {
		return public, ""
	}
	return actor, token
}

// recoverer turns a panic into a logged 500, so one bad request cannot take the server down,
// and gives the handlers the server's logger in the request context (see loggerOf).
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				http.Error(w, "系统内部错误", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r.WithContext(kit.WithLogger(r.Context(), s.Log)))
	})
}

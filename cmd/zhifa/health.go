package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"zhifa"
	"zhifa/app"
)

// Health checks for a load balancer or orchestrator (issue #11). /healthz is liveness:
// the process serves HTTP, and it needs no database, so that an outage of the database
// does not get every server restarted. /readyz is readiness: the store answers and its
// schema is at this binary's version — it fails while migrations are pending or being
// applied (by this or another instance) and while the database is unreachable, so the
// load balancer sends no traffic then.

// readiness is what a store offers to the readiness check (sqlstore.DB.Ready).
type readiness interface {
	Ready(ctx context.Context) error
}

func registerHealth(mux *http.ServeMux, a *app.App, log *slog.Logger) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := storeReady(ctx, a); err != nil {
			log.Warn("readiness check", "err", err)
			plain(w, http.StatusServiceUnavailable, "unavailable")
			return
		}
		plain(w, http.StatusOK, "ok")
	})
}

// storeReady asks the store whether it can serve; a store without a readiness check
// must at least open a read transaction.
func storeReady(ctx context.Context, a *app.App) error {
	if s, ok := a.Store().(readiness); ok {
		return s.Ready(ctx)
	}
	return a.Store().View(ctx, func(zhifa.Tx) error { return nil })
}

func plain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintln(w, body)
}

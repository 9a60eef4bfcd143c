// Package kit is the request plumbing every web context uses: the route and API-operation
// types with their OpenAPI metadata, page rendering with the embedded templates and static
// files, the mapping of domain errors to HTTP statuses, request decoding, forms, flash
// messages and redirects, paging, exports and the people and phone helpers.
//
// A context package (web/cases, web/personnel, …) holds the pages and API handlers of one
// bounded context as methods on its own handler type, which embeds *Kit; the route table
// in package web lists every context's registration in one place.
package kit

import (
	"log/slog"
	"net/http"

	"zhifa/app"
)

// Kit is what every handler shares: the use cases, the logger and the deployment flags
// that shape a response.
type Kit struct {
	App *app.App
	Log *slog.Logger
	// HTTPS marks cookies Secure (the deployment is served over HTTPS).
	HTTPS bool
	// Handle registers a route in the server's one route table with its declared
	// permission (set by web.New); a context uses it for the routes it registers itself.
	Handle func(Route, http.HandlerFunc)
	// ResolveActor finds the actor of a request by its bearer token (api) or session
	// cookie (set by web.New), for a public route that answers more to a known user.
	ResolveActor func(r *http.Request, api bool) (*app.Actor, string)
	// Routes returns the routes registered so far (set by web.New), for the pages that
	// link to the other pages of an object the actor may open.
	Routes func() []Route
}

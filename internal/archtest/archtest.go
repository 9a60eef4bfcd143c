// Package archtest checks the dependency direction of the module
// (issue 16): each package belongs to a layer and imports only from layers
// below it (and, among the libraries, from other libraries):
//
//	zhifa (domain)  ←  libraries (law, workday, idcode, statute, ledger,
//	blob, casefile, document, …)  ←  app/kernel  ←  app/<context>  ←  app
//	←  sqlstore, web/…, demo  ←  cmd/…
//
// The bounded contexts (app/publicity, app/supervision, app/execution, …) import the
// shared kernel and never each other nor app itself; app wires them together.
//
// The web layer is split the same way: web/kit (the request plumbing) ←
// web/<context> (the pages and API of one context) ← web (the server, its
// middleware and the one route table). A web context imports the kit and the
// use-case layer, never another web context; only web itself imports them.
//
// Nothing but cmd imports web; nothing imports cmd. The statutory and
// ledger packages (law, workday, idcode, statute, ledger) reach nothing of
// HTTP or SQL, not even through a dependency; database/sql/driver, which
// the domain uses for its Valuer types, is interfaces only and allowed.
// internal/… is test tooling: it may import anything, and only tests and
// other tooling may import it. A top-level package that the table below
// does not name is taken to be a library.
//
// The check is the test in this package; Check is exported for it.
package archtest

import (
	"fmt"
	"sort"
	"strings"
)

// Package is what Check needs of `go list -json`.
type Package struct {
	ImportPath string
	Imports    []string // direct, without test files
	Deps       []string // transitive, without test files
}

// Layers, lowest first.
const (
	layerDomain = iota
	layerLibrary
	layerKernel     // app/kernel: the shared kernel of the use-case layer
	layerContext    // app/<context>: one bounded context each
	layerApp        // app: the composition root (wiring of the contexts), identity, ledger, workspace
	layerWebKit     // web/kit: the request plumbing of every web context
	layerWebContext // web/<context>: the pages and API handlers of one context
	layerAdapter    // stores, web (server and route table), demo seeding
	layerCmd
	layerTooling // internal/…: outside the order
)

var layerNames = map[int]string{
	layerDomain: "domain", layerLibrary: "library", layerKernel: "kernel", layerContext: "bounded context", layerApp: "app",
	layerWebKit: "web kit", layerWebContext: "web context",
	layerAdapter: "adapter (sqlstore/web/demo)", layerCmd: "cmd", layerTooling: "internal tooling",
}

// pure are the packages that hold statutory rules and the ledger: pure
// functions of their inputs.
var pure = []string{"law", "workday", "idcode", "statute", "ledger"}

// forbiddenInPure are the import paths (and their sub-packages, for those
// ending in "/") that the pure packages must not reach.
// (The module's own sqlstore and web are kept out by the layers.)
var forbiddenInPure = []string{"net/http", "net/http/", "database/sql", "github.com/jackc/",
	"modernc.org/sqlite", "github.com/pressly/goose/"}

// layerOf returns the layer of a package of module mod.
func layerOf(mod, path string) int {
	if path == mod {
		return layerDomain
	}
	rel := strings.TrimPrefix(path, mod+"/")
	top, _, _ := strings.Cut(rel, "/")
	switch top {
	case "app":
		switch {
		case rel == "app":
			return layerApp
		case rel == "app/kernel" || strings.HasPrefix(rel, "app/kernel/"):
			return layerKernel
		}
		return layerContext
	case "web":
		switch {
		case rel == "web":
			return layerAdapter
		case rel == "web/kit" || strings.HasPrefix(rel, "web/kit/"):
			return layerWebKit
		}
		return layerWebContext
	case "sqlstore", "demo":
		return layerAdapter
	case "cmd", "e2e":
		return layerCmd
	case "internal":
		return layerTooling
	}
	return layerLibrary
}

// Check returns one message per import that runs against the direction,
// sorted; none means the layout holds.
func Check(mod string, pkgs []Package) []string {
	var bad []string
	inModule := func(p string) bool { return p == mod || strings.HasPrefix(p, mod+"/") }
	for _, p := range pkgs {
		from := layerOf(mod, p.ImportPath)
		for _, imp := range p.Imports {
			if !inModule(imp) {
				continue
			}
			to := layerOf(mod, imp)
			switch {
			case to == layerTooling && from != layerTooling:
				bad = append(bad, fmt.Sprintf("%s imports %s: internal/ is test tooling, not for production code", p.ImportPath, imp))
			case from == layerTooling:
			case (to == layerWebKit || to == layerWebContext) && from == layerAdapter && p.ImportPath != mod+"/web":
				bad = append(bad, fmt.Sprintf("%s imports %s: only the web server imports the web packages", p.ImportPath, imp))
			case to > from || (to == from && from != layerLibrary):
				bad = append(bad, fmt.Sprintf("%s (%s) imports %s (%s): imports must run down the layers domain ← library ← kernel ← context ← app ← web kit ← web context ← sqlstore/web/demo ← cmd",
					p.ImportPath, layerNames[from], imp, layerNames[to]))
			}
		}
		if isPure(mod, p.ImportPath) {
			for _, d := range p.Deps {
				if forbidden(d) {
					bad = append(bad, fmt.Sprintf("%s depends on %s: statutory rules and the ledger must not reach HTTP or SQL", p.ImportPath, d))
				}
			}
		}
	}
	sort.Strings(bad)
	return bad
}

func isPure(mod, path string) bool {
	for _, p := range pure {
		if path == mod+"/"+p || strings.HasPrefix(path, mod+"/"+p+"/") {
			return true
		}
	}
	return false
}

func forbidden(dep string) bool {
	for _, f := range forbiddenInPure {
		if dep == f || (strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f)) {
			return true
		}
	}
	return false
}

package app

import "zhifa/app/catalog"

// The catalog context files its rule changes with the justice bureau through the App
// (filing_benchmark.go) until filing is a context of its own.
var _ catalog.RuleFiler = (*App)(nil)

// Catalog is the catalog context: enforcement items, discretion benchmarks and the four
// lists (app/catalog).
func (a *App) Catalog() *catalog.Service { return a.catalog }

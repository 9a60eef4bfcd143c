package app

import "zhifa/app/catalog"

// Catalog is the catalog context: enforcement items, discretion benchmarks and the four
// lists (app/catalog).
func (a *App) Catalog() *catalog.Service { return a.catalog }

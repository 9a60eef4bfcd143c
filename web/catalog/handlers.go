// Package catalog serves the catalog: the enforcement items (执法事项) with their versions, the discretion benchmarks, the statute library, and the portal's public pages of items.
package catalog

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

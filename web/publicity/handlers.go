// Package publicity serves publicity (行政执法公示): the decisions and notices published on the portal, their withdrawal, and the annual report on enforcement.
package publicity

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

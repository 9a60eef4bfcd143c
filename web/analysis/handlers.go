// Package analysis serves the analysis of the enforcement record: the warnings found in the data and the findings a supervisor draws from them.
package analysis

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

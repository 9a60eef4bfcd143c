// Package supervision serves the justice bureau's supervision: complaints and reports from the public, the case-file evaluation, fault accountability and the list of outstanding problems.
package supervision

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

// Package assessment serves the 评议考核 of the enforcement agencies: the scheme, the year's
// inputs, the assessment runs with their adjustments, approval and publication, and the
// published results on the portal.
package assessment

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

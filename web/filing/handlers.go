// Package filing serves the filing of major decisions with the justice bureau (备案审查): the agency's filings and the bureau's review of them.
package filing

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

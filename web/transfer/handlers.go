// Package transfer serves the transfer of cases (案件移送): to the judicial authorities for a suspected crime and to the competent agency, with the receipt and the follow-up.
package transfer

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

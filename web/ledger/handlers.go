// Package ledger serves the tamper-evident ledger and what rests on it: the public ledger check (checkpoints, keys, tiles), the audit log, and the electronic seals with their verification.
package ledger

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

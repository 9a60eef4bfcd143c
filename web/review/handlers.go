// Package review serves legal review (法制审核) of major decisions: the review queue and page, the reviewers' pools, the catalog of major decisions and the review materials.
package review

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

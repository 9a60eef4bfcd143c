// Package workspace serves the staff workspace around the cases: the dashboard, the to-do list, notifications, statistics with their charts, the case warnings, the working-day calendar and the import of officers and items.
package workspace

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

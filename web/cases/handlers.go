// Package cases serves the cases and everything shown on the case page: the case list and page, the case steps, documents and their approval by the head, evidence and audio-visual recording, the case file, the property held in a case and the execution of the decision (the case page composes their sections, so they live together).
package cases

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

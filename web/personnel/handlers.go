// Package personnel serves personnel: the enforcement agencies, their officers with certificates, training and photos, the user accounts, and the portal's public pages of agencies and officers with the certificate check.
package personnel

import "zhifa/web/kit"

// Handlers serves the context's pages and API operations over the shared kit.
type Handlers struct{ *kit.Kit }

// New returns the context's handlers over k.
func New(k *kit.Kit) *Handlers { return &Handlers{Kit: k} }

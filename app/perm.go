package app

import "zhifa/app/kernel"

// Permission names a capability (see kernel.Permission).
type Permission = kernel.Permission

// Permissions: the kernel's, under their familiar names.
const (
	PermPublic           = kernel.PermPublic
	PermStaff            = kernel.PermStaff
	PermManageAgencies   = kernel.PermManageAgencies
	PermManageUsers      = kernel.PermManageUsers
	PermManageOfficers   = kernel.PermManageOfficers
	PermRecordTraining   = kernel.PermRecordTraining
	PermManageCatalog    = kernel.PermManageCatalog
	PermReadPersonalData = kernel.PermReadPersonalData
	PermReadAudit        = kernel.PermReadAudit
	PermSupervise        = kernel.PermSupervise
	PermHandleCases      = kernel.PermHandleCases
	PermRecordEvidence   = kernel.PermRecordEvidence
	PermReadAccessLog    = kernel.PermReadAccessLog
	PermReviewCases      = kernel.PermReviewCases
	PermRecordRemarks    = kernel.PermRecordRemarks
	PermAccount          = kernel.PermAccount
)

// require returns EUNAUTHORIZED for the public and EFORBIDDEN for a user without p.
func require(actor *Actor, p Permission) error { return kernel.Require(actor, p) }

package kernel

import "zhifa"

// Permission names a capability. Every route of the web layer declares one, and every
// use case checks its own with Can; the web layer only uses Can to decide what to show.
type Permission string

// Permissions.
const (
	PermPublic           Permission = "public"          // anyone, without login
	PermStaff            Permission = "staff"           // any logged-in user, within scope
	PermManageAgencies   Permission = "manage_agencies" // create and edit agencies
	PermManageUsers      Permission = "manage_users"    // accounts
	PermManageOfficers   Permission = "manage_officers" // officers, certificates, yearly reviews
	PermRecordTraining   Permission = "record_training" // training records
	PermManageCatalog    Permission = "manage_catalog"  // enforcement items
	PermReadPersonalData Permission = "read_personal"   // unmasked 身份证号 and phone, audited
	PermReadAudit        Permission = "read_audit"      // the audit log
	PermSupervise        Permission = "supervise"       // warnings across agencies
	// PermHandleCases files cases and acts on the cases of the actor's own agency
	// (officers and heads; steps that need a head's approval check the role, see cases.go).
	PermHandleCases    Permission = "handle_cases"
	PermRecordEvidence Permission = "record_evidence" // upload evidence, in an enforcement agency
	PermReadAccessLog  Permission = "read_access_log" // who read which evidence, when and why
	// PermReviewCases gives legal-review opinions on the cases assigned to the reviewer
	// (法制审核, E1–E4) and lists the reviewer's queue.
	PermReviewCases Permission = "review_cases"
	// PermRecordRemarks records a social supervisor's remarks (伴随执法, issue 14, F5)
	// while their appointment by the justice bureau runs; their role has nothing else,
	// not even PermStaff.
	PermRecordRemarks Permission = "record_remarks"
	// PermAccount is a user's own account: the workspace home, the password, the logout.
	// Every role of a person holds it; the staff routes (PermStaff) refuse a role
	// without PermStaff, such as the social supervisor's.
	PermAccount Permission = "account"
)

var rolePerms = map[zhifa.Role][]Permission{
	zhifa.RoleAdmin:      {PermAccount, PermStaff, PermManageAgencies, PermManageUsers, PermManageOfficers, PermRecordTraining, PermManageCatalog, PermReadPersonalData, PermReadAudit, PermSupervise, PermRecordEvidence, PermReadAccessLog},
	zhifa.RoleSupervisor: {PermAccount, PermStaff, PermReadPersonalData, PermReadAudit, PermSupervise, PermReadAccessLog},
	zhifa.RoleHead:       {PermAccount, PermStaff, PermRecordTraining, PermReadPersonalData, PermSupervise, PermRecordEvidence, PermReadAccessLog, PermHandleCases},
	zhifa.RoleReviewer:   {PermAccount, PermStaff, PermReviewCases},
	zhifa.RoleOfficer:    {PermAccount, PermStaff, PermRecordEvidence, PermHandleCases},

	zhifa.RoleSocialSupervisor: {PermAccount, PermRecordRemarks},
}

// Can reports whether the actor holds the permission. It says nothing about scope: the
// use case checks the object's agency as well.
func (a *Actor) Can(p Permission) bool {
	if p == PermPublic {
		return true
	}
	if !a.LoggedIn() {
		return false
	}
	for _, q := range rolePerms[a.Role] {
		if q == p {
			return true
		}
	}
	return false
}

// Require returns EUNAUTHORIZED for the public and EFORBIDDEN for a user without p.
func Require(actor *Actor, p Permission) error {
	if actor.Can(p) {
		return nil
	}
	if !actor.LoggedIn() {
		return zhifa.Errorf(zhifa.EUNAUTHORIZED, "请先登录")
	}
	return zhifa.Forbidden()
}

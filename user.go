package zhifa

import "time"

// Role is what a user does in the system (REQUIREMENTS "Users").
type Role string

// Roles.
const (
	RoleAdmin      Role = "admin"
	RoleOfficer    Role = "officer"
	RoleReviewer   Role = "reviewer"
	RoleHead       Role = "head"
	RoleSupervisor Role = "supervisor"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleReviewer, RoleHead, RoleSupervisor, RoleSocialSupervisor}

// Label is the Chinese name of the role.
func (r Role) Label() string {
	return map[Role]string{RoleAdmin: "系统管理员", RoleOfficer: "执法人员", RoleReviewer: "法制审核人员", RoleHead: "机关负责人", RoleSupervisor: "执法监督人员",
		RoleSocialSupervisor: "社会监督员"}[r]
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.Label() != "" }

// User is an account. It belongs to exactly one agency.
type User struct {
	ID           int64     `json:"id"`
	Login        string    `json:"login"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	AgencyID     int64     `json:"agency_id"`
	OfficerID    int64     `json:"officer_id,omitempty"` // the officer record of this person, if any
	PasswordHash string    `json:"-"`
	FailedLogins int       `json:"-"`
	LockedUntil  time.Time `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session kinds.
const (
	SessionUI  = "ui"  // browser cookie
	SessionAPI = "api" // bearer token
)

// Session is a logged-in session; only the SHA-256 of its token is stored.
type Session struct {
	TokenHash string
	UserID    int64
	Kind      string
	CreatedAt time.Time
	LastSeen  time.Time
	IP        string
}

// AuditEntry is one line of the append-only audit log: every write and every read of
// personal data, who, when, what, from where and whether it succeeded.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id,omitempty"`
	Login      string    `json:"login"`
	AgencyID   int64     `json:"agency_id,omitempty"`
	Action     string    `json:"action"` // e.g. "officer.create", "officer.read_pii"
	Object     string    `json:"object"` // e.g. "officer/12"
	IP         string    `json:"ip"`
	Success    bool      `json:"success"`
	Detail     string    `json:"detail"`
	ObjectPath string    `json:"-"` // agency path of the object, for scoped reading
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	UnderPath string // agency subtree of the actor or object
	Action    string
	Object    string
	Page
}

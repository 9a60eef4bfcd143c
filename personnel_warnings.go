package zhifa

// OfficerCertificate is an active officer with its current certificate (Tx.CertificateWarnings):
// Cert is nil when the officer has none; it carries what the warning needs (ID,
// OfficerID, State, ValidFrom and ValidUntil).
type OfficerCertificate struct {
	OfficerID int64
	Officer   string
	AgencyID  int64
	Cert      *Certificate
}

// OfficerTraining is an active officer with its training hours of a year
// (Tx.TrainingShortfalls).
type OfficerTraining struct {
	OfficerID int64
	Officer   string
	AgencyID  int64
	Hours     float64
}

// AgencyStaff is the number of active officers and legal reviewers of an agency
// (Tx.AgencyStaffing; A3).
type AgencyStaff struct {
	AgencyID  int64
	Officers  int
	Reviewers int
}

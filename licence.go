package zhifa

import (
	"context"
	"time"
)

// Licence decisions (行政许可决定) received from an agency's licensing system (issue 13,
// REQUIREMENTS C3, C6): the system does not issue licences, it publishes and counts them.
// The rules are in law/licence.go, the use cases in app/publicity/licence.go.

// PubLicence is the publication category of a licence decision (行政许可法第四十条).
const PubLicence PublicationCategory = "licence"

// LicenceDecision is the kind of a licence decision.
type LicenceDecision string

// Licence decision kinds (行政许可法第三十八条、第四十九条、第五十条、第八条、第六十九条、第七十条).
const (
	LicenceGrant  LicenceDecision = "grant"  // 准予行政许可
	LicenceRefuse LicenceDecision = "refuse" // 不予行政许可
	LicenceChange LicenceDecision = "change" // 准予变更
	LicenceRenew  LicenceDecision = "renew"  // 准予延续
	LicenceRecall LicenceDecision = "recall" // 撤回行政许可
	LicenceRevoke LicenceDecision = "revoke" // 撤销行政许可
	LicenceCancel LicenceDecision = "cancel" // 注销行政许可
)

// LicenceDecisions lists the kinds in the order the report shows them.
var LicenceDecisions = []LicenceDecision{LicenceGrant, LicenceRefuse, LicenceChange, LicenceRenew, LicenceRecall,
	LicenceRevoke, LicenceCancel}

// Label is the Chinese name of the kind ("" for an unknown one).
func (d LicenceDecision) Label() string {
	return map[LicenceDecision]string{LicenceGrant: "准予行政许可", LicenceRefuse: "不予行政许可",
		LicenceChange: "准予变更", LicenceRenew: "准予延续", LicenceRecall: "撤回行政许可",
		LicenceRevoke: "撤销行政许可", LicenceCancel: "注销行政许可"}[d]
}

// ParseLicenceDecision accepts a kind by its code or its Chinese name (imports use the
// name).
func ParseLicenceDecision(s string) (LicenceDecision, bool) {
	for _, d := range LicenceDecisions {
		if s == string(d) || s == d.Label() || s+"行政许可" == d.Label() || "准予"+s == d.Label() {
			return d, true
		}
	}
	return "", false
}

// Licence is one licence decision as the licensing system sent it. The applicant is a
// party like a case's: a natural person's 身份证号 is personal data, encrypted at rest and
// masked in every answer (IDMasked); a legal person has its 统一社会信用代码 and legal
// representative. Source and SourceID identify the record in the licensing system: the
// same record delivered twice is one licence, a changed one a correction (Version up,
// the earlier digest kept in LicenceRevision).
type Licence struct {
	ID         int64           `json:"id"`
	AgencyID   int64           `json:"agency_id"`
	AgencyPath string          `json:"-"`
	AgencyName string          `json:"agency_name"`
	ItemID     int64           `json:"item_id"`
	ItemName   string          `json:"item_name"`
	Number     string          `json:"number"`
	Decision   LicenceDecision `json:"decision"`
	Applicant  Party           `json:"applicant"`
	// LegalRep is a legal person's legal representative (法定代表人).
	LegalRep   string `json:"legal_rep,omitempty"`
	Content    string `json:"content"`
	ValidFrom  Date   `json:"valid_from,omitempty"`
	ValidUntil Date   `json:"valid_until,omitempty"`
	DecidedOn  Date   `json:"decided_on"`
	Office     string `json:"office"`
	// Revokes is the number of the earlier decision of the agency this one recalls,
	// revokes or cancels ("" for none).
	Revokes  string `json:"revokes,omitempty"`
	Source   string `json:"source"`
	SourceID string `json:"source_id"`
	// Digest is the SHA-256 of the record's canonical form: a re-delivery with the same
	// digest changes nothing.
	Digest    string    `json:"-"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// LicenceRevision is an earlier state of a corrected licence: its version, the digest of
// what was received then, the fields the correction changed and when.
type LicenceRevision struct {
	Version  int       `json:"version"`
	Digest   string    `json:"digest"`
	Changed  []string  `json:"changed"`
	Received time.Time `json:"received"`
}

// LicenceFilter selects the licences of an agency subtree for the staff list: an agency,
// a decision kind, a range of decision dates, a 决定文书号; newest first after the keyset
// cursor After.
type LicenceFilter struct {
	AgencyPath string
	AgencyID   int64
	Decision   LicenceDecision
	From, To   Date
	Number     string
	After      int64
	Limit      int
}

// LicenceStore keeps the licence decisions received (publicity context, issue 13,
// migration 00046).
type LicenceStore interface {
	// AddLicence inserts l, setting ID, Version and the timestamps; a second record
	// with the agency's number or source record is ECONFLICT.
	AddLicence(ctx context.Context, l *Licence) error
	// UpdateLicence saves a correction of l if its Version is current, records rev as
	// the earlier state, and increments Version.
	UpdateLicence(ctx context.Context, l *Licence, rev LicenceRevision) error
	Licence(ctx context.Context, id int64) (*Licence, error)
	// LicenceBySource and LicenceByNumber find an agency's licence by its source record
	// or its 决定文书号; ENOTFOUND without one.
	LicenceBySource(ctx context.Context, agencyID int64, source, sourceID string) (*Licence, error)
	LicenceByNumber(ctx context.Context, agencyID int64, number string) (*Licence, error)
	Licences(ctx context.Context, f LicenceFilter) ([]*Licence, error)
	LicenceRevisions(ctx context.Context, licenceID int64) ([]LicenceRevision, error)
	// PublicationOfLicence returns the publication of a licence decision.
	PublicationOfLicence(ctx context.Context, licenceID int64) (*Publication, error)
}

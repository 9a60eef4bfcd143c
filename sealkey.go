package zhifa

import (
	"context"
	"time"
)

// The electronic seal (电子印章) of an agency (issue 12; REQUIREMENTS D3): a signing
// key with a certificate naming the agency, issued by the deployment's seal CA, used to
// sign every PDF the agency issues.

// SealKeyState is where a seal key is in its life.
type SealKeyState string

// The states of a seal key: the agency's one active key signs; a rotation retires it
// (its earlier signatures stay valid); a revocation withdraws it (a signature made after
// the revocation is invalid, one recorded in the ledger before it stays valid).
const (
	SealActive  SealKeyState = "active"
	SealRetired SealKeyState = "retired"
	SealRevoked SealKeyState = "revoked"
)

// Label is the state's Chinese name.
func (s SealKeyState) Label() string {
	switch s {
	case SealActive:
		return "在用"
	case SealRetired:
		return "已停用"
	case SealRevoked:
		return "已吊销"
	}
	return string(s)
}

// SealKey is one seal key of an agency.
type SealKey struct {
	ID       int64  `json:"id"`
	AgencyID int64  `json:"agency_id"`
	Agency   string `json:"agency"` // the agency's name on the certificate
	// Algorithm is "sm2" or "rsa3072" (package seal).
	Algorithm string `json:"algorithm"`
	// Fingerprint is the SHA-256 of the certificate's DER in hex: the seal's name in the
	// ledger and on the portal.
	Fingerprint string    `json:"fingerprint"`
	Certificate []byte    `json:"-"` // DER
	NotBefore   time.Time `json:"not_before"`
	NotAfter    time.Time `json:"not_after"`
	// WrappedKey is the private key encrypted under the seal CA (never shown).
	WrappedKey   []byte       `json:"-"`
	State        SealKeyState `json:"state"`
	CreatedAt    time.Time    `json:"created_at"`
	CreatedBy    int64        `json:"-"`
	EndedAt      *time.Time   `json:"ended_at,omitempty"` // retired or revoked
	RevokeReason string       `json:"revoke_reason,omitempty"`
	LedgerIndex  int64        `json:"ledger_index"`
}

// SealUse records that an issued document's PDF was signed with a seal key: the
// signed file's SHA-256 (what a verifier looks up) and the seal.use ledger entry.
type SealUse struct {
	DocumentID  int64     `json:"document_id"`
	SealKeyID   int64     `json:"seal_key_id"`
	PDFSHA256   string    `json:"pdf_sha256"`
	LedgerIndex int64     `json:"ledger_index"`
	SealedAt    time.Time `json:"sealed_at"`
}

// SealKeyFilter selects seal keys by keyset, newest first: AgencyID 0 for every agency;
// AfterID 0 for the first page, else the keys older than it; Limit bounds the page.
type SealKeyFilter struct {
	AgencyID int64
	AfterID  int64
	Limit    int
}

// SealStore keeps the agencies' seal keys and the seals' uses (migration 00030).
type SealStore interface {
	// CreateSealKey inserts k, setting ID; a second active key of one agency is ECONFLICT.
	CreateSealKey(ctx context.Context, k *SealKey) error
	// EndSealKey moves an active or retired key to state to (retired or revoked) at at
	// with reason; a key not in an allowed state is ECONFLICT.
	EndSealKey(ctx context.Context, id int64, to SealKeyState, at time.Time, reason string) error
	SealKey(ctx context.Context, id int64) (*SealKey, error)
	// SealKeyByFingerprint finds a key by its certificate's fingerprint (ENOTFOUND).
	SealKeyByFingerprint(ctx context.Context, fingerprint string) (*SealKey, error)
	// ActiveSealKey is the agency's active key (ENOTFOUND without one).
	ActiveSealKey(ctx context.Context, agencyID int64) (*SealKey, error)
	SealKeys(ctx context.Context, f SealKeyFilter) ([]*SealKey, error)
	CreateSealUse(ctx context.Context, u *SealUse) error
	// SealUseByPDF finds the use whose signed PDF has the SHA-256 (ENOTFOUND).
	SealUseByPDF(ctx context.Context, sha256 string) (*SealUse, error)
	// SealUseOfDocument finds the use of a seal on the document (ENOTFOUND when unsealed).
	SealUseOfDocument(ctx context.Context, documentID int64) (*SealUse, error)
}

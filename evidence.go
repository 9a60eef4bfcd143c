package zhifa

import (
	"context"
	"time"
)

// EvidenceKind classifies an evidence file (记录, D1): a document, a photo, an audio or
// a video record, or something else.
type EvidenceKind string

// Evidence kinds.
const (
	EvidenceDocument EvidenceKind = "document" // 文书
	EvidencePhoto    EvidenceKind = "photo"    // 照片
	EvidenceAudio    EvidenceKind = "audio"    // 录音
	EvidenceVideo    EvidenceKind = "video"    // 录像
	EvidenceOther    EvidenceKind = "other"    // 其他
)

// EvidenceKinds lists the kinds in display order.
var EvidenceKinds = []EvidenceKind{EvidenceVideo, EvidencePhoto, EvidenceAudio, EvidenceDocument, EvidenceOther}

// Label is the Chinese name of the kind.
func (k EvidenceKind) Label() string {
	return map[EvidenceKind]string{EvidenceDocument: "文书", EvidencePhoto: "照片", EvidenceAudio: "录音", EvidenceVideo: "录像", EvidenceOther: "其他"}[k]
}

// Valid reports whether k is a known kind.
func (k EvidenceKind) Valid() bool { return k.Label() != "" }

// IsAV reports whether the kind is an audio/video or photo record, which keeps device,
// officer, time and place (D2).
func (k EvidenceKind) IsAV() bool {
	return k == EvidencePhoto || k == EvidenceAudio || k == EvidenceVideo
}

// Evidence is one evidence file (证据 / 音像记录, D1–D3): its metadata as recorded on
// upload. The bytes live in blob storage under SHA256; the ledger entry at LedgerIndex
// holds the same metadata and both hashes. Evidence is never changed or deleted: the
// table rejects UPDATE and DELETE by trigger on both engines.
type Evidence struct {
	ID int64 `json:"id"`
	// AgencyID is the agency the evidence belongs to: the uploader's.
	AgencyID int64        `json:"agency_id"`
	Kind     EvidenceKind `json:"kind"`
	Title    string       `json:"title"`
	MIME     string       `json:"mime"`
	Size     int64        `json:"size"`
	// SHA256 and SM3 are the content's digests in lower-case hex.
	SHA256 string `json:"sha256"`
	SM3    string `json:"sm3"`
	// CapturedAt is when the content was recorded (拍摄/录制时间), whole seconds.
	CapturedAt time.Time `json:"captured_at"`
	// DeviceID names the recording device, e.g. the body camera's serial (执法记录仪编号).
	DeviceID string `json:"device_id"`
	// OfficerIDs are the officers who recorded it, ascending.
	OfficerIDs []int64 `json:"officer_ids"`
	// Place is where it was recorded, as text; Lat and Lng optionally locate it (WGS 84).
	Place string   `json:"place"`
	Lat   *float64 `json:"lat,omitempty"`
	Lng   *float64 `json:"lng,omitempty"`
	// CaseRef is a free-text case reference (案号) until evidence is attached to cases.
	CaseRef    string    `json:"case_ref"`
	UploadedAt time.Time `json:"uploaded_at"`
	UploadedBy int64     `json:"uploaded_by"` // user ID
	// LedgerIndex is the index of the "evidence.add" ledger entry that records it.
	LedgerIndex int64 `json:"ledger_index"`
}

// EvidenceFilter selects evidence, newest upload first.
type EvidenceFilter struct {
	UnderPath string // agency subtree
	AgencyID  int64
	Kind      EvidenceKind
	Query     string // title or case reference, substring
	Page
}

// AccessLog is one read of an evidence file's content (调阅, D4): who, when, from where
// and why. The log is append-only: the table rejects UPDATE and DELETE by trigger.
type AccessLog struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id,omitempty"` // 0 for a system actor
	Login      string    `json:"login"`
	EvidenceID int64     `json:"evidence_id"`
	Reason     string    `json:"reason"` // 调阅事由; required of supervisors
	IP         string    `json:"ip"`
}

// EvidenceStore persists evidence metadata and the access log of evidence reads.
type EvidenceStore interface {
	// CreateEvidence inserts e, setting ID. e.LedgerIndex must name the entry appended
	// for it in the same transaction; each entry records at most one evidence row.
	CreateEvidence(ctx context.Context, e *Evidence) error
	Evidence(ctx context.Context, id int64) (*Evidence, error)
	// EvidenceList returns one page of matching evidence, newest upload first, and the
	// total count.
	EvidenceList(ctx context.Context, f EvidenceFilter) ([]*Evidence, int, error)
	// AddAccess appends l to the access log, setting ID, and At when zero.
	AddAccess(ctx context.Context, l *AccessLog) error
	// AccessLogs returns one page of the reads of an evidence file, newest first, and
	// their total count.
	AccessLogs(ctx context.Context, evidenceID int64, p Page) ([]*AccessLog, int, error)
}

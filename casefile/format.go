// Package casefile is the sealed case file (案卷, REQUIREMENTS D3): a zip archive that
// holds a case's history, records and evidence files together with the ledger proofs
// that make it verifiable offline, by anyone, without access to the system. It knows
// nothing of the database or HTTP: the app writes case files with Writer, and Verify
// (behind "zhifa verify --casefile") checks one with nothing but the file and,
// optionally, a verifier key obtained independently.
//
// # Layout
//
//	manifest.json      the case summary, every event and record in order with who and
//	                   when, every evidence file with its SHA-256 and SM3, and the
//	                   canonical bytes of every ledger entry these rest on
//	files/NAME         the evidence files (including issued documents), as stored
//	proofs/INDEX.json  the inclusion proof of ledger entry INDEX in both trees (SHA-256
//	                   and SM3) of the checkpoint
//	seal.json          the "casefile.export" ledger entry appended by the export: it
//	                   holds the SHA-256 and SM3 of manifest.json, so the manifest
//	                   cannot change without breaking the seal's proof
//	checkpoint.txt     the signed checkpoint (C2SP signed note) every proof leads to
//	verifier.key       the log's verifier key(s), one per line (Ed25519, then SM2)
//
// Nothing else may be in the archive; every name appears once.
//
// # What is checked
//
// Verify checks the checkpoint's signature; every entry's proof against both roots of
// the checkpoint; the seal against manifest.json; every file's size and both hashes
// against the manifest and against the digests of the entry that recorded it
// ("evidence.add", or "document.issue" for an issued document); every opening against
// its entry's salted commitment, a committed field then counting as the entry's own in
// what follows; and every fact of the
// manifest that an entry attests (the case number and kind, each event's action and
// stages, each record's kind, title, act and evidence, who acted) against that entry.
package casefile

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"time"
)

// Format is the value of Manifest.Format this package writes. Format 2 adds the openings
// of the entries' committed fields (Entry.Openings); Verify reads FormatV1 files too.
const (
	Format   = "zhifa-casefile/2"
	FormatV1 = "zhifa-casefile/1"
)

// Member names.
const (
	ManifestName   = "manifest.json"
	SealName       = "seal.json"
	CheckpointName = "checkpoint.txt"
	KeyName        = "verifier.key"
	ProofDir       = "proofs/"
	FileDir        = "files/"
)

// SealKind is the ledger entry kind of a case-file export; its hash named SealHash is
// the digest of manifest.json.
const (
	SealKind = "casefile.export"
	SealHash = ManifestName
)

// EvidenceKind is the kind of the ledger entry that records an uploaded evidence file;
// its hash named EvidenceHash (as that of any entry that records a file) is the digest
// of the content.
const (
	EvidenceKind = "evidence.add"
	EvidenceHash = "content"
)

// Manifest is manifest.json.
type Manifest struct {
	Format string `json:"format"`
	// Origin is the ledger's origin (the checkpoint's first line).
	Origin     string    `json:"origin"`
	ExportedAt time.Time `json:"exported_at"`
	// ExportedBy is the ledger actor of the export ("user/12") and its login.
	ExportedBy      string   `json:"exported_by"`
	ExportedByLogin string   `json:"exported_by_login"`
	Reason          string   `json:"reason,omitempty"`
	Case            Case     `json:"case"`
	Events          []Event  `json:"events"`
	Records         []Record `json:"records"`
	Files           []File   `json:"files"`
	// Entries are the ledger entries the manifest rests on, by index.
	Entries []Entry `json:"entries"`
}

// Case is the case summary. LedgerIndex is its "case.open" entry.
type Case struct {
	ID          int64     `json:"id"`
	Number      string    `json:"number"`
	AgencyID    int64     `json:"agency_id"`
	Agency      string    `json:"agency"`
	Kind        string    `json:"kind"`
	KindLabel   string    `json:"kind_label"`
	Procedure   string    `json:"procedure"`
	ItemCode    string    `json:"item_code"`
	ItemName    string    `json:"item_name"`
	Parties     []Party   `json:"parties"`
	Facts       string    `json:"facts"`
	Stage       string    `json:"stage"`
	StageLabel  string    `json:"stage_label"`
	Outcome     string    `json:"outcome"`
	FiledOn     string    `json:"filed_on"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	LedgerIndex *int64    `json:"ledger_index"`
}

// Party is a party of the case, personal data masked.
type Party struct {
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	IDMasked   string `json:"id_masked,omitempty"`
	CreditCode string `json:"credit_code,omitempty"`
}

// Event is one step of the case's history. LedgerIndex is its entry, nil if none was
// found (Verify reports that).
type Event struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	Action      string    `json:"action"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	ActorID     int64     `json:"actor_id"`
	Actor       string    `json:"actor"`
	ApproverID  int64     `json:"approver_id,omitempty"`
	Approver    string    `json:"approver,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Detail      string    `json:"detail,omitempty"`
	LedgerIndex *int64    `json:"ledger_index"`
}

// Record is one record of the case (document, A/V record, photo). File names its
// evidence file in the archive.
type Record struct {
	ID             int64     `json:"id"`
	Kind           string    `json:"kind"`
	Title          string    `json:"title"`
	Act            string    `json:"act"`
	EvidenceID     int64     `json:"evidence_id,omitempty"`
	File           string    `json:"file,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedBy      int64     `json:"created_by"`
	CreatedByLogin string    `json:"created_by_login,omitempty"`
	LedgerIndex    *int64    `json:"ledger_index"`
}

// File is one evidence file in the archive (Name, under files/).
type File struct {
	Name        string    `json:"name"`
	EvidenceID  int64     `json:"evidence_id"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	MIME        string    `json:"mime"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	SM3         string    `json:"sm3"`
	CapturedAt  time.Time `json:"captured_at"`
	LedgerIndex int64     `json:"ledger_index"`
}

// Entry is a ledger entry: its index and canonical bytes (valid UTF-8 JSON, kept as a
// string so that they read back byte for byte).
type Entry struct {
	Index int64  `json:"index"`
	Kind  string `json:"kind"`
	Data  string `json:"data"`
	// Openings are the plaintext and salt of every field the entry commits to
	// (ledger entry format 2): Verify checks each against the entry's commitment.
	Openings []Opening `json:"openings,omitempty"`
}

// Opening is the value and salt (lowercase hex) of one committed field of an entry.
type Opening struct {
	Field string `json:"field"`
	Salt  string `json:"salt"`
	Value string `json:"value"`
}

// Seal is seal.json: the export's own ledger entry.
type Seal struct {
	Index int64  `json:"index"`
	Data  string `json:"data"`
}

// ProofName is the member holding the inclusion proof of entry index.
func ProofName(index int64) string { return ProofDir + strconv.FormatInt(index, 10) + ".json" }

// FileName is the member name of an evidence file: its ID, the start of its SHA-256
// and the extension of its type, e.g. "files/12-3f9a2b7c.jpg".
func FileName(evidenceID int64, sha256Hex, ext string) string {
	short := sha256Hex
	if len(short) > 8 {
		short = short[:8]
	}
	return fmt.Sprintf("%s%d-%s%s", FileDir, evidenceID, short, ext)
}

// fileNameRE is what a file member's name must look like.
var fileNameRE = regexp.MustCompile(`^files/[0-9]+-[0-9a-f]{1,64}(\.[a-z0-9]{1,8})?$`)

// validFileName reports whether name is a safe member name for an evidence file.
func validFileName(name string) bool {
	return fileNameRE.MatchString(name) && path.Clean(name) == name
}

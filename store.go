package zhifa

import (
	"context"
	"time"
)

// Store is the system's persistence. All reads and writes happen inside a transaction so
// that a business row, its audit line (and later its ledger entry) commit together or not
// at all.
type Store interface {
	// Update runs fn in a read-write transaction; fn's error rolls it back.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	// Engine is "sqlite" or "postgres".
	Engine() string
	Close() error
}

// Tx is one transaction over every store. Lookups of a missing row return an ENOTFOUND
// *Error; unique-key violations return ECONFLICT.
type Tx interface {
	AgencyStore
	UserStore
	OfficerStore
	ItemStore
	AuditStore
	LedgerStore
	EvidenceStore
	WorkdayStore
	CaseStore
	CaseReadStore
	DocumentStore
	CaseFileStore
	ReviewStore
	TransferStore
	FilingStore
	DiscretionStore
	RecordingListStore
	ApprovalStore

	// Supervision context (app/supervision, issue 14): complaints and reports,
	// reconsideration and litigation outcomes, the correction rate.
	SupervisionStore
	// Execution of decisions (app/execution, issue 15).
	ExecutionStore
	// Publicity context (issue 13): the publication queue, the portal's decisions and the
	// agencies' publication rules.
	PublicationStore
	// The workspace: to-do and notifications (issue 12, workspace.go).
	WorkspaceStore
	// The electronic seal (issue 12): agencies' seal keys and their uses.
	SealStore
	// Statistics and pictures (issue #12).

	// CaseStats aggregates the cases and review rounds of an agency subtree over a
	// range of months, each statistic one grouped query over an index range.
	CaseStats(ctx context.Context, f StatsFilter) (*CaseStats, error)
	// SetOfficerPhoto records p as the officer's current photo, replacing any earlier one.
	SetOfficerPhoto(ctx context.Context, p *OfficerPhoto) error
	// OfficerPhoto returns the officer's current photo; ENOTFOUND without one.
	OfficerPhoto(ctx context.Context, officerID int64) (*OfficerPhoto, error)

	// Supervision context (app/supervision, issue 14): case-file evaluation (案卷评查).
	EvaluationStore
	// Publicity context, the annual report (app/report, issue 13): the year's figures
	// aggregated over indexes and the agencies' reports.
	AnnualReportStore

	// Analytic warnings (app/analysis, issue 14, migration 00037).
	// AddCaseFine records the decided fine of a case with its peer group's keys;
	// FinePeers the count and quartiles of the peers a query selects (a bounded range).
	AddCaseFine(ctx context.Context, f CaseFine) error
	FinePeers(ctx context.Context, q FinePeerQuery) (FinePeers, error)
	// AddCaseEnding records an officer's case that ended without a penalty decision;
	// OfficerEndings lists the officer's endings on or after since, newest first.
	AddCaseEnding(ctx context.Context, e CaseEnding) error
	OfficerEndings(ctx context.Context, officerID int64, since Date) ([]CaseEnding, error)
	// PutAnalysisWarning stores a new warning, or refreshes the finding and evidence of
	// the one with the same kind and subject, setting ID and Version.
	PutAnalysisWarning(ctx context.Context, w *AnalysisWarning) error
	AnalysisWarning(ctx context.Context, id int64) (*AnalysisWarning, error)
	AnalysisWarnings(ctx context.Context, f AnalysisFilter) ([]*AnalysisWarning, error)
	// UpdateAnalysisWarning saves the state, reason and deadline; a stale Version is ECONFLICT.
	UpdateAnalysisWarning(ctx context.Context, w *AnalysisWarning) error
	// CountAnalysisWarnings counts the warnings under path not yet closed, by kind.
	CountAnalysisWarnings(ctx context.Context, underPath string) (map[AnalysisKind]int, error)

	// Supervision context (app/supervision, issue 14): fault accountability (过错责任追究)
	// and the prominent-problem list (突出问题清单).
	FaultStore
	ProblemStore

	// Analytic warnings, further kinds (app/analysis, issue 14, migration 00042).
	// IdleItems lists up to limit items of agencies under path with ID above afterID, by
	// ID, held since before heldBefore and without a case filed in sinceMonth or later
	// (B2); ComplaintClusters the groups of at least threshold complaints about one
	// target received on or after since; SetAnalysisWarningProblem links a warning to the
	// problem raised from it.
	IdleItems(ctx context.Context, underPath, sinceMonth string, heldBefore time.Time, afterID int64, limit int) ([]IdleItem, error)
	ComplaintClusters(ctx context.Context, underPath string, since Date, threshold int) ([]*ComplaintCluster, error)
	SetAnalysisWarningProblem(ctx context.Context, warningID, problemID int64) error
	// UnreviewedDecisions lists major penalty decisions (filings) under path whose case
	// has no passed review round; UnrecordedSteps the steps action under path whose case
	// has no A/V record naming act. Both page by the ID above afterID.
	UnreviewedDecisions(ctx context.Context, underPath string, afterID int64, limit int) ([]CaseFinding, error)
	UnrecordedSteps(ctx context.Context, underPath string, action Action, act string, afterID int64, limit int) ([]CaseFinding, error)
	// Publicity context (app/publicity, issue 13, migration 00040): the daily open-data
	// files, the credit-system export and the 公告栏 notice read the publications by the
	// day they were published or withdrawn.
	PublicationEvents(ctx context.Context, f PublicationEventFilter) ([]*Publication, error)
	// Assessment context (app/assessment, issue 14, migration 00041): the assessment of
	// agencies (评议考核) with its schemes, runs and scored inputs.
	AssessmentStore
	// Supervision context (app/supervision, issue 14, socsup): social supervisors
	// (社会监督员), the cases they accompany and their remarks (伴随执法, migration 00043).
	SocialSupervisionStore
	// Ledger write path (issue 11, migration 00038): entries whose index the writer does
	// not need are queued and sequenced after commit, so that PostgreSQL writers take no
	// shared row lock (sqlstore/sequencer.go).
	// QueueLedgerEntry records e in the transaction; its index is assigned when it is
	// sequenced. SQLite, with its single writer, appends it inline. On PostgreSQL the
	// Update that queued entries returns once a sequencer has placed them (or, if the
	// context ends first, the next sequencer round does), so a reader after Update sees
	// them in the ledger and in the case's entries.
	QueueLedgerEntry(ctx context.Context, e *QueuedLedgerEntry) error
	// PendingLedgerEntries returns the committed entries not yet sequenced, in arrival
	// order, with Index the negative arrival number (-1, -2, ...): part of the record, so
	// zhifa verify checks them.
	PendingLedgerEntries(ctx context.Context) ([]*LedgerEntry, error)

	// Publicity context, licence decisions (app/publicity, issue 13, migration 00046):
	// the licence decisions received from the agencies' licensing systems, published and
	// counted.
	LicenceStore
	// Supervision context (app/supervision, issue 14, sup14, migration 00048): remarks
	// raised as prominent problems and the remarks' attachments.
	SocialRemarkExtraStore
	// Assessment context (app/assessment, issue 14, assess4, migration 00047): the steps
	// that needed an A/V record, for the A/V compliance indicator.
	AVStepStore
	// Cases context, the write path of filings and case steps (issue 11, pgw2): the
	// officers a case's gates look at, read in one statement.
	OfficersByID(ctx context.Context, ids ...int64) ([]*Officer, error)
	// The generator's bulk path (zhifa gen, issue 11): copies of cases the application
	// wrote.
	// InsertCaseCopy inserts c as given — stage, outcome, state, clocks, version,
	// creation and update times — with its parties and the rows derived from them, as
	// CreateCase and the UpdateCase calls of its history leave them. It sets c.ID.
	InsertCaseCopy(ctx context.Context, c *Case) error
	// CaseFootprint counts the case's rows in the tables a copy does not carry (review
	// rounds, transfers, filings, obligations, publications, …; a closed case's
	// documents, approvals, notifications and endings are carried), by table; tables
	// without a row are left out.
	CaseFootprint(ctx context.Context, caseID int64) (map[string]int, error)
	// CaseAVSteps returns the case's steps that needed an A/V record (AVStepStore), in
	// the order they were added.
	CaseAVSteps(ctx context.Context, caseID int64) ([]*AVStep, error)
	// The bulk path's closed cases (zhifa gen, issue 11, gen6): a closed case's rows,
	// column by column (CaseRows, CopyMap).
	// CaseTableRows returns the case's rows of the tables a copy of a closed case
	// writes column by column, in the order a copy writes them; tables without a row
	// are left out.
	CaseTableRows(ctx context.Context, caseID int64) ([]*CaseRows, error)
	// InsertCopiedRows writes rows (read by CaseTableRows from the model m maps) as
	// the copy's, every column mapped by its class, and records the new rows' IDs in
	// m.IDs. A value that cannot be mapped is an error.
	InsertCopiedRows(ctx context.Context, rows *CaseRows, m *CopyMap) error
	// ReserveCopiedIDs takes the IDs of the copies of rows before any is written, and
	// records them in m.IDs: a copy's ledger entries name its documents, approvals and
	// publications, and its publications name its entries.
	ReserveCopiedIDs(ctx context.Context, rows *CaseRows, m *CopyMap) error

	// The workspace's warnings (the province supervisor's dashboard, issue 11, dash):
	// AgencyNames returns the names of the agencies with the ids, in one statement,
	// so that a list names the agencies of its rows without reading every agency in
	// scope nor one agency a row; unknown ids are left out.
	AgencyNames(ctx context.Context, ids []int64) (map[int64]string, error)

	// Case writes' reads ahead (issue 11, pgcpu: CPU per case write).
	// Prefetch reads the rows p names, in one round trip on PostgreSQL, and keeps them
	// for the transaction's own reads of them (Agency, ItemByCode, Item, OfficersByID,
	// Certificates, RecordingList and MajorCatalog of version 0, Documents), as a read of them at
	// this point would. It is a hint: it changes no result, and where it saves no round
	// trip (SQLite, a read-only transaction) it does nothing.
	Prefetch(ctx context.Context, p Prefetch) error

	// Personnel warnings read from trigger-kept summaries (issue 11, perswarn; migration
	// 00064), so that they read only the officers they show.
	// CertificateWarnings lists the active officers under underPath whose current
	// certificate (the first Certificates lists) is missing, not valid on today, or
	// ends before horizon, by officer id.
	CertificateWarnings(ctx context.Context, underPath string, today, horizon Date) ([]OfficerCertificate, error)
	// TrainingShortfalls lists, by officer id after the id after, at most limit active
	// officers under underPath whose training hours of year are fewer than minHours.
	TrainingShortfalls(ctx context.Context, underPath string, year int, minHours float64, after int64, limit int) ([]OfficerTraining, error)
	// AgencyStaffing counts the active officers and legal reviewers of each agency under
	// underPath that has any, by agency id.
	AgencyStaffing(ctx context.Context, underPath string) ([]AgencyStaff, error)
}

// Prefetch names the reference rows a case write is about to read (Tx.Prefetch).
type Prefetch struct {
	AgencyID   int64   // the agency, its latest recording list and review catalog
	ItemCode   string  // an item by its code
	ItemID     int64   // an item by its ID
	OfficerIDs []int64 // officers, and their certificates
	CaseID     int64   // a case's documents
}

// QueuedLedgerEntry is a ledger entry appended without its index (Tx.QueueLedgerEntry):
// its canonical bytes, the case it is linked to (0 for none; case_entries with Kind) and
// the openings of its committed fields (their Index is set when it is sequenced).
type QueuedLedgerEntry struct {
	Data     []byte
	At       time.Time
	CaseID   int64
	Kind     string
	Openings []*LedgerOpening
}

// RecordingLevel says whether an act needs an audio/video record under an agency's
// whole-process-recording list (全过程记录清单, REQUIREMENTS B5, D2).
type RecordingLevel string

// Recording levels.
const (
	RecordingRequired    RecordingLevel = "required"    // 应当音像记录: the act is refused without one
	RecordingRecommended RecordingLevel = "recommended" // 根据实际情况音像记录
	RecordingNone        RecordingLevel = "none"        // 文字记录即可
)

// Label is the Chinese name of the level.
func (l RecordingLevel) Label() string {
	return map[RecordingLevel]string{RecordingRequired: "必须音像记录", RecordingRecommended: "建议音像记录", RecordingNone: "文字记录即可"}[l]
}

// Valid reports whether l is a known level.
func (l RecordingLevel) Valid() bool { return l.Label() != "" }

// RecordingAct is one act of a recording list: its level and whether the record must
// cover the whole act (全程) or its key moments (关键环节).
type RecordingAct struct {
	Act          string         `json:"act"` // law.RecordableActs key, e.g. "seize"
	Level        RecordingLevel `json:"level"`
	WholeProcess bool           `json:"whole_process"`
	Note         string         `json:"note,omitempty"`
}

// RecordingList is one version of an agency's whole-process-recording list (B5).
// Versions are append-only; version 0 (never stored) is the statutory default.
type RecordingList struct {
	ID        int64          `json:"id"`
	AgencyID  int64          `json:"agency_id"`
	Version   int            `json:"version"`
	Acts      []RecordingAct `json:"acts"`
	Note      string         `json:"note,omitempty"`
	CreatedBy string         `json:"created_by"`
	CreatedAt time.Time      `json:"created_at"`
	// Template marks a list the agency publishes for the agencies below it: one without
	// its own list inherits it, and an own list may only tighten it (B5). BaseAgencyID
	// and BaseVersion name the template the version was saved under (0 for none).
	Template     bool  `json:"template"`
	BaseAgencyID int64 `json:"base_agency_id,omitempty"`
	BaseVersion  int   `json:"base_version,omitempty"`
}

// RecordingListStore keeps the versions of the agencies' recording lists, append-only.
type RecordingListStore interface {
	// AddRecordingList stores l as the next version of its agency's list: l.Version must
	// be the latest stored version plus one (else ECONFLICT). It sets ID.
	AddRecordingList(ctx context.Context, l *RecordingList) error
	// RecordingList returns a version of the agency's list; version 0 is the latest.
	// ENOTFOUND if there is none.
	RecordingList(ctx context.Context, agencyID int64, version int) (*RecordingList, error)
	// RecordingLists returns every version of the agency's list, newest first.
	RecordingLists(ctx context.Context, agencyID int64) ([]*RecordingList, error)
}

// WorkdayImport is one imported holiday notice (package workday's text format).
type WorkdayImport struct {
	ID         int64     `json:"id"`
	Notice     string    `json:"notice"`
	Years      string    `json:"years"` // e.g. "2027"
	ImportedAt time.Time `json:"imported_at"`
	ImportedBy string    `json:"imported_by"`
}

// WorkdayStore keeps the imported holiday notices, append-only.
type WorkdayStore interface {
	AddWorkdayImport(ctx context.Context, w *WorkdayImport) error
	// WorkdayImports returns every import, oldest first.
	WorkdayImports(ctx context.Context) ([]*WorkdayImport, error)
	// WorkdayImportCount is the number of imports, to tell whether a cached calendar is stale.
	WorkdayImportCount(ctx context.Context) (int, error)
}

// AgencyStore persists agencies.
type AgencyStore interface {
	// CreateAgency inserts a, setting ID, Path and the timestamps.
	CreateAgency(ctx context.Context, a *Agency) error
	// UpdateAgency saves a's fields; the parent cannot change.
	UpdateAgency(ctx context.Context, a *Agency) error
	Agency(ctx context.Context, id int64) (*Agency, error)
	// Agencies returns the agencies whose Path starts with underPath ("" for all), by Path.
	Agencies(ctx context.Context, underPath string) ([]*Agency, error)
}

// UserStore persists accounts and sessions.
type UserStore interface {
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser saves name, role, agency, officer link, password hash, lock state and Disabled.
	UpdateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)
	UserByLogin(ctx context.Context, login string) (*User, error)
	// Users lists the accounts of agencies under underPath, by login.
	Users(ctx context.Context, underPath string) ([]*User, error)

	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, tokenHash string) (*Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteOtherSessions removes every session of the user but the one with keepTokenHash.
	DeleteOtherSessions(ctx context.Context, userID int64, keepTokenHash string) error
	// RecordLoginResult counts a failed login of the user, or clears the count (and any
	// lock) after a successful one. It is its own small write: nothing else of the
	// account changes.
	RecordLoginResult(ctx context.Context, userID int64, ok bool) error
}

// OfficerStore persists officers, certificates, yearly reviews and training.
type OfficerStore interface {
	CreateOfficer(ctx context.Context, o *Officer) error
	UpdateOfficer(ctx context.Context, o *Officer) error
	Officer(ctx context.Context, id int64) (*Officer, error)
	// OfficerByIDNumber finds an officer by 身份证号 (through a keyed blind index).
	OfficerByIDNumber(ctx context.Context, idNumber string) (*Officer, error)
	// Officers returns one page of matching officers, by ID, and the total count.
	Officers(ctx context.Context, f OfficerFilter) ([]*Officer, int, error)

	CreateCertificate(ctx context.Context, c *Certificate) error
	UpdateCertificate(ctx context.Context, c *Certificate) error
	Certificate(ctx context.Context, id int64) (*Certificate, error)
	CertificateByNumber(ctx context.Context, number string) (*Certificate, error)
	// Certificates returns the certificates of the officers, newest first per officer.
	Certificates(ctx context.Context, officerIDs ...int64) ([]*Certificate, error)
	AddCertEvent(ctx context.Context, e *CertEvent) error
	CertEvents(ctx context.Context, certID int64) ([]*CertEvent, error)
	AddAnnualReview(ctx context.Context, r *AnnualReview) error
	AnnualReviews(ctx context.Context, certID int64) ([]*AnnualReview, error)

	AddTraining(ctx context.Context, t *Training) error
	Trainings(ctx context.Context, officerID int64) ([]*Training, error)
	// TrainingTotals sums the hours of the year for every active officer under underPath,
	// including officers with none.
	TrainingTotals(ctx context.Context, underPath string, year int) ([]TrainingTotal, error)
}

// ItemStore persists the enforcement catalog with its versions.
type ItemStore interface {
	// CreateItem inserts i as version 1 and records that version.
	CreateItem(ctx context.Context, i *Item, note string) error
	// UpdateItem saves i as a new version if i.Version is the current one (else ECONFLICT),
	// incrementing i.Version and recording the new version.
	UpdateItem(ctx context.Context, i *Item, note string) error
	Item(ctx context.Context, id int64) (*Item, error)
	ItemByCode(ctx context.Context, code string) (*Item, error)
	Items(ctx context.Context, f ItemFilter) ([]*Item, int, error)
	// ItemVersions returns every version of an item, newest first.
	ItemVersions(ctx context.Context, itemID int64) ([]*ItemVersion, error)
}

// AuditStore appends to and reads the audit log. There is no update or delete.
type AuditStore interface {
	AppendAudit(ctx context.Context, e *AuditEntry) error
	Audit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)

	// AuditChainHead returns the last link of the audit chain; a zero link (Seq 0) if
	// the chain is empty.
	AuditChainHead(ctx context.Context) (AuditLink, error)
	// UnchainedAudit returns up to limit audit rows with ID > afterID that have no chain
	// link yet, by ID.
	UnchainedAudit(ctx context.Context, afterID int64, limit int) ([]*AuditEntry, error)
	// AddAuditLinks appends links to the chain (append-only).
	AddAuditLinks(ctx context.Context, links []AuditLink) error
	// AuditChain returns up to limit links with Seq > afterSeq, by Seq, each with its
	// audit row (Entry nil if the row is gone).
	AuditChain(ctx context.Context, afterSeq int64, limit int) ([]*AuditLink, error)
	// UnlinkedAuditIDs returns up to limit IDs of audit rows with ID <= maxID or a time
	// before before that have no chain link, by ID.
	UnlinkedAuditIDs(ctx context.Context, maxID int64, before time.Time, limit int) ([]int64, error)
	// AddAuditAnchor stores the signed note anchoring the chain's head after link seq.
	AddAuditAnchor(ctx context.Context, seq int64, note []byte, at time.Time) error
	// AuditAnchors returns up to limit anchor notes with seq > afterSeq, by seq.
	AuditAnchors(ctx context.Context, afterSeq int64, limit int) ([]*AuditAnchor, error)
	// CountLoginFailure counts one failed login for an unknown account from ip in the
	// window starting at window, and reports whether it is the window's first.
	CountLoginFailure(ctx context.Context, ip string, window, at time.Time) (first bool, err error)
}

// AuditAnchor is a signed note (ledger.SignAuditHead) anchoring the audit chain's head
// after link Seq.
type AuditAnchor struct {
	Seq       int64
	Note      []byte
	CreatedAt time.Time
}

// AuditLink is one link of the audit chain: the audit row AuditID at position Seq, and
// Hash, SHA-256 of the previous link's hash and the row's canonical bytes.
type AuditLink struct {
	Seq     int64
	AuditID int64
	Hash    []byte
	Entry   *AuditEntry // with AuditChain: the row, nil if it was removed
}

// LedgerStore persists the tamper-evident ledger (package ledger): entries, the stored
// hashes of both Merkle trees and signed checkpoints. Entries are appended in the
// transaction of the business change they record, so a row and its entry commit
// together. Entries, stored hashes and checkpoints are append-only: the tables reject
// UPDATE and DELETE by trigger on both engines.
type LedgerStore interface {
	// AppendLedgerEntry appends canonical entry bytes and returns the entry's index. The
	// index is assigned under the database's own lock, so concurrent transactions, also
	// of other processes, get consecutive indexes without gaps: a transaction that rolls
	// back gives its index to the next one. On PostgreSQL that lock is held to commit, so
	// a writer that does not need the index queues its entry instead (QueueLedgerEntry).
	// LedgerSize and LedgerEntries see the entries placed so far, not queued ones.
	AppendLedgerEntry(ctx context.Context, data []byte, at time.Time) (int64, error)
	// LedgerSize returns the number of entries appended (and committed, as seen by tx).
	LedgerSize(ctx context.Context) (int64, error)
	// LedgerEntries returns the entries with from <= index < to, by index. It returns
	// the rows it finds: a caller that needs every index checks for gaps.
	LedgerEntries(ctx context.Context, from, to int64) ([]*LedgerEntry, error)

	// LedgerIntegrated returns the number of entries whose stored hashes are written
	// (the integrated size). With lock set, in a write transaction, it also locks the
	// integration state until the transaction ends, so that one integrator at a time,
	// in any process, extends the trees.
	LedgerIntegrated(ctx context.Context, lock bool) (int64, error)
	// SetLedgerIntegrated records the new integrated size; it only grows.
	SetLedgerIntegrated(ctx context.Context, size int64) error
	// AddLedgerHashes stores the stored hashes of both trees with stored-hash indexes
	// start, start+1, ...; sha256 and sm3 have the same length.
	AddLedgerHashes(ctx context.Context, start int64, sha256, sm3 [][32]byte) error
	// ReadLedgerHashes returns the stored hashes of both trees with the given indexes,
	// in the same order. A missing index is an error.
	ReadLedgerHashes(ctx context.Context, indexes []int64) (sha256, sm3 [][32]byte, err error)

	// AddCheckpoint stores a signed checkpoint, setting ID and, when zero, CreatedAt.
	AddCheckpoint(ctx context.Context, c *LedgerCheckpoint) error
	// LatestCheckpoint returns the checkpoint stored last; ENOTFOUND if there is none.
	LatestCheckpoint(ctx context.Context) (*LedgerCheckpoint, error)
	// Checkpoints returns up to limit checkpoints with ID > afterID, by ID (oldest first).
	Checkpoints(ctx context.Context, afterID int64, limit int) ([]*LedgerCheckpoint, error)

	// AddLedgerOpenings stores the openings (plaintext and salt) of the committed fields
	// of an entry, in the transaction that appended it.
	AddLedgerOpenings(ctx context.Context, openings []*LedgerOpening) error
	// LedgerOpenings returns the openings of the entries with from <= index < to, by
	// index and field.
	LedgerOpenings(ctx context.Context, from, to int64) ([]*LedgerOpening, error)
	// LedgerEntryAgencies maps the indexes from <= index < to of entries linked to a case
	// to the case's agency.
	LedgerEntryAgencies(ctx context.Context, from, to int64) (map[int64]int64, error)
}

// LedgerOpening is the plaintext and salt of one field a format-2 ledger entry commits
// to (ledger.Commitment): kept in the database, never in the entry.
type LedgerOpening struct {
	Index int64  `json:"index"`
	Field string `json:"field"`
	Salt  []byte `json:"salt"`
	Value string `json:"value"`
}

// LedgerEntry is one stored ledger entry: its index in the log and its canonical bytes
// (package ledger parses them).
type LedgerEntry struct {
	Index     int64     `json:"index"`
	Data      []byte    `json:"data"`
	CreatedAt time.Time `json:"created_at"`
}

// LedgerCheckpoint is a signed checkpoint of the ledger as issued: the tree size it
// covers and the signed note (C2SP signed-note text).
type LedgerCheckpoint struct {
	ID        int64     `json:"id"`
	Size      int64     `json:"size"`
	Note      []byte    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

package zhifa

import "context"

// CaseFileStore reads what a sealed case file (案卷, D3) gathers beyond the case itself:
// the ledger entries of the case and the records that link an evidence file.
type CaseFileStore interface {
	// CaseLedgerEntries returns the ledger entries whose case member is number, by index.
	// The match is on the canonical bytes: the caller parses each entry and checks it.
	CaseLedgerEntries(ctx context.Context, number string) ([]*LedgerEntry, error)
	// EvidenceRecords returns the records of every case that link the evidence, oldest
	// first.
	EvidenceRecords(ctx context.Context, evidenceID int64) ([]*Record, error)
}

package zhifa

// Rows of a closed case for zhifa gen's bulk path (issue 11): the store reads a model
// case's rows of the tables a closed case fills (documents, approvals, notifications,
// review rounds, obligations and payments, decided fines and endings, publications)
// column by column, and writes them again for a copy, each column mapped by the class
// the store gives it (sqlstore's closedCaseColumns): a new ID, a reference through
// another table's map, text with the model's number and party substituted, a digest
// recomputed by the caller, a ledger index through the copy's entries, a code that must
// stay unique, text rendered anew for the copy's party, or a value kept.

// CaseRows are a case's rows of one table.
type CaseRows struct {
	Table   string
	Columns []string
	// Rows hold one value per column, as the database driver returns them.
	Rows [][]any
}

// CopyMap maps a model case's values to its copy's (Tx.InsertCopiedRows).
type CopyMap struct {
	// ModelCase and Case are the model's and the copy's case IDs.
	ModelCase, Case int64
	// IDs map the model's row IDs to the copy's, by table. The caller fills those of
	// the tables written before (evidence, case_records); InsertCopiedRows adds the
	// rows it writes.
	IDs map[string]map[int64]int64
	// Ledger maps the model's ledger indexes to the copy's entries.
	Ledger map[int64]int64
	// Digests map a digest of the model's content to the digest of the copy's: a
	// digest column whose value is not mapped is an error, never a stale digest.
	Digests map[string]string
	// Text substitutes the model's case number, party name and party codes in text.
	Text func(string) string
	// Unique maps a code of the model that must be unique across cases (a payment
	// reference, a receipt number) to the copy's: an unmapped code is an error, never a
	// duplicate.
	Unique map[string]string
	// Rendered maps a value of the model that the copy renders anew rather than
	// substitutes (a publication's public party and code, its redacted draft, its
	// redactions and its public text, made for the copy's party as the publicity context
	// makes them) to the copy's: an empty value stays empty, an unmapped one is an error.
	Rendered map[string]string
}

package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"zhifa"
)

// The store side of zhifa gen's bulk path (issue 11): a generated case written as a copy
// of a case the application wrote through its use cases (app/bulk_copy.go). The copy goes
// through the same statements as the original — CreateCase with its parties, search
// terms, clocks, officers and statistics, AddCaseEvent, AddRecord, CreateEvidence,
// AppendLedgerEntry — so the rows cannot differ in form; only the case row's final
// version and update time, which the original reached through its UpdateCase calls, are
// set here.

// uncopiedTables are the tables holding rows of a case that the bulk path does not
// copy: a case with rows in any of them is no model for a copy (CaseFootprint).
var uncopiedTables = []string{
	"documents", "approval_requests", "notifications", "review_rounds", "case_transfers", "filings",
	"obligations", "publications", "decision_fines", "property_items", "complaints", "reconsiderations",
}

// InsertCaseCopy inserts c as given — stage, outcome, state, clocks, version, creation
// and update times — with its parties and the rows derived from them, as CreateCase and
// the UpdateCase calls of its history leave them. It sets c.ID.
func (t *tx) InsertCaseCopy(ctx context.Context, c *zhifa.Case) error {
	const op = "insert case copy"
	if c.Version < 1 {
		return fmt.Errorf("%s: version %d", op, c.Version)
	}
	if t.stmts == nil {
		// A bulk writer inserts copies by the thousand in one transaction: parse each
		// statement once.
		t.stmts = map[string]*sql.Stmt{}
	}
	version, updated := c.Version, t.stamp(c.UpdatedAt)
	if err := t.CreateCase(ctx, c); err != nil {
		return err
	}
	if version == c.Version && updated.Equal(c.UpdatedAt) {
		return nil
	}
	if _, err := t.exec(ctx, `UPDATE cases SET version = $1, updated_at = $2 WHERE id = $3`, version, updated, c.ID); err != nil {
		return dbErr(err, op, caseMsgs)
	}
	c.Version, c.UpdatedAt = version, updated
	return nil
}

// CaseFootprint counts the case's rows in the tables the bulk path does not copy, by
// table; tables without a row are left out.
func (t *tx) CaseFootprint(ctx context.Context, caseID int64) (map[string]int, error) {
	const op = "case footprint"
	counts := make([]string, len(uncopiedTables))
	for i, table := range uncopiedTables {
		counts[i] = `(SELECT COUNT(*) FROM ` + table + ` WHERE case_id = $1)`
	}
	n := make([]int, len(uncopiedTables))
	dst := make([]any, len(n))
	for i := range n {
		dst[i] = &n[i]
	}
	if err := t.queryRow(ctx, `SELECT `+strings.Join(counts, ", "), caseID).Scan(dst...); err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	out := map[string]int{}
	for i, table := range uncopiedTables {
		if n[i] > 0 {
			out[table] = n[i]
		}
	}
	return out, nil
}

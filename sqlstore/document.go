package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"zhifa"
)

// Documents (migration 00006). Fields are JSON text; an issued document is frozen by the
// documents_frozen trigger on both engines, so a bug above cannot rewrite what was signed.

var docMsgs = errMsgs{conflict: "文书编号已存在", missing: "案件、证据或记录不存在"}

// CreateDocument inserts d, setting ID, Version 1 and the timestamps.
func (t *tx) CreateDocument(ctx context.Context, d *zhifa.Document) error {
	const op = "create document"
	fields, err := docFields(d)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	t.memo.forgetDocuments()
	created := t.stamp(d.CreatedAt)
	d.Version = 1
	err = t.queryRow(ctx, `
		INSERT INTO documents (case_id, agency_id, type, state, number, fields, corrects, version, created_by,
			created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		d.CaseID, d.AgencyID, string(d.Type), string(d.State), d.Number, fields, nullID(d.Corrects), d.Version,
		d.CreatedBy, created, created).Scan(&d.ID)
	if err != nil {
		return dbErr(err, op, docMsgs)
	}
	d.CreatedAt, d.UpdatedAt = created, created
	return nil
}

// UpdateDocument saves d under optimistic locking.
func (t *tx) UpdateDocument(ctx context.Context, d *zhifa.Document) error {
	const op = "update document"
	fields, err := docFields(d)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	t.memo.forgetDocuments()
	now := t.stamp(d.UpdatedAt)
	var issuedAt any
	if !d.IssuedAt.IsZero() {
		issuedAt = d.IssuedAt
	}
	res, err := t.exec(ctx, `
		UPDATE documents SET state = $1, number = $2, fields = $3, corrected_by = $4, evidence_id = $5,
			record_id = $6, sha256 = $7, issued_on = $8, issued_by = $9, issued_at = $10, version = version + 1,
			updated_at = $11, pdf_evidence_id = $14
		WHERE id = $12 AND version = $13`,
		string(d.State), d.Number, fields, nullID(d.CorrectedBy), nullID(d.EvidenceID), nullID(d.RecordID), d.SHA256,
		d.IssuedOn, d.IssuedBy, issuedAt, now, d.ID, d.Version, nullID(d.PDFEvidenceID))
	if err != nil {
		return dbErr(err, op, docMsgs)
	}
	if err := t.versioned(ctx, res, op, "documents", d.ID, "文书", ""); err != nil {
		return err
	}
	d.Version++
	d.UpdatedAt = now
	return nil
}

func docFields(d *zhifa.Document) (string, error) {
	if d.Fields == nil {
		return "{}", nil
	}
	b, err := json.Marshal(d.Fields)
	return string(b), err
}

const docCols = `id, case_id, agency_id, type, state, number, fields, corrects, corrected_by, evidence_id,
	record_id, sha256, issued_on, issued_by, issued_at, version, created_by, created_at, updated_at, pdf_evidence_id`

func scanDocument(s scanner) (*zhifa.Document, error) {
	var d zhifa.Document
	var fields string
	var corrects, correctedBy, evidence, record, pdf sql.NullInt64
	var issuedAt sql.NullTime
	err := s.Scan(&d.ID, &d.CaseID, &d.AgencyID, &d.Type, &d.State, &d.Number, &fields, &corrects, &correctedBy,
		&evidence, &record, &d.SHA256, &d.IssuedOn, &d.IssuedBy, &issuedAt, &d.Version, &d.CreatedBy,
		&d.CreatedAt, &d.UpdatedAt, &pdf)
	if err != nil {
		return nil, err
	}
	d.Corrects, d.CorrectedBy, d.EvidenceID, d.RecordID = idOf(corrects), idOf(correctedBy), idOf(evidence), idOf(record)
	d.PDFEvidenceID = idOf(pdf)
	if issuedAt.Valid {
		d.IssuedAt = issuedAt.Time.UTC()
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	d.Fields = map[string]string{}
	if err := json.Unmarshal([]byte(fields), &d.Fields); err != nil {
		return nil, fmt.Errorf("decode document fields: %w", err)
	}
	return &d, nil
}

// Document returns the document with the id.
func (t *tx) Document(ctx context.Context, id int64) (*zhifa.Document, error) {
	d, err := scanDocument(t.queryRow(ctx, `SELECT `+docCols+` FROM documents WHERE id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get document", "文书")
	}
	return d, nil
}

// documentsQuery is Documents' query: also read ahead (Prefetch).
func documentsQuery(caseID int64) (string, []any) {
	return `SELECT ` + docCols + ` FROM documents WHERE case_id = $1 ORDER BY id`, []any{caseID}
}

// Documents returns the documents of a case, oldest first.
func (t *tx) Documents(ctx context.Context, caseID int64) ([]*zhifa.Document, error) {
	const op = "list documents"
	if docs, ok := t.memo.caseDocuments(caseID); ok { // writepath.go
		return docs, nil
	}
	q, args := documentsQuery(caseID)
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	docs, err := collect(rows, op, scanDocument)
	if err != nil {
		return nil, err
	}
	t.memo.keepDocuments(caseID, docs)
	return docs, nil
}

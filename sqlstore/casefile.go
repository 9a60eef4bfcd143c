package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"zhifa"
	"zhifa/ledger"
)

// CaseLedgerEntries returns the entries whose case member is number, by index: the
// entries whose canonical bytes hold "case":"number" (canonical entries escape quotes
// inside strings, so the fragment matches a member, not part of a value), parsed to
// tell the case member from a meta field of that name.
func (t *tx) CaseLedgerEntries(ctx context.Context, number string) ([]*zhifa.LedgerEntry, error) {
	const op = "read case ledger entries"
	quoted := []byte(`"case":` + canonicalString(number))
	q := `SELECT idx, data, created_at FROM ledger_entries WHERE instr(data, $1) > 0 ORDER BY idx`
	if t.db.engine == EnginePostgres {
		q = `SELECT idx, data, created_at FROM ledger_entries WHERE position($1::bytea IN data) > 0 ORDER BY idx`
	}
	rows, err := t.query(ctx, q, quoted)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	list, err := collect(rows, op, func(s scanner) (*zhifa.LedgerEntry, error) {
		var e zhifa.LedgerEntry
		if err := s.Scan(&e.Index, &e.Data, &e.CreatedAt); err != nil {
			return nil, err
		}
		e.CreatedAt = e.CreatedAt.UTC()
		return &e, nil
	})
	if err != nil {
		return nil, err
	}
	// The fragment also matches a meta field named "case"; keep the entries whose case
	// member it is. A damaged entry is kept: zhifa verify and the case file report it.
	out := list[:0]
	for _, e := range list {
		if p, err := ledger.ParseEntry(e.Data); err != nil || p.Case == number {
			out = append(out, e)
		}
	}
	return out, nil
}

// EvidenceRecords returns the records that link the evidence, oldest first.
func (t *tx) EvidenceRecords(ctx context.Context, evidenceID int64) ([]*zhifa.Record, error) {
	const op = "list evidence records"
	rows, err := t.query(ctx, `
		SELECT id, case_id, kind, title, act, evidence_id, created_at, created_by
		FROM case_records WHERE evidence_id = $1 ORDER BY id`, evidenceID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.Record, error) {
		var r zhifa.Record
		var ev sql.NullInt64
		err := s.Scan(&r.ID, &r.CaseID, &r.Kind, &r.Title, &r.Act, &ev, &r.CreatedAt, &r.CreatedBy)
		r.EvidenceID, r.CreatedAt = idOf(ev), r.CreatedAt.UTC()
		return &r, err
	})
}

// canonicalString quotes s as canonical ledger entries do (RFC 8785): '"' and '\'
// escaped, the short escapes for \b \t \n \f \r, \u00xx for other controls, the rest raw.
func canonicalString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

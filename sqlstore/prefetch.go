package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"zhifa"
)

// Reads ahead (issue 11, CPU per case write).
//
// A filing reads its agency, item, officers, their certificates, the agency's recording
// list and review catalog one statement after another before its gates run, and a case
// step the same and the case's documents after it locks the case: six round trips, each a write and a read
// system call and a wake-up on both sides of the connection, which on this 2-core
// machine cost more of a write's CPU than the reads themselves. None depends on
// another's result, so Prefetch sends them in one pgx pipeline (one round trip, one
// Sync) and keeps what they return in the transaction's memo (writepath.go), where the
// ordinary reads find it: the same query text and arguments, the values scanned by the
// same scan functions, as if each read had run at this point. A read the caller then
// makes with other arguments (an inactive officer's certificates left out) simply runs.

// aheadRead is one read of a Prefetch: its query and what keeps its rows.
type aheadRead struct {
	query string
	args  []any
	keep  func(rows pgx.Rows) error
}

// Prefetch implements zhifa.Tx.
func (t *tx) Prefetch(ctx context.Context, p zhifa.Prefetch) error {
	conn, ok := t.tx.(*sql.Conn)
	// Only a PostgreSQL write (pgcommit.go) runs on a connection of its own; deferred
	// writes not yet sent would have to go first, and a read ahead is only worth a
	// pipeline of two or more.
	if !ok || !t.deferring || len(t.deferred) > 0 || t.deferErr != nil {
		return nil
	}
	reads := t.aheadReads(p)
	if len(reads) < 2 {
		return nil
	}
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("connection of %T, not pgx", dc)
		}
		return t.runAhead(ctx, c.Conn(), reads)
	})
	if err != nil {
		return dbErr(err, "read ahead", errMsgs{})
	}
	return nil
}

// runAhead sends reads in one pipeline on c and keeps their rows.
func (t *tx) runAhead(ctx context.Context, c *pgx.Conn, reads []aheadRead) error {
	b := &pgx.Batch{}
	for _, r := range reads {
		b.Queue(r.query, r.args...)
	}
	t.db.counts.statements.Add(int64(len(reads)))
	t.db.counts.pipelined.Add(int64(len(reads) - 1)) // one round trip for all
	br := c.SendBatch(ctx, b)
	for _, r := range reads {
		rows, err := br.Query()
		if err == nil {
			err = r.keep(rows)
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
		}
		if err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

// aheadReads lists the reads p names that the transaction has not kept yet.
func (t *tx) aheadReads(p zhifa.Prefetch) []aheadRead {
	var reads []aheadRead
	if p.AgencyID != 0 {
		if _, ok := t.memo.agency(p.AgencyID); !ok {
			q, args := agencyQuery(p.AgencyID)
			reads = append(reads, aheadRead{query: q, args: args, keep: func(rows pgx.Rows) error {
				if !rows.Next() {
					return nil // Agency reads it again and reports it missing
				}
				a, err := scanAgency(rows)
				if err != nil {
					return err
				}
				t.memo.keepAgency(a)
				return nil
			}})
		}
		q, args := versionQuery(t.db.engine, recordingCols, "recording_lists", p.AgencyID, 0)
		reads = t.aheadRows(reads, "recording_lists", q, args, keepScan(scanRecordingList))
		q, args = versionQuery(t.db.engine, catalogCols, "major_catalogs", p.AgencyID, 0)
		reads = t.aheadRows(reads, "major_catalogs", q, args, keepScan(scanCatalog))
	}
	if p.ItemCode != "" {
		q, args := itemByCodeQuery(p.ItemCode)
		reads = t.aheadRows(reads, "items", q, args, keepScan(scanItem))
	}
	if p.ItemID != 0 {
		q, args := itemQuery(p.ItemID)
		reads = t.aheadRows(reads, "items", q, args, keepScan(scanItem))
	}
	if len(p.OfficerIDs) > 0 {
		q, args := officersQuery(p.OfficerIDs)
		reads = t.aheadRows(reads, "officers", q, args, keepScan(t.scanOfficer))
		q, args = certificatesQuery(p.OfficerIDs)
		reads = t.aheadRows(reads, "certificates", q, args, keepScan(scanCert))
	}
	if p.CaseID != 0 {
		if _, ok := t.memo.caseDocuments(p.CaseID); !ok {
			q, args := documentsQuery(p.CaseID)
			reads = append(reads, aheadRead{query: q, args: args, keep: func(rows pgx.Rows) error {
				var docs []*zhifa.Document
				for rows.Next() {
					d, err := scanDocument(rows)
					if err != nil {
						return err
					}
					docs = append(docs, d)
				}
				if err := rows.Err(); err != nil {
					return err
				}
				t.memo.keepDocuments(p.CaseID, docs)
				return nil
			}})
		}
	}
	return reads
}

// keepScan adapts a scan function to aheadRows, which keeps what it scanned.
func keepScan[T any](scan func(scanner) (*T, error)) func(scanner) error {
	return func(s scanner) error {
		_, err := scan(s)
		return err
	}
}

// aheadRows adds a read of a memoized query of table (memoRow, memoCollect) to reads,
// unless the transaction keeps its rows already. Its rows go through scan, as the
// ordinary read scans them, and what scan took from them is kept.
func (t *tx) aheadRows(reads []aheadRead, table, query string, args []any, scan func(scanner) error) []aheadRead {
	key := memoKey(query, args)
	if _, ok := t.memo.rows(table, key); ok {
		return reads
	}
	return append(reads, aheadRead{query: query, args: args, keep: func(rows pgx.Rows) error {
		rec := &recorder{s: rows}
		for rows.Next() {
			if err := scan(rec); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		t.memo.keepRows(table, key, rec.rows)
		return nil
	}})
}

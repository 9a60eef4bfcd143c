package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"zhifa"
)

// testClosedCaseColumns: every column of the tables a copy of a closed case writes
// column by column is classified (closedCaseTables) on this engine's schema, no class
// names a column the schema lacks, and every table referring to one of them is
// classified too or derived, so that a column or a table added later cannot be copied
// with its model's value unnoticed (issue 11).
func testClosedCaseColumns(t *testing.T, db *DB) {
	ctx := context.Background()
	classified := map[string]bool{}
	for _, ct := range closedCaseTables {
		classified[ct.name] = true
	}
	for _, ct := range closedCaseTables {
		cols, err := tableColumns(ctx, db, ct.name)
		if err != nil {
			t.Fatal(err)
		}
		if len(cols) == 0 {
			t.Errorf("table %s is classified but missing", ct.name)
			continue
		}
		for _, c := range cols {
			if _, ok := ct.classes[c]; !ok || !slices.Contains(ct.columns, c) {
				t.Errorf("column %s.%s has no class for a copy", ct.name, c)
			}
		}
		for _, c := range ct.columns {
			if !slices.Contains(cols, c) {
				t.Errorf("column %s.%s is classified but not in the schema", ct.name, c)
			}
		}
		for c, class := range ct.classes {
			if class.class == colRef && class.ref == "" {
				t.Errorf("reference %s.%s names no table", ct.name, c)
			}
		}
		referring, err := referringTables(ctx, db, ct.name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range referring {
			if !classified[r] && !slices.Contains(derivedTables, r) && !slices.Contains(copiedTables, r) {
				t.Errorf("table %s refers to %s but a copy neither writes nor derives its rows", r, ct.name)
			}
		}
	}
}

// tableColumns are the columns of table in the engine's schema.
func tableColumns(ctx context.Context, db *DB, table string) ([]string, error) {
	q := `SELECT name FROM pragma_table_info($1)`
	if db.engine == EnginePostgres {
		q = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	}
	return queryStrings(ctx, db.sql, q, table)
}

// referringTables are the tables with a foreign key to table.
func referringTables(ctx context.Context, db *DB, table string) ([]string, error) {
	q := `SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND f."table" = $1`
	if db.engine == EnginePostgres {
		q = `SELECT DISTINCT src.relname FROM pg_constraint c JOIN pg_class src ON src.oid = c.conrelid
			JOIN pg_class dst ON dst.oid = c.confrelid WHERE c.contype = 'f' AND dst.relname = $1`
	}
	return queryStrings(ctx, db.sql, q, table)
}

// testCopyClosedCaseRows writes a closed case's rows of every classified table and
// copies them to another case in a loader's transaction: IDs, references, ledger
// indexes, digests and unique codes are the copy's, text names the copy's number and
// party, the publication's search terms are indexed, and a digest the caller did not
// map fails the copy without writing anything.
func testCopyClosedCaseRows(t *testing.T, db *DB) {
	ctx := context.Background()
	tr := newTree(t, db)
	itemID := caseItem(t, db, tr)
	u := newUser(t, db, tr.market.ID)
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	var model *zhifa.Case
	var entry int64
	var evidenceID, recordID int64
	ref, receipt := uniq("REF"), uniq("RCPT")
	update(t, db, func(x zhifa.Tx) error {
		var err error
		if model, err = newCase(ctx, x, tr, itemID, 2026); err != nil {
			return err
		}
		// publications.entry 0 means none: the model's entry is past the ledger's first.
		for entry == 0 {
			if entry, err = x.AppendLedgerEntry(ctx, fmt.Appendf(nil, `{"copy-model":%d}`, model.ID), at); err != nil {
				return err
			}
		}
		ev := &zhifa.Evidence{AgencyID: tr.market.ID, Kind: zhifa.EvidenceDocument, Title: "行政处罚决定书", MIME: "text/html",
			Size: 10, SHA256: strings.Repeat("a", 64), SM3: strings.Repeat("b", 64), CapturedAt: at, CaseRef: model.Number,
			UploadedBy: u.ID, LedgerIndex: entry}
		if err := x.CreateEvidence(ctx, ev); err != nil {
			return err
		}
		evidenceID = ev.ID
		r := &zhifa.Record{CaseID: model.ID, Kind: zhifa.RecordPhoto, Title: "现场照片", Act: "investigate", CreatedBy: u.ID}
		if err := x.AddRecord(ctx, r); err != nil {
			return err
		}
		recordID = r.ID
		return insertClosedRows(ctx, storeTx(x), model, tr.market, itemID, u.ID, evidenceID, recordID, entry, at, ref, receipt)
	})
	var modelRows []*zhifa.CaseRows
	update(t, db, func(x zhifa.Tx) error {
		var err error
		modelRows, err = x.CaseTableRows(ctx, model.ID)
		return err
	})
	var tables []string
	for _, r := range modelRows {
		tables = append(tables, r.Table)
	}
	want := []string{"documents", "approval_requests", "notifications", "review_rounds", "filings", "filing_events",
		"obligations", "payments",
		"decision_fines", "case_fines", "case_transfers", "property_items",
		"publications"}
	if !slices.Equal(tables, want) {
		t.Fatalf("CaseTableRows tables = %v, want %v", tables, want)
	}

	newDigest := strings.Repeat("c", 64)
	copyMap := func(c *zhifa.Case, newEntry, newEvidence, newRecord int64, digests map[string]string) *zhifa.CopyMap {
		return &zhifa.CopyMap{ModelCase: model.ID, Case: c.ID,
			IDs: map[string]map[int64]int64{"evidence": {evidenceID: newEvidence},
				"case_records": {recordID: newRecord}},
			Ledger: map[int64]int64{entry: newEntry}, Digests: digests,
			Text:     strings.NewReplacer(model.Number, c.Number, "张三", "李四", receipt, receipt+"-"+fmt.Sprint(c.ID)).Replace,
			Unique:   map[string]string{ref: ref + "-" + fmt.Sprint(c.ID), receipt: receipt + "-" + fmt.Sprint(c.ID)},
			Rendered: map[string]string{"张三": "李四", "当事人：张三": "当事人：李四", "[]": "[]"}}
	}
	var reserved map[string]map[int64]int64
	copyInto := func(digests map[string]string) (*zhifa.Case, *zhifa.CopyMap, error) {
		var c *zhifa.Case
		var m *zhifa.CopyMap
		err := db.UpdateBulk(ctx, func(x zhifa.Tx) error {
			var err error
			if c, err = newCase(ctx, x, tr, itemID, 2026); err != nil {
				return err
			}
			newEntry, err := x.AppendLedgerEntry(ctx, fmt.Appendf(nil, `{"copy":%d}`, c.ID), at)
			if err != nil {
				return err
			}
			ev := &zhifa.Evidence{AgencyID: tr.market.ID, Kind: zhifa.EvidenceDocument, Title: "行政处罚决定书",
				MIME: "text/html", Size: 10, SHA256: newDigest, SM3: strings.Repeat("d", 64), CapturedAt: at,
				CaseRef: c.Number, UploadedBy: u.ID, LedgerIndex: newEntry}
			if err := x.CreateEvidence(ctx, ev); err != nil {
				return err
			}
			r := &zhifa.Record{CaseID: c.ID, Kind: zhifa.RecordPhoto, Title: "现场照片", Act: "investigate", CreatedBy: u.ID}
			if err := x.AddRecord(ctx, r); err != nil {
				return err
			}
			m = copyMap(c, newEntry, ev.ID, r.ID, digests)
			// Every ID first, as a copy's ledger entries need them before its rows.
			for _, rows := range modelRows {
				if err := x.ReserveCopiedIDs(ctx, rows, m); err != nil {
					return err
				}
			}
			reserved = map[string]map[int64]int64{}
			for table, ids := range m.IDs {
				reserved[table] = maps.Clone(ids)
			}
			for _, rows := range modelRows {
				if err := x.InsertCopiedRows(ctx, rows, m); err != nil {
					return err
				}
			}
			return nil
		})
		return c, m, err
	}

	t.Run("outside a loader's transaction", func(t *testing.T) {
		err := db.Update(ctx, func(x zhifa.Tx) error {
			return x.InsertCopiedRows(ctx, modelRows[0], &zhifa.CopyMap{ModelCase: model.ID, Case: model.ID})
		})
		if err == nil || !strings.Contains(err.Error(), "loader") {
			t.Errorf("copied rows outside UpdateBulk: %v, want refused", err)
		}
	})

	t.Run("unmapped digest", func(t *testing.T) {
		var before int
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&before); err != nil {
			t.Fatal(err)
		}
		_, _, err := copyInto(map[string]string{})
		if err == nil || !strings.Contains(err.Error(), "digest") {
			t.Fatalf("copy without the digests: %v, want a digest error", err)
		}
		var after int
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after != before {
			t.Errorf("a failed copy left %d documents", after-before)
		}
	})

	c, m, err := copyInto(map[string]string{strings.Repeat("a", 64): newDigest, "snapshot-digest": "copy-snapshot"})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"documents", "approval_requests", "notifications", "review_rounds", "filings",
		"filing_events", "payments", "case_transfers", "property_items", "publications"} {
		if n := len(reserved[table]); n == 0 || !maps.Equal(reserved[table], m.IDs[table]) {
			t.Errorf("%s: reserved IDs %v, written %v", table, reserved[table], m.IDs[table])
		}
	}
	var copied []*zhifa.CaseRows
	update(t, db, func(x zhifa.Tx) error {
		var err error
		copied, err = x.CaseTableRows(ctx, c.ID)
		return err
	})
	if len(copied) != len(modelRows) {
		t.Fatalf("copy has rows of %d tables, want %d", len(copied), len(modelRows))
	}
	get := func(table string, row int, col string) string {
		for _, r := range copied {
			if r.Table == table {
				return fmt.Sprint(r.Rows[row][slices.Index(r.Columns, col)])
			}
		}
		t.Fatalf("no rows of %s", table)
		return ""
	}
	docs := m.IDs["documents"]
	modelDocs := slices.Sorted(maps.Keys(docs))
	id := func(table string, old int64) string { return fmt.Sprint(m.IDs[table][old]) }
	for _, tc := range []struct {
		table, col string
		row        int
		want       string
	}{
		{"documents", "id", 0, id("documents", modelDocs[0])},
		{"documents", "case_id", 0, fmt.Sprint(c.ID)},
		{"documents", "number", 0, c.Number + "-决1"},
		{"documents", "fields", 0, `{"party_name":"李四","number":"` + c.Number + `"}`},
		{"documents", "sha256", 0, newDigest},
		{"documents", "evidence_id", 0, id("evidence", evidenceID)},
		{"documents", "corrects", 1, id("documents", modelDocs[0])},
		{"documents", "sha256", 1, ""},
		{"approval_requests", "snapshot", 0, "copy-snapshot"},
		{"approval_requests", "case_id", 0, fmt.Sprint(c.ID)},
		{"notifications", "event_key", 0, fmt.Sprintf("review.assigned:%d:1", c.ID)},
		{"notifications", "url", 0, fmt.Sprintf("/staff/cases/%d/legal-review", c.ID)},
		{"notifications", "title", 0, c.Number + "报送法制审核"},
		{"notifications", "event_key", 1, "approval.request:" + id("approval_requests", firstID(t, modelRows, "approval_requests"))},
		{"review_rounds", "data", 0, fmt.Sprintf(`{"id":%s,"case_id":%d,"round":1,"facts":"李四","materials":[{"record_id":%s}]}`,
			id("review_rounds", firstID(t, modelRows, "review_rounds")), c.ID, id("case_records", recordID))},
		{"case_transfers", "case_id", 0, fmt.Sprint(c.ID)},
		{"case_transfers", "facts", 0, "李四涉案经营额较大"},
		{"property_items", "photos", 0, fmt.Sprintf("[%s]", id("evidence", evidenceID))},
		{"property_items", "disposal", 0, `{"method":"transfer","treasury_receipt":"` + receipt + `-` + fmt.Sprint(c.ID) + `"}`},
		{"filings", "case_id", 0, fmt.Sprint(c.ID)},
		{"filings", "case_number", 0, c.Number},
		{"filings", "summary", 0, "当事人：李四"},
		{"filing_events", "filing_id", 0, id("filings", firstID(t, modelRows, "filings"))},
		{"filing_events", "remark", 0, "予以备案"},
		{"obligations", "reference", 0, ref + "-" + fmt.Sprint(c.ID)},
		{"payments", "receipt_no", 0, receipt + "-" + fmt.Sprint(c.ID)},
		{"decision_fines", "number", 0, c.Number},
		{"publications", "case_number", 0, c.Number},
		{"publications", "entry", 0, fmt.Sprint(m.Ledger[entry])},
		{"publications", "withdraw_entry", 0, "0"},
		{"publications", "public_party", 0, "李四"},
		{"publications", "public_text", 0, "当事人：李四"},
		{"publications", "draft", 0, ""},
		{"publications", "search_doc", 0, foldText(c.Number) + "\n李四\n\n" + tr.market.Name + "\n销售过期食品"},
	} {
		if got := get(tc.table, tc.row, tc.col); got != tc.want {
			t.Errorf("copy's %s.%s[%d] = %q, want %q", tc.table, tc.col, tc.row, got, tc.want)
		}
	}
	var terms int
	pub := m.IDs["publications"][firstID(t, modelRows, "publications")]
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM publication_terms WHERE pub_id = $1`, pub).Scan(&terms); err != nil {
		t.Fatal(err)
	}
	if terms == 0 {
		t.Error("the copied publication has no search terms")
	}
}

// firstID is the ID of the first of the model's rows of table.
func firstID(t *testing.T, rows []*zhifa.CaseRows, table string) int64 {
	t.Helper()
	for _, r := range rows {
		if r.Table == table {
			return r.Rows[0][slices.Index(r.Columns, "id")].(int64)
		}
	}
	t.Fatalf("no rows of %s", table)
	return 0
}

// insertClosedRows writes rows of a closed case in every classified table but
// case_endings and seal_uses (no real case has rows in all of them).
func insertClosedRows(ctx context.Context, x *tx, c *zhifa.Case, agency *zhifa.Agency, itemID, userID, evidenceID,
	recordID, entry int64, at time.Time, ref, receipt string) error {
	var doc int64
	stmts := []struct {
		q    string
		args func() []any
	}{
		{`INSERT INTO documents (case_id, agency_id, type, state, number, fields, evidence_id, sha256, issued_on,
			issued_by, issued_at, version, created_by, created_at, updated_at)
			VALUES ($1, $2, 'penalty_decision', 'issued', $3, $4, $5, $6, '2026-03-20', $7, $8, 3, $7, $8, $8)`,
			func() []any {
				return []any{c.ID, agency.ID, c.Number + "-决1", `{"party_name":"张三","number":"` + c.Number + `"}`,
					evidenceID, strings.Repeat("a", 64), userID, at}
			}},
		{`INSERT INTO documents (case_id, agency_id, type, state, number, fields, corrects, version, created_by,
			created_at, updated_at) VALUES ($1, $2, 'penalty_decision', 'draft', '', '{}', $3, 1, $4, $5, $5)`,
			func() []any { return []any{c.ID, agency.ID, doc, userID, at} }},
		{`INSERT INTO approval_requests (case_id, agency_id, action, input, case_version, snapshot, requester_id,
			requester, approver_id, status, decided_by, decider, decided_at, opinion, created_at)
			VALUES ($1, $2, 'approve', '{}', 8, 'snapshot-digest', $3, 'officer1', $3, 'approved', $3, 'head1', $4,
			'同意', $4)`, func() []any { return []any{c.ID, agency.ID, userID, at} }},
		{`INSERT INTO notifications (user_id, kind, event_key, title, case_id, url, created_at)
			VALUES ($1, 'review_assigned', $2, $3, $4, $5, $6)`, func() []any {
			return []any{userID, fmt.Sprintf("review.assigned:%d:1", c.ID), c.Number + "报送法制审核", c.ID,
				fmt.Sprintf("/staff/cases/%d/legal-review", c.ID), at}
		}},
		// An approval's notification names the request, whose ID may equal a case's.
		{`INSERT INTO notifications (user_id, kind, event_key, title, case_id, url, created_at)
			SELECT $1, 'approval_requested', 'approval.request:' || id, $2, case_id, '/staff/approvals', $3
			FROM approval_requests WHERE case_id = $4`, func() []any {
			return []any{userID, c.Number + "提请审批", at, c.ID}
		}},
		{`INSERT INTO review_rounds (case_id, agency_id, round, status, reviewer_id, due_on, opinion, data, created_at,
			updated_at) VALUES ($1, $2, 1, 'passed', $3, '2026-03-27', 'agree', '', $4, $4)`,
			func() []any { return []any{c.ID, agency.ID, userID, at} }},
		{`UPDATE review_rounds SET data = '{"id":' || id || ',"case_id":' || case_id || ',"round":1,"facts":"张三",' ||
			'"materials":[{"record_id":' || CAST($2 AS TEXT) || '}]}' WHERE case_id = $1`,
			func() []any { return []any{c.ID, fmt.Sprint(recordID)} }},
		{`INSERT INTO filings (case_id, case_number, agency_id, kind, to_agency_id, reasons, summary, decided_on, due,
			filed_at, late, status, version) VALUES ($1, $2, $3, 'penalty', $3, '[]', $4, '2026-03-20', '2026-04-06', $5,
			FALSE, 'reviewed', 2)`, func() []any { return []any{c.ID, c.Number, agency.ID, "当事人：张三", at} }},
		{`INSERT INTO filing_events (filing_id, at, actor_id, actor, status, remark)
			SELECT id, $2, $3, 'supervisor1', 'reviewed', '予以备案' FROM filings WHERE case_id = $1`,
			func() []any { return []any{c.ID, at, userID} }},
		{`INSERT INTO obligations (case_id, agency_id, agency_path, fine_fen, confiscate_fen, payee, reference, served_on,
			due, paid_fen, settled_on, exec, version, created_at, updated_at)
			VALUES ($1, $2, $3, 20000, 0, '{}', $4, '2026-03-22', '2026-04-06', 20000, '2026-03-30', '{}', 2, $5, $5)`,
			func() []any { return []any{c.ID, agency.ID, agency.Path, ref, at} }},
		{`INSERT INTO payments (case_id, agency_id, receipt_no, amount_fen, paid_on, source, created_at)
			VALUES ($1, $2, $3, 20000, '2026-03-30', 'notice', $4)`,
			func() []any { return []any{c.ID, agency.ID, receipt, at} }},
		{`INSERT INTO decision_fines (case_id, number, agency_id, item_id, level, fine_fen, decided_on)
			VALUES ($1, $2, $3, $4, '', 20000, '2026-03-20')`, func() []any { return []any{c.ID, c.Number, agency.ID, itemID} }},
		{`INSERT INTO case_fines (case_id, item_id, level, fine_fen, decided_on) VALUES ($1, $2, '', 20000, '2026-03-20')`,
			func() []any { return []any{c.ID, itemID} }},
		{`INSERT INTO case_transfers (case_id, agency_id, status, facts, offence, proposed_at, proposed_by, decision_due,
			version, created_at, updated_at) VALUES ($1, $2, 'proposed', '张三涉案经营额较大', '销售伪劣产品罪', $3, 'officer1',
			'2026-03-05', 1, $3, $3)`, func() []any { return []any{c.ID, agency.ID, at} }},
		{`INSERT INTO property_items (case_id, agency_id, name, quantity, value_fen, custody, photos, status, disposal,
			version, created_at, updated_at) VALUES ($1, $2, '过期奶粉', '6箱', 90000, '涉案财物库', $3, 'disposed', $4, 3, $5, $5)`,
			func() []any {
				return []any{c.ID, agency.ID, fmt.Sprintf("[%d]", evidenceID), `{"method":"transfer","treasury_receipt":"` + receipt + `"}`, at}
			}},
		{`INSERT INTO publications (agency_id, agency_path, case_id, case_number, item_id, item_name, category, status,
			decided_on, due, public_party, public_text, search_doc, published_on, entry, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, '销售过期食品', 'penalty', 'published', '2026-03-20', '2026-03-27', '张三', $6, $7,
			'2026-03-21', $8, $9, $9)`,
			func() []any {
				return []any{agency.ID, agency.Path, c.ID, c.Number, itemID, "当事人：张三",
					foldText(c.Number) + "\n张三\n\n" + agency.Name + "\n销售过期食品", entry, at}
			}},
	}
	for i, s := range stmts {
		if _, err := x.exec(ctx, s.q, s.args()...); err != nil {
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
		if i == 0 {
			if err := x.queryRow(ctx, `SELECT max(id) FROM documents WHERE case_id = $1`, c.ID).Scan(&doc); err != nil {
				return err
			}
		}
	}
	return nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"zhifa"
)

// Cases (migration 00005). The case row keeps its procedural state and clocks as JSON
// text (zhifa.CaseState, []zhifa.Clock), so that new procedural facts need no migration;
// next_due mirrors the earliest running clock for the list filters. Parties' personal
// data is sealed like officers' (pii.go), under column-bound additional data.
//
// Case numbers come from case_counters, one row per agency, year and kind, bumped by
// one upsert ... RETURNING in the filing transaction; a rolled-back filing rolls back its
// bump, so numbers are unique and without gaps. The bump takes the highest number among
// the sequence's cases too, should a row have been written without it (a bulk load, an
// older version that numbered cases from max(seq) on PostgreSQL; migration 00044 sets
// the counters from the cases filed before). On SQLite the write transaction holds the
// database's write lock, so filings are serial anyway.
//
// On PostgreSQL (issue 11) the counter row is the number lock of its (agency, year,
// kind): the bump locks it until the filing commits, so the next filing of the same
// sequence waits, and filings of other agencies never do. A filing runs at READ
// COMMITTED (zhifa.RowLocked): a waiting bump then reads the row as the holder
// committed it, never failing for serialization. The bump is taken last: after it come
// the case's rows, which go out in one round trip (deferred.go; the search text's names
// come from the filing's own reads, readNames), and the commit. The case's id is
// taken with the number (from a block of ids, casenumbers.go), so the case row is one
// of those rows. A filing whose process knows the number the counter gives next takes
// it without a statement, and its bump goes out in the round trip of the rows and the
// commit, checked to give that number (casenumbers.go): the lock is then held only
// while the server runs them.

// Additional data bound to the ciphertexts of parties' personal data.
const (
	adPartyID    = "case_parties.id_number"
	adPartyPhone = "case_parties.phone"
)

// NextCaseSeq takes the next number of (agency, year, kind).
func (t *tx) NextCaseSeq(ctx context.Context, agencyID int64, year int, kind zhifa.CaseKind) (int64, error) {
	if t.bulk != nil { // a loader's transaction: counted here after the first (bulk_copy.go)
		return t.bulk.nextCaseSeq(ctx, t, agencyID, year, kind)
	}
	return t.bumpCaseSeq(ctx, agencyID, year, kind)
}

// bumpCaseSeq is NextCaseSeq in the counter's row.
func (t *tx) bumpCaseSeq(ctx context.Context, agencyID int64, year int, kind zhifa.CaseKind) (int64, error) {
	const op = "next case number"
	if t.db.engine == EnginePostgres {
		return t.nextCaseSeqPostgres(ctx, agencyID, year, kind)
	}
	var n int64
	// The agency's cases are found by +$1 (sqliteNoStat4): one statement, not
	// re-prepared each time another agency files on the connection.
	err := t.queryRow(ctx, `
		INSERT INTO case_counters AS k (agency_id, year, kind, value)
		VALUES ($1, $2, $3, (SELECT COALESCE(max(seq), 0) FROM cases WHERE agency_id = +$1 AND year = $2 AND kind = $3) + 1)
		ON CONFLICT (agency_id, year, kind) DO UPDATE SET value = max(k.value,
			(SELECT COALESCE(max(seq), 0) FROM cases WHERE agency_id = +$1 AND year = $2 AND kind = $3)) + 1
		RETURNING value`, agencyID, year, string(kind)).Scan(&n)
	if err != nil {
		return 0, dbErr(err, op, errMsgs{missing: "执法机关不存在"})
	}
	return n, nil
}

// bumpCounter is the bump of a sequence's counter on PostgreSQL, never below the
// highest number among the sequence's cases ($1 agency, $2 year, $3 kind), as the CTE
// bump for a SELECT to follow: nextCaseSeqPostgres reads the value, a number taken with
// the commit checks it (casenumbers.go).
const bumpCounter = `
		WITH bump AS (
			INSERT INTO case_counters AS k (agency_id, year, kind, value)
			VALUES ($1, $2, $3, (SELECT COALESCE(max(seq), 0) FROM cases WHERE agency_id = $1 AND year = $2 AND kind = $3) + 1)
			ON CONFLICT (agency_id, year, kind) DO UPDATE SET value = GREATEST(k.value,
				(SELECT COALESCE(max(seq), 0) FROM cases WHERE agency_id = $1 AND year = $2 AND kind = $3)) + 1
			RETURNING value)
		`

// nextCaseSeqPostgres is NextCaseSeq on PostgreSQL: the number guessed, or the bump,
// never below the highest number among the sequence's cases; and the id of the case to
// be created (CreateCase).
func (t *tx) nextCaseSeqPostgres(ctx context.Context, agencyID int64, year int, kind zhifa.CaseKind) (int64, error) {
	// Most filings take the number their process knows comes next, bumped with the
	// commit (casenumbers.go). The case's id is taken after the sequence's turn, so
	// that this process's cases of one sequence have ids in the order of their numbers.
	key := seqKey{agencyID, year, kind}
	guess, ok, err := t.guessCaseSeq(ctx, key)
	if err != nil {
		return 0, err
	}
	id, err := t.nextCaseID(ctx)
	if err != nil {
		return 0, err
	}
	t.caseID = id
	if ok {
		t.bump = &predictedBump{key: key, seq: guess}
		return guess, nil
	}
	var n int64
	err = t.queryRow(ctx, bumpCounter+`SELECT value FROM bump`,
		agencyID, year, string(kind)).Scan(&n)
	if err != nil {
		return 0, dbErr(err, "next case number", errMsgs{missing: "执法机关不存在"})
	}
	if h := t.seqHeld; h != nil && h.seq == 0 && !h.dirty {
		h.seq, h.bumped = n, true // the slot learns the counter's value at the commit
	}
	return n, nil
}

var caseMsgs = errMsgs{conflict: "案件编号已存在", missing: "执法机关或执法事项不存在"}

// CreateCase inserts c and its parties.
func (t *tx) CreateCase(ctx context.Context, c *zhifa.Case) error {
	return t.createCase(ctx, c, 1, time.Time{})
}

// createCase is CreateCase with the row's version and update time (zero: its creation
// time), which a copy of a case takes from its model (InsertCaseCopy).
func (t *tx) createCase(ctx context.Context, c *zhifa.Case, version int, updated time.Time) error {
	const op = "create case"
	officers, state, clocks, err := caseJSON(c)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	created := t.stamp(c.CreatedAt)
	if updated.IsZero() {
		updated = created
	}
	c.Version = version
	// The search text reads the item's and officers' names: before the case row, so that
	// the writes after it go out together (deferred.go).
	doc, err := t.newCaseDoc(ctx, c)
	if err != nil {
		return err
	}
	const insertCase = `
		INSERT INTO cases (%sagency_id, number, year, seq, kind, procedure, item_id, officer_ids,
			occurred_on, discovered_on, harm, limitation_reason, facts, stage, outcome, state, clocks,
			next_due, version, created_by, created_at, updated_at)
		%sVALUES (%s$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`
	args := []any{c.AgencyID, c.Number, c.Year, c.Seq, string(c.Kind), string(c.Procedure), c.ItemID, officers,
		c.OccurredOn, c.DiscoveredOn, c.Harm, c.LimitationReason, c.Facts, string(c.Stage), string(c.Outcome),
		state, clocks, c.NextDue, c.Version, c.CreatedBy, created, updated}
	switch {
	case t.bulk != nil:
		// A loader's transaction: the row is written at its end, under the id that came
		// with the number (PostgreSQL) or one taken here.
		c.ID, t.caseID = t.caseID, 0
		if c.ID == 0 {
			c.ID, err = t.bulk.nextID(ctx, t, "cases")
		}
		if err == nil {
			t.bulk.add("cases", caseRowColumns, append([]any{c.ID}, args...)...)
		}
	case t.caseID != 0:
		// The id came with the number (PostgreSQL): the case row goes out with the
		// rest of the filing (deferred.go).
		c.ID, t.caseID = t.caseID, 0
		err = t.deferWrite(ctx, op, caseMsgs, "cases", nil, fmt.Sprintf(insertCase, "id, ", "OVERRIDING SYSTEM VALUE ", "$23, "),
			append(args, c.ID)...)
	default:
		err = dbErr(t.queryRow(ctx, fmt.Sprintf(insertCase, "", "", "")+` RETURNING id`, args...).Scan(&c.ID), op, caseMsgs)
	}
	if err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = created, updated
	var w where
	rows := make([]string, len(c.Parties))
	for i := range c.Parties {
		p := &c.Parties[i]
		p.IDNumber = normalizeIDNumber(p.IDNumber)
		p.IDMasked = maskIDNumber(p.IDNumber)
		idEnc, err := t.db.pii.seal(adPartyID, p.IDNumber)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		phoneEnc, err := t.db.pii.seal(adPartyPhone, p.Phone)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		var idIndex any
		if p.IDNumber != "" {
			idIndex = t.db.pii.index(p.IDNumber)
		}
		vals := []any{c.ID, i + 1, string(p.Kind), p.Name, idEnc, idIndex, p.IDMasked, p.CreditCode, p.Address, phoneEnc}
		if t.bulk != nil { // a loader's transaction: written at its end
			t.bulk.add("case_parties", partyRowColumns, vals...)
			continue
		}
		ph := make([]string, len(vals))
		for j, v := range vals {
			ph[j] = w.arg(v)
		}
		rows[i] = "(" + strings.Join(ph, ", ") + ")"
	}
	if len(rows) > 0 && rows[0] != "" {
		err = t.deferWrite(ctx, op, caseMsgs, "case_parties", nil, `
			INSERT INTO case_parties (case_id, seq, kind, name, id_number_enc, id_number_index, id_masked,
				credit_code, address, phone_enc)
			VALUES `+strings.Join(rows, ", "), w.args...)
		if err != nil {
			return err
		}
	}
	if err := t.indexCase(ctx, c, true, indexChanges{officers: true, clocks: true}); err != nil {
		return err
	}
	return t.indexNewCaseSearch(ctx, c.ID, doc)
}

func caseJSON(c *zhifa.Case) (officers, state, clocks string, err error) {
	if officers, err = jsonText(c.OfficerIDs); err != nil {
		return
	}
	b, err := json.Marshal(c.State)
	if err != nil {
		return
	}
	state = string(b)
	clocks, err = jsonText(c.Clocks)
	return
}

// UpdateCase saves the mutable fields of c under optimistic locking.
func (t *tx) UpdateCase(ctx context.Context, c *zhifa.Case) error {
	const op = "update case"
	officers, state, clocks, err := caseJSON(c)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(c.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE cases SET officer_ids = $1, facts = $2, stage = $3, outcome = $4, state = $5, clocks = $6,
			next_due = $7, limitation_reason = $8, version = version + 1, updated_at = $9
		WHERE id = $10 AND version = $11`,
		officers, c.Facts, string(c.Stage), string(c.Outcome), state, clocks, c.NextDue, c.LimitationReason,
		now, c.ID, c.Version)
	if err != nil {
		return dbErr(err, op, caseMsgs)
	}
	if err := t.versioned(ctx, res, op, "cases", c.ID, "案件", ""); err != nil {
		return err
	}
	// A case's search text (its number, item, parties and officers) changes with its
	// officers only, and its running clocks with its clocks. Many steps leave them: when
	// the transaction read this version of the case (Case), what it read tells, and
	// they are not rewritten.
	read, ok := t.casesRead[c.ID]
	same := ok && read.version == c.Version
	changed := indexChanges{officers: !same || read.officers != officers, clocks: !same || read.clocks != clocks}
	c.Version++
	c.UpdatedAt = now
	return t.indexCase(ctx, c, false, changed)
}

const caseCols = `c.id, c.agency_id, c.number, c.year, c.seq, c.kind, c.procedure, c.item_id, c.officer_ids,
	c.occurred_on, c.discovered_on, c.harm, c.limitation_reason, c.facts, c.stage, c.outcome, c.state,
	c.clocks, c.next_due, c.version, c.created_by, c.created_at, c.updated_at`

func scanCase(s scanner) (*zhifa.Case, error) {
	var c zhifa.Case
	var officers, state, clocks string
	err := s.Scan(&c.ID, &c.AgencyID, &c.Number, &c.Year, &c.Seq, &c.Kind, &c.Procedure, &c.ItemID, &officers,
		&c.OccurredOn, &c.DiscoveredOn, &c.Harm, &c.LimitationReason, &c.Facts, &c.Stage, &c.Outcome, &state,
		&clocks, &c.NextDue, &c.Version, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.OfficerIDs = []int64{}
	if err := json.Unmarshal([]byte(officers), &c.OfficerIDs); err != nil {
		return nil, fmt.Errorf("decode officer_ids: %w", err)
	}
	if err := json.Unmarshal([]byte(state), &c.State); err != nil {
		return nil, fmt.Errorf("decode state: %w", err)
	}
	c.Clocks = []zhifa.Clock{}
	if err := json.Unmarshal([]byte(clocks), &c.Clocks); err != nil {
		return nil, fmt.Errorf("decode clocks: %w", err)
	}
	return &c, nil
}

// caseRead is what UpdateCase needs to know of a case the transaction read.
type caseRead struct {
	version          int
	officers, clocks string // officer_ids and clocks as UpdateCase writes them (caseJSON)
}

// Case returns the case with the id and its parties.
func (t *tx) Case(ctx context.Context, id int64) (*zhifa.Case, error) {
	query := `SELECT ` + caseCols + ` FROM cases c WHERE c.id = $1`
	if t.locksCases {
		// The case lock (zhifa.Tx.Case). NO KEY: the foreign keys of the rows that
		// other transactions link to the case (ledger entries the sequencer places,
		// FOR KEY SHARE) do not wait for it.
		query += ` FOR NO KEY UPDATE OF c`
	}
	c, err := scanCase(t.queryRow(ctx, query, id))
	if err != nil {
		return nil, rowErr(err, "get case", "案件")
	}
	officers, oerr := jsonText(c.OfficerIDs)
	clocks, cerr := jsonText(c.Clocks)
	if oerr == nil && cerr == nil {
		if t.casesRead == nil {
			t.casesRead = map[int64]caseRead{}
		}
		t.casesRead[id] = caseRead{version: c.Version, officers: officers, clocks: clocks}
	}
	if err := t.loadParties(ctx, []*zhifa.Case{c}); err != nil {
		return nil, err
	}
	return c, nil
}

// loadParties fills the parties of the cases.
func (t *tx) loadParties(ctx context.Context, cases []*zhifa.Case) error {
	const op = "load case parties"
	if len(cases) == 0 {
		return nil
	}
	byID := map[int64]*zhifa.Case{}
	var w where
	ph := make([]string, len(cases))
	for i, c := range cases {
		c.Parties = []zhifa.Party{}
		byID[c.ID] = c
		ph[i] = w.arg(c.ID)
	}
	rows, err := t.query(ctx, `
		SELECT case_id, kind, name, id_number_enc, id_masked, credit_code, address, phone_enc
		FROM case_parties WHERE case_id IN (`+strings.Join(ph, ", ")+`) ORDER BY case_id, seq`, w.args...)
	if err != nil {
		return dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	for rows.Next() {
		var caseID int64
		var p zhifa.Party
		var idEnc, phoneEnc string
		if err := rows.Scan(&caseID, &p.Kind, &p.Name, &idEnc, &p.IDMasked, &p.CreditCode, &p.Address, &phoneEnc); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if p.IDNumber, err = t.db.pii.open(adPartyID, idEnc); err != nil {
			return err
		}
		if p.Phone, err = t.db.pii.open(adPartyPhone, phoneEnc); err != nil {
			return err
		}
		byID[caseID].Parties = append(byID[caseID].Parties, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// AddCaseEvent appends to a case's history, setting ID and, when zero, At. On
// PostgreSQL the insert is deferred (deferred.go): ID is set by the transaction's next
// statement or its commit.
func (t *tx) AddCaseEvent(ctx context.Context, e *zhifa.CaseEvent) error {
	e.At = t.stamp(e.At)
	if t.bulk != nil { // a loader's transaction: written at its end, ID unset
		t.bulk.add("case_events", caseEventColumns, e.CaseID, e.At, string(e.From), string(e.To), e.Action, e.ActorID,
			e.Actor, e.ApproverID, e.Approver, e.Reason, e.Detail, e.ActedOn, e.BackdateReason)
		return nil
	}
	return t.deferWrite(ctx, "add case event", errMsgs{missing: "案件不存在"}, "case_events", &e.ID, `
		INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, approver_id,
			approver, reason, detail, acted_on, backdate_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.CaseID, e.At, string(e.From), string(e.To), e.Action, e.ActorID, e.Actor, e.ApproverID, e.Approver,
		e.Reason, e.Detail, e.ActedOn, e.BackdateReason)
}

// CaseEvents returns a case's history, oldest first.
func (t *tx) CaseEvents(ctx context.Context, caseID int64) ([]*zhifa.CaseEvent, error) {
	const op = "list case events"
	rows, err := t.query(ctx, `
		SELECT id, case_id, at, from_stage, to_stage, action, actor_id, actor, approver_id, approver, reason, detail,
			acted_on, backdate_reason
		FROM case_events WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.CaseEvent, error) {
		var e zhifa.CaseEvent
		err := s.Scan(&e.ID, &e.CaseID, &e.At, &e.From, &e.To, &e.Action, &e.ActorID, &e.Actor, &e.ApproverID,
			&e.Approver, &e.Reason, &e.Detail, &e.ActedOn, &e.BackdateReason)
		e.At = e.At.UTC()
		return &e, err
	})
}

// AddRecord appends a record to a case, setting ID and, when zero, CreatedAt.
func (t *tx) AddRecord(ctx context.Context, r *zhifa.Record) error {
	t.memo.forget("case_records")
	r.CreatedAt = t.stamp(r.CreatedAt)
	if t.bulk != nil { // a loader's transaction: written at its end
		return t.bulk.addRecord(ctx, t, r)
	}
	err := t.queryRow(ctx, `
		INSERT INTO case_records (case_id, kind, title, act, evidence_id, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		r.CaseID, string(r.Kind), r.Title, r.Act, nullID(r.EvidenceID), r.CreatedAt, r.CreatedBy).Scan(&r.ID)
	if err != nil {
		return dbErr(err, "add record", errMsgs{missing: "案件不存在"})
	}
	return t.markAVRecorded(ctx, r)
}

// Records returns the records of a case, oldest first.
func (t *tx) Records(ctx context.Context, caseID int64) ([]*zhifa.Record, error) {
	const op = "list records"
	rows, err := t.query(ctx, `
		SELECT id, case_id, kind, title, act, evidence_id, created_at, created_by
		FROM case_records WHERE case_id = $1 ORDER BY id`, caseID)
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

// HasAVRecord reports whether the case has an audio/video record of the act. A step's
// gates and its view ask it of the same acts: the answer is kept for the transaction
// until it adds a record (writepath.go).
func (t *tx) HasAVRecord(ctx context.Context, caseID int64, act string) (bool, error) {
	var n int
	err := t.memoRow(ctx, "case_records", `SELECT COUNT(*) FROM case_records WHERE case_id = $1 AND kind = 'av' AND act = $2`,
		caseID, act).Scan(&n)
	if err != nil {
		return false, dbErr(err, "has av record", errMsgs{})
	}
	return n > 0, nil
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"

	"zhifa"
)

// Cases (migration 00005). The case row keeps its procedural state and clocks as JSON
// text (zhifa.CaseState, []zhifa.Clock), so that new procedural facts need no migration;
// next_due mirrors the earliest running clock for the list filters. Parties' personal
// data is sealed like officers' (pii.go), under column-bound additional data.
//
// Case numbers come from case_counters on SQLite, one row per agency, year and kind,
// bumped by one upsert ... RETURNING in the filing transaction; its write transaction
// holds the database's write lock, so filings are serial, and a rolled-back filing rolls
// back its bump: numbers are unique and without gaps.
//
// On PostgreSQL a counter row bumped in a serializable transaction is a hot row: a
// second filing of the agency waits for the first's commit and then fails with a
// serialization failure, having done all its work. So there (issue 11) the filing
// takes a transaction-scoped advisory lock of its (agency, year, kind) — the last thing
// before it writes the case, so the lock is held only for the writes and the commit,
// and filings of other agencies never wait for it — and reads the highest number taken
// so far with a fresh snapshot, on a connection of its own (the transaction's snapshot
// is older than the last holder's commit). The lock is released after the holder's
// commit is visible, so the next holder sees its number; a filing that rolls back took
// nothing. The unique key (agency_id, year, kind, seq) of cases backs it up. The rows
// of case_counters (written by SQLite and by earlier versions) count as taken numbers.

// Additional data bound to the ciphertexts of parties' personal data.
const (
	adPartyID    = "case_parties.id_number"
	adPartyPhone = "case_parties.phone"
)

// NextCaseSeq takes the next number of (agency, year, kind).
func (t *tx) NextCaseSeq(ctx context.Context, agencyID int64, year int, kind zhifa.CaseKind) (int64, error) {
	const op = "next case number"
	if t.db.engine == EnginePostgres {
		return t.nextCaseSeqLocked(ctx, agencyID, year, kind)
	}
	var n int64
	err := t.queryRow(ctx, `
		INSERT INTO case_counters (agency_id, year, kind, value) VALUES ($1, $2, $3, 1)
		ON CONFLICT (agency_id, year, kind) DO UPDATE SET value = case_counters.value + 1
		RETURNING value`, agencyID, year, string(kind)).Scan(&n)
	if err != nil {
		return 0, dbErr(err, op, errMsgs{missing: "执法机关不存在"})
	}
	return n, nil
}

// nextCaseSeqLocked is NextCaseSeq on PostgreSQL: the number lock, then the highest
// number committed, read outside the transaction's snapshot.
func (t *tx) nextCaseSeqLocked(ctx context.Context, agencyID int64, year int, kind zhifa.CaseKind) (int64, error) {
	const op = "next case number"
	if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock($1)`, caseNumberLock(agencyID, year, kind)); err != nil {
		return 0, dbErr(err, op, errMsgs{})
	}
	var n int64
	err := t.db.fresh.QueryRowContext(ctx, `
		SELECT GREATEST(
			(SELECT COALESCE(max(seq), 0) FROM cases WHERE agency_id = $1 AND year = $2 AND kind = $3),
			(SELECT COALESCE(max(value), 0) FROM case_counters WHERE agency_id = $1 AND year = $2 AND kind = $3)) + 1`,
		agencyID, year, string(kind)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	// The fresh read does not see this transaction's own filings.
	key := caseNumberKey{agencyID, year, kind}
	n = max(n, t.caseSeqs[key]+1)
	if t.caseSeqs == nil {
		t.caseSeqs = map[caseNumberKey]int64{}
	}
	t.caseSeqs[key] = n
	return n, nil
}

// caseNumberKey names the number sequence of an agency's cases of a kind in a year.
type caseNumberKey struct {
	agencyID int64
	year     int
	kind     zhifa.CaseKind
}

// caseNumberLock is the advisory lock key of the numbers of (agency, year, kind): FNV-1a
// of the triple, so that keys spread over the whole range (two triples sharing a key
// only wait for each other).
func caseNumberLock(agencyID int64, year int, kind zhifa.CaseKind) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "zhifa/case-number/%d/%d/%s", agencyID, year, kind)
	return int64(h.Sum64())
}

var caseMsgs = errMsgs{conflict: "案件编号已存在", missing: "执法机关或执法事项不存在"}

// CreateCase inserts c and its parties.
func (t *tx) CreateCase(ctx context.Context, c *zhifa.Case) error {
	const op = "create case"
	officers, state, clocks, err := caseJSON(c)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	created := t.stamp(c.CreatedAt)
	c.Version = 1
	err = t.queryRow(ctx, `
		INSERT INTO cases (agency_id, number, year, seq, kind, procedure, item_id, officer_ids,
			occurred_on, discovered_on, harm, limitation_reason, facts, stage, outcome, state, clocks,
			next_due, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		RETURNING id`,
		c.AgencyID, c.Number, c.Year, c.Seq, string(c.Kind), string(c.Procedure), c.ItemID, officers,
		c.OccurredOn, c.DiscoveredOn, c.Harm, c.LimitationReason, c.Facts, string(c.Stage), string(c.Outcome),
		state, clocks, c.NextDue, c.Version, c.CreatedBy, created, created,
	).Scan(&c.ID)
	if err != nil {
		return dbErr(err, op, caseMsgs)
	}
	c.CreatedAt, c.UpdatedAt = created, created
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
		_, err = t.exec(ctx, `
			INSERT INTO case_parties (case_id, seq, kind, name, id_number_enc, id_number_index, id_masked,
				credit_code, address, phone_enc)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			c.ID, i+1, string(p.Kind), p.Name, idEnc, idIndex, p.IDMasked, p.CreditCode, p.Address, phoneEnc)
		if err != nil {
			return dbErr(err, op, caseMsgs)
		}
	}
	return t.indexCase(ctx, c, true)
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
	c.Version++
	c.UpdatedAt = now
	return t.indexCase(ctx, c, false)
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

// Case returns the case with the id and its parties.
func (t *tx) Case(ctx context.Context, id int64) (*zhifa.Case, error) {
	c, err := scanCase(t.queryRow(ctx, `SELECT `+caseCols+` FROM cases c WHERE c.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get case", "案件")
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

// AddCaseEvent appends to a case's history, setting ID and, when zero, At.
func (t *tx) AddCaseEvent(ctx context.Context, e *zhifa.CaseEvent) error {
	e.At = t.stamp(e.At)
	if t.bulk != nil { // a loader's transaction: written at its end, ID unset
		t.bulk.add("case_events", caseEventColumns, e.CaseID, e.At, string(e.From), string(e.To), e.Action, e.ActorID,
			e.Actor, e.ApproverID, e.Approver, e.Reason, e.Detail, e.ActedOn, e.BackdateReason)
		return nil
	}
	err := t.queryRow(ctx, `
		INSERT INTO case_events (case_id, at, from_stage, to_stage, action, actor_id, actor, approver_id,
			approver, reason, detail, acted_on, backdate_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		e.CaseID, e.At, string(e.From), string(e.To), e.Action, e.ActorID, e.Actor, e.ApproverID, e.Approver,
		e.Reason, e.Detail, e.ActedOn, e.BackdateReason).Scan(&e.ID)
	return dbErr(err, "add case event", errMsgs{missing: "案件不存在"})
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
	r.CreatedAt = t.stamp(r.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO case_records (case_id, kind, title, act, evidence_id, created_at, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		r.CaseID, string(r.Kind), r.Title, r.Act, nullID(r.EvidenceID), r.CreatedAt, r.CreatedBy).Scan(&r.ID)
	return dbErr(err, "add record", errMsgs{missing: "案件不存在"})
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

// HasAVRecord reports whether the case has an audio/video record of the act.
func (t *tx) HasAVRecord(ctx context.Context, caseID int64, act string) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM case_records WHERE case_id = $1 AND kind = 'av' AND act = $2`,
		caseID, act).Scan(&n)
	if err != nil {
		return false, dbErr(err, "has av record", errMsgs{})
	}
	return n > 0, nil
}

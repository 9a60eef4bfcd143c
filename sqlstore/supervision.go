package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"zhifa"
)

// Complaints, their files and history, and reconsideration outcomes (migration 00029,
// REQUIREMENTS F5, F7). The complainant's name, phone and address and a reconsideration's
// applicant are personal data, sealed with the PII cipher like officers' 身份证号.

// Additional data binding each sealed value to its column.
const (
	adComplainantName    = "complaints.name"
	adComplainantPhone   = "complaints.phone"
	adComplainantAddress = "complaints.address"
	adReconApplicant     = "reconsiderations.applicant"
)

var complaintMsgs = errMsgs{missing: "执法机关或案件不存在", conflict: "投诉举报编号已存在"}

// nullRef stores a zero ID as NULL (an optional foreign key).
func nullRef(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (t *tx) sealComplainant(p zhifa.Complainant) (name, phone, address string, err error) {
	if name, err = t.db.pii.seal(adComplainantName, p.Name); err != nil {
		return
	}
	if phone, err = t.db.pii.seal(adComplainantPhone, p.Phone); err != nil {
		return
	}
	address, err = t.db.pii.seal(adComplainantAddress, p.Address)
	return
}

// CreateComplaint inserts c.
func (t *tx) CreateComplaint(ctx context.Context, c *zhifa.Complaint) error {
	const op = "create complaint"
	name, phone, address, err := t.sealComplainant(c.Complainant)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	clocks, err := jsonText(c.Clocks)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	c.CreatedAt = t.stamp(c.CreatedAt)
	c.UpdatedAt, c.Version = c.CreatedAt, 1
	err = t.queryRow(ctx, `
		INSERT INTO complaints (number, code_hash, kind, subject, channel, external_ref, agency_id, target, content, request,
			named, name_enc, phone_enc, address_enc, state, received_on, decided_on, reply_days, reply, replied_on,
			notified_on, case_id, clocks, next_due, version, created_at, updated_at, about_agency_id, finding)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
			$24, $25, $26, $27, $28, $29)
		RETURNING id`,
		c.Number, hex.EncodeToString(c.CodeHash), string(c.Kind), string(c.Subject), string(c.Channel), c.ExternalRef,
		c.AgencyID, c.Target, c.Content, c.Request, c.Named, name, phone, address, string(c.State), c.ReceivedOn,
		c.DecidedOn, c.ReplyDays, c.Reply, c.RepliedOn, c.Notified, nullRef(c.CaseID), clocks, c.NextDue, c.Version,
		c.CreatedAt, c.UpdatedAt, c.AboutAgencyID, string(c.Finding)).Scan(&c.ID)
	return dbErr(err, op, complaintMsgs)
}

// UpdateComplaint saves c's mutable fields under optimistic locking. The number, code,
// kind, channel, content and complainant never change after intake.
func (t *tx) UpdateComplaint(ctx context.Context, c *zhifa.Complaint) error {
	const op = "update complaint"
	clocks, err := jsonText(c.Clocks)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(c.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE complaints SET agency_id = $1, state = $2, decided_on = $3, reply_days = $4, reply = $5, replied_on = $6,
			notified_on = $7, case_id = $8, clocks = $9, next_due = $10, version = version + 1, updated_at = $11, finding = $14
		WHERE id = $12 AND version = $13`,
		c.AgencyID, string(c.State), c.DecidedOn, c.ReplyDays, c.Reply, c.RepliedOn, c.Notified, nullRef(c.CaseID),
		clocks, c.NextDue, now, c.ID, c.Version, string(c.Finding))
	if err != nil {
		return dbErr(err, op, complaintMsgs)
	}
	if err := t.checkVersioned(ctx, res, op, `SELECT 1 FROM complaints WHERE id = $1`, c.ID, "投诉举报"); err != nil {
		return err
	}
	c.Version++
	c.UpdatedAt = now
	return nil
}

// checkVersioned tells a stale version (ECONFLICT) from a missing row after an update
// that touched nothing.
func (t *tx) checkVersioned(ctx context.Context, res sql.Result, op, exists string, id int64, kind string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n > 0 {
		return nil
	}
	var one int
	if err := t.queryRow(ctx, exists, id).Scan(&one); err != nil {
		return rowErr(err, op, kind)
	}
	return zhifa.Errorf(zhifa.ECONFLICT, "%s已被他人修改，请刷新后重试", kind)
}

const complaintCols = `c.id, c.number, c.code_hash, c.kind, c.subject, c.channel, c.external_ref, c.agency_id, a.path,
	a.name, c.target, c.content, c.request, c.named, c.name_enc, c.phone_enc, c.address_enc, c.state, c.received_on,
	c.decided_on, c.reply_days, c.reply, c.replied_on, c.notified_on, c.case_id, c.clocks, c.next_due, c.version,
	c.created_at, c.updated_at, c.about_agency_id, c.finding`

const complaintFrom = ` FROM complaints c JOIN agencies a ON a.id = c.agency_id`

// complaintListCols are complaintCols without the complainant: no list shows personal
// data, so a page neither reads nor decrypts it.
var complaintListCols = strings.Replace(complaintCols, "c.name_enc, c.phone_enc, c.address_enc", "'', '', ''", 1)

func (t *tx) scanComplaint(s scanner) (*zhifa.Complaint, error) {
	var c zhifa.Complaint
	var codeHex, name, phone, address, clocks string
	var caseID sql.NullInt64
	err := s.Scan(&c.ID, &c.Number, &codeHex, &c.Kind, &c.Subject, &c.Channel, &c.ExternalRef, &c.AgencyID, &c.AgencyPath,
		&c.AgencyName, &c.Target, &c.Content, &c.Request, &c.Named, &name, &phone, &address, &c.State, &c.ReceivedOn,
		&c.DecidedOn, &c.ReplyDays, &c.Reply, &c.RepliedOn, &c.Notified, &caseID, &clocks, &c.NextDue, &c.Version,
		&c.CreatedAt, &c.UpdatedAt, &c.AboutAgencyID, &c.Finding)
	if err != nil {
		return nil, err
	}
	if c.CodeHash, err = hex.DecodeString(codeHex); err != nil {
		return nil, fmt.Errorf("complaint %d code hash: %w", c.ID, err)
	}
	if c.Complainant.Name, err = t.db.pii.open(adComplainantName, name); err != nil {
		return nil, err
	}
	if c.Complainant.Phone, err = t.db.pii.open(adComplainantPhone, phone); err != nil {
		return nil, err
	}
	if c.Complainant.Address, err = t.db.pii.open(adComplainantAddress, address); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(clocks), &c.Clocks); err != nil {
		return nil, fmt.Errorf("complaint %d clocks: %w", c.ID, err)
	}
	c.CaseID = caseID.Int64
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

// Complaint returns the complaint with the id.
func (t *tx) Complaint(ctx context.Context, id int64) (*zhifa.Complaint, error) {
	c, err := t.scanComplaint(t.queryRow(ctx, `SELECT `+complaintCols+complaintFrom+` WHERE c.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get complaint", "投诉举报")
	}
	return c, nil
}

// ComplaintByNumber returns the complaint with the tracking number.
func (t *tx) ComplaintByNumber(ctx context.Context, number string) (*zhifa.Complaint, error) {
	c, err := t.scanComplaint(t.queryRow(ctx, `SELECT `+complaintCols+complaintFrom+` WHERE c.number = $1`, number))
	if err != nil {
		return nil, rowErr(err, "get complaint by number", "投诉举报")
	}
	return c, nil
}

// Complaints returns one page of matching complaints, newest first (keyset on id),
// without the complainant (Complaint reads it).
func (t *tx) Complaints(ctx context.Context, f zhifa.ComplaintFilter) ([]*zhifa.Complaint, error) {
	const op = "list complaints"
	if err := checkPath(f.UnderPath); err != nil {
		return nil, err
	}
	var w where
	if f.UnderPath != "" {
		w.add(`a.path LIKE ? || '%'`, f.UnderPath)
	}
	if f.AgencyID != 0 {
		w.add(`c.agency_id = ?`, f.AgencyID)
	}
	if f.State != "" {
		w.add(`c.state = ?`, string(f.State))
	}
	if !f.OverdueOn.IsZero() {
		w.add(`c.next_due < ?`, f.OverdueOn)
	}
	if f.Before > 0 {
		w.add(`c.id < ?`, f.Before)
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := t.query(ctx, `SELECT `+complaintListCols+complaintFrom+w.String()+` ORDER BY c.id DESC LIMIT `+fmt.Sprint(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, t.scanComplaint)
}

// CaseComplaints returns the complaints that opened the case.
func (t *tx) CaseComplaints(ctx context.Context, caseID int64) ([]*zhifa.Complaint, error) {
	const op = "list case complaints"
	rows, err := t.query(ctx, `SELECT `+complaintListCols+complaintFrom+` WHERE c.case_id = $1 ORDER BY c.id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, t.scanComplaint)
}

// AddComplaintFile records an attachment.
func (t *tx) AddComplaintFile(ctx context.Context, f *zhifa.ComplaintFile) error {
	f.CreatedAt = t.stamp(f.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO complaint_files (complaint_id, name, mime, size, sha256, sm3, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		f.ComplaintID, f.Name, f.MIME, f.Size, f.SHA256, f.SM3, f.CreatedAt).Scan(&f.ID)
	return dbErr(err, "add complaint file", complaintMsgs)
}

// ComplaintFiles returns a complaint's attachments in order.
func (t *tx) ComplaintFiles(ctx context.Context, complaintID int64) ([]*zhifa.ComplaintFile, error) {
	const op = "list complaint files"
	rows, err := t.query(ctx, `SELECT id, complaint_id, name, mime, size, sha256, sm3, created_at
		FROM complaint_files WHERE complaint_id = $1 ORDER BY id`, complaintID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.ComplaintFile, error) {
		var f zhifa.ComplaintFile
		if err := s.Scan(&f.ID, &f.ComplaintID, &f.Name, &f.MIME, &f.Size, &f.SHA256, &f.SM3, &f.CreatedAt); err != nil {
			return nil, err
		}
		f.CreatedAt = f.CreatedAt.UTC()
		return &f, nil
	})
}

// AddComplaintEvent appends one step of a complaint's history.
func (t *tx) AddComplaintEvent(ctx context.Context, e *zhifa.ComplaintEvent) error {
	e.At = t.stamp(e.At)
	err := t.queryRow(ctx, `
		INSERT INTO complaint_events (complaint_id, action, from_agency, to_agency, reason, actor_id, actor_name, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.ComplaintID, e.Action, e.FromAgency, e.ToAgency, e.Reason, e.ActorID, e.ActorName, e.At).Scan(&e.ID)
	return dbErr(err, "add complaint event", complaintMsgs)
}

// ComplaintEvents returns a complaint's history, oldest first.
func (t *tx) ComplaintEvents(ctx context.Context, complaintID int64) ([]*zhifa.ComplaintEvent, error) {
	const op = "list complaint events"
	rows, err := t.query(ctx, `SELECT id, complaint_id, action, from_agency, to_agency, reason, actor_id, actor_name, at
		FROM complaint_events WHERE complaint_id = $1 ORDER BY id`, complaintID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, func(s scanner) (*zhifa.ComplaintEvent, error) {
		var e zhifa.ComplaintEvent
		if err := s.Scan(&e.ID, &e.ComplaintID, &e.Action, &e.FromAgency, &e.ToAgency, &e.Reason, &e.ActorID, &e.ActorName, &e.At); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		return &e, nil
	})
}

var reconMsgs = errMsgs{missing: "案件或执法机关不存在"}

// CreateReconsideration inserts r.
func (t *tx) CreateReconsideration(ctx context.Context, r *zhifa.Reconsideration) error {
	const op = "create reconsideration"
	applicant, err := t.db.pii.seal(adReconApplicant, r.Applicant)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	clocks, err := jsonText(r.Clocks)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	r.CreatedAt = t.stamp(r.CreatedAt)
	r.UpdatedAt, r.Version = r.CreatedAt, 1
	err = t.queryRow(ctx, `
		INSERT INTO reconsiderations (case_id, agency_id, kind, applicant_enc, body, received_on, via_agency, forwarded_on,
			copy_received_on, answered_on, accepted_on, simple, instance, head_appears, appealed, outcome, outcome_on,
			summary, clocks, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		RETURNING id`,
		r.CaseID, r.AgencyID, string(r.Kind), applicant, r.Body, r.ReceivedOn, r.ViaAgency, r.ForwardedOn,
		r.CopyReceivedOn, r.AnsweredOn, r.AcceptedOn, r.Simple, r.Instance, r.HeadAppears, r.Appealed, string(r.Outcome),
		r.OutcomeOn, r.Summary, clocks, r.Version, r.CreatedAt, r.UpdatedAt).Scan(&r.ID)
	return dbErr(err, op, reconMsgs)
}

// UpdateReconsideration saves r's progress and outcome under optimistic locking.
func (t *tx) UpdateReconsideration(ctx context.Context, r *zhifa.Reconsideration) error {
	const op = "update reconsideration"
	clocks, err := jsonText(r.Clocks)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	now := t.stamp(r.UpdatedAt)
	res, err := t.exec(ctx, `
		UPDATE reconsiderations SET forwarded_on = $1, copy_received_on = $2, answered_on = $3, accepted_on = $4,
			simple = $5, instance = $6, head_appears = $7, appealed = $8, outcome = $9, outcome_on = $10, summary = $11,
			clocks = $12, version = version + 1, updated_at = $13
		WHERE id = $14 AND version = $15`,
		r.ForwardedOn, r.CopyReceivedOn, r.AnsweredOn, r.AcceptedOn, r.Simple, r.Instance, r.HeadAppears, r.Appealed,
		string(r.Outcome), r.OutcomeOn, r.Summary, clocks, now, r.ID, r.Version)
	if err != nil {
		return dbErr(err, op, reconMsgs)
	}
	if err := t.checkVersioned(ctx, res, op, `SELECT 1 FROM reconsiderations WHERE id = $1`, r.ID, "复议诉讼记录"); err != nil {
		return err
	}
	r.Version++
	r.UpdatedAt = now
	return nil
}

const reconCols = `id, case_id, agency_id, kind, applicant_enc, body, received_on, via_agency, forwarded_on,
	copy_received_on, answered_on, accepted_on, simple, instance, head_appears, appealed, outcome, outcome_on, summary,
	clocks, version, created_at, updated_at`

func (t *tx) scanRecon(s scanner) (*zhifa.Reconsideration, error) {
	var r zhifa.Reconsideration
	var applicant, clocks string
	err := s.Scan(&r.ID, &r.CaseID, &r.AgencyID, &r.Kind, &applicant, &r.Body, &r.ReceivedOn, &r.ViaAgency, &r.ForwardedOn,
		&r.CopyReceivedOn, &r.AnsweredOn, &r.AcceptedOn, &r.Simple, &r.Instance, &r.HeadAppears, &r.Appealed, &r.Outcome,
		&r.OutcomeOn, &r.Summary, &clocks, &r.Version, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if r.Applicant, err = t.db.pii.open(adReconApplicant, applicant); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(clocks), &r.Clocks); err != nil {
		return nil, fmt.Errorf("reconsideration %d clocks: %w", r.ID, err)
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

// Reconsideration returns the record with the id.
func (t *tx) Reconsideration(ctx context.Context, id int64) (*zhifa.Reconsideration, error) {
	r, err := t.scanRecon(t.queryRow(ctx, `SELECT `+reconCols+` FROM reconsiderations WHERE id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get reconsideration", "复议诉讼记录")
	}
	return r, nil
}

// CaseReconsiderations returns a case's reconsiderations and lawsuits, oldest first.
func (t *tx) CaseReconsiderations(ctx context.Context, caseID int64) ([]*zhifa.Reconsideration, error) {
	const op = "list case reconsiderations"
	rows, err := t.query(ctx, `SELECT `+reconCols+` FROM reconsiderations WHERE case_id = $1 ORDER BY id`, caseID)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, t.scanRecon)
}

// CorrectionStats counts per agency under path the penalty decisions of the year (the
// agency's row of decision_counts, kept from case_stats by the triggers of migration
// 00054: the assessment's correction indicator counts the same decisions) and the
// distinct cases whose decision an outcome of that year corrected (the year's range of
// reconsiderations_agency_outcome): one row per agency and a range of the year's
// outcomes, not a count of the year's decisions. Agencies with neither are left out.
func (t *tx) CorrectionStats(ctx context.Context, underPath string, year int, corrects []zhifa.ReviewOutcome) ([]*zhifa.CorrectionStat, error) {
	const op = "correction stats"
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	if len(corrects) == 0 {
		return nil, fmt.Errorf("%s: no correcting outcomes", op)
	}
	from, to := zhifa.Date{Year: year, Month: 1, Day: 1}, zhifa.Date{Year: year + 1, Month: 1, Day: 1}
	stats := map[int64]*zhifa.CorrectionStat{}
	var order []int64
	count := func(query string, args []any, add func(st *zhifa.CorrectionStat, n int)) error {
		rows, err := t.query(ctx, query, args...)
		if err != nil {
			return dbErr(err, op, errMsgs{})
		}
		defer rows.Close()
		for rows.Next() {
			var st zhifa.CorrectionStat
			var n int
			if err := rows.Scan(&st.AgencyID, &st.AgencyName, &st.AgencyPath, &n); err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
			if stats[st.AgencyID] == nil {
				stats[st.AgencyID] = &st
				order = append(order, st.AgencyID)
			}
			add(stats[st.AgencyID], n)
		}
		return rows.Err()
	}
	err := count(`
		SELECT a.id, a.name, a.path, d.decisions FROM decision_counts d JOIN agencies a ON a.id = d.agency_id
		WHERE d.year = $2 AND d.decisions > 0 AND a.path LIKE $1 || '%'`, []any{underPath, year},
		func(st *zhifa.CorrectionStat, n int) { st.Decisions = n })
	if err != nil {
		return nil, err
	}
	args := []any{underPath, from, to}
	ph := make([]string, len(corrects))
	for i, o := range corrects {
		args = append(args, string(o))
		ph[i] = fmt.Sprintf("$%d", len(args))
	}
	err = count(`
		SELECT a.id, a.name, a.path, COUNT(DISTINCT r.case_id) FROM reconsiderations r JOIN agencies a ON a.id = r.agency_id
		WHERE r.outcome_on >= $2 AND r.outcome_on < $3 AND a.path LIKE $1 || '%' AND r.outcome IN (`+strings.Join(ph, ", ")+`)
		GROUP BY a.id, a.name, a.path`, args,
		func(st *zhifa.CorrectionStat, n int) { st.Corrected = n })
	if err != nil {
		return nil, err
	}
	out := make([]*zhifa.CorrectionStat, 0, len(order))
	for _, id := range order {
		out = append(out, stats[id])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AgencyPath < out[j].AgencyPath })
	return out, nil
}

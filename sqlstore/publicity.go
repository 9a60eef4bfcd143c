package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"zhifa"
)

// Publications of decisions (migration 00027, issue 13): the agency's queue, the portal's
// decisions with their bigram search (as for cases, search.go), and the agencies'
// publication rules.

var publicationMsgs = errMsgs{missing: "案件、许可决定或机关不存在", conflict: "该决定已在公示队列中"}

const publicationCols = `p.id, p.agency_id, p.agency_path, a.name, p.case_id, p.case_number, p.item_id, p.item_name,
	p.category, p.status, p.decided_on, p.due, p.public_party, p.public_code, p.conclusion, p.draft, p.redactions,
	p.secrets, p.public_text, p.prepared_by, p.approved_by, p.published_on, p.display_until, p.entry, p.ground,
	p.ground_reason, p.withdraw_due, p.withdrawn_on, p.withdraw_reason, p.withdraw_entry, p.version, p.created_at, p.updated_at,
	p.stop_applied_on, p.stopped_on, p.stop_reason, p.licence_id`

const publicationFrom = ` FROM publications p JOIN agencies a ON a.id = p.agency_id`

func scanPublication(s scanner) (*zhifa.Publication, error) {
	var p zhifa.Publication
	var redactions, secrets string
	var caseID, licenceID sql.NullInt64
	err := s.Scan(&p.ID, &p.AgencyID, &p.AgencyPath, &p.AgencyName, &caseID, &p.CaseNumber, &p.ItemID, &p.ItemName,
		&p.Category, &p.Status, &p.DecidedOn, &p.Due, &p.PublicParty, &p.PublicCode, &p.Conclusion, &p.Draft, &redactions,
		&secrets, &p.PublicText, &p.PreparedBy, &p.ApprovedBy, &p.PublishedOn, &p.DisplayUntil, &p.Entry, &p.Ground,
		&p.GroundReason, &p.WithdrawDue, &p.WithdrawnOn, &p.WithdrawReason, &p.WithdrawEntry, &p.Version, &p.CreatedAt, &p.UpdatedAt,
		&p.StopAppliedOn, &p.StoppedOn, &p.StopReason, &licenceID)
	if err != nil {
		return nil, err
	}
	p.CaseID, p.LicenceID = idOf(caseID), idOf(licenceID)
	if err := json.Unmarshal([]byte(redactions), &p.Redactions); err != nil {
		return nil, fmt.Errorf("decode redactions: %w", err)
	}
	if p.Secrets, err = stringsOf(secrets); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// publicationDoc is the searchable text of a publication: only what the portal shows
// (案号, the party as published, its credit code, agency and item), folded, one per line.
// Nothing is indexed before publication, so the queue's drafts are never searchable; a
// withdrawn decision stays findable with its withdrawal notice.
func publicationDoc(p *zhifa.Publication) string {
	if p.Status != zhifa.PubPublished && p.Status != zhifa.PubWithdrawn {
		return ""
	}
	return foldText(p.CaseNumber) + "\n" + foldText(p.PublicParty) + "\n" + foldText(p.PublicCode) + "\n" +
		foldText(p.AgencyName) + "\n" + foldText(p.ItemName)
}

// AddPublication inserts p, setting ID, Version and the timestamps.
func (t *tx) AddPublication(ctx context.Context, p *zhifa.Publication) error {
	const op = "add publication"
	p.PublicCode = normalizeIDNumber(p.PublicCode) // as the search normalizes the query
	p.CreatedAt = t.stamp(p.CreatedAt)
	p.UpdatedAt, p.Version = p.CreatedAt, 1
	redactions, secrets, err := publicationJSON(p)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	err = t.queryRow(ctx, `
		INSERT INTO publications (agency_id, agency_path, case_id, case_number, item_id, item_name, category, status,
			decided_on, due, public_party, public_code, conclusion, draft, redactions, secrets, public_text, search_doc,
			prepared_by, approved_by, published_on, display_until, entry, ground, ground_reason, withdraw_due,
			withdrawn_on, withdraw_reason, withdraw_entry, version, created_at, updated_at, licence_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
			$23, $24, $25, $26, $27, $28, $29, 1, $30, $30, $31) RETURNING id`,
		p.AgencyID, p.AgencyPath, nullID(p.CaseID), p.CaseNumber, p.ItemID, p.ItemName, string(p.Category), string(p.Status),
		p.DecidedOn, p.Due, p.PublicParty, p.PublicCode, p.Conclusion, p.Draft, redactions, secrets, p.PublicText,
		publicationDoc(p), p.PreparedBy, p.ApprovedBy, p.PublishedOn, p.DisplayUntil, p.Entry, p.Ground, p.GroundReason,
		p.WithdrawDue, p.WithdrawnOn, p.WithdrawReason, p.WithdrawEntry, p.CreatedAt, nullID(p.LicenceID)).Scan(&p.ID)
	if err != nil {
		return dbErr(err, op, publicationMsgs)
	}
	return t.changeTerms(ctx, publicationTermIndex, p.ID, "", publicationDoc(p))
}

func publicationJSON(p *zhifa.Publication) (redactions, secrets string, err error) {
	if redactions, err = jsonText(p.Redactions); err != nil {
		return "", "", err
	}
	secrets, err = jsonText(p.Secrets)
	return redactions, secrets, err
}

// UpdatePublication saves p if its Version is current, then increments Version.
func (t *tx) UpdatePublication(ctx context.Context, p *zhifa.Publication) error {
	const op = "update publication"
	p.PublicCode = normalizeIDNumber(p.PublicCode)
	redactions, secrets, err := publicationJSON(p)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	// The postings change with the published text only (a withdrawal keeps them).
	var oldDoc string
	if err := t.queryRow(ctx, `SELECT search_doc FROM publications WHERE id = $1`, p.ID).Scan(&oldDoc); err != nil {
		return rowErr(err, op, "公示信息")
	}
	at := t.stamp(time.Time{})
	res, err := t.exec(ctx, `
		UPDATE publications SET status = $1, due = $2, public_party = $3, public_code = $4, conclusion = $5, draft = $6,
			redactions = $7, secrets = $8, public_text = $9, search_doc = $10, prepared_by = $11, approved_by = $12,
			published_on = $13, display_until = $14, entry = $15, ground = $16, ground_reason = $17, withdraw_due = $18,
			withdrawn_on = $19, withdraw_reason = $20, withdraw_entry = $21, version = version + 1, updated_at = $22,
			stop_applied_on = $25, stopped_on = $26, stop_reason = $27
		WHERE id = $23 AND version = $24`,
		string(p.Status), p.Due, p.PublicParty, p.PublicCode, p.Conclusion, p.Draft, redactions, secrets, p.PublicText,
		publicationDoc(p), p.PreparedBy, p.ApprovedBy, p.PublishedOn, p.DisplayUntil, p.Entry, p.Ground, p.GroundReason,
		p.WithdrawDue, p.WithdrawnOn, p.WithdrawReason, p.WithdrawEntry, at, p.ID, p.Version,
		p.StopAppliedOn, p.StoppedOn, p.StopReason)
	if err != nil {
		return dbErr(err, op, publicationMsgs)
	}
	if err := t.versioned(ctx, res, op, "publications", p.ID, "公示信息", ""); err != nil {
		return err
	}
	p.Version++
	p.UpdatedAt = at
	return t.changeTerms(ctx, publicationTermIndex, p.ID, oldDoc, publicationDoc(p))
}

// Publication returns the publication with the id.
func (t *tx) Publication(ctx context.Context, id int64) (*zhifa.Publication, error) {
	p, err := scanPublication(t.queryRow(ctx, `SELECT `+publicationCols+publicationFrom+` WHERE p.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get publication", "公示信息")
	}
	return p, nil
}

// PublicationOfCase returns the publication of the case's decision.
func (t *tx) PublicationOfCase(ctx context.Context, caseID int64) (*zhifa.Publication, error) {
	p, err := scanPublication(t.queryRow(ctx, `SELECT `+publicationCols+publicationFrom+` WHERE p.case_id = $1`, caseID))
	if err != nil {
		return nil, rowErr(err, "get publication of case", "公示信息")
	}
	return p, nil
}

// Publications lists publications newest first by keyset (after the row f.After).
// With Terms, the rarest bigram by count drives the scan of publication_terms in id
// order, the next rarest are probed, and the stored text confirms the words (search.go).
// A range of decision dates lists by decision date, newest first, from
// publications_decided (migration 00045), and so does a search within one whose every
// bigram is common and whose driving bigram has at least defaultDatedScanPostings
// postings: its
// hits are dense among the days' rows.
func (t *tx) Publications(ctx context.Context, f zhifa.PublicationFilter) ([]*zhifa.Publication, error) {
	const op = "list publications"
	if err := checkPath(f.AgencyPath); err != nil {
		return nil, err
	}
	var w where
	from := publicationFrom
	dated := !f.From.IsZero() || !f.To.IsZero()
	byDate := dated
	order := `p.id`
	if dated || len(f.Terms) > 0 {
		if err := t.planForArguments(ctx); err != nil {
			return nil, err
		}
	}
	switch {
	case len(f.Terms) == 1 && isCaseNumber(f.Terms[0]):
		// A whole 案号 is one entry of publications_case_number (migration 00040): its
		// bigrams (the agency's abbreviation, the year) are shared by most of the
		// agency's decisions.
		w.add(`p.case_number = ?`, strings.TrimSpace(f.Terms[0]))
	case len(f.Terms) > 0:
		q, err := t.searchQuery(ctx, publicationTermIndex, strings.Join(f.Terms, " "), dated)
		if err != nil {
			return nil, err
		}
		dense := byDate && q.exact == "" && q.common()
		if dense {
			// A capped count says only "at least": a word whose postings are few beside the
			// range's rows is read from its postings, not confirmed row by row in the range.
			limit := cmp.Or(t.db.datedScanPostings, defaultDatedScanPostings)
			if dense, err = t.postingsAtLeast(ctx, publicationTermIndex, q.terms[0], limit); err != nil {
				return nil, dbErr(err, op, errMsgs{})
			}
		}
		switch {
		case q.exact != "":
			// A 统一社会信用代码 (or a 身份证号, which is never published and finds nothing):
			// one range of publications_code. Its bigrams would be shared by most codes.
			w.add(`p.public_code = ?`, q.exact)
		case dense:
			t.confirmPublicationWords(&w, q, false)
		default:
			byDate = false
			from = ` FROM publication_terms t0 JOIN publications p ON p.id = t0.pub_id JOIN agencies a ON a.id = p.agency_id`
			order = `t0.pub_id`
			w.add(`t0.term = ?`, q.terms[0])
			t.confirmPublicationWords(&w, q, true)
		}
	}
	if f.AgencyID != 0 {
		w.add(`p.agency_id = ?`, f.AgencyID)
	}
	if f.AgencyPath != "" {
		w.add(`p.agency_path LIKE ?`, f.AgencyPath+"%")
	}
	switch {
	case f.Public && t.db.engine == EngineSQLite:
		// The unary + keeps SQLite from reading both statuses' ranges of
		// publications_status_id and sorting them: it walks the primary key newest first
		// and stops at the page's end (most publications are public).
		w.add(`+p.status IN ('published', 'withdrawn') AND p.display_until >= ?`, f.Today)
	case f.Public:
		w.add(`p.status IN ('published', 'withdrawn') AND p.display_until >= ?`, f.Today)
	case f.Status != "":
		w.add(`p.status = ?`, string(f.Status))
	}
	if !f.From.IsZero() {
		w.add(`p.decided_on >= ?`, f.From)
	}
	if !f.To.IsZero() {
		w.add(`p.decided_on <= ?`, f.To)
	}
	orderBy := order + ` DESC`
	switch {
	case byDate:
		// The page after a row is after its (date, ID); the row's date is read by its key.
		orderBy = `p.decided_on DESC, p.id DESC`
		if f.After > 0 {
			w.add(`(p.decided_on, p.id) < (SELECT k.decided_on, k.id FROM publications k WHERE k.id = ?)`, f.After)
		}
	case f.After > 0:
		w.add(order+` < ?`, f.After)
		if order != `p.id` {
			// Bounding both sides of the join lets PostgreSQL start a merge join there.
			w.add(`p.id < ?`, f.After)
		}
	}
	limit, _ := window(zhifa.Page{Limit: f.Limit})
	rows, err := t.query(ctx, `SELECT `+publicationCols+from+w.String()+` ORDER BY `+orderBy+` LIMIT `+w.arg(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanPublication)
}

// defaultDatedScanPostings is the number of postings of a search's driving bigram from
// which a search within a range of decision dates reads the range's rows in date order
// and confirms the words, rather than the bigram's postings: below it, reading the
// postings costs at most a few milliseconds however sparse the word is in the range (at
// 1,000,000 decisions, a word of 1,034 postings in a range of 30,601 rows: 57 ms by date,
// 0.7 ms by postings on SQLite).
const defaultDatedScanPostings = 5000

// postingsAtLeast reports whether term has at least n postings in ix, by a count that
// stops at n.
func (t *tx) postingsAtLeast(ctx context.Context, ix termIndex, term string, n int) (bool, error) {
	var got int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+ix.postings+` WHERE term = $1 LIMIT $2) x`, term, n).Scan(&got)
	return got >= n, err
}

// confirmPublicationWords adds the conditions that a publication holds the words of q.
// Driven by the postings of q's rarest bigram (t0), the next rarest are probed and the
// stored text confirms the words unless the postings prove them; read by date (every
// bigram common, probes would filter nothing), the text alone confirms them.
func (t *tx) confirmPublicationWords(w *where, q *caseQuery, byPostings bool) {
	if byPostings {
		for i, term := range q.probed()[1:] {
			w.add(fmt.Sprintf(`EXISTS (SELECT 1 FROM publication_terms t%d WHERE t%d.term = ? AND t%d.pub_id = t0.pub_id)`, i+1, i+1, i+1), term)
		}
		if q.confirmed() {
			return
		}
	}
	for _, word := range q.words {
		w.add(`p.search_doc LIKE ? ESCAPE '\'`, likeContains(word))
	}
}

// OverduePublications counts, per agency of the subtree, publications waiting past
// their due date and published ones whose withdrawal is past due: each status one range
// of its covering index (publications_status_due, publications_status_withdraw), read
// in due order with the scope checked on the index entry (agency_path, migration 00063),
// so that the count reads the overdue entries in scope alone, and at most limit+1 of
// each (issue 11: a generated province of 300,000 cases had 81,000 queued publications
// past due, and every staff landing page counted them all). The agencies' names come in
// the same statement, not one read per agency.
func (t *tx) OverduePublications(ctx context.Context, agencyPath string, today zhifa.Date, limit int) ([]zhifa.OverdueCount, bool, error) {
	const op = "count overdue publications"
	if err := checkPath(agencyPath); err != nil {
		return nil, false, err
	}
	if limit <= 0 {
		return nil, false, zhifa.Errorf(zhifa.EINVALID, "统计上限应为正数")
	}
	// Each side is one status, so that its index range is read in due order and stops
	// at the limit (an IN list of statuses would be sorted whole first). The scope is an
	// expression (agency_path || ''), so that SQLite, which plans for unknown
	// parameters, never reads the publications by an index on the path instead, which
	// covers no date; it is checked on the index entry all the same.
	side := func(n int, status, due string) string {
		return fmt.Sprintf(`SELECT %d AS side, agency_id FROM (SELECT agency_id FROM publications
				WHERE status = '%s' AND %s < $1 AND agency_path || '' >= $2 AND agency_path || '' < $3
				ORDER BY %s LIMIT $4) s%d`, n, status, due, due, n)
	}
	rows, err := t.query(ctx, `
		SELECT p.side, p.agency_id, a.name, COUNT(*) FROM (
			`+side(0, string(zhifa.PubQueued), "due")+`
			UNION ALL `+side(1, string(zhifa.PubPrepared), "due")+`
			UNION ALL `+side(2, string(zhifa.PubPublished), "withdraw_due")+`
		) p JOIN agencies a ON a.id = p.agency_id
		GROUP BY p.side, p.agency_id, a.name`, today, agencyPath, subtreeEnd(agencyPath), limit+1)
	if err != nil {
		return nil, false, dbErr(err, op, errMsgs{})
	}
	defer rows.Close()
	var sides [3]int
	byAgency := map[int64]*zhifa.OverdueCount{}
	var out []zhifa.OverdueCount
	for rows.Next() {
		var side, n int
		var c zhifa.OverdueCount
		if err := rows.Scan(&side, &c.AgencyID, &c.AgencyName, &n); err != nil {
			return nil, false, fmt.Errorf("%s: %w", op, err)
		}
		sides[side%3] += n
		if prev := byAgency[c.AgencyID]; prev != nil {
			prev.Count += n
			continue
		}
		c.Count = n
		byAgency[c.AgencyID] = &c
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("%s: %w", op, err)
	}
	for _, c := range byAgency {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y zhifa.OverdueCount) int { return cmp.Compare(x.AgencyID, y.AgencyID) })
	return out, slices.ContainsFunc(sides[:], func(n int) bool { return n > limit }), nil
}

// PublicityRule returns the agency's rule; an agency without one has the statute's
// (all zero).
func (t *tx) PublicityRule(ctx context.Context, agencyID int64) (*zhifa.PublicityRule, error) {
	r := zhifa.PublicityRule{AgencyID: agencyID}
	err := t.queryRow(ctx, `SELECT publish_summary, publish_no_penalty, penalty_days, other_days, low_fine_fen
		FROM publicity_rules WHERE agency_id = $1`, agencyID).Scan(&r.PublishSummary, &r.PublishNoPenalty, &r.PenaltyDays, &r.OtherDays, &r.LowFineFen)
	if err == sql.ErrNoRows {
		return &r, nil
	}
	if err != nil {
		return nil, dbErr(err, "get publicity rule", errMsgs{})
	}
	return &r, nil
}

// SetPublicityRule stores the agency's rule.
func (t *tx) SetPublicityRule(ctx context.Context, r *zhifa.PublicityRule) error {
	_, err := t.exec(ctx, `
		INSERT INTO publicity_rules (agency_id, publish_summary, publish_no_penalty, penalty_days, other_days, low_fine_fen)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (agency_id) DO UPDATE SET publish_summary = excluded.publish_summary,
			publish_no_penalty = excluded.publish_no_penalty, penalty_days = excluded.penalty_days,
			other_days = excluded.other_days, low_fine_fen = excluded.low_fine_fen`,
		r.AgencyID, r.PublishSummary, r.PublishNoPenalty, r.PenaltyDays, r.OtherDays, r.LowFineFen)
	return dbErr(err, "set publicity rule", errMsgs{missing: "机关不存在"})
}

// PublicationEvents lists the publications of the subtree published, or withdrawn after
// publication, on a day of [f.From, f.To], oldest first by ID after f.After: each side
// is one range of publications_published_on or publications_withdrawn_on (migration
// 00040).
func (t *tx) PublicationEvents(ctx context.Context, f zhifa.PublicationEventFilter) ([]*zhifa.Publication, error) {
	const op = "list publication events"
	if err := checkPath(f.AgencyPath); err != nil {
		return nil, err
	}
	if f.From.IsZero() || f.To.IsZero() || (!f.Published && !f.Withdrawals) {
		return nil, zhifa.Errorf(zhifa.EINVALID, "请指定日期范围")
	}
	var w where
	var sides []string
	if f.Published {
		sides = append(sides, `(p.published_on >= `+w.arg(f.From)+` AND p.published_on <= `+w.arg(f.To)+
			` AND p.status IN ('published', 'withdrawn'))`)
	}
	if f.Withdrawals {
		sides = append(sides, `(p.withdrawn_on >= `+w.arg(f.From)+` AND p.withdrawn_on <= `+w.arg(f.To)+
			` AND p.status = 'withdrawn' AND p.entry > 0)`)
	}
	w.add(`(` + strings.Join(sides, ` OR `) + `)`)
	if f.AgencyID != 0 {
		w.add(`p.agency_id = ?`, f.AgencyID)
	}
	if f.AgencyPath != "" {
		w.add(`p.agency_path LIKE ?`, f.AgencyPath+"%")
	}
	if f.LegalPersons {
		w.add(`p.public_code <> ''`)
	}
	if f.After > 0 {
		w.add(`p.id > ?`, f.After)
	}
	limit, _ := window(zhifa.Page{Limit: f.Limit})
	rows, err := t.query(ctx, `SELECT `+publicationCols+publicationFrom+w.String()+` ORDER BY p.id LIMIT `+w.arg(limit), w.args...)
	if err != nil {
		return nil, dbErr(err, op, errMsgs{})
	}
	return collect(rows, op, scanPublication)
}

// isCaseNumber reports whether a search word is a whole 案号: an agency's abbreviation
// before 〔year〕 and the number ending in 号 (a part of one is searched by its bigrams).
func isCaseNumber(w string) bool {
	w = strings.TrimSpace(w)
	open, close := strings.Index(w, "〔"), strings.Index(w, "〕")
	return open > 0 && close > open && strings.HasSuffix(w, "号") && !strings.ContainsAny(w, " \t")
}

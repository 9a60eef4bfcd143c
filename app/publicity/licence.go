package publicity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/workday"
)

// Licence decisions (行政许可决定, issue 13; REQUIREMENTS C3, C6): the agency's licensing
// system sends its decisions here (the API and the import); each enters the publication
// queue like a case's decision, with the 7-working-day clock (118号（六）), and is counted
// in the annual report. The system issues no licence.

// MaxLicenceBatch bounds the records of one receipt.
const MaxLicenceBatch = 500

// LicenceInput is one licence decision as the licensing system sends it. Dates are
// 'YYYY-MM-DD' text so that a bad one is a field error. The item is given by ID or by its
// 事项编码.
type LicenceInput struct {
	AgencyID  int64  `json:"agency_id"`
	ItemID    int64  `json:"item_id,omitempty"`
	ItemCode  string `json:"item_code,omitempty"`
	Number    string `json:"number"`
	Decision  string `json:"decision"`
	Applicant struct {
		Kind       zhifa.PartyKind `json:"kind"`
		Name       string          `json:"name"`
		CreditCode string          `json:"credit_code,omitempty"`
		LegalRep   string          `json:"legal_rep,omitempty"`
		IDNumber   string          `json:"id_number,omitempty"`
	} `json:"applicant"`
	Content    string `json:"content"`
	ValidFrom  string `json:"valid_from,omitempty"`
	ValidUntil string `json:"valid_until,omitempty"`
	DecidedOn  string `json:"decided_on"`
	Office     string `json:"office"`
	// Revokes is the number of the agency's earlier decision a 撤回, 撤销 or 注销 decision
	// ends.
	Revokes  string `json:"revokes,omitempty"`
	Source   string `json:"source"`
	SourceID string `json:"source_id"`
}

// LicenceOutcome is what the receipt did with one record.
type LicenceOutcome string

// Receipt outcomes: a new licence, a re-delivery that changed nothing, a correction.
const (
	LicenceCreated   LicenceOutcome = "created"
	LicenceUnchanged LicenceOutcome = "unchanged"
	LicenceCorrected LicenceOutcome = "corrected"
)

// ReceivedLicence is the receipt of one record: the licence, its publication and the
// outcome.
type ReceivedLicence struct {
	ID            int64          `json:"id"`
	PublicationID int64          `json:"publication_id"`
	Outcome       LicenceOutcome `json:"outcome"`
	Version       int            `json:"version"`
}

// fieldPrefix names the record of a batch in field errors ("licences[2].number"); a
// single record's fields have no prefix.
func fieldPrefix(batch bool, i int) string {
	if !batch {
		return ""
	}
	return "licences[" + strconv.Itoa(i) + "]."
}

// checkedLicence is a record whose fields passed the checks, before the store is read.
type checkedLicence struct {
	l      zhifa.Licence
	item   string // the 事项编码 when the item is given by code
	prefix string
}

// checkLicence validates one record's own fields into ck (prefix names the record).
func checkLicence(ck *kernel.Checker, in *LicenceInput, prefix string, today zhifa.Date) *checkedLicence {
	out := &checkedLicence{prefix: prefix}
	l := &out.l
	if in.AgencyID <= 0 {
		ck.Add(prefix+"agency_id", "必填")
	}
	ck.Text(prefix+"item_code", &in.ItemCode, false, kernel.MaxShort)
	if in.ItemID <= 0 && in.ItemCode == "" {
		ck.Add(prefix+"item_id", "请填写行政许可事项")
	}
	ck.Text(prefix+"number", &in.Number, true, kernel.MaxShort)
	ck.Text(prefix+"decision", &in.Decision, true, kernel.MaxShort)
	if d, ok := zhifa.ParseLicenceDecision(in.Decision); ok {
		l.Decision = d
	} else if in.Decision != "" {
		ck.Add(prefix+"decision", "许可决定类别无效，应为"+decisionNames())
	}
	a := &in.Applicant
	ck.Text(prefix+"applicant.name", &a.Name, true, kernel.MaxShort)
	switch a.Kind {
	case zhifa.PartyOrg:
		ck.CreditCode(prefix+"applicant.credit_code", &a.CreditCode, true)
		ck.Text(prefix+"applicant.legal_rep", &a.LegalRep, true, kernel.MaxShort)
		if strings.TrimSpace(a.IDNumber) != "" {
			ck.Add(prefix+"applicant.id_number", "法人或者其他组织不填写身份证号")
		}
	case zhifa.PartyPerson:
		ck.PersonID(prefix+"applicant.id_number", &a.IDNumber, true)
		if strings.TrimSpace(a.CreditCode) != "" || strings.TrimSpace(a.LegalRep) != "" {
			ck.Add(prefix+"applicant.credit_code", "自然人不填写统一社会信用代码和法定代表人")
		}
	default:
		ck.Add(prefix+"applicant.kind", "请选择申请人类别：自然人，或者法人或者其他组织")
	}
	l.Applicant = zhifa.Party{Kind: a.Kind, Name: a.Name, CreditCode: a.CreditCode, IDNumber: a.IDNumber}
	l.LegalRep = a.LegalRep
	ck.Text(prefix+"content", &in.Content, true, kernel.MaxText)
	ck.Text(prefix+"office", &in.Office, true, kernel.MaxShort)
	ck.Text(prefix+"revokes", &in.Revokes, false, kernel.MaxShort)
	ck.Text(prefix+"source", &in.Source, true, kernel.MaxShort)
	ck.Text(prefix+"source_id", &in.SourceID, true, kernel.MaxShort)
	l.DecidedOn = checkDate(ck, prefix+"decided_on", in.DecidedOn, true)
	if !l.DecidedOn.IsZero() && l.DecidedOn.After(today) {
		ck.Add(prefix+"decided_on", "决定日期不能晚于今天")
	}
	l.ValidFrom = checkDate(ck, prefix+"valid_from", in.ValidFrom, false)
	l.ValidUntil = checkDate(ck, prefix+"valid_until", in.ValidUntil, false)
	if !l.ValidFrom.IsZero() && !l.ValidUntil.IsZero() && l.ValidUntil.Before(l.ValidFrom) {
		ck.Add(prefix+"valid_until", "有效期止不能早于有效期起")
	}
	if l.Decision != "" && law.LicenceEndsEarlier(l.Decision) && in.Revokes == "" {
		ck.Add(prefix+"revokes", l.Decision.Label()+"应当写明所针对的原许可决定文书号（"+law.RuleLicenceEnd+"）")
	}
	if l.Decision != "" && !law.LicenceEndsEarlier(l.Decision) && in.Revokes != "" {
		ck.Add(prefix+"revokes", "只有撤回、撤销或者注销决定需要填写原许可决定文书号")
	}
	if in.Revokes != "" && in.Revokes == in.Number {
		ck.Add(prefix+"revokes", "不能与本决定的文书号相同")
	}
	l.AgencyID, l.ItemID, l.Number, l.Content, l.Office = in.AgencyID, in.ItemID, in.Number, in.Content, in.Office
	l.Revokes, l.Source, l.SourceID = in.Revokes, in.Source, in.SourceID
	out.item = in.ItemCode
	return out
}

// checkDate parses an optional date field.
func checkDate(ck *kernel.Checker, field, s string, required bool) zhifa.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			ck.Add(field, "必填")
		}
		return zhifa.Date{}
	}
	d, err := zhifa.ParseDate(s)
	if err != nil {
		ck.Add(field, "日期格式应为YYYY-MM-DD")
	}
	return d
}

func decisionNames() string {
	names := make([]string, len(zhifa.LicenceDecisions))
	for i, d := range zhifa.LicenceDecisions {
		names[i] = d.Label()
	}
	return strings.Join(names, "、")
}

// licenceDigest is the SHA-256 of what the licensing system said, in a fixed form: a
// re-delivery with the same digest is the same record.
func licenceDigest(l *zhifa.Licence) string {
	b, _ := json.Marshal([]string{strconv.FormatInt(l.ItemID, 10), l.Number, string(l.Decision), string(l.Applicant.Kind),
		l.Applicant.Name, l.Applicant.CreditCode, l.Applicant.IDNumber, l.LegalRep, l.Content, l.ValidFrom.String(),
		l.ValidUntil.String(), l.DecidedOn.String(), l.Office, l.Revokes})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// changedFields names the fields a correction changes (the history shows them; no value
// is kept, the applicant's personal data included).
func changedFields(old, now *zhifa.Licence) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("行政许可事项", old.ItemID != now.ItemID)
	add("决定文书号", old.Number != now.Number)
	add("许可决定类别", old.Decision != now.Decision)
	add("申请人", old.Applicant.Kind != now.Applicant.Kind || old.Applicant.Name != now.Applicant.Name ||
		old.Applicant.CreditCode != now.Applicant.CreditCode || old.Applicant.IDNumber != now.Applicant.IDNumber ||
		old.LegalRep != now.LegalRep)
	add("许可内容", old.Content != now.Content)
	add("有效期", old.ValidFrom != now.ValidFrom || old.ValidUntil != now.ValidUntil)
	add("决定日期", old.DecidedOn != now.DecidedOn)
	add("许可机关", old.Office != now.Office)
	add("原许可决定文书号", old.Revokes != now.Revokes)
	return out
}

// ReceiveLicences receives licence decisions from the agency's licensing system (the
// API's single record and batch, and the import): the actor is staff of the record's
// agency (an officer or head, PermHandleCases); an agency outside the actor's scope
// answers like a missing one. Every record is checked first, field by field (a batch's
// fields named licences[i].…); any bad record refuses the whole receipt, so nothing is
// half-written. A record whose source record was received before is the same licence:
// unchanged when identical, else a correction with its history. A new record enters the
// publication queue with the 7-working-day clock (118号（六）); a 撤销 names the decision it
// revokes, whose publication is withdrawn (第六十九条).
func (s *Service) ReceiveLicences(ctx context.Context, in []LicenceInput, batch bool) ([]ReceivedLicence, error) {
	return s.receiveAll(ctx, false, in, batch)
}

// ImportLicences is ReceiveLicences for the rows of an import file (app's import, the
// audit line naming the import); field errors name the rows' indexes (licences[i].…).
func (s *Service) ImportLicences(ctx context.Context, in []LicenceInput) ([]ReceivedLicence, error) {
	if len(in) > MaxLicenceImport {
		return nil, kernel.FieldError("licences", "一次不能超过"+strconv.Itoa(MaxLicenceImport)+"条许可决定")
	}
	return s.receiveAll(ctx, true, in, true)
}

// MaxLicenceImport bounds the rows of an import file (the workspace's import limit).
const MaxLicenceImport = 5000

// receiveAll receives the records of the API (imported false) or of an import file.
func (s *Service) receiveAll(ctx context.Context, imported bool, in []LicenceInput, batch bool) ([]ReceivedLicence, error) {
	actor := kernel.ActorFrom(ctx)
	action := "licence.receive"
	if imported {
		action = "licence.import"
	}
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, kernel.FieldError("licences", "至少提交一条许可决定")
	}
	if len(in) > MaxLicenceBatch && !imported {
		return nil, kernel.FieldError("licences", "一次不能超过"+strconv.Itoa(MaxLicenceBatch)+"条许可决定")
	}
	ck := kernel.NewChecker()
	today := s.k.Today()
	recs := make([]*checkedLicence, len(in))
	for i := range in {
		recs[i] = checkLicence(ck, &in[i], fieldPrefix(batch, i), today)
	}
	if err := ck.Err(); err != nil {
		return nil, err
	}
	out := make([]ReceivedLicence, 0, len(in))
	err := s.k.Write(ctx, action, func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object, rec.ObjectPath = "licence/receive", actor.AgencyPath
		cal, err := s.k.Calendar(ctx)
		if err != nil {
			return err
		}
		var numbers []string
		for _, r := range recs {
			got, err := s.receive(ctx, tx, actor, r, ck, cal)
			if err != nil {
				return err
			}
			if got != nil {
				out = append(out, *got)
				numbers = append(numbers, r.l.Number)
			}
		}
		if err := ck.Err(); err != nil {
			return err
		}
		rec.Detail = fmt.Sprintf("接收许可决定%d条", len(out))
		if len(numbers) == 1 {
			rec.Detail = "接收许可决定 " + numbers[0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// receive stores one checked record in tx. A problem with the record's references (the
// agency's, the item's, the revoked decision's) is added to ck and the record skipped,
// so that every record's problems are reported at once; the caller refuses the receipt.
func (s *Service) receive(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, r *checkedLicence, ck *kernel.Checker, cal *workday.Calendar) (*ReceivedLicence, error) {
	l := &r.l
	ag, err := s.k.VisibleAgency(ctx, tx, actor, l.AgencyID)
	if err != nil {
		return nil, err // outside the scope: like a missing agency, whatever else is wrong
	}
	if actor.AgencyID != ag.ID {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只能接收本机关作出的许可决定")
	}
	l.AgencyPath, l.AgencyName = ag.Path, ag.Name
	item, problem, err := licenceItem(ctx, tx, ag, l.ItemID, r.item)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		ck.Add(r.prefix+"item_id", problem)
		return nil, nil
	}
	l.ItemID, l.ItemName = item.ID, item.Name
	l.Digest = licenceDigest(l)
	var revoked *zhifa.Licence
	if l.Revokes != "" {
		revoked, err = tx.LicenceByNumber(ctx, ag.ID, l.Revokes)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			ck.Add(r.prefix+"revokes", "本机关没有该决定文书号的许可决定")
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	// A 撤销 withdraws the publication of the decision it names, once: when received, or
	// when a correction makes the record a 撤销 or names another decision.
	withdraws := revoked != nil && law.LicenceWithdrawsPublication(l.Decision)
	old, err := tx.LicenceBySource(ctx, ag.ID, l.Source, l.SourceID)
	switch {
	case err == nil && old.Digest == l.Digest:
		p, err := tx.PublicationOfLicence(ctx, old.ID)
		if err != nil {
			return nil, err
		}
		return &ReceivedLicence{ID: old.ID, PublicationID: p.ID, Outcome: LicenceUnchanged, Version: old.Version}, nil
	case err == nil:
		withdraws = withdraws && (old.Decision != l.Decision || old.Revokes != l.Revokes)
		got, err := s.correct(ctx, tx, old, l, item, ag, cal)
		if err != nil || !withdraws {
			return got, err
		}
		return got, s.withdrawLicenceTx(ctx, tx, revoked.ID, revokeReason(l), cal)
	case zhifa.ErrorCode(err) != zhifa.ENOTFOUND:
		return nil, err
	}
	if other, err := tx.LicenceByNumber(ctx, ag.ID, l.Number); err == nil {
		ck.Add(r.prefix+"number", "本机关已有该决定文书号的许可决定（来源记录"+other.SourceID+"）")
		return nil, nil
	} else if zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		return nil, err
	}
	if err := tx.AddLicence(ctx, l); err != nil {
		return nil, err
	}
	if _, err := s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "licence.receive", Meta: licenceMeta(l)}); err != nil {
		return nil, err
	}
	p, err := s.enqueueLicence(ctx, tx, l, item, ag, cal)
	if err != nil {
		return nil, err
	}
	if withdraws {
		if err := s.withdrawLicenceTx(ctx, tx, revoked.ID, revokeReason(l), cal); err != nil {
			return nil, err
		}
	}
	return &ReceivedLicence{ID: l.ID, PublicationID: p.ID, Outcome: LicenceCreated, Version: l.Version}, nil
}

// licenceItem resolves the record's item: by ID or 事项编码, a 行政许可 item of the
// agency's catalog. problem is the field message when it is not one.
func licenceItem(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, id int64, code string) (*zhifa.Item, string, error) {
	var item *zhifa.Item
	var err error
	if id > 0 {
		item, err = tx.Item(ctx, id)
	} else {
		item, err = tx.ItemByCode(ctx, code)
	}
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return nil, "执法事项不存在", nil
	}
	if err != nil {
		return nil, "", err
	}
	if item.AgencyID != ag.ID {
		return nil, "执法事项不存在", nil // another agency's item answers like a missing one
	}
	if item.Category != zhifa.CatLicense {
		return nil, "“" + item.Name + "”不是行政许可事项", nil
	}
	return item, "", nil
}

// licenceMeta is the ledger content of a receipt or correction: references and the
// digest, never the applicant.
func licenceMeta(l *zhifa.Licence) map[string]string {
	return map[string]string{"licence": strconv.FormatInt(l.ID, 10), "agency": strconv.FormatInt(l.AgencyID, 10),
		"number": l.Number, "decision": string(l.Decision), "date": l.DecidedOn.String(), "digest": "sha256:" + l.Digest,
		"version": strconv.Itoa(l.Version)}
}

// enqueueLicence puts a received licence decision into the agency's publication queue:
// category licence, the clock of 7 working days from the decision (118号（六）, or the
// agency's shorter period), the applicant redacted as a case party is.
func (s *Service) enqueueLicence(ctx context.Context, tx zhifa.Tx, l *zhifa.Licence, item *zhifa.Item, ag *zhifa.Agency, cal *workday.Calendar) (*zhifa.Publication, error) {
	rule, err := tx.PublicityRule(ctx, ag.ID)
	if err != nil {
		return nil, err
	}
	clock := law.PublishClock(cal, l.DecidedOn, law.AgencyPublicationDays(zhifa.PubLicence, rule))
	p := &zhifa.Publication{AgencyID: ag.ID, AgencyPath: ag.Path, AgencyName: ag.Name, LicenceID: l.ID,
		CaseNumber: l.Number, ItemID: item.ID, ItemName: item.Name, Category: zhifa.PubLicence, Status: zhifa.PubQueued,
		DecidedOn: l.DecidedOn, Due: clock.Due}
	fillLicencePublication(p, l, ag)
	if err := tx.AddPublication(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// fillLicencePublication sets what a licence's publication takes from the licence: the
// conclusion, the applicant as published and the generated draft.
func fillLicencePublication(p *zhifa.Publication, l *zhifa.Licence, ag *zhifa.Agency) {
	p.Conclusion = licenceConclusion(l)
	p.PublicParty, p.PublicCode = publicParty([]zhifa.Party{l.Applicant})
	p.Draft, p.Redactions = law.Redact(licenceText(l, ag), licenceRedactInput(l, ag, nil, nil))
}

// correct applies a changed re-delivery of a source record: the licence is updated with
// its earlier state kept (version, digest, the fields changed), a correction entry is
// appended, and its publication follows: a queued or prepared one is regenerated, a
// published one goes back to the queue with the corrected draft and a new clock (the
// head approves the corrected version, which is published as a new ledger entry beside
// the first), a withdrawn or declined one stays as it is.
func (s *Service) correct(ctx context.Context, tx zhifa.Tx, old, now *zhifa.Licence, item *zhifa.Item, ag *zhifa.Agency, cal *workday.Calendar) (*ReceivedLicence, error) {
	if now.Number != old.Number {
		if other, err := tx.LicenceByNumber(ctx, ag.ID, now.Number); err == nil && other.ID != old.ID {
			return nil, zhifa.Errorf(zhifa.ECONFLICT, "本机关已有决定文书号为%s的许可决定", now.Number)
		}
	}
	rev := zhifa.LicenceRevision{Version: old.Version, Digest: old.Digest, Changed: changedFields(old, now)}
	now.ID, now.Version, now.CreatedAt = old.ID, old.Version, old.CreatedAt
	if err := tx.UpdateLicence(ctx, now, rev); err != nil {
		return nil, err
	}
	if _, err := s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "licence.correct", Meta: licenceMeta(now)}); err != nil {
		return nil, err
	}
	p, err := tx.PublicationOfLicence(ctx, now.ID)
	if err != nil {
		return nil, err
	}
	switch p.Status {
	case zhifa.PubQueued, zhifa.PubPrepared, zhifa.PubPublished:
		rule, err := tx.PublicityRule(ctx, ag.ID)
		if err != nil {
			return nil, err
		}
		from := now.DecidedOn
		if p.Status == zhifa.PubPublished {
			from = s.k.Today() // the corrected version is published within the period from the correction
		}
		p.Due = law.PublishClock(cal, from, law.AgencyPublicationDays(zhifa.PubLicence, rule)).Due
		p.CaseNumber, p.ItemID, p.ItemName, p.DecidedOn = now.Number, item.ID, item.Name, now.DecidedOn
		fillLicencePublication(p, now, ag)
		p.Status, p.Secrets = zhifa.PubQueued, nil
		if err := tx.UpdatePublication(ctx, p); err != nil {
			return nil, err
		}
	}
	return &ReceivedLicence{ID: now.ID, PublicationID: p.ID, Outcome: LicenceCorrected, Version: now.Version}, nil
}

// revokeReason is the public reason of the withdrawal a 撤销 causes.
func revokeReason(l *zhifa.Licence) string {
	return "该行政许可已被依法撤销（" + l.Number + "）"
}

// withdrawLicenceTx takes the publication of a revoked licence decision off the queue, or
// gives a published one the withdrawal clock of three working days (行政许可法第六十九条;
// the withdrawal as for a fallen penalty decision, 公示规定第十一条).
func (s *Service) withdrawLicenceTx(ctx context.Context, tx zhifa.Tx, licenceID int64, reason string, cal *workday.Calendar) error {
	p, err := tx.PublicationOfLicence(ctx, licenceID)
	if err != nil {
		return err
	}
	switch p.Status {
	case zhifa.PubQueued, zhifa.PubPrepared:
		p.Status, p.WithdrawnOn, p.WithdrawReason = zhifa.PubWithdrawn, s.k.Today(), reason
	case zhifa.PubPublished:
		p.WithdrawDue, p.WithdrawReason = law.WithdrawClock(cal, s.k.Today()).Due, reason
	default:
		return nil
	}
	return tx.UpdatePublication(ctx, p)
}

// licenceText is a licence decision as its publication starts from: the items of the
// 双公示 licence record (decision number, applicant, item, content, validity, office,
// date). It holds the applicant's personal data in full; Redact makes the public version.
func licenceText(l *zhifa.Licence, ag *zhifa.Agency) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n行政许可决定信息\n决定书文号：%s\n", ag.Name, l.Number)
	if l.Applicant.Kind == zhifa.PartyOrg {
		fmt.Fprintf(&b, "行政相对人：%s，统一社会信用代码：%s，法定代表人：%s\n", l.Applicant.Name, l.Applicant.CreditCode, l.LegalRep)
	} else {
		fmt.Fprintf(&b, "行政相对人：%s，身份证号码：%s\n", l.Applicant.Name, l.Applicant.IDNumber)
	}
	fmt.Fprintf(&b, "许可事项：%s\n许可决定：%s\n", l.ItemName, l.Decision.Label())
	if l.Revokes != "" {
		fmt.Fprintf(&b, "原许可决定书文号：%s\n", l.Revokes)
	}
	fmt.Fprintf(&b, "许可内容：%s\n", l.Content)
	if v := validityText(l); v != "" {
		fmt.Fprintf(&b, "有效期：%s\n", v)
	}
	fmt.Fprintf(&b, "许可机关：%s\n许可决定日期：%s\n", l.Office, l.DecidedOn.Chinese())
	return b.String()
}

// validityText is the validity of a licence in words ("" without one).
func validityText(l *zhifa.Licence) string {
	switch {
	case !l.ValidFrom.IsZero() && !l.ValidUntil.IsZero():
		return l.ValidFrom.Chinese() + "至" + l.ValidUntil.Chinese()
	case !l.ValidUntil.IsZero():
		return "至" + l.ValidUntil.Chinese()
	case !l.ValidFrom.IsZero():
		return "自" + l.ValidFrom.Chinese() + "起长期有效"
	}
	return ""
}

// licenceConclusion is the decision in one line: its kind and validity.
func licenceConclusion(l *zhifa.Licence) string {
	c := l.Decision.Label()
	if v := validityText(l); v != "" {
		c += "，有效期" + v
	}
	return c
}

// licenceRedactInput is what redaction treats in a licence: a natural-person applicant
// (a name masked to surname + 某, the 身份证号 removed, a minor removed entirely, as for
// case parties), a legal person's name, code and representative kept (公示规定第六条 as
// applied to the licence record), the agency kept.
func licenceRedactInput(l *zhifa.Licence, ag *zhifa.Agency, secrets, keep []string) law.RedactInput {
	in := law.RedactInput{Secrets: secrets, Keep: append([]string{ag.Name, l.Office}, keep...)}
	if l.Applicant.Kind == zhifa.PartyOrg {
		in.Keep = append(in.Keep, l.Applicant.Name, l.Applicant.CreditCode, l.LegalRep)
		return in
	}
	in.Persons = append(in.Persons, l.Applicant.Name)
	if age, ok := law.PersonAge(l.Applicant.IDNumber, l.DecidedOn); ok && age < 18 {
		in.Minors = append(in.Minors, l.Applicant.Name)
		in.Under14 = in.Under14 || age < 14
	}
	return in
}

// maskedLicence is l as staff see it: the applicant's 身份证号 masked (nil stays nil).
func maskedLicence(l *zhifa.Licence) *zhifa.Licence {
	if l == nil {
		return nil
	}
	c := *l
	c.Applicant.IDNumber = ""
	c.Digest = ""
	return &c
}

package app

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// OfficerInput is the editable content of an officer.
type OfficerInput struct {
	AgencyID    int64      `json:"agency_id"`
	Name        string     `json:"name"`
	IDNumber    string     `json:"id_number"`
	Phone       string     `json:"phone"`
	Position    string     `json:"position"`
	Domains     []string   `json:"domains"`
	Reviewer    bool       `json:"reviewer"`
	LegalQual   bool       `json:"legal_qualification"`
	LegalQualNo string     `json:"legal_qualification_no"`
	ExamPassed  bool       `json:"exam_passed"`
	ExamDate    zhifa.Date `json:"exam_date"`
	Active      bool       `json:"active"`
}

// CertInput is a new enforcement certificate.
type CertInput struct {
	Number     string     `json:"number"`
	Issuer     string     `json:"issuer"`
	IssuedOn   zhifa.Date `json:"issued_on"`
	ValidFrom  zhifa.Date `json:"valid_from"`
	ValidUntil zhifa.Date `json:"valid_until"`
	Domains    []string   `json:"domains"`
}

// AnnualReviewInput is a yearly review (年审) result.
type AnnualReviewInput struct {
	Year   int        `json:"year"`
	Passed bool       `json:"passed"`
	Date   zhifa.Date `json:"date"`
	Note   string     `json:"note"`
}

// TrainingInput is one training record.
type TrainingInput struct {
	Date     zhifa.Date         `json:"date"`
	Hours    float64            `json:"hours"`
	Topic    string             `json:"topic"`
	Kind     zhifa.TrainingKind `json:"kind"`
	Provider string             `json:"provider"`
}

// CertView is a certificate with its state today, history and yearly reviews.
type CertView struct {
	*zhifa.Certificate
	Effective zhifa.CertState       `json:"effective_state"`
	Events    []*zhifa.CertEvent    `json:"events,omitempty"`
	Reviews   []*zhifa.AnnualReview `json:"annual_reviews,omitempty"`
}

// YearHours is an officer's training hours in one year.
type YearHours struct {
	Year  int     `json:"year"`
	Hours float64 `json:"hours"`
	Short bool    `json:"short"` // under the yearly minimum (A4)
}

// OfficerView is an officer with everything its page shows. Personal data is masked.
type OfficerView struct {
	*zhifa.Officer
	AgencyName     string            `json:"agency_name"`
	Certificates   []*CertView       `json:"certificates"`
	Trainings      []*zhifa.Training `json:"trainings,omitempty"`
	TrainingByYear []YearHours       `json:"training_by_year,omitempty"`
}

// CurrentCert is the certificate that decides the officer's status: the newest one.
func (v *OfficerView) CurrentCert() *CertView {
	if len(v.Certificates) == 0 {
		return nil
	}
	return v.Certificates[0]
}

// OfficerList is one page of officers.
type OfficerList struct {
	Officers []*OfficerView `json:"officers"`
	Total    int            `json:"total"`
}

func (in *OfficerInput) check(requireID bool) error {
	c := newChecker()
	if in.AgencyID <= 0 {
		c.Add("agency_id", "请选择所属机关")
	}
	c.Text("name", &in.Name, true, 50)
	c.PersonID("id_number", &in.IDNumber, requireID)
	c.Phone("phone", &in.Phone)
	c.Text("position", &in.Position, false, maxShort)
	c.List("domains", &in.Domains, false)
	c.Text("legal_qualification_no", &in.LegalQualNo, false, 50)
	if in.LegalQual && in.LegalQualNo == "" {
		c.Add("legal_qualification_no", "取得法律职业资格的，请填写证书编号")
	}
	if in.ExamPassed && in.ExamDate.IsZero() {
		c.Add("exam_date", "请填写执法资格考试通过日期")
	}
	return c.Err()
}

// maskOfficer strips personal data for display.
func maskOfficer(o *zhifa.Officer) {
	o.IDNumber = ""
	o.Phone = maskPhone(o.Phone)
}

func maskPhone(p string) string { return kernel.MaskPhone(p) }

// CreateOfficer adds an officer to an agency within the admin's scope.
func (a *App) CreateOfficer(ctx context.Context, in OfficerInput) (*OfficerView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageOfficers); err != nil {
		return nil, err
	}
	if err := in.check(true); err != nil {
		return nil, err
	}
	var id int64
	err := a.write(ctx, "officer.create", func(tx zhifa.Tx, rec *audit) error {
		o, err := a.createOfficer(ctx, tx, actor, in)
		if err != nil {
			return err
		}
		id = o.ID
		rec.Object, rec.ObjectPath, rec.Detail = objectRef("officer", o.ID), pathOf(ctx, tx, o.AgencyID), o.Name
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.Officer(ctx, id)
}

// createOfficer inserts a checked officer; shared by the form and the bulk import.
func (a *App) createOfficer(ctx context.Context, tx zhifa.Tx, actor *Actor, in OfficerInput) (*zhifa.Officer, error) {
	ag, err := a.visibleAgency(ctx, tx, actor, in.AgencyID)
	if err != nil {
		return nil, fieldError("agency_id", "所属机关不存在或不在管理范围内")
	}
	if !ag.IsEnforcement() {
		return nil, fieldError("agency_id", "人民政府不是执法主体，请选择执法机关")
	}
	o := &zhifa.Officer{AgencyID: ag.ID}
	applyOfficer(o, in)
	now := a.now()
	o.CreatedAt, o.UpdatedAt = now, now
	if err := tx.CreateOfficer(ctx, o); err != nil {
		return nil, err
	}
	return o, nil
}

func applyOfficer(o *zhifa.Officer, in OfficerInput) {
	o.Name, o.Phone, o.Position, o.Domains = in.Name, in.Phone, in.Position, in.Domains
	if in.IDNumber != "" {
		o.IDNumber = in.IDNumber
		if id := newChecker().PersonID("", &in.IDNumber, true); !id.IsZero() {
			o.IDMasked, o.Sex = id.Masked(), id.Sex()
		}
	}
	o.Reviewer, o.LegalQual, o.LegalQualNo = in.Reviewer, in.LegalQual, in.LegalQualNo
	o.ExamPassed, o.ExamDate, o.Active = in.ExamPassed, in.ExamDate, in.Active
}

// UpdateOfficer saves an officer's content. An empty IDNumber or Phone keeps the stored
// one, so that forms need not show personal data to edit the rest.
func (a *App) UpdateOfficer(ctx context.Context, id int64, in OfficerInput) (*OfficerView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageOfficers); err != nil {
		return nil, err
	}
	if err := in.check(false); err != nil {
		return nil, err
	}
	err := a.write(ctx, "officer.update", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("officer", id)
		o, path, err := a.visibleOfficer(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.ObjectPath = path
		if in.AgencyID != o.AgencyID {
			ag, err := a.visibleAgency(ctx, tx, actor, in.AgencyID)
			if err != nil || !ag.IsEnforcement() {
				return fieldError("agency_id", "所属机关不存在或不在管理范围内")
			}
			o.AgencyID = ag.ID
		}
		phone := o.Phone
		applyOfficer(o, in)
		if in.Phone == "" {
			o.Phone = phone
		}
		o.UpdatedAt = a.now()
		return tx.UpdateOfficer(ctx, o)
	})
	if err != nil {
		return nil, err
	}
	return a.Officer(ctx, id)
}

// Officer returns an officer visible to the actor, with certificates, history, yearly
// reviews and training. Personal data is masked; see RevealOfficer.
func (a *App) Officer(ctx context.Context, id int64) (*OfficerView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	var v *OfficerView
	err := a.read(ctx, func(tx zhifa.Tx) error {
		o, _, err := a.visibleOfficer(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v, err = a.officerView(ctx, tx, o, true)
		return err
	})
	return v, err
}

func (a *App) officerView(ctx context.Context, tx zhifa.Tx, o *zhifa.Officer, full bool) (*OfficerView, error) {
	maskOfficer(o)
	v := &OfficerView{Officer: o}
	ag, err := tx.Agency(ctx, o.AgencyID)
	if err != nil {
		return nil, err
	}
	v.AgencyName = ag.Name
	certs, err := tx.Certificates(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	today := a.Today()
	for _, c := range certs {
		cv := &CertView{Certificate: c, Effective: c.StateOn(today)}
		if full {
			if cv.Events, err = tx.CertEvents(ctx, c.ID); err != nil {
				return nil, err
			}
			if cv.Reviews, err = tx.AnnualReviews(ctx, c.ID); err != nil {
				return nil, err
			}
		}
		v.Certificates = append(v.Certificates, cv)
	}
	if full {
		if v.Trainings, err = tx.Trainings(ctx, o.ID); err != nil {
			return nil, err
		}
		v.TrainingByYear = hoursByYear(v.Trainings, today.Year)
	}
	return v, nil
}

// hoursByYear totals training per year, always including the current year.
func hoursByYear(ts []*zhifa.Training, thisYear int) []YearHours {
	sum := map[int]float64{thisYear: 0}
	for _, t := range ts {
		sum[t.Date.Year] += t.Hours
	}
	out := make([]YearHours, 0, len(sum))
	for y, h := range sum {
		out = append(out, YearHours{Year: y, Hours: h, Short: law.TrainingShort(h)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year > out[j].Year })
	return out
}

// Officers lists officers visible to the actor, with their current certificate.
func (a *App) Officers(ctx context.Context, f zhifa.OfficerFilter) (*OfficerList, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	f.UnderPath = actor.ScopePath
	return a.officerList(ctx, f)
}

func (a *App) officerList(ctx context.Context, f zhifa.OfficerFilter) (*OfficerList, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Query = strings.TrimSpace(f.Query)
	out := &OfficerList{}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		os, total, err := tx.Officers(ctx, f)
		if err != nil {
			return err
		}
		out.Total = total
		for _, o := range os {
			v, err := a.officerView(ctx, tx, o, false)
			if err != nil {
				return err
			}
			out.Officers = append(out.Officers, v)
		}
		return nil
	})
	return out, err
}

// RevealOfficer returns an officer's personal data unmasked. The read is audited; if the
// audit line cannot be written, nothing is revealed.
func (a *App) RevealOfficer(ctx context.Context, id int64) (*zhifa.Officer, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermReadPersonalData); err != nil {
		return nil, err
	}
	var o *zhifa.Officer
	err := a.readPersonal(ctx, "officer.read_personal", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("officer", id)
		var path string
		var err error
		o, path, err = a.visibleOfficer(ctx, tx, actor, id)
		rec.ObjectPath = path
		return err
	})
	return o, err
}

// IssueCertificate grants an officer a certificate (A2): only after a passed
// qualification exam or with a legal professional qualification.
func (a *App) IssueCertificate(ctx context.Context, officerID int64, in CertInput) (*zhifa.Certificate, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageOfficers); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var cert *zhifa.Certificate
	err := a.write(ctx, "certificate.issue", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.Detail = objectRef("officer", officerID), in.Number
		o, path, err := a.visibleOfficer(ctx, tx, actor, officerID)
		if err != nil {
			return err
		}
		rec.ObjectPath = path
		cert, err = a.issueCertificate(ctx, tx, actor, o, in)
		return err
	})
	return cert, err
}

func (a *App) issueCertificate(ctx context.Context, tx zhifa.Tx, actor *Actor, o *zhifa.Officer, in CertInput) (*zhifa.Certificate, error) {
	if err := law.CertificateGrantable(o.ExamPassed, o.LegalQual); err != nil {
		return nil, err
	}
	now := a.now()
	c := &zhifa.Certificate{OfficerID: o.ID, Number: in.Number, Issuer: in.Issuer, IssuedOn: in.IssuedOn,
		ValidFrom: in.ValidFrom, ValidUntil: in.ValidUntil, Domains: in.Domains, State: zhifa.CertValid,
		CreatedAt: now, UpdatedAt: now}
	if c.IssuedOn.IsZero() {
		c.IssuedOn = c.ValidFrom
	}
	if len(c.Domains) == 0 {
		c.Domains = o.Domains
	}
	if err := tx.CreateCertificate(ctx, c); err != nil {
		return nil, err
	}
	if err := tx.AddCertEvent(ctx, &zhifa.CertEvent{CertID: c.ID, At: now, To: zhifa.CertValid, Reason: "发证", ActorID: max(actor.UserID, 0), Actor: actor.Login}); err != nil {
		return nil, err
	}
	// The certificate's history is tamper-evident: each change is a ledger entry. The
	// entry names the certificate and the officer by number and ID only.
	_, err := a.appendEntry(ctx, tx, &ledger.Entry{Kind: "certificate.issue", Meta: map[string]string{
		"certificate": strconv.FormatInt(c.ID, 10),
		"number":      c.Number,
		"officer":     strconv.FormatInt(o.ID, 10),
		"agency":      strconv.FormatInt(o.AgencyID, 10),
		"state":       string(c.State),
		"valid_from":  c.ValidFrom.String(),
		"valid_until": c.ValidUntil.String(),
	}})
	return c, err
}

func (in *CertInput) check() error {
	c := newChecker()
	c.Text("number", &in.Number, true, 50)
	c.Text("issuer", &in.Issuer, true, maxShort)
	c.List("domains", &in.Domains, false)
	if in.ValidFrom.IsZero() {
		c.Add("valid_from", "请填写有效期起始日期")
	}
	if in.ValidUntil.IsZero() {
		c.Add("valid_until", "请填写有效期截止日期")
	} else if !in.ValidFrom.IsZero() && !in.ValidUntil.After(in.ValidFrom) {
		c.Add("valid_until", "截止日期应晚于起始日期")
	}
	return c.Err()
}

// ChangeCertificateState suspends, restores, revokes or cancels a certificate, with a
// reason; the change is kept in the certificate's history.
func (a *App) ChangeCertificateState(ctx context.Context, certID int64, to zhifa.CertState, reason string) (*zhifa.Certificate, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageOfficers); err != nil {
		return nil, err
	}
	c := newChecker()
	c.Text("reason", &reason, true, 500)
	if to.Label() == "" || to == zhifa.CertExpired || to == zhifa.CertNotYet {
		c.Add("state", "目标状态无效")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var cert *zhifa.Certificate
	err := a.write(ctx, "certificate.state", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.Detail = objectRef("certificate", certID), to.Label()+" "+reason
		var err error
		if cert, err = tx.Certificate(ctx, certID); err != nil {
			return err
		}
		_, path, err := a.visibleOfficer(ctx, tx, actor, cert.OfficerID)
		if err != nil {
			return notVisible("执法证件")
		}
		rec.ObjectPath = path
		if err := law.CertTransition(cert.State, to); err != nil {
			return err
		}
		now := a.now()
		ev := &zhifa.CertEvent{CertID: cert.ID, At: now, From: cert.State, To: to, Reason: reason, ActorID: max(actor.UserID, 0), Actor: actor.Login}
		cert.State, cert.StateReason, cert.UpdatedAt = to, reason, now
		if err := tx.UpdateCertificate(ctx, cert); err != nil {
			return err
		}
		if err := tx.AddCertEvent(ctx, ev); err != nil {
			return err
		}
		_, err = a.appendEntry(ctx, tx, &ledger.Entry{Kind: "certificate.state", Meta: map[string]string{
			"certificate": strconv.FormatInt(cert.ID, 10),
			"number":      cert.Number,
			"from":        string(ev.From),
			"state":       string(to),
			"reason":      reason,
		}})
		return err
	})
	return cert, err
}

// AddAnnualReview records a certificate's yearly review (年审).
func (a *App) AddAnnualReview(ctx context.Context, certID int64, in AnnualReviewInput) (*zhifa.AnnualReview, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageOfficers); err != nil {
		return nil, err
	}
	c := newChecker()
	today := a.Today()
	if in.Year < 2000 || in.Year > today.Year {
		c.Add("year", "年度无效")
	}
	if in.Date.IsZero() {
		in.Date = today
	} else if in.Date.After(today) {
		c.Add("date", "年审日期不能晚于今天")
	}
	c.Text("note", &in.Note, false, 500)
	if err := c.Err(); err != nil {
		return nil, err
	}
	r := &zhifa.AnnualReview{CertID: certID, Year: in.Year, Passed: in.Passed, Date: in.Date, Note: in.Note, ActorID: max(actor.UserID, 0), Recorded: a.now()}
	err := a.write(ctx, "certificate.annual_review", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("certificate", certID)
		cert, err := tx.Certificate(ctx, certID)
		if err != nil {
			return err
		}
		_, path, err := a.visibleOfficer(ctx, tx, actor, cert.OfficerID)
		if err != nil {
			return notVisible("执法证件")
		}
		rec.ObjectPath = path
		return tx.AddAnnualReview(ctx, r)
	})
	return r, err
}

// AddTraining records a training for an officer (A4).
func (a *App) AddTraining(ctx context.Context, officerID int64, in TrainingInput) (*zhifa.Training, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermRecordTraining); err != nil {
		return nil, err
	}
	c := newChecker()
	if in.Date.IsZero() {
		c.Add("date", "请填写培训日期")
	} else if in.Date.After(a.Today()) {
		c.Add("date", "培训日期不能晚于今天")
	}
	if in.Hours <= 0 || in.Hours > 200 {
		c.Add("hours", "学时应大于0且不超过200")
	}
	c.Text("topic", &in.Topic, true, maxShort)
	if !in.Kind.Valid() {
		c.Add("kind", "请选择培训类别")
	}
	c.Text("provider", &in.Provider, false, maxShort)
	if err := c.Err(); err != nil {
		return nil, err
	}
	t := &zhifa.Training{OfficerID: officerID, Date: in.Date, Hours: in.Hours, Topic: in.Topic, Kind: in.Kind, Provider: in.Provider, CreatedAt: a.now()}
	err := a.write(ctx, "training.create", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("officer", officerID)
		_, path, err := a.visibleOfficer(ctx, tx, actor, officerID)
		if err != nil {
			return err
		}
		rec.ObjectPath = path
		return tx.AddTraining(ctx, t)
	})
	return t, err
}

// visibleOfficer loads an officer within the actor's scope, with its agency path.
func (a *App) visibleOfficer(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.Officer, string, error) {
	o, err := tx.Officer(ctx, id)
	if err != nil {
		return nil, "", err
	}
	path := pathOf(ctx, tx, o.AgencyID)
	if !actor.InScope(path) {
		return nil, "", notVisible("执法人员")
	}
	return o, path, nil
}

// pathOf is the path of an agency, "" when it cannot be read (then nothing is in scope).
func pathOf(ctx context.Context, tx zhifa.Tx, agencyID int64) string {
	ag, err := tx.Agency(ctx, agencyID)
	if err != nil {
		return ""
	}
	return ag.Path
}

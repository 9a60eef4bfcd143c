// Package publicity is the bounded context of the publication of enforcement decisions
// (执法决定公示, issue 13; REQUIREMENTS C3–C5): a decision that must be published enters its
// agency's queue with a clock when it is made (a stage of the case-step pipeline), the
// handler prepares the redacted public version, a head approves and publishes it as a
// public ledger entry or declines it on a legal ground, and a decision that falls is
// withdrawn within three working days. The portal lists what is published within its
// display period.
package publicity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// MaxPublicText bounds a public version, in characters: the text is the content of its
// ledger entry, which holds at most 65,535 bytes (three bytes a Chinese character).
const MaxPublicText = 15000

// Service is the publicity context over the kernel.
type Service struct {
	k kernel.Kernel
	// files caches the generated open-data files (opendata.go).
	files fileCache
}

// New returns the publicity context over k.
func New(k kernel.Kernel) *Service { return &Service{k: k} }

// Stages are the context's part of a case step: the decision that must be published
// enters the queue with its clock.
func (s *Service) Stages() []kernel.Stage {
	return []kernel.Stage{{Name: "publicity", Run: s.enqueue}}
}

// enqueue puts the decision of the step into the agency's publication queue when the
// law or the agency's rule requires its publication (law.PublicationOf), with the
// publish clock on the case (118号（六）: 7 or 20 working days from the decision).
func (s *Service) enqueue(ctx context.Context, r *kernel.StepRun) (string, map[string]string, error) {
	if r.Action != zhifa.ActDecide && r.Action != zhifa.ActConclude && r.Action != zhifa.ActNoPenalty {
		return "", nil, nil
	}
	rule, err := r.Tx.PublicityRule(ctx, r.Agency.ID)
	if err != nil {
		return "", nil, err
	}
	cat, must := law.PublicationOf(r.Case, r.Action, rule)
	if !must {
		return "", nil, nil
	}
	clock := law.PublishClock(r.Cal, r.Day, law.AgencyPublicationDays(cat, rule))
	r.Case.Clocks = append(r.Case.Clocks, clock)
	p := &zhifa.Publication{AgencyID: r.Agency.ID, AgencyPath: r.Agency.Path, AgencyName: r.Agency.Name, CaseID: r.Case.ID,
		CaseNumber: r.Case.Number, ItemID: r.Item.ID, ItemName: r.Item.Name, Category: cat, Status: zhifa.PubQueued,
		DecidedOn: r.Day, Due: clock.Due, Conclusion: conclusionOf(r.Case, cat, r.Reason)}
	p.PublicParty, p.PublicCode = publicParty(r.Case.Parties)
	p.Draft, p.Redactions = law.Redact(decisionText(r.Case, r.Agency, r.Item, p), redactInput(r.Case, r.Agency, nil, nil))
	if err := r.Tx.AddPublication(ctx, p); err != nil {
		return "", nil, err
	}
	return fmt.Sprintf("应于%s前公示", clock.Due.Chinese()), map[string]string{"due": clock.Due.String(), "category": string(cat)}, nil
}

// Keep is a span a rule redacted that the handler restores, with the reason (a rule's
// redaction is undone only with a reason, issue 13).
type Keep struct {
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// PrepareInput is the handler's public version: the text (empty: generated from the
// decision), the trade secrets to remove, and the spans restored with reasons.
type PrepareInput struct {
	Version int      `json:"version"`
	Text    string   `json:"text"`
	Secrets []string `json:"secrets"`
	Keep    []Keep   `json:"keep"`
}

// View is a publication as staff see it: the public version side by side with the
// original decision, every redaction listed.
type View struct {
	*zhifa.Publication
	Original string `json:"original"`
	// Left lists the identifiers the rules still find in the draft (the approval
	// refuses while any is left).
	Left []string `json:"left"`
	// MayPrepare and MayApprove say what the actor may do now.
	MayPrepare bool `json:"may_prepare"`
	MayApprove bool `json:"may_approve"`
	// Licence is the licence decision published (nil for a case's decision), its
	// applicant's 身份证号 masked.
	Licence *zhifa.Licence `json:"licence,omitempty"`
}

// keptKind marks a restored span in Publication.Redactions (Replacement holds the reason).
const keptKind = "kept"

// visible loads a publication the actor may read: staff in scope of its agency; outside
// it answers like a missing one.
func (s *Service) visible(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Publication, error) {
	p, err := tx.Publication(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.InScope(p.AgencyPath) {
		return nil, zhifa.NotFound("公示信息")
	}
	return p, nil
}

// Get returns a publication for staff, with the original decision (personal data: the
// read is audited) and what the rules still find in the draft.
func (s *Service) Get(ctx context.Context, id int64) (*View, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *View
	err := s.k.Write(ctx, "publicity.view", func(tx zhifa.Tx, rec *kernel.Audit) error {
		p, err := s.visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("publication", p.ID), p.AgencyPath
		sb, err := s.subjectOf(ctx, tx, actor, p)
		if err != nil {
			return err
		}
		v = &View{Publication: p, Original: sb.original(p), Licence: maskedLicence(sb.l)}
		v.Left = law.Identifiers(p.Draft, sb.redactInput(p.Secrets, keptSpans(p)))
		open := p.Status == zhifa.PubQueued || p.Status == zhifa.PubPrepared
		v.MayPrepare = open && actor.Can(kernel.PermHandleCases) && actor.AgencyID == p.AgencyID
		if open || p.Status == zhifa.PubPublished {
			v.MayApprove, err = s.k.MayApprove(ctx, tx, actor, p.AgencyID, s.k.Today())
		}
		return err
	})
	return v, err
}

// Prepare saves the handler's public version (officer of the agency): the text given,
// or the one generated from the decision, with the redaction rules applied again so
// that nothing the rules find survives an edit; trade secrets removed; restored spans
// kept with their reasons.
func (s *Service) Prepare(ctx context.Context, id int64, in PrepareInput) (*zhifa.Publication, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	ck := kernel.NewChecker()
	if utf8.RuneCountInString(in.Text) > MaxPublicText {
		ck.Add("text", "公开版本不能超过"+strconv.Itoa(MaxPublicText)+"个字")
	}
	ck.List("secrets", &in.Secrets, false)
	for i := range in.Keep {
		ck.Text("keep", &in.Keep[i].Text, true, kernel.MaxShort)
		ck.Text("keep", &in.Keep[i].Reason, true, kernel.MaxShort)
		// Numbers that identify a person are never restored (个人信息保护法第二十八条).
		if left := law.Identifiers(in.Keep[i].Text, law.RedactInput{}); len(left) > 0 {
			ck.Add("keep", strings.Join(left, "、")+"不能恢复公开")
		}
	}
	if err := ck.Err(); err != nil {
		return nil, err
	}
	var out *zhifa.Publication
	err := s.k.Write(ctx, "publicity.prepare", func(tx zhifa.Tx, rec *kernel.Audit) error {
		p, err := s.visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("publication", p.ID), p.AgencyPath
		if actor.AgencyID != p.AgencyID {
			return zhifa.Forbidden()
		}
		if p.Status != zhifa.PubQueued && p.Status != zhifa.PubPrepared {
			return zhifa.Errorf(zhifa.ECONFLICT, "该决定%s，不能再修改公开版本", p.Status.Label())
		}
		if in.Version != p.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "公示信息已被他人修改，请刷新后重试")
		}
		sb, err := s.subjectOf(ctx, tx, actor, p)
		if err != nil {
			return err
		}
		text := strings.TrimSpace(in.Text)
		if text == "" {
			text = sb.original(p)
		}
		keep := make([]string, 0, len(in.Keep))
		for _, k := range in.Keep {
			keep = append(keep, k.Text)
		}
		var made []zhifa.Redaction
		p.Draft, made = law.Redact(text, sb.redactInput(in.Secrets, keep))
		for _, k := range in.Keep {
			made = append(made, zhifa.Redaction{Kind: keptKind, Original: k.Text, Replacement: k.Reason})
		}
		if in.Text != "" { // the redactions of the generated version stay listed
			made = append(mergeRedactions(p.Redactions), made...)
		}
		p.Redactions, p.Secrets = made, in.Secrets
		p.Status, p.PreparedBy = zhifa.PubPrepared, actor.UserID
		rec.Detail = p.CaseNumber
		if err := tx.UpdatePublication(ctx, p); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// mergeRedactions keeps the rules' redactions of an earlier version, without the spans
// restored then (they are listed again if still restored).
func mergeRedactions(old []zhifa.Redaction) []zhifa.Redaction {
	var out []zhifa.Redaction
	for _, r := range old {
		if r.Kind != keptKind {
			out = append(out, r)
		}
	}
	return out
}

// keptSpans are the spans the handler restored.
func keptSpans(p *zhifa.Publication) []string {
	var out []string
	for _, r := range p.Redactions {
		if r.Kind == keptKind {
			out = append(out, r.Original)
		}
	}
	return out
}

// Approve is the head's own act (or a deputy's by delegation): the prepared public
// version is published. It must be free of what the rules find (公示规定第六条); its text is
// the content of a public ledger entry; the publish clock stops and the display period
// starts (公示规定第十三条).
func (s *Service) Approve(ctx context.Context, id int64, version int) (*zhifa.Publication, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out *zhifa.Publication
	err := s.k.Write(ctx, "publicity.publish", func(tx zhifa.Tx, rec *kernel.Audit) error {
		p, sb, err := s.headAct(ctx, tx, actor, id, version, rec)
		if err != nil {
			return err
		}
		if p.Status != zhifa.PubPrepared {
			return zhifa.Errorf(zhifa.ECONFLICT, "该决定%s，只有已制作公开版本的决定可以审批公示", p.Status.Label())
		}
		left := law.Identifiers(p.Draft, sb.redactInput(p.Secrets, keptSpans(p)))
		if err := law.CheckPublishable(p.Draft, left); err != nil {
			return err
		}
		rule, err := tx.PublicityRule(ctx, p.AgencyID)
		if err != nil {
			return err
		}
		today := s.k.Today()
		p.PublicText, p.Status, p.ApprovedBy, p.PublishedOn = p.Draft, zhifa.PubPublished, actor.UserID, today
		p.DisplayUntil = sb.displayUntil(today, rule)
		sum := sha256.Sum256([]byte(p.PublicText))
		p.Entry, err = s.appendEntry(ctx, tx, sb, "publicity.publish", map[string]string{
			"agency": strconv.FormatInt(p.AgencyID, 10), "entry": strconv.FormatInt(p.ID, 10),
			"category": string(p.Category), "date": today.String(), "display_until": p.DisplayUntil.String(),
			"public_text": p.PublicText, "digest": "sha256:" + hex.EncodeToString(sum[:])})
		if err != nil {
			return err
		}
		if err := s.stopSubjectClock(ctx, tx, sb, zhifa.ClockPublish); err != nil {
			return err
		}
		rec.Detail = p.CaseNumber + " 公示"
		if err := tx.UpdatePublication(ctx, p); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// headAct loads the publication and its case for an act the law gives the head: the
// actor approves for the agency today (a head, or a deputy by delegation), else
// EFORBIDDEN; the version must be current.
func (s *Service) headAct(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64, version int, rec *kernel.Audit) (*zhifa.Publication, *subject, error) {
	p, err := s.visible(ctx, tx, actor, id)
	if err != nil {
		return nil, nil, err
	}
	rec.Object, rec.ObjectPath = kernel.ObjectRef("publication", p.ID), p.AgencyPath
	ok, err := s.k.MayApprove(ctx, tx, actor, p.AgencyID, s.k.Today())
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只有本机关负责人（或受其委托的负责人）可以决定公示事项")
	}
	if version != p.Version {
		return nil, nil, zhifa.Errorf(zhifa.ECONFLICT, "公示信息已被他人修改，请刷新后重试")
	}
	sb, err := s.subjectOf(ctx, tx, actor, p)
	if err != nil {
		return nil, nil, err
	}
	return p, sb, nil
}

// stopClock marks the case's clock of the kind done and saves the case.
func (s *Service) stopClock(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, kind zhifa.ClockKind) error {
	cl := c.Clock(kind)
	if cl == nil || cl.Done {
		return nil
	}
	cl.Done = true
	c.NextDue = law.NextDue(c.Clocks)
	c.UpdatedAt = s.k.Now()
	return tx.UpdateCase(ctx, c)
}

// DeclineInput is the head's decision not to publish: a legal ground and the reason.
type DeclineInput struct {
	Version int    `json:"version"`
	Ground  string `json:"ground"`
	Reason  string `json:"reason"`
}

// Decline records the head's decision not to publish a decision, only on a ground the
// law gives (政府信息公开条例第十四条、第十五条), with the reason; the clock stops and the
// decision counts as not published with its ground.
func (s *Service) Decline(ctx context.Context, id int64, in DeclineInput) (*zhifa.Publication, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out *zhifa.Publication
	err := s.k.Write(ctx, "publicity.decline", func(tx zhifa.Tx, rec *kernel.Audit) error {
		p, sb, err := s.headAct(ctx, tx, actor, id, in.Version, rec)
		if err != nil {
			return err
		}
		// The input is checked once the publication is known to be the actor's to act
		// on, so that one outside the scope answers like a missing one whatever is sent.
		ck := kernel.NewChecker()
		ground := law.NoPublishGroundOf(in.Ground)
		if ground == nil {
			ck.Add("ground", "请选择法律规定的不予公示情形")
		}
		ck.Text("reason", &in.Reason, true, kernel.MaxText)
		if err := ck.Err(); err != nil {
			return err
		}
		if p.Status != zhifa.PubQueued && p.Status != zhifa.PubPrepared {
			return zhifa.Errorf(zhifa.ECONFLICT, "该决定%s，不能再决定不予公示", p.Status.Label())
		}
		p.Status, p.Ground, p.GroundReason, p.ApprovedBy = zhifa.PubDeclined, ground.Code, in.Reason, actor.UserID
		if _, err := s.appendEntry(ctx, tx, sb, "publicity.decline", map[string]string{
			"agency": strconv.FormatInt(p.AgencyID, 10), "entry": strconv.FormatInt(p.ID, 10),
			"result": ground.Code, "date": s.k.Today().String(), "reason": in.Reason}); err != nil {
			return err
		}
		if err := s.stopSubjectClock(ctx, tx, sb, zhifa.ClockPublish); err != nil {
			return err
		}
		rec.Detail = p.CaseNumber + " 不予公示：" + ground.Label
		if err := tx.UpdatePublication(ctx, p); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// WithdrawInput is the head's withdrawal of a published decision with the public reason.
type WithdrawInput struct {
	Version int    `json:"version"`
	Reason  string `json:"reason"`
}

// Withdraw takes a published decision off the portal (行政处罚法第四十八条第二款, 公示规定
// 第十一条): the head's own act; the reason is published with the withdrawal, the text
// stays in the archive and the ledger, and the withdrawal clock, if one runs, stops.
func (s *Service) Withdraw(ctx context.Context, id int64, in WithdrawInput) (*zhifa.Publication, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	var out *zhifa.Publication
	err := s.k.Write(ctx, "publicity.withdraw", func(tx zhifa.Tx, rec *kernel.Audit) error {
		p, sb, err := s.headAct(ctx, tx, actor, id, in.Version, rec)
		if err != nil {
			return err
		}
		ck := kernel.NewChecker() // after the scope check, as in Decline
		ck.Text("reason", &in.Reason, true, kernel.MaxText)
		if err := ck.Err(); err != nil {
			return err
		}
		if p.Status != zhifa.PubPublished {
			return zhifa.Errorf(zhifa.ECONFLICT, "该决定%s，只有已公示的决定可以撤回", p.Status.Label())
		}
		if err := s.withdraw(ctx, tx, p, sb, in.Reason); err != nil {
			return err
		}
		rec.Detail = p.CaseNumber + " 撤回公示"
		out = p
		return nil
	})
	return out, err
}

// withdraw records the withdrawal of p in tx: status, day, public reason, its public
// ledger entry, the withdrawal clock stopped.
func (s *Service) withdraw(ctx context.Context, tx zhifa.Tx, p *zhifa.Publication, sb *subject, reason string) error {
	today := s.k.Today()
	p.Status, p.WithdrawnOn, p.WithdrawReason = zhifa.PubWithdrawn, today, reason
	var err error
	p.WithdrawEntry, err = s.appendEntry(ctx, tx, sb, "publicity.withdraw", map[string]string{
		"agency": strconv.FormatInt(p.AgencyID, 10), "entry": strconv.FormatInt(p.ID, 10),
		"ref": strconv.FormatInt(p.Entry, 10), "date": today.String(), "withdraw_reason": reason})
	if err != nil {
		return err
	}
	if err := s.stopSubjectClock(ctx, tx, sb, zhifa.ClockWithdraw); err != nil {
		return err
	}
	return tx.UpdatePublication(ctx, p)
}

// WithdrawTx is called, inside the transaction of the act, when the decision of a case is
// changed, revoked, confirmed illegal or void (by the agency, a reconsideration or a
// court; wired by app): a published decision gets the withdrawal clock of three working
// days (行政处罚法第四十八条第二款、第八十五条; 公示规定第十一条) and a warning when it runs out,
// the reason is kept for the withdrawal; one not yet published leaves the queue, as
// withdrawn with the reason. A case without a publication is left alone.
func (s *Service) WithdrawTx(ctx context.Context, tx zhifa.Tx, caseID int64, reason string) error {
	p, err := tx.PublicationOfCase(ctx, caseID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := tx.Case(ctx, caseID)
	if err != nil {
		return err
	}
	switch p.Status {
	case zhifa.PubQueued, zhifa.PubPrepared:
		p.Status, p.WithdrawnOn, p.WithdrawReason = zhifa.PubWithdrawn, s.k.Today(), reason
		if err := s.stopClock(ctx, tx, c, zhifa.ClockPublish); err != nil {
			return err
		}
		return tx.UpdatePublication(ctx, p)
	case zhifa.PubPublished:
		cal, err := s.k.Calendar(ctx)
		if err != nil {
			return err
		}
		cl := law.WithdrawClock(cal, s.k.Today())
		p.WithdrawDue, p.WithdrawReason = cl.Due, reason
		c.Clocks = append(c.Clocks, cl)
		c.NextDue = law.NextDue(c.Clocks)
		c.UpdatedAt = s.k.Now()
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
		return tx.UpdatePublication(ctx, p)
	}
	return nil
}

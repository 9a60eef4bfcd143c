package cases

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
	"zhifa/workday"
)

// Cases (案件, issue #4). Who may do what:
//   - officers and heads (kernel.PermHandleCases) file cases in their own agency and take the
//     steps of its cases; steps marked Head in law.Steps (decide in the ordinary and the
//     compulsory procedure, discuss, close, the alternative endings, clock pauses and
//     extensions) are the head's own act (issue 9 §1, approvals.go): a head (机关负责人) of
//     the agency or the head's current deputy takes them in their own session, or approves
//     a handler's approval request, and the event names both from their own sessions;
//   - everyone with kernel.PermStaff reads the cases in their scope (supervisors: their
//     government's agencies); cases outside the scope answer as missing (ENOTFOUND), and
//     acting on a case of another agency in scope is EFORBIDDEN.
// Every filing, step and record appends exactly one ledger entry in its transaction.

// PartyInput is a party of a new case.
type PartyInput struct {
	Kind       zhifa.PartyKind `json:"kind"` // person or org
	Name       string          `json:"name"`
	IDNumber   string          `json:"id_number,omitempty"`   // person: 身份证号
	CreditCode string          `json:"credit_code,omitempty"` // org: 统一社会信用代码
	Address    string          `json:"address,omitempty"`
	Phone      string          `json:"phone,omitempty"`
}

// CaseInput is a new case (立案).
type CaseInput struct {
	Kind             zhifa.CaseKind  `json:"kind"`
	Procedure        zhifa.Procedure `json:"procedure"`
	Item             string          `json:"item"` // catalog item code
	Parties          []PartyInput    `json:"parties"`
	Officers         []int64         `json:"officers"`
	OccurredOn       zhifa.Date      `json:"occurred_on"`
	DiscoveredOn     zhifa.Date      `json:"discovered_on,omitempty"`
	Harm             bool            `json:"harm,omitempty"`
	LimitationReason string          `json:"limitation_reason,omitempty"`
	Facts            string          `json:"facts"`
	// ComplaintID, when set, is the complaint or report the case is opened from: linked
	// both ways in the filing's transaction (issue 14).
	ComplaintID int64 `json:"complaint_id,omitempty"`
	// Initiation is how an inspection case was initiated (检查启动方式: random, complaint,
	// assigned, ex_officio), required for an inspection case (law.InitiationProblem); an
	// inspection opened from a complaint is one on a complaint when none is given.
	Initiation zhifa.Initiation `json:"initiation,omitempty"`
}

// RecordInput is a new record of a case.
type RecordInput struct {
	Kind       zhifa.RecordKind `json:"kind"`
	Title      string           `json:"title"`
	Act        string           `json:"act"`
	EvidenceID int64            `json:"evidence_id,omitempty"`
}

// ClockView is a clock with its status today: ok, due_soon, overdue, paused or done.
type ClockView = kernel.ClockView

// CaseView is a case with everything its page shows. Parties' personal data is masked.
type CaseView struct {
	*zhifa.Case
	AgencyName string `json:"agency_name"`
	ItemCode   string `json:"item_code"`
	ItemName   string `json:"item_name"`
	StageLabel string `json:"stage_label"`
	// Clocks shadows Case.Clocks with the status of each.
	Clocks  []ClockView        `json:"clocks"`
	Missing []law.Unmet        `json:"missing"`
	Next    []zhifa.Action     `json:"next_actions"`
	Events  []*zhifa.CaseEvent `json:"events,omitempty"`
	Records []*zhifa.Record    `json:"records,omitempty"`
	// Entries are the case's ledger entries (index and kind), each provable against a
	// checkpoint through /api/v1/ledger/proof/inclusion.
	Entries  []zhifa.CaseEntry `json:"ledger_entries,omitempty"`
	Warnings []string          `json:"warnings,omitempty"`
	// Documents are the case's documents and the types a new one may have (documents.go).
	Documents *DocumentList `json:"documents,omitempty"`
	// Major and MajorReasons: whether the decision is major and every reason with its
	// clause (law.Major, E3); Reviews are the legal-review rounds, ReviewStatus the
	// latest one's status, "none" or "reopened" (review.Status).
	Major        bool                 `json:"major"`
	MajorReasons []zhifa.MajorReason  `json:"major_reasons"`
	Reviews      []*zhifa.ReviewRound `json:"reviews"`
	ReviewStatus string               `json:"review_status"`
}

// CaseList is one page of cases.
type CaseList struct {
	Cases []*CaseView `json:"cases"`
	// Total counts the matching cases up to zhifa.CountCap; above it Total is
	// CountCap+1, TotalCapped is set and TotalText reads "1000+" (issue #11). A search is
	// not counted: on its only page Total is the page's hits; on a page among others
	// Total is the page's hits, TotalCapped is set and TotalText is empty.
	Total       int    `json:"total"`
	TotalCapped bool   `json:"total_capped"`
	TotalText   string `json:"total_text"`
	// Next is the cursor of the next page ("" on the last page).
	Next string `json:"next"`
	// Mine says the list holds only the cases the actor handles (我的案件); CanMine that
	// the actor has an officer record, so that such a list exists.
	Mine    bool `json:"mine"`
	CanMine bool `json:"can_mine"`
}

// CaseFilter selects cases for the list: stage, kind, due ("soon" or "overdue"), a
// search query (案号, party, 统一社会信用代码, 身份证号, item or officer), and a page:
// Cursor is the Next of the previous page ("" for the first); Page.Offset is ignored.
// The list is newest first, or, filtered by due, most urgent first (zhifa.CaseKey).
type CaseFilter struct {
	Stage  zhifa.Stage
	Kind   zhifa.CaseKind
	Due    string
	Query  string
	Cursor string
	// Mine selects the cases the actor handles (我的案件, by the actor's officer record);
	// HandlerID those a given officer handles. Both stay within the actor's scope.
	Mine      bool
	HandlerID int64
	// MineByDefault is Mine when the actor has an officer record, else nothing: the
	// default view of an officer's list.
	MineByDefault bool
	zhifa.Page
}

// CaseNumber formats a case number with the agency's template (NumberTemplate, default
// zhifa.DefaultNumberTemplate): its 机关代字 (the name when it has none), the kind's
// character, the year and the sequence, e.g. 东市监罚〔2026〕12号.
func CaseNumber(ag *zhifa.Agency, kind zhifa.CaseKind, year int, seq int64) string {
	short := ag.ShortName
	if short == "" {
		short = ag.Name
	}
	return kernel.FormatCaseNumber(ag.NumberTemplate, short, kind.Char(), year, seq)
}

func (in *CaseInput) check() (warnings []string, err error) {
	c := newChecker()
	if !in.Kind.Valid() {
		c.Add("kind", "案件类型应为行政处罚、行政检查或行政强制")
	}
	if in.Procedure == "" {
		in.Procedure = zhifa.ProcOrdinary
	}
	if !in.Procedure.Valid() {
		c.Add("procedure", "程序应为普通程序或简易程序")
	} else if in.Procedure == zhifa.ProcSummary && in.Kind != zhifa.CasePenalty {
		c.Add("procedure", "只有行政处罚案件可以适用简易程序")
	}
	c.Text("item", &in.Item, true, maxShort)
	c.Text("facts", &in.Facts, in.Kind == zhifa.CasePenalty, maxText)
	c.Text("limitation_reason", &in.LimitationReason, false, 500)
	if len(in.Parties) == 0 {
		c.Add("parties", "至少填写一名当事人")
	}
	if len(in.Parties) > 20 {
		c.Add("parties", "当事人不能超过20名")
	}
	for i := range in.Parties {
		p := &in.Parties[i]
		f := fmt.Sprintf("parties[%d].", i)
		c.Text(f+"name", &p.Name, true, maxShort)
		c.Text(f+"address", &p.Address, false, 200)
		c.Phone(f+"phone", &p.Phone)
		switch p.Kind {
		case zhifa.PartyPerson:
			c.PersonID(f+"id_number", &p.IDNumber, true)
			p.CreditCode = ""
		case zhifa.PartyOrg:
			if w := c.CreditCode(f+"credit_code", &p.CreditCode, true); w != "" {
				warnings = append(warnings, p.Name+"："+w)
			}
			p.IDNumber = ""
		default:
			c.Add(f+"kind", "当事人类型应为公民或法人或者其他组织")
		}
	}
	if len(in.Officers) == 0 {
		c.Add("officers", "请选择执法人员")
	}
	seen := map[int64]bool{}
	for _, id := range in.Officers {
		if seen[id] {
			c.Add("officers", "执法人员重复")
		}
		seen[id] = true
	}
	if in.OccurredOn.IsZero() && in.Kind == zhifa.CasePenalty {
		c.Add("occurred_on", "请填写违法行为发生（或终了）日期")
	}
	if in.Initiation == "" && in.Kind == zhifa.CaseInspection && in.ComplaintID != 0 {
		in.Initiation = zhifa.InitComplaint
	}
	if msg := law.InitiationProblem(in.Kind, in.Initiation); msg != "" {
		c.Add("initiation", msg)
	}
	return warnings, c.Err()
}

// itemCategory is the catalog category a case kind needs.
func itemCategory(k zhifa.CaseKind) zhifa.ItemCategory {
	switch k {
	case zhifa.CaseInspection:
		return zhifa.CatInspection
	case zhifa.CaseCompulsory:
		return zhifa.CatCompulsion
	}
	return zhifa.CatPenalty
}

// FileCase opens a case (立案) in the actor's agency.
func (s *Service) FileCase(ctx context.Context, in CaseInput) (*CaseView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	warnings, err := in.check()
	if err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	if in.DiscoveredOn.IsZero() {
		in.DiscoveredOn = today
	}
	if in.DiscoveredOn.After(today) || in.OccurredOn.After(in.DiscoveredOn) {
		return nil, fieldError("occurred_on", "违法行为发生日期不能晚于发现日期，发现日期不能晚于今天")
	}
	var filed stepped               // the case filed, for its view
	var filedFacts *law.CaseFacts   // its gates' facts
	var filedEvent *zhifa.CaseEvent // its event
	var sameAct string              // 行政处罚法第二十九条: a case on the same act (history.go)
	// A filing inserts new rows; its number is taken under the number lock and a
	// complaint it links is updated under its version check: it runs row-locked, so
	// concurrent filings do not abort each other (issue 11, zhifa.RowLocked).
	err = s.k.Write(zhifa.RowLocked(ctx), "case.open", func(tx zhifa.Tx, rec *audit) error {
		// The reference rows the gates read, in one round trip (issue 11: CPU per write).
		if err := tx.Prefetch(ctx, zhifa.Prefetch{AgencyID: actor.AgencyID, ItemCode: in.Item, OfficerIDs: in.Officers}); err != nil {
			return err
		}
		ag, err := tx.Agency(ctx, actor.AgencyID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		if !ag.IsEnforcement() {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "人民政府不是执法主体，不能立案")
		}
		item, err := tx.ItemByCode(ctx, in.Item)
		if isCode(err, zhifa.ENOTFOUND) {
			return fieldError("item", "执法事项“"+in.Item+"”不存在")
		} else if err != nil {
			return err
		}
		if !strings.HasPrefix(ag.Path, pathOf(ctx, tx, item.AgencyID)) {
			return fieldError("item", "执法事项“"+in.Item+"”不属于本机关")
		}
		if item.Category != itemCategory(in.Kind) {
			return fieldError("item", "执法事项类别为“"+item.Category.Label()+"”，与案件类型“"+in.Kind.Label()+"”不符")
		}
		c := &zhifa.Case{AgencyID: ag.ID, Kind: in.Kind, Procedure: in.Procedure, ItemID: item.ID,
			OfficerIDs: in.Officers, OccurredOn: in.OccurredOn, DiscoveredOn: in.DiscoveredOn, Harm: in.Harm,
			LimitationReason: in.LimitationReason, Facts: in.Facts, Stage: zhifa.StageOpen, Outcome: zhifa.OutcomeNone,
			CreatedBy: max(actor.UserID, 0), CreatedAt: s.k.Now(), UpdatedAt: s.k.Now()}
		for _, p := range in.Parties {
			c.Parties = append(c.Parties, zhifa.Party{Kind: p.Kind, Name: p.Name, IDNumber: p.IDNumber, CreditCode: p.CreditCode, Address: p.Address, Phone: p.Phone})
		}
		facts, err := s.caseFacts(ctx, tx, c, ag, item, cal, today)
		if err != nil {
			return err
		}
		// Gates of the filing: certified officers (Art. 42), limitation (Art. 36).
		if err := law.CheckCaseOfficers(facts, today); err != nil {
			return err
		}
		// Art. 36: past the limitation only a head files, on a ground a law provides, as
		// the head's own approval with its reason (issue 10, law.CheckLimitationOverride).
		var overrideBy int64
		if in.Kind == zhifa.CasePenalty {
			// Whether the actor approves for the agency matters only for a filing past
			// the limitation with its reason; most filings need not read the delegations.
			head := false
			if in.LimitationReason != "" && law.CheckLimitation(in.OccurredOn, in.DiscoveredOn, in.Harm, "") != nil {
				if head, err = s.k.MayApprove(ctx, tx, actor, ag.ID, today); err != nil {
					return err
				}
			}
			if err := law.CheckLimitationOverride(in.OccurredOn, in.DiscoveredOn, in.Harm, in.LimitationReason, head); err != nil {
				return err
			}
			if law.CheckLimitation(in.OccurredOn, in.DiscoveredOn, in.Harm, "") != nil {
				overrideBy = actor.UserID
			}
		}
		c.Year = today.Year
		c.State.FiledOn = today
		c.State.Initiation = in.Initiation
		if in.Kind == zhifa.CasePenalty {
			c.Clocks = append(c.Clocks, law.DecisionClock(cal, today))
		}
		c.NextDue = law.NextDue(c.Clocks)
		// The party's history is read before the case number is taken: the agency's
		// counter stays locked from its bump to the commit (issue #11), so everything
		// that can run before it does.
		if sameAct, err = s.sameActWarning(ctx, tx, c); err != nil {
			return err
		}
		if c.Seq, err = tx.NextCaseSeq(ctx, ag.ID, c.Year, c.Kind); err != nil {
			return err
		}
		c.Number = CaseNumber(ag, c.Kind, c.Year, c.Seq)
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		filed, filedFacts = stepped{c: c, ag: ag, item: item}, facts
		rec.Object, rec.Detail = objectRef("case", c.ID), c.Number
		ev := &zhifa.CaseEvent{CaseID: c.ID, At: s.k.Now(), To: zhifa.StageOpen, Action: "open",
			ActorID: max(actor.UserID, 0), Actor: actor.Login, Reason: in.LimitationReason}
		if overrideBy != 0 {
			ev.ApproverID, ev.Approver = overrideBy, actor.Login
		}
		if err := tx.AddCaseEvent(ctx, ev); err != nil {
			return err
		}
		filedEvent = ev
		meta := map[string]string{
			"case": strconv.FormatInt(c.ID, 10), "agency": strconv.FormatInt(ag.ID, 10), "kind": string(c.Kind),
			"procedure": string(c.Procedure), "item": item.Code, "stage": string(c.Stage), "version": "1",
		}
		if overrideBy != 0 {
			meta["approver"] = "user/" + strconv.FormatInt(overrideBy, 10)
		}
		if c.State.Initiation != "" {
			meta["initiation"] = string(c.State.Initiation)
		}
		if err = s.k.QueueCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "case.open", Meta: meta}); err != nil {
			return err
		}
		if in.ComplaintID != 0 {
			return s.deps.LinkComplaint(ctx, tx, in.ComplaintID, c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sameAct != "" {
		warnings = append(warnings, sameAct)
	}
	if err := require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	// The view of the new case from what the filing knows: the case as it wrote it, its
	// agency and item, its gates' facts and its event, as the filing committed them (a
	// step's view likewise shows the case as the step committed it). A filing on a
	// complaint reads the case's rows, which linking the complaint may have added to. Its
	// ledger entry, placed after the commit, is read, in one statement without a
	// transaction around it (issue 11, zhifa.OneStatement).
	var v *CaseView
	readCtx := ctx
	if in.ComplaintID == 0 {
		v, readCtx = s.filedCaseView(actor, cal, filed, filedFacts, filedEvent), zhifa.OneStatement(ctx)
	}
	err = s.k.Read(readCtx, func(tx zhifa.Tx) error {
		var err error
		if v == nil {
			if v, err = s.caseViewTx(ctx, tx, actor, cal, filed.c, filed.ag, filed.item, filedFacts); err != nil {
				return err
			}
		}
		v.Entries, err = tx.CaseEntries(ctx, filed.c.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	v.Warnings = warnings
	return v, nil
}

// caseFacts reads what the gates of c look at: its officers' certificates, the item's
// domain, its A/V records. ag is c's agency.
func (s *Service) caseFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, cal *workday.Calendar, today zhifa.Date) (*law.CaseFacts, error) {
	// The agency's statement period; a case already notified keeps the one it was given.
	f := &law.CaseFacts{Case: c, Today: today, Cal: cal, Domain: item.Domain, Certs: map[string]*zhifa.Certificate{},
		AV: map[string]bool{}, StatementDays: kernel.CaseStatementDays(c, ag), DecisionExtension: kernel.AgencyDecisionExtension(ag), Now: s.k.Now(),
		SummaryFilingDays: ag.SummaryFilingDays}
	if err := officerFacts(ctx, tx, c, item, today, f); err != nil {
		return nil, err
	}
	// The agency's whole-process-recording list and the A/V records of the acts it or
	// the statutory minimum requires (B5, D2, app/evidence).
	if err := s.deps.Evidence.RecordingFacts(ctx, tx, c, ag, f); err != nil {
		return nil, err
	}
	if c.ID != 0 { // the documents issued, for the document gates (documents.go)
		var err error
		if f.Issued, f.IssuedOn, err = issuedDocuments(ctx, tx, c.ID); err != nil {
			return nil, err
		}
	}
	// The latest notice and the hearing thresholds (notice.go).
	if err := noticeFacts(ctx, tx, c, ag, f); err != nil {
		return nil, err
	}
	if err := s.deps.Review.MajorFacts(ctx, tx, c, ag, item, f); err != nil {
		return nil, err
	}
	if err := evidenceAfterHearing(ctx, tx, c, f); err != nil {
		return nil, err
	}
	return f, nil
}

// officerFacts adds the case's officers and the certificate that lets each active
// one act to f. The officers and their certificates are read in one statement each
// (issue 11: a step's and a filing's reads are most of their statements).
func officerFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, item *zhifa.Item, today zhifa.Date, f *law.CaseFacts) error {
	officers, err := tx.OfficersByID(ctx, c.OfficerIDs...)
	if err != nil {
		return err
	}
	byID := make(map[int64]*zhifa.Officer, len(officers))
	for _, o := range officers {
		byID[o.ID] = o
	}
	var active []int64
	for _, oid := range c.OfficerIDs {
		o := byID[oid]
		if o == nil || o.AgencyID != c.AgencyID {
			return fieldError("officers", fmt.Sprintf("执法人员%d不存在或不属于本机关", oid))
		}
		if o.Active {
			active = append(active, o.ID)
		}
	}
	certs, err := tx.Certificates(ctx, active...)
	if err != nil {
		return err
	}
	certsOf := map[int64][]*zhifa.Certificate{} // newest first per officer
	for _, cert := range certs {
		certsOf[cert.OfficerID] = append(certsOf[cert.OfficerID], cert)
	}
	for _, oid := range c.OfficerIDs {
		o := byID[oid]
		// Officers share names: key by name and ID.
		key := o.Name + "（" + strconv.FormatInt(o.ID, 10) + "）"
		f.Officers = append(f.Officers, key)
		if !o.Active {
			continue
		}
		// The certificate that lets the officer act: a valid one covering the domain,
		// else the newest (whose state the gate names).
		for _, cert := range certsOf[o.ID] {
			if law.MayAct(cert, today) && (item.Domain == "" || containsString(cert.Domains, item.Domain)) {
				f.Certs[key] = cert
				break
			}
		}
		if f.Certs[key] == nil && len(certsOf[o.ID]) > 0 {
			f.Certs[key] = certsOf[o.ID][0]
		}
	}
	return nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Case returns a case with its clocks, unmet rules, history and records.
func (s *Service) Case(ctx context.Context, id int64) (*CaseView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var v *CaseView
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		item, err := tx.Item(ctx, c.ItemID)
		if err != nil {
			return err
		}
		if v, err = s.caseViewTx(ctx, tx, actor, cal, c, ag, item, nil); err != nil {
			return err
		}
		v.Entries, err = tx.CaseEntries(ctx, c.ID)
		return err
	})
	return v, err
}

// caseViewTx builds the view of c, of agency ag and item item, as tx reads it: all but
// its ledger entries, which the ledger's sequencer links to the case after the commit.
// facts are c's gates' facts when the caller has them (a filing's), else nil.
func (s *Service) caseViewTx(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, cal *workday.Calendar, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, facts *law.CaseFacts) (*CaseView, error) {
	var err error
	if facts == nil {
		if facts, err = s.caseFacts(ctx, tx, c, ag, item, cal, s.k.Today()); err != nil {
			return nil, err
		}
	}
	v := s.caseViewOf(cal, c, ag, item, facts)
	if v.Reviews, err = tx.ReviewRounds(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Events, err = tx.CaseEvents(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Records, err = tx.Records(ctx, c.ID); err != nil {
		return nil, err
	}
	if v.Documents, err = s.caseDocumentList(ctx, tx, actor, c); err != nil {
		return nil, err
	}
	return v, nil
}

// caseViewOf is the view of c with what its gates' facts tell, before the case's rows
// (review rounds, events, records, documents) are added.
func (s *Service) caseViewOf(cal *workday.Calendar, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, facts *law.CaseFacts) *CaseView {
	v := s.caseView(cal, c, ag, item)
	v.Missing = append(law.Missing(facts), proposalMissing(c)...) // propose.go: notify needs a proposal
	// The transfer clocks' warnings (app/transfer, G3).
	v.Warnings = append(v.Warnings, s.deps.TransferWarnings(v.Clocks)...)
	v.Warnings = append(v.Warnings, measureWarnings(v.Clocks)...) // seizure.go
	// Whether the decision is major, and the review status (app/review).
	v.Major, v.MajorReasons = facts.Major, facts.MajorReasons
	v.ReviewStatus = s.deps.ReviewStatus(c)
	return v
}

// filedCaseView is the view of a case filed without a complaint, as its filing committed
// it: the filing wrote its one event and no review round, record or document (issue 11:
// reading them back took four of a filing's sixteen statements).
func (s *Service) filedCaseView(actor *kernel.Actor, cal *workday.Calendar, filed stepped, facts *law.CaseFacts, ev *zhifa.CaseEvent) *CaseView {
	v := s.caseViewOf(cal, filed.c, filed.ag, filed.item, facts)
	v.Events = []*zhifa.CaseEvent{ev}
	v.Documents = s.documentList(actor, filed.c, nil)
	return v
}

// caseView builds the view of c, masking parties' personal data.
func (s *Service) caseView(cal *workday.Calendar, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item) *CaseView {
	for i := range c.Parties {
		c.Parties[i].IDNumber = ""
		c.Parties[i].Phone = maskPhone(c.Parties[i].Phone)
	}
	v := &CaseView{Case: c, StageLabel: c.Stage.Label(), Clocks: []ClockView{}, Missing: []law.Unmet{}, Next: []zhifa.Action{}}
	if ag != nil {
		v.AgencyName = ag.Name
	}
	if item != nil {
		v.ItemCode, v.ItemName = item.Code, item.Name
	}
	now := s.k.Now()
	for _, cl := range c.Clocks {
		v.Clocks = append(v.Clocks, ClockView{Clock: cl, Label: cl.Kind.Label(), Status: law.ClockStatusAt(cal, now, cl)})
	}
	for _, s := range law.NextSteps(c) {
		v.Next = append(v.Next, s.Action)
	}
	return v
}

// Cases lists the cases in the actor's scope, newest first.
func (s *Service) Cases(ctx context.Context, f CaseFilter) (*CaseList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.k.Today()
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return nil, err
	}
	if after != nil && (f.Due != "") != !after.Due.IsZero() {
		return nil, fieldError("cursor", "分页位置与筛选条件不符，请从第一页重新浏览")
	}
	sf := zhifa.CaseFilter{UnderPath: actor.ScopePath, Stage: f.Stage, Kind: f.Kind, Query: strings.TrimSpace(f.Query),
		After: after, Page: zhifa.Page{Limit: caseListLimit(f.Limit)}}
	switch f.Due {
	case "":
	case "soon":
		sf.DueFrom = today
		sf.DueTo, _ = cal.AddWorkdays(today, law.DueSoonWorkdays)
	case "overdue":
		sf.DueTo = today.AddDays(-1)
	default:
		return nil, fieldError("due", "期限筛选应为即将到期或已逾期")
	}
	if f.Stage != "" && f.Stage.Label() == "" {
		return nil, fieldError("stage", "未知的案件阶段")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, fieldError("kind", "案件类型应为行政处罚、行政检查或行政强制")
	}
	if f.HandlerID < 0 {
		return nil, fieldError("handler", "执法人员编号无效")
	}
	sf.OfficerID = f.HandlerID
	out := &CaseList{Cases: []*CaseView{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		own, err := kernel.ActorOfficer(ctx, tx, actor)
		if err != nil && (f.Mine || zhifa.ErrorCode(err) != zhifa.EINVALID) {
			return err
		}
		out.CanMine = own != 0
		if f.Mine || f.MineByDefault {
			sf.OfficerID, out.Mine = own, own != 0
		}
		list, total, err := tx.Cases(ctx, sf)
		if err != nil {
			return err
		}
		out.Total, out.TotalCapped, out.TotalText = total, total > zhifa.CountCap, countText(total)
		if len(list) == sf.Limit {
			last := list[len(list)-1]
			key := zhifa.CaseKey{ID: last.ID}
			if f.Due != "" {
				key.Due = last.NextDue // a list by due date is ordered by it (zhifa.CaseKey)
			}
			out.Next = encodeCursor(key)
		}
		if total == zhifa.Uncounted {
			// A search is not counted (issue 11): the only page shows its hits; a page
			// among others says there are more, without a number.
			out.Total, out.TotalCapped, out.TotalText = len(list), out.Next != "" || f.Cursor != "", ""
			if !out.TotalCapped {
				out.TotalText = countText(len(list))
			}
		}
		// Each page reads every agency, item and major-decision catalog once (a page of
		// 50 shares a few), not once per case (caseListCache, warnings_review_list.go).
		cache := newCaseListCache(s, tx)
		for _, c := range list {
			ag, item, cat, err := cache.of(ctx, c)
			if err != nil {
				return err
			}
			v := s.caseView(cal, c, ag, item)
			// Whether the decision is major and the review status (E1, E3), as on the case page.
			v.Major, v.MajorReasons = law.Major(c, item, cat)
			v.ReviewStatus = s.deps.ReviewStatus(c)
			out.Cases = append(out.Cases, v)
		}
		return nil
	})
	return out, err
}

// caseListLimit is the page size of the case list: 50 unless asked, at most 500.
func caseListLimit(n int) int { return kernel.PageLimit(n) }

// Act takes one step of a case (see law.Steps). A stale in.Version is ECONFLICT; a step
// the stage does not allow is EINVALID; an unmet rule is EGATE naming it.
func (s *Service) Act(ctx context.Context, caseID int64, action zhifa.Action, in kernel.ActionInput) (*CaseView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, s.deps.StepPermission(action)); err != nil {
		return nil, err
	}
	if err := in.Check(); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	// A step runs row-locked (issue 11, zhifa.RowLocked): its first read locks the case
	// (zhifa.Tx.Case), and whatever its gates read belongs to the locked case — which
	// every write of the case's own rows locks first — or is reference data; the case
	// is saved under its version check.
	//
	// The view it returns is built in the same transaction, after the step, from the
	// case, agency and item the step holds: under the case's lock that is the case as
	// the step commits it, with no second transaction reading it all again (issue 11).
	// Only the case's ledger entries are read after the commit, once the sequencer has
	// placed the step's.
	mayView := require(actor, kernel.PermStaff)
	var v *CaseView
	err = s.k.Write(zhifa.RowLocked(ctx), "case."+string(action), func(tx zhifa.Tx, rec *audit) error {
		st, err := s.actTx(ctx, tx, rec, cal, caseID, action, in, nil)
		if err != nil || mayView != nil {
			return err
		}
		v, err = s.caseViewTx(ctx, tx, actor, cal, st.c, st.ag, st.item, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	if mayView != nil {
		return nil, mayView
	}
	// One statement, without a transaction around it (zhifa.OneStatement).
	err = s.k.Read(zhifa.OneStatement(ctx), func(tx zhifa.Tx) error {
		v.Entries, err = tx.CaseEntries(ctx, caseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// stepped is a case after a step of actTx, with its agency and item.
type stepped struct {
	c    *zhifa.Case
	ag   *zhifa.Agency
	item *zhifa.Item
}

// actTx takes the step in tx as the context's actor and returns the case after it. by
// is nil when the actor acts in their own right; for a step a head approved on request
// (approvals.go) it names the request, whose requester is the event's actor and the
// context's actor its approver.
func (s *Service) actTx(ctx context.Context, tx zhifa.Tx, rec *audit, cal *workday.Calendar, caseID int64, action zhifa.Action, in kernel.ActionInput, by *zhifa.ApprovalRequest) (*stepped, error) {
	actor := kernel.ActorFrom(ctx)
	today := s.k.Today()
	rec.Object = objectRef("case", caseID)
	c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
	if err != nil {
		return nil, err
	}
	// The reference rows the gates and the view read, in one round trip (issue 11).
	if err := tx.Prefetch(ctx, zhifa.Prefetch{AgencyID: c.AgencyID, ItemID: c.ItemID, OfficerIDs: c.OfficerIDs, CaseID: c.ID}); err != nil {
		return nil, err
	}
	rec.ObjectPath = ag.Path
	if c.AgencyID != actor.AgencyID && !law.IsReviewerStep(action) {
		return nil, zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
	}
	if in.Version != c.Version {
		return nil, zhifa.Errorf(zhifa.ECONFLICT, "案件已被他人修改（当前版本%d），请刷新后重试", c.Version)
	}
	step, err := law.Transition(c, action)
	if err != nil {
		return nil, err
	}
	if step.Reason && in.Reason == "" {
		return nil, fieldError("reason", "请说明理由")
	}
	if action == zhifa.ActExtend && (in.Days < 1 || in.Days > 365) {
		return nil, fieldError("days", "延长天数应在1到365之间")
	}
	// Issue 9 §1: a head's step is the head's own act (approvals.go).
	approverID, approverLogin, err := s.headApproval(ctx, tx, actor, c, step, in, by, today)
	if err != nil {
		return nil, err
	}
	actorID, actorLogin := max(actor.UserID, 0), actor.Login
	if by != nil {
		actorID, actorLogin = by.RequesterID, by.Requester
	}
	day := in.Date
	if action == zhifa.ActScheduleHearing {
		if day.IsZero() || !day.After(today) {
			return nil, fieldError("date", "请填写听证日期（应晚于今天）")
		}
	} else {
		if day.IsZero() {
			day = today
		}
		if day.After(today) {
			return nil, fieldError("date", "日期不能晚于今天")
		}
	}
	// An act dated before today is recorded late (补录): it needs a reason and is marked
	// on the event; the order of acts is checked with the other gates (law/order.go).
	backdated, err := law.CheckBackdate(today, day, in.BackdateReason)
	if err != nil {
		return nil, err
	}
	if !backdated {
		in.BackdateReason = ""
	}
	item, err := tx.Item(ctx, c.ItemID)
	if err != nil {
		return nil, err
	}
	facts, err := s.caseFacts(ctx, tx, c, ag, item, cal, today)
	if err != nil {
		return nil, err
	}
	if action == zhifa.ActDecide { // the decision equals the proposal (propose.go, B3)
		if in.Fine, in.Warning, in.Disposal, err = decisionOf(c, in); err != nil {
			return nil, err
		}
	}
	if err := law.CheckStep(facts, step, in.StepInput()); err != nil {
		return nil, err
	}
	if action == zhifa.ActServe { // how it was served, after the step's gates (Art. 61)
		if err := law.CheckService(in.Service, day); err != nil {
			return nil, err
		}
	}
	if action == zhifa.ActSeize { // how it was carried out (行政强制法第十八条、第十九条)
		if err := law.CheckSeizure(in.Seizure, c.State.SeizureApprovedOn, day); err != nil {
			return nil, err
		}
	}
	if action == zhifa.ActHoldHearing { // how it was held (Art. 64)
		if err := s.checkHearing(ctx, tx, c, in.Hearing); err != nil {
			return nil, err
		}
	}
	// The step, its discretion check and each stage of the pipeline (kernel.Phase) add a
	// detail for the event and, prefixed, fields for the ledger entry.
	var details []string
	hookMeta := map[string]string{}
	hook := func(detail, prefix string, m map[string]string) {
		if detail != "" {
			details = append(details, detail)
		}
		for k, v := range m {
			hookMeta[prefix+k] = v
		}
	}
	// Discretion (propose.go, B3/B4): the proposal of propose; notify needs one.
	pdetail, err := s.discretionStep(ctx, tx, c, item, action, in)
	if err != nil {
		return nil, err
	}
	from := c.Stage
	detail, err := applyStep(cal, c, step, in, day, today, facts)
	if err != nil {
		return nil, err
	}
	if pdetail != "" {
		detail = pdetail
	}
	hook(detail, "", nil)
	run := &kernel.StepRun{Tx: tx, Actor: actor, Case: c, Agency: ag, Item: item, Step: step, Action: action,
		Day: day, Today: today, Cal: cal, Facts: facts, Reason: in.Reason, Input: &in,
		ApproverID: approverID, Approver: approverLogin}
	runStages := func(phase kernel.Phase) error {
		for _, st := range s.deps.Stages {
			if st.Phase != phase {
				continue
			}
			sdetail, smeta, err := st.Run(ctx, run)
			if err != nil {
				return fmt.Errorf("%s stage of %s: %w", st.Name, action, err)
			}
			hook(sdetail, st.Name+"_", smeta)
		}
		return nil
	}
	// Legal review and transfer of a suspected crime see the case before it moves.
	if err := runStages(kernel.PhaseApplied); err != nil {
		return nil, err
	}
	if by != nil { // the approver's opinion (决定审批, issue 9 §1)
		hook(approvalDetail(by), "", nil)
	}
	if step.To != "" {
		c.Stage = step.To
	}
	if step.Outcome != "" {
		c.Outcome = step.Outcome
	}
	// The bounded contexts' stages (publicity, execution, …), in the order registered.
	if err := runStages(kernel.PhaseMoved); err != nil {
		return nil, err
	}
	c.NextDue = law.NextDue(c.Clocks)
	c.UpdatedAt = s.k.Now()
	if err := tx.UpdateCase(ctx, c); err != nil {
		return nil, err
	}
	if action == zhifa.ActDecide { // kept for the consistency aid (propose.go)
		if err := s.recordDecisionFine(ctx, tx, c); err != nil {
			return nil, err
		}
	}
	// Filing with the justice bureau of a major decision or a compulsory measure.
	if err := runStages(kernel.PhaseSaved); err != nil {
		return nil, err
	}
	detail = strings.Join(details, "；")
	rec.Detail = c.Number + " " + string(action)
	if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, At: s.k.Now(), From: from, To: c.Stage, Action: action,
		ActorID: actorID, Actor: actorLogin, ApproverID: approverID, Approver: approverLogin,
		Reason: in.Reason, Detail: detail, ActedOn: day, BackdateReason: in.BackdateReason}); err != nil {
		return nil, err
	}
	meta := map[string]string{"case": strconv.FormatInt(c.ID, 10), "action": string(action), "from": string(from),
		"to": string(c.Stage), "version": strconv.Itoa(c.Version), "date": day.String()}
	if approverID != 0 {
		meta["approver"] = "user/" + strconv.FormatInt(approverID, 10)
	}
	if by != nil {
		meta["requester"] = "user/" + strconv.FormatInt(by.RequesterID, 10)
		meta["approval_request"] = strconv.FormatInt(by.ID, 10)
	}
	if in.Reason != "" {
		meta["reason"] = in.Reason
	}
	if in.BackdateReason != "" {
		meta["backdate_reason"] = in.BackdateReason
	}
	maps.Copy(meta, hookMeta)
	if detail != "" {
		meta["detail"] = detail
	}
	if err := s.k.QueueCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "case." + string(action), Meta: meta}); err != nil {
		return nil, err
	}
	return &stepped{c: c, ag: ag, item: item}, nil
}

// applyStep records the facts of the step on c and moves its clocks; it returns a short
// detail for the event.
func applyStep(cal *workday.Calendar, c *zhifa.Case, step *law.Step, in kernel.ActionInput, day, today zhifa.Date, facts *law.CaseFacts) (string, error) {
	st := &c.State
	done := func(k zhifa.ClockKind) {
		if cl := c.Clock(k); cl != nil {
			cl.Done = true
		}
	}
	switch step.Action {
	case zhifa.ActNotify, zhifa.ActRenotify:
		// The snapshot of what was notified, the derived hearing right, the clocks
		// (law/notice.go: 第四十四条、第四十五条第二款、第六十三条、第六十四条).
		return law.ApplyNotice(facts, day, in.HearingRight), nil
	case zhifa.ActWaiveStatement:
		st.StatementWaived = true
		done(zhifa.ClockStatement)
	case zhifa.ActRequestHearing:
		st.HearingAsked = day
		done(zhifa.ClockHearingRequest)
	case zhifa.ActWaiveHearing:
		st.HearingWaived = true
		done(zhifa.ClockHearingRequest)
	case zhifa.ActScheduleHearing:
		st.HearingNotice, st.HearingOn = today, in.Date
		cl := law.HearingNoticeClock(cal, today, in.Date)
		cl.Done = true // the notice is given now
		c.Clocks = append(c.Clocks, cl)
		return "听证日期" + in.Date.String(), nil
	case zhifa.ActHoldHearing:
		st.HearingHeld, st.HearingHeldOn, st.Hearing = true, day, in.Hearing
		if st.Proposal != nil { // what the hearing heard (第六十五条, law.CheckDecisionOnRecord)
			st.HearingProposalRev = st.Proposal.Revision
		}
		return hearingDetail(in.Hearing), nil
	case zhifa.ActReview:
		st.DiscussionReq = in.DiscussionRequired
		done(zhifa.ClockStatement)
		if in.DiscussionRequired {
			return "须集体讨论", nil
		}
	case zhifa.ActDiscuss:
		st.Discussed, st.DiscussedOn = true, day
	case zhifa.ActDecide:
		st.DecidedOn = day
		done(zhifa.ClockDecision)
		if c.Kind == zhifa.CaseCompulsory {
			switch in.Disposal {
			case "confiscate", "destroy", "release":
			default:
				return "", fieldError("disposal", "处理决定应为没收、销毁或解除查封扣押")
			}
			st.Disposal = in.Disposal
			return "处理决定：" + in.Disposal, nil
		}
		st.FineFen, st.Warning = in.Fine, in.Warning
		c.Clocks = append(c.Clocks, law.ServiceClock(cal, day))
		if c.Procedure == zhifa.ProcSummary { // 第五十二条: the record and the filing clock
			st.Summary = in.Summary
			c.Clocks = append(c.Clocks, law.SummaryFilingClock(cal, day, facts.SummaryFilingDays))
		}
		return fmt.Sprintf("罚款%s元；警告：%v", law.Yuan(in.Fine), in.Warning), nil
	case zhifa.ActServe:
		st.ServedOn, st.Service = day, in.Service
		done(zhifa.ClockService)
		return in.Service.Method.Label() + "：" + in.Service.Proof, nil
	case zhifa.ActEducate:
		ed := *in.Education
		ed.On = day
		st.Education = &ed
		return "教育方式：" + ed.Method, nil
	case zhifa.ActFileSummary:
		st.SummaryFiledOn = day
		done(zhifa.ClockSummaryFiling)
		return "当场处罚决定已报所属行政机关备案", nil
	case zhifa.ActSeize:
		return applySeizure(cal, c, in, day, today, facts), nil
	case zhifa.ActApproveSeizure:
		return applyApproveSeizure(c, day), nil
	case zhifa.ActPreserve:
		return applyPreserve(cal, c, in, day), nil
	case zhifa.ActEndPreservation:
		return applyEndPreservation(c, in, day), nil
	case zhifa.ActRelease:
		st.ReleasedOn = day
		done(zhifa.ClockSeizure)
	case zhifa.ActClose, zhifa.ActNoPenalty, zhifa.ActTransfer, zhifa.ActWithdraw:
		st.ClosedOn = day
		for i := range c.Clocks {
			c.Clocks[i].Done = true
		}
	case zhifa.ActExtend:
		k := in.Clock
		if k == "" {
			k = zhifa.ClockDecision
			if c.Kind == zhifa.CaseCompulsory {
				k = zhifa.ClockSeizure
			}
		}
		cl := c.Clock(k)
		if cl == nil || cl.Done {
			return "", fieldError("clock", "该期限不存在或已完成")
		}
		basis := ""
		switch k {
		case zhifa.ClockSeizure:
			st.SeizureExtends++
			basis = "依据：" + law.RuleSeizure
		case zhifa.ClockDecision:
			st.DecisionExtends++
			basis = "依据：" + facts.DecisionExtension.Basis()
			if in.ByDiscussion {
				basis += "；经负责人集体讨论决定"
			}
		}
		law.ExtendClock(cal, cl, in.Days)
		return strings.TrimSuffix(fmt.Sprintf("%s延长%d日至%s；%s", k.Label(), in.Days, cl.Due, basis), "；"), nil
	case zhifa.ActPauseClock, zhifa.ActResumeClock:
		cl := c.Clock(in.Clock)
		if cl == nil || cl.Done {
			return "", fieldError("clock", "该期限不存在或已完成")
		}
		if step.Action == zhifa.ActPauseClock {
			if cl.Paused {
				return "", fieldError("clock", "该期限已中止")
			}
			cl.Paused, cl.PausedOn = true, day
			return cl.Kind.Label() + "中止", nil
		}
		if !cl.Paused {
			return "", fieldError("clock", "该期限未中止")
		}
		law.ResumeClock(cal, cl, day)
		return fmt.Sprintf("%s恢复，截止日期%s", cl.Kind.Label(), cl.Due), nil
	}
	return "", nil
}

// AddRecord adds a record (document, A/V record, photo) to a case of the actor's agency.
func (s *Service) AddRecord(ctx context.Context, caseID int64, in RecordInput) (*zhifa.Record, error) {
	actor := kernel.ActorFrom(ctx)
	if err := require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	chk := newChecker()
	if !in.Kind.Valid() {
		chk.Add("kind", "记录类型应为文书、音像记录、照片或其他")
	}
	chk.Text("title", &in.Title, true, 200)
	chk.Text("act", &in.Act, false, 50)
	if in.EvidenceID < 0 {
		chk.Add("evidence_id", "证据编号无效")
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	r := &zhifa.Record{CaseID: caseID, Kind: in.Kind, Title: in.Title, Act: in.Act, EvidenceID: in.EvidenceID,
		CreatedAt: s.k.Now(), CreatedBy: max(actor.UserID, 0)}
	err := s.k.Write(ctx, "record.add", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("case", caseID)
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		if c.Stage == zhifa.StageArchive {
			return zhifa.Errorf(zhifa.EINVALID, "案件已归档，不能再添加记录")
		}
		if err := s.deps.Evidence.CheckRecordEvidence(ctx, tx, c, r); err != nil {
			return err
		}
		if err := tx.AddRecord(ctx, r); err != nil {
			return err
		}
		rec.Detail = c.Number + " " + r.Kind.Label() + " " + r.Title
		meta := map[string]string{"case": strconv.FormatInt(c.ID, 10), "record": strconv.FormatInt(r.ID, 10),
			"kind": string(r.Kind), "act": r.Act, "title": r.Title}
		if r.EvidenceID != 0 {
			meta["evidence"] = strconv.FormatInt(r.EvidenceID, 10)
		}
		return s.k.QueueCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "record.add", Meta: meta})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

package publicity

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// Decision is a published decision as the portal shows it: nothing but what was
// published (no draft, no redacted span, no internal step).
type Decision struct {
	ID            int64      `json:"id"`
	AgencyID      int64      `json:"agency_id"`
	Agency        string     `json:"agency"`
	CaseNumber    string     `json:"case_number"`
	Party         string     `json:"party"`
	CreditCode    string     `json:"credit_code,omitempty"`
	Item          string     `json:"item"`
	Category      string     `json:"category"`
	CategoryLabel string     `json:"category_label"`
	Conclusion    string     `json:"conclusion"`
	DecidedOn     zhifa.Date `json:"decided_on"`
	PublishedOn   zhifa.Date `json:"published_on"`
	DisplayUntil  zhifa.Date `json:"display_until"`
	Status        string     `json:"status"`
	StatusLabel   string     `json:"status_label"`
	// Text is the public version; empty once withdrawn (the withdrawal and its reason
	// are shown instead, the text stays in the ledger).
	Text string `json:"text,omitempty"`
	// Entry is the ledger index of the publication; WithdrawEntry of the withdrawal.
	Entry          int64      `json:"entry"`
	WithdrawnOn    zhifa.Date `json:"withdrawn_on,omitempty"`
	WithdrawReason string     `json:"withdraw_reason,omitempty"`
	WithdrawEntry  int64      `json:"withdraw_entry,omitempty"`
	// EntryData is the canonical bytes of the ledger entry at DataEntry (one decision
	// only): the publication's, or once withdrawn the withdrawal's, so the portal no
	// longer shows the withdrawn text. Its SHA-256 leaf hash is what the inclusion proof
	// proves.
	EntryData string `json:"entry_data,omitempty"`
	DataEntry int64  `json:"data_entry"`
}

func decisionOf(p *zhifa.Publication) *Decision {
	d := &Decision{ID: p.ID, AgencyID: p.AgencyID, Agency: p.AgencyName, CaseNumber: p.CaseNumber, Party: p.PublicParty,
		CreditCode: p.PublicCode, Item: p.ItemName, Category: string(p.Category), CategoryLabel: p.Category.Label(),
		Conclusion: p.Conclusion, DecidedOn: p.DecidedOn, PublishedOn: p.PublishedOn, DisplayUntil: p.DisplayUntil,
		Status: string(p.Status), StatusLabel: p.Status.Label(), Entry: p.Entry}
	if p.Status == zhifa.PubWithdrawn {
		d.WithdrawnOn, d.WithdrawReason, d.WithdrawEntry = p.WithdrawnOn, p.WithdrawReason, p.WithdrawEntry
	} else {
		d.Text = p.PublicText
	}
	return d
}

// PublicQuery is the portal's search: words (案号, party, credit code, agency, item; each
// of two characters or more), an agency, a range of decision dates, and the cursor.
type PublicQuery struct {
	Q        string
	AgencyID int64
	From, To zhifa.Date
	Cursor   string
	Limit    int
}

// PublicPage is one page of the portal's list; Next is the cursor of the next page.
type PublicPage struct {
	Decisions []*Decision `json:"decisions"`
	Next      string      `json:"next,omitempty"`
}

// DefaultPage is the portal's page size.
const DefaultPage = 20

// Decisions lists the published decisions within their display period (公示规定第十三条),
// newest first, by keyset. Anyone may read it.
func (s *Service) Decisions(ctx context.Context, q PublicQuery) (*PublicPage, error) {
	f := zhifa.PublicationFilter{Public: true, Today: s.k.Today(), AgencyID: q.AgencyID, From: q.From, To: q.To, Limit: q.Limit}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = DefaultPage
	}
	if q.Cursor != "" {
		after, err := strconv.ParseInt(q.Cursor, 10, 64)
		if err != nil || after <= 0 {
			return nil, kernel.FieldError("cursor", "翻页参数无效")
		}
		f.After = after
	}
	if q.Q = strings.TrimSpace(q.Q); q.Q != "" {
		if !utf8.ValidString(q.Q) {
			return nil, kernel.FieldError("q", "检索词包含无效字符")
		}
		f.Terms = strings.Fields(q.Q)
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return nil, kernel.FieldError("to", "截止日期不能早于起始日期")
	}
	f.Limit++ // one more tells whether there is a next page
	var list []*zhifa.Publication
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		list, err = tx.Publications(ctx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	page := &PublicPage{Decisions: []*Decision{}}
	for i, p := range list {
		if i == f.Limit-1 {
			page.Next = strconv.FormatInt(list[i-1].ID, 10)
			break
		}
		page.Decisions = append(page.Decisions, decisionOf(p))
	}
	return page, nil
}

// Decision returns one published or withdrawn decision within its display period;
// anything else (queued, declined, expired, missing) answers ENOTFOUND alike.
func (s *Service) Decision(ctx context.Context, id int64) (*Decision, error) {
	var d *Decision
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		p, err := tx.Publication(ctx, id)
		if err != nil {
			return err
		}
		public := p.Status == zhifa.PubPublished || p.Status == zhifa.PubWithdrawn
		if !public || p.DisplayUntil.Before(s.k.Today()) {
			return zhifa.NotFound("公示信息")
		}
		d = decisionOf(p)
		d.DataEntry = p.Entry
		if p.Status == zhifa.PubWithdrawn {
			d.DataEntry = p.WithdrawEntry
		}
		entries, err := tx.LedgerEntries(ctx, d.DataEntry, d.DataEntry+1)
		if err != nil {
			return err
		}
		if len(entries) == 1 {
			d.EntryData = string(entries[0].Data)
		}
		return nil
	})
	return d, err
}

// QueueFilter selects the staff queue: a status ("" all), an agency in scope, a cursor.
type QueueFilter struct {
	Status   zhifa.PublicationStatus
	AgencyID int64
	Cursor   int64
	Limit    int
}

// QueueItem is a row of the staff queue with its state at today.
type QueueItem struct {
	*zhifa.Publication
	Overdue       bool `json:"overdue"`
	WithdrawLate  bool `json:"withdraw_late"`
	PublishedLate bool `json:"published_late"`
}

// Queue lists the publications of the actor's scope, newest first, by keyset.
func (s *Service) Queue(ctx context.Context, f QueueFilter) ([]*QueueItem, int64, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, 0, err
	}
	if f.Status != "" && f.Status.Label() == "" {
		return nil, 0, kernel.FieldError("status", "状态无效")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	today := s.k.Today()
	var list []*zhifa.Publication
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if f.AgencyID != 0 {
			if _, err := s.k.VisibleAgency(ctx, tx, actor, f.AgencyID); err != nil {
				return err
			}
		}
		var err error
		list, err = tx.Publications(ctx, zhifa.PublicationFilter{AgencyPath: actor.ScopePath, AgencyID: f.AgencyID,
			Status: f.Status, After: f.Cursor, Limit: f.Limit + 1})
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	var next int64
	if len(list) > f.Limit {
		list, next = list[:f.Limit], list[f.Limit-1].ID
	}
	out := make([]*QueueItem, 0, len(list))
	for _, p := range list {
		open := p.Status == zhifa.PubQueued || p.Status == zhifa.PubPrepared
		out = append(out, &QueueItem{Publication: p, Overdue: open && p.Due.Before(today),
			WithdrawLate:  p.Status == zhifa.PubPublished && !p.WithdrawDue.IsZero() && p.WithdrawDue.Before(today),
			PublishedLate: !p.PublishedOn.IsZero() && p.Due.Before(p.PublishedOn)})
	}
	return out, next, nil
}

// OfCase returns the publication of a case the actor may read, nil if it has none.
func (s *Service) OfCase(ctx context.Context, caseID int64) (*zhifa.Publication, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var out *zhifa.Publication
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, _, err := s.k.VisibleCase(ctx, tx, actor, caseID); err != nil {
			return err
		}
		p, err := tx.PublicationOfCase(ctx, caseID)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
			return nil
		}
		out = p
		return err
	})
	return out, err
}

// Overdue is the publication warning of one agency: decisions past their publication
// period, or published ones whose withdrawal is past due. AtLeast marks a count that is
// a lower bound: the scope had more overdue publications than OverdueWarnings reads.
type Overdue struct {
	AgencyID int64
	Agency   string
	Count    int
	AtLeast  bool
	Rule     string
}

// OverdueRead is how many overdue publications of each kind OverdueWarnings reads at
// most (zhifa.CountCap): the landing page of a province with a large backlog reads the
// oldest ones and says that its counts are lower bounds, rather than counting them all
// on every visit (issue 11).
const OverdueRead = zhifa.CountCap

// OverdueWarnings counts the overdue publications of the agencies in the actor's scope,
// oldest first, reading at most OverdueRead of each kind (C3, C4).
func (s *Service) OverdueWarnings(ctx context.Context) ([]Overdue, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var counts []zhifa.OverdueCount
	var capped bool
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		counts, capped, err = tx.OverduePublications(ctx, actor.ScopePath, s.k.Today(), OverdueRead)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]Overdue, 0, len(counts))
	for _, c := range counts {
		out = append(out, Overdue{AgencyID: c.AgencyID, Agency: c.AgencyName, Count: c.Count, AtLeast: capped,
			Rule: law.RulePublishDue + "；" + law.RuleWithdraw})
	}
	return out, nil
}

// Rule returns an agency's publication rule (staff in scope).
func (s *Service) Rule(ctx context.Context, agencyID int64) (*zhifa.PublicityRule, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var r *zhifa.PublicityRule
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, err := s.k.VisibleAgency(ctx, tx, actor, agencyID); err != nil {
			return err
		}
		var err error
		r, err = tx.PublicityRule(ctx, agencyID)
		return err
	})
	return r, err
}

// SetRule sets an agency's publication rule: the head of the agency (its own act, as
// the rule binds the agency), never periods longer than the statute's.
func (s *Service) SetRule(ctx context.Context, r zhifa.PublicityRule) (*zhifa.PublicityRule, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	if err := law.CheckPublicityRule(&r); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "publicity.rule", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, r.AgencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", ag.ID), ag.Path
		ok, err := s.k.MayApprove(ctx, tx, actor, ag.ID, s.k.Today())
		if err != nil {
			return err
		}
		if !ok || actor.Role != zhifa.RoleHead {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只有本机关负责人可以设置公示规则")
		}
		return tx.SetPublicityRule(ctx, &r)
	})
	return &r, err
}

package publicity

import (
	"context"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// The credit-system export (issue 13, C7): the published administrative penalties of
// legal persons and other organisations in the actor's scope, one record per decision
// and organisation, in the push format of the national enterprise credit-publicity
// system (国家企业信用信息公示系统, 信用中国); a withdrawal is a deletion record.
// docs/credit-export.md describes the format.

// Credit record operations.
const (
	CreditAdd    = "add"    // 新增：published in the period and still published
	CreditDelete = "delete" // 删除：withdrawn in the period
)

// CreditRecord is one record of the export.
type CreditRecord struct {
	Operation string `json:"operation"`
	// RecordID is stable across exports: the publication and the organisation's code.
	RecordID        string     `json:"record_id"`
	PublicationID   int64      `json:"publication_id"`
	Category        string     `json:"category"`
	CategoryLabel   string     `json:"category_label"`
	PartyName       string     `json:"party_name"`
	PartyCreditCode string     `json:"party_credit_code"`
	DecisionNumber  string     `json:"decision_number"`
	Violation       string     `json:"violation"`
	Basis           string     `json:"basis"`
	Content         string     `json:"content"`
	DecidedOn       zhifa.Date `json:"decided_on"`
	Agency          string     `json:"agency"`
	AgencyCode      string     `json:"agency_credit_code"`
	PublishedOn     zhifa.Date `json:"published_on"`
	ExpiresOn       zhifa.Date `json:"expires_on"`
	WithdrawnOn     zhifa.Date `json:"withdrawn_on,omitempty"`
	WithdrawReason  string     `json:"withdraw_reason,omitempty"`
}

// MaxCreditDays bounds the period of one export.
const MaxCreditDays = 366

// CreditExport calls emit for each record of the publications of the actor's scope
// published or withdrawn from from to to (staff who handle cases). Natural persons are
// never exported (law.CreditRecordable). Records come in publication order, read page
// by page.
func (s *Service) CreditExport(ctx context.Context, from, to zhifa.Date, emit func(*CreditRecord) error) error {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return err
	}
	today := s.k.Today()
	ck := kernel.NewChecker()
	switch {
	case from.IsZero():
		ck.Add("from", "请填写起始日期")
	case to.IsZero():
		ck.Add("to", "请填写截止日期")
	case to.Before(from):
		ck.Add("to", "截止日期不能早于起始日期")
	case to.After(today):
		ck.Add("to", "截止日期不能晚于今天")
	case from.AddDays(MaxCreditDays).Before(to):
		ck.Add("to", "一次导出的期间不能超过"+strconv.Itoa(MaxCreditDays)+"日")
	}
	if err := ck.Err(); err != nil {
		return err
	}
	x := &creditExporter{items: map[int64]*zhifa.Item{}, agencies: map[int64]*zhifa.Agency{}}
	f := zhifa.PublicationEventFilter{AgencyPath: actor.ScopePath, From: from, To: to, Published: true, Withdrawals: true,
		LegalPersons: true, Limit: openDataPage}
	for {
		var records []*CreditRecord
		var n int
		err := s.k.Read(ctx, func(tx zhifa.Tx) error {
			list, err := tx.PublicationEvents(ctx, f)
			if err != nil {
				return err
			}
			n = len(list)
			for _, p := range list {
				f.After = p.ID
				rs, err := x.records(ctx, tx, p, from, to)
				if err != nil {
					return err
				}
				records = append(records, rs...)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range records {
			if err := emit(r); err != nil {
				return err
			}
		}
		if n < f.Limit {
			return nil
		}
	}
}

// creditExporter keeps the items and agencies an export has read.
type creditExporter struct {
	items    map[int64]*zhifa.Item
	agencies map[int64]*zhifa.Agency
}

// records are the export's records of one publication: one per organisation party, an
// addition if it was published in the period and stands, a deletion if it was withdrawn
// in it.
func (x *creditExporter) records(ctx context.Context, tx zhifa.Tx, p *zhifa.Publication, from, to zhifa.Date) ([]*CreditRecord, error) {
	op := CreditAdd
	switch {
	case p.Status == zhifa.PubWithdrawn && inPeriod(p.WithdrawnOn, from, to):
		op = CreditDelete
	case p.Status != zhifa.PubPublished || !inPeriod(p.PublishedOn, from, to):
		return nil, nil // withdrawn after the period: its deletion is in a later export
	}
	if p.LicenceID != 0 {
		return nil, nil // only penalty decisions are exported (law.CreditRecordable)
	}
	c, err := tx.Case(ctx, p.CaseID)
	if err != nil {
		return nil, err
	}
	item, err := x.item(ctx, tx, p.ItemID)
	if err != nil {
		return nil, err
	}
	ag, err := x.agency(ctx, tx, p.AgencyID)
	if err != nil {
		return nil, err
	}
	var out []*CreditRecord
	for _, party := range c.Parties {
		if !law.CreditRecordable(p.Category, party) {
			continue
		}
		code := strings.ToUpper(strings.TrimSpace(party.CreditCode))
		r := &CreditRecord{Operation: op, RecordID: strconv.FormatInt(p.ID, 10) + "-" + code, PublicationID: p.ID,
			Category: string(p.Category), CategoryLabel: p.Category.Label(), PartyName: party.Name, PartyCreditCode: code,
			DecisionNumber: p.CaseNumber, Violation: p.ItemName, Basis: basisText(item), Content: p.Conclusion,
			DecidedOn: p.DecidedOn, Agency: ag.Name, AgencyCode: ag.CreditCode, PublishedOn: p.PublishedOn, ExpiresOn: p.DisplayUntil}
		if op == CreditDelete {
			r.WithdrawnOn, r.WithdrawReason = p.WithdrawnOn, p.WithdrawReason
		}
		out = append(out, r)
	}
	return out, nil
}

func (x *creditExporter) item(ctx context.Context, tx zhifa.Tx, id int64) (*zhifa.Item, error) {
	if it, ok := x.items[id]; ok {
		return it, nil
	}
	it, err := tx.Item(ctx, id)
	if err != nil {
		return nil, err
	}
	x.items[id] = it
	return it, nil
}

func (x *creditExporter) agency(ctx context.Context, tx zhifa.Tx, id int64) (*zhifa.Agency, error) {
	if ag, ok := x.agencies[id]; ok {
		return ag, nil
	}
	ag, err := tx.Agency(ctx, id)
	if err != nil {
		return nil, err
	}
	x.agencies[id] = ag
	return ag, nil
}

func inPeriod(d, from, to zhifa.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }

// basisText is the item's legal basis as the decision cites it.
func basisText(item *zhifa.Item) string {
	var out []string
	for _, b := range item.Basis {
		out = append(out, "《"+strings.Trim(b.Law, "《》")+"》"+b.Article)
	}
	return strings.Join(out, "、")
}

// CreditColumns is the CSV header of the export, in the order of CreditCSVRow.
var CreditColumns = []string{"操作类型", "记录编号", "公示编号", "类别代码", "类别", "当事人名称", "统一社会信用代码",
	"行政处罚决定书文号", "违法行为类型", "处罚依据", "处罚内容", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码",
	"公示日期", "公示截止日期", "撤回日期", "撤回理由"}

// CreditCSVRow is a record as a CSV row.
func CreditCSVRow(r *CreditRecord) []string {
	op := "新增"
	if r.Operation == CreditDelete {
		op = "删除"
	}
	return []string{op, r.RecordID, strconv.FormatInt(r.PublicationID, 10), r.Category, r.CategoryLabel, r.PartyName,
		r.PartyCreditCode, r.DecisionNumber, r.Violation, r.Basis, r.Content, dateText(r.DecidedOn), r.Agency, r.AgencyCode,
		dateText(r.PublishedOn), dateText(r.ExpiresOn), dateText(r.WithdrawnOn), r.WithdrawReason}
}

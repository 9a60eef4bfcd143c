package transfer

import (
	"context"
	"fmt"
	"time"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/workday"
)

// Reading transfers (G3): the transfer page of a case and the list of transfers in the
// actor's scope, with the clocks and warnings of 移送规定第五条、第八条、第九条、第十二条.

// TransferDocView is one material of 移送规定第六条 and whether the case records it.
type TransferDocView struct {
	law.TransferDoc
	Have bool `json:"have"`
}

// TransferView is a transfer with its labels.
type TransferView struct {
	*zhifa.Transfer
	StatusLabel string `json:"status_label"`
	OrganLabel  string `json:"organ_label,omitempty"`
}

// CaseTransferView is the transfer page of a case: the latest transfer and the earlier
// ones, the materials, the transfer clocks with their status, warnings, and the transfer
// steps the case may take now.
type CaseTransferView struct {
	CaseID      int64                `json:"case_id"`
	Number      string               `json:"number"`
	Version     int                  `json:"version"`
	AgencyName  string               `json:"agency_name"`
	Stage       string               `json:"stage"`
	Outcome     string               `json:"outcome"`
	FineFen     int64                `json:"fine_fen,omitempty"`
	Status      zhifa.TransferStatus `json:"status"`
	StatusLabel string               `json:"status_label"`
	Pending     bool                 `json:"pending"`
	Current     *TransferView        `json:"current,omitempty"`
	Earlier     []*TransferView      `json:"earlier"`
	Docs        []TransferDocView    `json:"docs"`
	Records     []*zhifa.Record      `json:"records"`
	Clocks      []kernel.ClockView   `json:"clocks"`
	Warnings    []string             `json:"warnings"`
	Next        []zhifa.Action       `json:"next_actions"`
	// CanAct tells whether the actor handles the case (its agency's officers and heads);
	// Approvers are the heads who may approve the head's steps (approver_id).
	CanAct    bool              `json:"can_act"`
	Approvers []kernel.Approver `json:"approvers"`
}

// TransferListItem is one transfer of the list with its case and warnings.
type TransferListItem struct {
	TransferView
	CaseNumber string   `json:"case_number"`
	AgencyName string   `json:"agency_name"`
	Warnings   []string `json:"warnings"`
}

// TransferList is one page of transfers.
type TransferList struct {
	Transfers []*TransferListItem `json:"transfers"`
	Total     int                 `json:"total"`
}

// TransferFilter selects transfers: a status, or the pending ones, and a page.
type TransferFilter struct {
	Status  zhifa.TransferStatus
	Pending bool
	zhifa.Page
}

func transferView(tr *zhifa.Transfer) *TransferView {
	v := &TransferView{Transfer: tr, StatusLabel: tr.Status.Label()}
	if tr.OrganKind != "" {
		v.OrganLabel = tr.OrganKind.Label()
	}
	return v
}

// transferClocks are the case's transfer clocks with their status at now.
func transferClocks(cal *workday.Calendar, now time.Time, c *zhifa.Case) []kernel.ClockView {
	var out []kernel.ClockView
	for _, cl := range c.Clocks {
		if law.IsTransferClock(cl.Kind) {
			out = append(out, kernel.ClockView{Clock: cl, Label: cl.Kind.Label(), Status: law.ClockStatusAt(cal, now, cl)})
		}
	}
	return out
}

// Warnings are the warnings of the case's running transfer clocks (the case page shows
// them too).
func Warnings(clocks []kernel.ClockView) []string {
	out := []string{}
	for _, cl := range clocks {
		if cl.Status != law.ClockOverdue && cl.Status != law.ClockDueSoon {
			continue
		}
		due := cl.Due.Chinese()
		if cl.DueAt != nil {
			due = cl.DueAt.In(zhifa.CST).Format("2006-01-02 15:04")
		}
		var msg string
		switch cl.Kind {
		case zhifa.ClockTransferDecision:
			msg = "负责人应自接到移送报告之日起3日内作出批准或者不批准移送的决定"
		case zhifa.ClockTransferHandover:
			msg = "批准移送后应在24小时内向受移送机关移送"
		case zhifa.ClockTransferReply:
			msg = "受移送机关应在3日内作出立案或者不予立案的决定；逾期的，可以建议人民检察院依法进行立案监督"
		case zhifa.ClockTransferRecon:
			msg = "认为应当立案的，可在接到不予立案通知书之日起3日内提请复议"
		case zhifa.ClockTransferItems:
			msg = "应自接到立案通知书之日起3日内移交涉案物品以及有关材料"
		default:
			continue
		}
		state := "即将到期"
		if cl.Status == law.ClockOverdue {
			state = "已逾期"
		}
		out = append(out, fmt.Sprintf("%s（%s）：%s，期限至%s（%s）", cl.Label, state, msg, due, cl.Rule))
	}
	return out
}

// CaseTransfer returns the transfer page of a case in the actor's scope.
func (s *Service) CaseTransfer(ctx context.Context, caseID int64) (*CaseTransferView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var v *CaseTransferView
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		v = &CaseTransferView{CaseID: c.ID, Number: c.Number, Version: c.Version, AgencyName: ag.Name, Stage: c.Stage.Label(),
			Outcome: c.Outcome.Label(), FineFen: c.State.FineFen, Status: c.State.Transfer, StatusLabel: c.State.Transfer.Label(),
			Pending: c.State.Transfer.Pending(), Earlier: []*TransferView{}, Records: []*zhifa.Record{}, Clocks: []kernel.ClockView{},
			Next: []zhifa.Action{}, CanAct: actor.Can(kernel.PermHandleCases) && actor.AgencyID == c.AgencyID}
		v.Approvers = []kernel.Approver{}
		users, err := tx.Users(ctx, ag.Path)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.AgencyID == c.AgencyID && u.Role == zhifa.RoleHead && !u.Disabled {
				v.Approvers = append(v.Approvers, kernel.Approver{ID: u.ID, Name: u.Name})
			}
		}
		list, err := tx.CaseTransfers(ctx, c.ID)
		if err != nil {
			return err
		}
		for i, tr := range list {
			if i == 0 {
				v.Current = transferView(tr)
			} else {
				v.Earlier = append(v.Earlier, transferView(tr))
			}
		}
		recs, err := tx.Records(ctx, c.ID)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, r := range recs {
			if law.IsTransferDoc(r.Act) {
				have[r.Act] = true
				v.Records = append(v.Records, r)
			}
		}
		for _, d := range law.TransferDocs {
			v.Docs = append(v.Docs, TransferDocView{TransferDoc: d, Have: have[d.Act]})
		}
		v.Clocks = append(v.Clocks, transferClocks(cal, s.k.Now(), c)...)
		v.Warnings = Warnings(v.Clocks)
		for _, action := range actions {
			if _, err := law.Transition(c, action); err == nil {
				v.Next = append(v.Next, action)
			}
		}
		return nil
	})
	return v, err
}

// Transfers lists the transfers in the actor's scope, newest first, with their warnings.
func (s *Service) Transfers(ctx context.Context, f TransferFilter) (*TransferList, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	if f.Status != "" && f.Status.Label() == "" {
		return nil, kernel.FieldError("status", "未知的移送状态")
	}
	cal, err := s.k.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	out := &TransferList{Transfers: []*TransferListItem{}}
	err = s.k.Read(ctx, func(tx zhifa.Tx) error {
		list, total, err := tx.Transfers(ctx, zhifa.TransferFilter{UnderPath: actor.ScopePath, Status: f.Status, Pending: f.Pending, Page: f.Page})
		if err != nil {
			return err
		}
		out.Total = total
		now := s.k.Now()
		agencies := map[int64]*zhifa.Agency{}
		latest := map[int64]int64{} // case ID → ID of its latest transfer
		for _, tr := range list {
			c, err := tx.Case(ctx, tr.CaseID)
			if err != nil {
				return err
			}
			ag, err := kernel.CachedAgency(ctx, tx, agencies, tr.AgencyID)
			if err != nil {
				return err
			}
			if _, ok := latest[c.ID]; !ok {
				all, err := tx.CaseTransfers(ctx, c.ID)
				if err != nil {
					return err
				}
				if len(all) > 0 {
					latest[c.ID] = all[0].ID
				}
			}
			item := &TransferListItem{TransferView: *transferView(tr), CaseNumber: c.Number, AgencyName: ag.Name, Warnings: []string{}}
			// Only the latest transfer of a case carries the case's clocks.
			if latest[c.ID] == tr.ID {
				item.Warnings = Warnings(transferClocks(cal, now, c))
			}
			out.Transfers = append(out.Transfers, item)
		}
		return nil
	})
	return out, err
}

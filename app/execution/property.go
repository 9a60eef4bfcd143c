package execution

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
)

// Confiscated and seized property (涉案财物, 行政处罚法第七十四条): each item is listed with
// its custody, value and photos; its disposal is requested by the officer, approved by the
// head (kernel.MayApprove) and recorded with its proof, the proceeds of a sale or auction
// going to the treasury with the receipt.

// PropertyInput lists an item.
type PropertyInput struct {
	Name     string  `json:"name"`
	Quantity string  `json:"quantity"`
	ValueFen int64   `json:"value_fen"`
	Custody  string  `json:"custody"`
	Photos   []int64 `json:"photos"` // evidence IDs of the case's photos
}

// Property acts (PropertyActInput.Act).
const (
	PropertyRequest = "request" // 申请处置
	PropertyDecide  = "decide"  // 负责人审批
	PropertyRecord  = "record"  // 记录处置结果
)

// PropertyActLabel is the Chinese name of a property act.
func PropertyActLabel(act string) string { return propertyActLabels[act] }

// propertyActLabels names the property acts; an act without a label is refused.
var propertyActLabels = map[string]string{PropertyRequest: "申请处置", PropertyDecide: "审批处置", PropertyRecord: "记录处置结果"}

// PropertyActs lists every act PropertyAct accepts, sorted: the suffixes of its audit
// action "execution.property_ACT" (the audit log names each, app/audit_view.go).
func PropertyActs() []string { return slices.Sorted(maps.Keys(propertyActLabels)) }

// PropertyActInput is one act on an item; Version is the item's.
type PropertyActInput struct {
	Act             string     `json:"act"`
	Version         int        `json:"version"`
	Date            zhifa.Date `json:"date,omitempty"`
	Method          string     `json:"method,omitempty"` // law.Disposal…
	Reason          string     `json:"reason,omitempty"`
	Approve         bool       `json:"approve,omitempty"`
	Opinion         string     `json:"opinion,omitempty"`
	Proof           string     `json:"proof,omitempty"`
	ProceedsFen     int64      `json:"proceeds_fen,omitempty"`
	TreasuryReceipt string     `json:"treasury_receipt,omitempty"`
}

// PropertyView is an item with the acts the reader may take on it now.
type PropertyView struct {
	zhifa.PropertyItem
	StatusLabel string   `json:"status_label"`
	Acts        []string `json:"acts"`
}

// MayListProperty reports whether items may be listed on the case: a compulsory measure
// (查封、扣押) or a penalty decision that confiscates (没收非法财物、没收违法所得).
func MayListProperty(c *zhifa.Case) bool {
	if c.Kind == zhifa.CaseCompulsory {
		return true
	}
	p := c.State.Proposal
	return c.Kind == zhifa.CasePenalty && p != nil && (slices.Contains(p.Penalties, "没收非法财物") || slices.Contains(p.Penalties, "没收违法所得"))
}

// Property lists the case's items with the acts the reader may take.
func (s *Service) Property(ctx context.Context, caseID int64) ([]PropertyView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	out := []PropertyView{}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		c, _, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		items, err := tx.PropertyItems(ctx, caseID)
		if err != nil {
			return err
		}
		for _, it := range items {
			v, err := s.propertyView(ctx, tx, c, it)
			if err != nil {
				return err
			}
			out = append(out, *v)
		}
		return nil
	})
	return out, err
}

func (s *Service) propertyView(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, it zhifa.PropertyItem) (*PropertyView, error) {
	actor := kernel.ActorFrom(ctx)
	v := &PropertyView{PropertyItem: it, StatusLabel: it.Status.Label(), Acts: []string{}}
	if !actor.Can(kernel.PermHandleCases) || actor.AgencyID != c.AgencyID {
		return v, nil
	}
	switch it.Status {
	case zhifa.PropertyHeld:
		if !c.State.DecidedOn.IsZero() {
			v.Acts = append(v.Acts, PropertyRequest)
		}
	case zhifa.PropertyPending:
		ok, err := s.k.MayApprove(ctx, tx, actor, c.AgencyID, s.k.Today())
		if err != nil {
			return nil, err
		}
		if ok {
			v.Acts = append(v.Acts, PropertyDecide)
		}
	case zhifa.PropertyApproved:
		v.Acts = append(v.Acts, PropertyRecord)
	}
	return v, nil
}

// AddProperty lists an item of a case of the actor's agency; its photos must be evidence
// recorded on the case.
func (s *Service) AddProperty(ctx context.Context, caseID int64, in PropertyInput) (*PropertyView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	chk := kernel.NewChecker()
	chk.Text("name", &in.Name, true, kernel.MaxShort)
	chk.Text("quantity", &in.Quantity, true, kernel.MaxShort)
	chk.Text("custody", &in.Custody, true, 500)
	if in.ValueFen < 0 || in.ValueFen > MaxAmountFen {
		chk.Add("value_fen", "价值金额不正确")
	}
	if len(in.Photos) > 20 {
		chk.Add("photos", "照片不能超过20张")
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	var v *PropertyView
	err := s.k.Write(ctx, "execution.property_add", func(tx zhifa.Tx, rec *kernel.Audit) error {
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("case", caseID), ag.Path
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		if !MayListProperty(c) || c.Stage == zhifa.StageArchive {
			return zhifa.Errorf(zhifa.EINVALID, "本案没有查封、扣押或者没收的财物")
		}
		if err := s.checkPhotos(ctx, tx, caseID, in.Photos); err != nil {
			return err
		}
		it := &zhifa.PropertyItem{CaseID: caseID, AgencyID: c.AgencyID, Name: in.Name, Quantity: in.Quantity, ValueFen: in.ValueFen,
			Custody: in.Custody, Photos: in.Photos, Status: zhifa.PropertyHeld, CreatedAt: s.k.Now()}
		if it.Photos == nil {
			it.Photos = []int64{}
		}
		if err := tx.AddPropertyItem(ctx, it); err != nil {
			return err
		}
		rec.Detail = c.Number + " 登记涉案财物 " + in.Name
		if err := s.appendEntry(ctx, tx, c, "property_add", map[string]string{"item": strconv.FormatInt(it.ID, 10),
			"value_fen": strconv.FormatInt(it.ValueFen, 10), "photos": strconv.Itoa(len(it.Photos))}); err != nil {
			return err
		}
		v, err = s.propertyView(ctx, tx, c, *it)
		return err
	})
	return v, err
}

// checkPhotos refuses a photo that is not evidence recorded on the case.
func (s *Service) checkPhotos(ctx context.Context, tx zhifa.Tx, caseID int64, photos []int64) error {
	if len(photos) == 0 {
		return nil
	}
	recs, err := tx.Records(ctx, caseID)
	if err != nil {
		return err
	}
	for _, id := range photos {
		if !slices.ContainsFunc(recs, func(r *zhifa.Record) bool { return r.EvidenceID == id && r.EvidenceID != 0 }) {
			return kernel.FieldError("photos", "照片应为本案已登记的证据")
		}
	}
	return nil
}

// PropertyAct takes an act on an item: the officer requests its disposal after the
// decision, the head (or deputy) decides, the officer records the disposal done.
func (s *Service) PropertyAct(ctx context.Context, itemID int64, in PropertyActInput) (*PropertyView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermHandleCases); err != nil {
		return nil, err
	}
	today := s.k.Today()
	chk := kernel.NewChecker()
	if PropertyActLabel(in.Act) == "" {
		chk.Add("act", "未知的处置事项")
	}
	if in.Version <= 0 {
		chk.Add("version", "请提供涉案财物版本号（页面已过期时请刷新后重试）")
	}
	if in.Date.IsZero() {
		in.Date = today
	} else if in.Date.After(today) {
		chk.Add("date", "日期不能晚于今天")
	}
	chk.Text("reason", &in.Reason, false, 500)
	chk.Text("opinion", &in.Opinion, false, 500)
	chk.Text("proof", &in.Proof, false, 500)
	chk.Text("treasury_receipt", &in.TreasuryReceipt, false, 64)
	if in.ProceedsFen < 0 || in.ProceedsFen > MaxAmountFen {
		chk.Add("proceeds_fen", "处置所得金额不正确")
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	var v *PropertyView
	err := s.k.Write(ctx, "execution.property_"+in.Act, func(tx zhifa.Tx, rec *kernel.Audit) error {
		it, err := tx.PropertyItem(ctx, itemID)
		if err != nil {
			return err
		}
		c, ag, err := s.k.VisibleCase(ctx, tx, actor, it.CaseID)
		if isNotFound(err) {
			return zhifa.NotFound("涉案财物") // outside the scope, like a missing one
		}
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("property", itemID), ag.Path
		if c.AgencyID != actor.AgencyID {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "只能办理本机关的案件")
		}
		if in.Version != it.Version {
			return zhifa.Errorf(zhifa.ECONFLICT, "涉案财物信息已被他人修改（当前版本%d），请刷新后重试", it.Version)
		}
		cur, err := s.propertyView(ctx, tx, c, *it)
		if err != nil {
			return err
		}
		if !slices.Contains(cur.Acts, in.Act) {
			if in.Act == PropertyDecide && it.Status == zhifa.PropertyPending {
				return zhifa.Errorf(zhifa.EFORBIDDEN, "涉案财物的处置须经行政机关负责人（或其指定的负责人）本人批准")
			}
			return zhifa.Errorf(zhifa.EINVALID, "当前不能办理“%s”", PropertyActLabel(in.Act))
		}
		meta := map[string]string{"item": strconv.FormatInt(it.ID, 10), "date": in.Date.String()}
		switch in.Act {
		case PropertyRequest:
			if err := law.CheckDisposalMethod(in.Method); err != nil {
				return err
			}
			if in.Reason == "" {
				return kernel.FieldError("reason", "请说明处置理由")
			}
			it.Disposal = &zhifa.PropertyDisposal{Method: in.Method, Reason: in.Reason, RequestedBy: actor.UserID, RequestedOn: in.Date}
			it.Status = zhifa.PropertyPending
			meta["method"] = in.Method
		case PropertyDecide:
			if !in.Approve && in.Opinion == "" {
				return kernel.FieldError("opinion", "不予批准的，请写明理由")
			}
			it.Disposal.DecidedBy, it.Disposal.DecidedOn, it.Disposal.Opinion = actor.UserID, in.Date, in.Opinion
			it.Status = zhifa.PropertyApproved
			if !in.Approve {
				it.Status = zhifa.PropertyHeld
			}
			meta["approved"] = strconv.FormatBool(in.Approve)
		case PropertyRecord:
			if err := law.CheckDisposalRecord(it.Disposal.Method, in.Proof, in.ProceedsFen, in.TreasuryReceipt); err != nil {
				return err
			}
			it.Disposal.DoneOn, it.Disposal.Proof, it.Disposal.ProceedsFen, it.Disposal.TreasuryReceipt = in.Date, in.Proof, in.ProceedsFen, in.TreasuryReceipt
			it.Status = zhifa.PropertyDisposed
			meta["proceeds_fen"] = strconv.FormatInt(in.ProceedsFen, 10)
			meta["treasury_receipt"] = in.TreasuryReceipt
		}
		if err := tx.UpdatePropertyItem(ctx, it); err != nil {
			return err
		}
		rec.Detail = c.Number + " " + it.Name + " " + PropertyActLabel(in.Act)
		if err := s.appendEntry(ctx, tx, c, "property_"+in.Act, meta); err != nil {
			return err
		}
		v, err = s.propertyView(ctx, tx, c, *it)
		return err
	})
	return v, err
}

package app

import (
	"context"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Historical cases (历史案件导入, issue 14, D5): a penalty case an agency decided before it
// adopted the system, carried over from its paper files or earlier system so that the
// supervision over the agency covers it. The case went through no gate of this system —
// the gates apply to what is done in it — so the import records what the old file shows
// and nothing more: the dates of filing, of a seizure if one was made, and of the
// decision; the fine; whether the decision was filed with the justice bureau as a major
// decision. A legal review or an A/V record the old file lacks stays missing, and the
// periodic analytic rules flag it (重大决定未经法制审核, 缺少法定音像记录) for the agency
// to explain. Only a decision made before the day the agency was registered in the system
// is carried over; anything later is handled in the system, through its gates.

// HistoricalReason begins the reason of the backdated events of a carried-over case:
// they are recorded by the one ledger entry of the carry-over, not one each.
const HistoricalReason = "系统启用前办结的历史案件，据原案卷导入"

// HistoricalCaseInput is one carried-over case.
type HistoricalCaseInput struct {
	// Number is the case number the agency gave it; Source names the old file (its
	// archive number or the earlier system's record).
	Number    string      `json:"number"`
	Source    string      `json:"source"`
	Item      string      `json:"item"`
	Party     zhifa.Party `json:"party"`
	Facts     string      `json:"facts"`
	FiledOn   zhifa.Date  `json:"filed_on"`
	SeizedOn  zhifa.Date  `json:"seized_on,omitempty"`
	DecidedOn zhifa.Date  `json:"decided_on"`
	FineFen   int64       `json:"fine_fen"`
	// Major: the decision was filed with the justice bureau as a major decision.
	Major bool `json:"major"`
}

func (in *HistoricalCaseInput) check() error {
	c := kernel.NewChecker()
	c.Text("number", &in.Number, true, kernel.MaxShort)
	c.Text("source", &in.Source, true, kernel.MaxShort)
	c.Text("item", &in.Item, true, kernel.MaxShort)
	c.Text("facts", &in.Facts, true, kernel.MaxText)
	c.Text("party.name", &in.Party.Name, true, kernel.MaxShort)
	switch in.Party.Kind {
	case zhifa.PartyOrg:
		c.CreditCode("party.credit_code", &in.Party.CreditCode, true)
		in.Party.IDNumber = ""
	case zhifa.PartyPerson:
		c.PersonID("party.id_number", &in.Party.IDNumber, true)
		in.Party.CreditCode = ""
	default:
		c.Add("party.kind", "请选择当事人类型（公民或法人、其他组织）")
	}
	c.Text("party.address", &in.Party.Address, false, kernel.MaxShort)
	c.Phone("party.phone", &in.Party.Phone)
	switch {
	case in.FiledOn.IsZero():
		c.Add("filed_on", "请填写立案日期")
	case in.DecidedOn.IsZero() || in.DecidedOn.Before(in.FiledOn):
		c.Add("decided_on", "请填写处罚决定日期（不早于立案日期）")
	case !in.SeizedOn.IsZero() && (in.SeizedOn.Before(in.FiledOn) || in.SeizedOn.After(in.DecidedOn)):
		c.Add("seized_on", "查封、扣押日期应在立案日期和决定日期之间")
	}
	if in.FineFen < 0 {
		c.Add("fine_fen", "罚款金额不能为负数")
	}
	return c.Err()
}

// ImportHistoricalCase carries over one penalty case the actor's agency decided before it
// adopted the system: the head's own act (or a deputy's by delegation), who vouches for
// the old file. The case is recorded closed, with its acts dated as the old file shows
// and marked as carried over, and a major decision is recorded as filed with the justice
// bureau; one ledger entry and the audit line commit with it.
func (a *App) ImportHistoricalCase(ctx context.Context, in HistoricalCaseInput) (*CaseView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermHandleCases); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var id int64
	err := a.write(ctx, "case.import", func(tx zhifa.Tx, rec *audit) error {
		ag, err := tx.Agency(ctx, actor.AgencyID)
		if err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		head, err := a.mayApprove(ctx, tx, actor, ag.ID, a.Today())
		if err != nil {
			return err
		}
		if !head || !ag.IsEnforcement() {
			return zhifa.Errorf(zhifa.EFORBIDDEN, "历史案件由执法机关负责人（或受其委托的负责人）核对原案卷后导入")
		}
		if adopted := zhifa.DateOf(ag.CreatedAt); !in.DecidedOn.Before(adopted) {
			return fieldError("decided_on", "本机关自"+adopted.Chinese()+"起在系统中办案，此后作出的决定应当在系统中办理，不能作为历史案件导入")
		}
		item, err := tx.ItemByCode(ctx, in.Item)
		if zhifa.ErrorCode(err) == zhifa.ENOTFOUND || (err == nil && (item.Category != zhifa.CatPenalty || !strings.HasPrefix(ag.Path, a.agencyPath(ctx, tx, item.AgencyID)))) {
			return fieldError("item", "执法事项“"+in.Item+"”不存在、不属于本机关或不是行政处罚事项")
		} else if err != nil {
			return err
		}
		c, err := a.createHistorical(ctx, tx, ag, item, in, actor)
		if err != nil {
			return err
		}
		id = c.ID
		rec.Object, rec.Detail = kernel.ObjectRef("case", c.ID), c.Number+" "+in.Source
		if in.Major {
			if err := a.fileHistorical(ctx, tx, ag, item, c, in); err != nil {
				return err
			}
		}
		meta := map[string]string{"case": strconv.FormatInt(c.ID, 10), "agency": strconv.FormatInt(ag.ID, 10), "item": item.Code,
			"filed_on": in.FiledOn.String(), "decided_on": in.DecidedOn.String(), "fine_fen": strconv.FormatInt(in.FineFen, 10),
			"major": strconv.FormatBool(in.Major)}
		if !in.SeizedOn.IsZero() {
			meta["seized_on"] = in.SeizedOn.String()
		}
		_, err = a.appendCaseEntry(ctx, tx, c, &ledger.Entry{Kind: "case.import", Meta: meta})
		return err
	})
	if err != nil {
		return nil, err
	}
	return a.Case(ctx, id)
}

// agencyPath is the path of the agency with the id, or a string no agency path starts
// with when it cannot be read, so that the caller's prefix check fails closed.
func (a *App) agencyPath(ctx context.Context, tx zhifa.Tx, id int64) string {
	ag, err := tx.Agency(ctx, id)
	if err != nil {
		return "\x00"
	}
	return ag.Path
}

// createHistorical writes the closed case and its dated acts.
func (a *App) createHistorical(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, item *zhifa.Item, in HistoricalCaseInput, actor *Actor) (*zhifa.Case, error) {
	now := a.Now()
	c := &zhifa.Case{AgencyID: ag.ID, Number: in.Number, Year: in.FiledOn.Year, Kind: zhifa.CasePenalty, Procedure: zhifa.ProcOrdinary,
		ItemID: item.ID, Parties: []zhifa.Party{in.Party}, OfficerIDs: []int64{}, OccurredOn: in.FiledOn, DiscoveredOn: in.FiledOn,
		Facts: in.Facts, Stage: zhifa.StageClose, Outcome: zhifa.OutcomePenalty, CreatedBy: max(actor.UserID, 0), CreatedAt: now, UpdatedAt: now}
	c.State.FiledOn, c.State.SeizedOn, c.State.DecidedOn, c.State.FineFen, c.State.ClosedOn = in.FiledOn, in.SeizedOn, in.DecidedOn, in.FineFen, in.DecidedOn
	var err error
	if c.Seq, err = tx.NextCaseSeq(ctx, ag.ID, c.Year, c.Kind); err != nil {
		return nil, err
	}
	if err := tx.CreateCase(ctx, c); err != nil {
		if zhifa.ErrorCode(err) == zhifa.ECONFLICT {
			return nil, fieldError("number", "本机关已有案件编号为“"+in.Number+"”的案件")
		}
		return nil, err
	}
	acts := []struct {
		from, to zhifa.Stage
		action   zhifa.Action
		on       zhifa.Date
	}{
		{"", zhifa.StageOpen, "open", in.FiledOn},
		{zhifa.StageInvestigate, zhifa.StageInvestigate, zhifa.ActSeize, in.SeizedOn},
		{zhifa.StageReview, zhifa.StageDecide, zhifa.ActDecide, in.DecidedOn},
		{zhifa.StageDecide, zhifa.StageClose, zhifa.ActClose, in.DecidedOn},
	}
	for _, e := range acts {
		if e.on.IsZero() {
			continue
		}
		if err := tx.AddCaseEvent(ctx, &zhifa.CaseEvent{CaseID: c.ID, At: now, From: e.from, To: e.to, Action: e.action,
			ActorID: max(actor.UserID, 0), Actor: actor.Login, ActedOn: e.on, BackdateReason: HistoricalReason + "（" + in.Source + "）"}); err != nil {
			return nil, err
		}
		if err := addHistoricalAVStep(ctx, tx, c, e.action, e.on); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// addHistoricalAVStep counts a carried-over act that the law always requires on audio
// and video (law.MandatoryAVSteps: 查封扣押) in the A/V compliance indicator, as not
// recorded: the carry-over brings no record of it, and one uploaded later marks it
// recorded as for any case (issue 14, F2). The analytic rule of missing A/V records
// flags the same act, so the indicator and the warning agree. The agency's own recording
// list is not applied: what it asked for before the agency adopted the system is not
// known.
func addHistoricalAVStep(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, action zhifa.Action, on zhifa.Date) error {
	for _, m := range law.MandatoryAVSteps() {
		if m.Action == action {
			return tx.AddAVStep(ctx, &zhifa.AVStep{CaseID: c.ID, AgencyID: c.AgencyID, Action: action, Act: m.Act, ActedOn: on})
		}
	}
	return nil
}

// fileHistorical records that a carried-over major decision was filed with the justice
// bureau of the agency's government (备案), as the old file shows.
func (a *App) fileHistorical(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, item *zhifa.Item, c *zhifa.Case, in HistoricalCaseInput) error {
	f := &zhifa.Filing{CaseID: c.ID, CaseNumber: c.Number, AgencyID: ag.ID, Kind: zhifa.FilingPenalty, Reasons: []string{"重大执法决定（据原案卷）"},
		Summary:   "执法事项：" + item.Code + " " + item.Name + "；当事人：" + in.Party.Name + "；罚款" + yuan(in.FineFen) + "元（历史案件导入）",
		DecidedOn: in.DecidedOn, Due: in.DecidedOn, FiledAt: a.Now(), Status: zhifa.FilingFiled}
	if bureau, err := kernel.JusticeBureau(ctx, tx, ag); err != nil {
		return err
	} else if bureau != nil {
		f.ToAgencyID = bureau.ID
	}
	return tx.CreateFiling(ctx, f)
}

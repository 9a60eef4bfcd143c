package personnel

import (
	"context"
	"regexp"

	"zhifa"
	"zhifa/app/kernel"
)

// AgencyInput is the editable content of an agency.
type AgencyInput struct {
	ParentID   int64             `json:"parent_id"`
	Name       string            `json:"name"`
	ShortName  string            `json:"short_name"`
	Level      zhifa.AgencyLevel `json:"level"`
	Type       zhifa.AgencyType  `json:"type"`
	RegionCode string            `json:"region_code"`
	CreditCode string            `json:"credit_code"`
	Domains    []string          `json:"domains"`
	Duties     string            `json:"duties"`
	LegalBasis string            `json:"legal_basis"`
	Head       string            `json:"head"`
	ReviewUnit string            `json:"review_unit"`
	// ReviewBody is the reconsideration body where the agency tree does not give it
	// (行政复议法第二十七条); "" keeps the tree's rule (law.ReconsiderationBody).
	ReviewBody string `json:"review_body,omitempty"`
	Address    string `json:"address"`
	Phone      string `json:"phone"`
	// StatementDays is the statement period (陈述申辩期) in working days, 1–30; 0 keeps
	// the default of 3. NumberTemplate is the case-number template ("" for the default
	// "{代字}{类}〔{年}〕{号}号"); see zhifa.Agency.
	StatementDays  int    `json:"statement_days,omitempty"`
	NumberTemplate string `json:"number_template,omitempty"`
	// HearingPersonFen and HearingOrgFen are the 较大数额 thresholds of 行政处罚法第六十三条
	// in fen; 0 keeps the default (law.DefaultHearingThresholds, app.AgencyHearingThresholds).
	HearingPersonFen int64 `json:"hearing_person_fen,omitempty"`
	HearingOrgFen    int64 `json:"hearing_org_fen,omitempty"`
	// Supervises marks the agency as its government's justice bureau (司法行政部门, issue
	// 9 §2); nil leaves it unchanged. Only an admin whose scope covers the government sets
	// or clears it (checkSupervises).
	Supervises *bool `json:"supervises,omitempty"`
	// LighterSharePct is the share of the statutory range that 从轻 keeps to, in percent,
	// 1–50; 0 keeps the default 30% (国市监法规〔2022〕2号; law/penaltyrange.go).
	LighterSharePct int `json:"lighter_share_pct,omitempty"`
	// DecisionExtendDays (1–90) and DecisionHeadExtends (1–5) are the agency's rule for
	// extending the decision period (行政处罚法第六十条); 0 keeps the default
	// (law.DefaultDecisionExtension: one extension of 30 days by the head).
	DecisionExtendDays  int `json:"decision_extend_days,omitempty"`
	DecisionHeadExtends int `json:"decision_head_extends,omitempty"`
	// SummaryFilingDays (1–30) is the deadline, in working days, for filing a summary
	// decision with the agency (行政处罚法第五十二条第三款); 0 keeps law.SummaryFilingDays.
	SummaryFilingDays int `json:"summary_filing_days,omitempty"`
}

// AgencyResult is a saved agency with the warnings its input raised.
type AgencyResult struct {
	Agency   *zhifa.Agency `json:"agency"`
	Warnings []string      `json:"warnings,omitempty"`
}

var regionCodeRE = regexp.MustCompile(`^[1-9][0-9]{5}$`)

func (in *AgencyInput) check() (warnings []string, err error) {
	c := kernel.NewChecker()
	c.Text("name", &in.Name, true, kernel.MaxShort)
	c.Text("short_name", &in.ShortName, false, 20)
	if !in.Level.Valid() {
		c.Add("level", "请选择层级")
	}
	if !in.Type.Valid() {
		c.Add("type", "请选择主体类型")
	}
	c.Text("region_code", &in.RegionCode, true, 6)
	if in.RegionCode != "" && !regionCodeRE.MatchString(in.RegionCode) {
		c.Add("region_code", "行政区划代码应为6位数字")
	}
	if w := c.CreditCode("credit_code", &in.CreditCode, false); w != "" {
		warnings = append(warnings, w)
	}
	c.List("domains", &in.Domains, false)
	c.Text("duties", &in.Duties, false, kernel.MaxText)
	c.Text("legal_basis", &in.LegalBasis, in.Type != zhifa.AgencyGovernment && in.Type != "", kernel.MaxText)
	c.Text("head", &in.Head, false, kernel.MaxShort)
	c.Text("review_unit", &in.ReviewUnit, false, kernel.MaxShort)
	c.Text("review_body", &in.ReviewBody, false, kernel.MaxShort)
	c.Text("address", &in.Address, false, kernel.MaxShort*2)
	c.Phone("phone", &in.Phone)
	in.checkSettings(c)
	return warnings, c.Err()
}

func (in *AgencyInput) apply(ag *zhifa.Agency) {
	ag.Name, ag.ShortName, ag.Level, ag.Type = in.Name, in.ShortName, in.Level, in.Type
	ag.RegionCode, ag.CreditCode, ag.Domains, ag.Duties = in.RegionCode, in.CreditCode, in.Domains, in.Duties
	ag.LegalBasis, ag.Head, ag.ReviewUnit, ag.Address, ag.Phone = in.LegalBasis, in.Head, in.ReviewUnit, in.Address, in.Phone
	ag.ReviewBody = in.ReviewBody
	ag.StatementDays, ag.NumberTemplate = in.StatementDays, in.NumberTemplate
	ag.HearingPersonFen, ag.HearingOrgFen = in.HearingPersonFen, in.HearingOrgFen
	ag.LighterSharePct = in.LighterSharePct
	ag.DecisionExtendDays, ag.DecisionHeadExtends = in.DecisionExtendDays, in.DecisionHeadExtends
	ag.SummaryFilingDays = in.SummaryFilingDays
}

// AgencyInputOf returns the editable content of ag, to prefill a form.
func AgencyInputOf(ag *zhifa.Agency) AgencyInput {
	supervises := ag.Supervises
	return AgencyInput{ParentID: ag.ParentID, Name: ag.Name, ShortName: ag.ShortName, Level: ag.Level, Type: ag.Type,
		RegionCode: ag.RegionCode, CreditCode: ag.CreditCode, Domains: ag.Domains, Duties: ag.Duties,
		LegalBasis: ag.LegalBasis, Head: ag.Head, ReviewUnit: ag.ReviewUnit, ReviewBody: ag.ReviewBody, Address: ag.Address, Phone: ag.Phone,
		StatementDays: ag.StatementDays, NumberTemplate: ag.NumberTemplate,
		HearingPersonFen: ag.HearingPersonFen, HearingOrgFen: ag.HearingOrgFen, Supervises: &supervises,
		LighterSharePct:    ag.LighterSharePct,
		DecisionExtendDays: ag.DecisionExtendDays, DecisionHeadExtends: ag.DecisionHeadExtends,
		SummaryFilingDays: ag.SummaryFilingDays}
}

// checkSupervises applies in.Supervises to ag, whose parent is parent: the justice bureau
// is an agency directly under a government, marked by an admin whose scope covers that
// government — never by the admin of the agency itself or of a sibling (issue 9 §2).
func checkSupervises(actor *kernel.Actor, in *AgencyInput, ag, parent *zhifa.Agency) error {
	if in.Supervises == nil || *in.Supervises == ag.Supervises {
		return nil
	}
	if parent == nil || parent.Type != zhifa.AgencyGovernment || ag.Type == zhifa.AgencyGovernment {
		return kernel.FieldError("supervises", "只有人民政府直属的司法行政部门可以承担执法监督职责")
	}
	if !actor.InScope(parent.Path) {
		return zhifa.Errorf(zhifa.EFORBIDDEN, "只有本级人民政府的系统管理员可以指定司法行政部门")
	}
	ag.Supervises = *in.Supervises
	return nil
}

// CreateAgency adds an agency under a parent within the admin's scope. Only the system
// actor may create a root (a parent of 0).
func (s *Service) CreateAgency(ctx context.Context, in AgencyInput) (*AgencyResult, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageAgencies); err != nil {
		return nil, err
	}
	warnings, err := in.check()
	if err != nil {
		return nil, err
	}
	ag := &zhifa.Agency{ParentID: in.ParentID}
	in.apply(ag)
	err = s.k.Write(ctx, "agency.create", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Detail = ag.Name
		if in.ParentID == 0 {
			if actor.ScopePath != "/" {
				return zhifa.Forbidden()
			}
			if in.Supervises != nil && *in.Supervises {
				return kernel.FieldError("supervises", "只有人民政府直属的司法行政部门可以承担执法监督职责")
			}
		} else {
			parent, err := s.k.VisibleAgency(ctx, tx, actor, in.ParentID)
			if err != nil {
				return kernel.FieldError("parent_id", "上级机关不存在或不在管理范围内")
			}
			if levelIndex(ag.Level) < levelIndex(parent.Level) {
				return &zhifa.Error{Code: zhifa.EINVALID, Message: "下级机关的层级不能高于上级机关", Fields: map[string]string{"level": "层级不能高于上级机关（" + parent.Level.Label() + "）"}}
			}
			if err := checkSupervises(actor, &in, ag, parent); err != nil {
				return err
			}
		}
		if err := tx.CreateAgency(ctx, ag); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", ag.ID), ag.Path
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &AgencyResult{Agency: ag, Warnings: warnings}, nil
}

// UpdateAgency saves an agency's content; its place in the hierarchy does not change.
func (s *Service) UpdateAgency(ctx context.Context, id int64, in AgencyInput) (*AgencyResult, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageAgencies); err != nil {
		return nil, err
	}
	warnings, err := in.check()
	if err != nil {
		return nil, err
	}
	var ag *zhifa.Agency
	err = s.k.Write(ctx, "agency.update", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object = kernel.ObjectRef("agency", id)
		var err error
		if ag, err = s.k.VisibleAgency(ctx, tx, actor, id); err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		in.apply(ag)
		var parent *zhifa.Agency
		if ag.ParentID != 0 {
			if parent, err = tx.Agency(ctx, ag.ParentID); err != nil {
				return err
			}
		}
		if err := checkSupervises(actor, &in, ag, parent); err != nil {
			return err
		}
		if ag.Supervises && ag.Type == zhifa.AgencyGovernment {
			return kernel.FieldError("type", "司法行政部门不能改为人民政府")
		}
		return tx.UpdateAgency(ctx, ag)
	})
	if err != nil {
		return nil, err
	}
	return &AgencyResult{Agency: ag, Warnings: warnings}, nil
}

// Agencies lists the agencies the actor may read, in hierarchy order. The public sees all.
func (s *Service) Agencies(ctx context.Context) ([]*zhifa.Agency, error) {
	actor := kernel.ActorFrom(ctx)
	scope := ""
	if actor.LoggedIn() {
		scope = actor.ScopePath
	}
	var out []*zhifa.Agency
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		out, err = tx.Agencies(ctx, scope)
		return err
	})
	return out, err
}

// Agency returns one agency visible to the actor; every agency is public.
func (s *Service) Agency(ctx context.Context, id int64) (*zhifa.Agency, error) {
	actor := kernel.ActorFrom(ctx)
	var ag *zhifa.Agency
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var err error
		if actor.LoggedIn() {
			ag, err = s.k.VisibleAgency(ctx, tx, actor, id)
		} else {
			ag, err = tx.Agency(ctx, id)
		}
		return err
	})
	return ag, err
}

func levelIndex(l zhifa.AgencyLevel) int {
	for i, x := range zhifa.AgencyLevels {
		if x == l {
			return i
		}
	}
	return -1
}

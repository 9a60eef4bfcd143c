package zhifa

import "time"

// AgencyLevel is the administrative level of an agency (A1).
type AgencyLevel string

// Agency levels from national down to township (A1).
const (
	LevelNational AgencyLevel = "national"
	LevelProvince AgencyLevel = "province"
	LevelCity     AgencyLevel = "city"
	LevelCounty   AgencyLevel = "county"
	LevelTownship AgencyLevel = "township"
)

// AgencyLevels lists the levels from the top down.
var AgencyLevels = []AgencyLevel{LevelNational, LevelProvince, LevelCity, LevelCounty, LevelTownship}

// Label is the Chinese name of the level.
func (l AgencyLevel) Label() string {
	return map[AgencyLevel]string{LevelNational: "国家级", LevelProvince: "省级", LevelCity: "市级", LevelCounty: "县级", LevelTownship: "乡镇级"}[l]
}

// Valid reports whether l is a known level.
func (l AgencyLevel) Valid() bool { return l.Label() != "" }

// AgencyType is the legal form of an enforcement body (执法主体类型, A1).
type AgencyType string

// Agency types. A government (人民政府) heads a hierarchy but is not itself an enforcement body.
const (
	AgencyGovernment     AgencyType = "government"
	AgencyAdministrative AgencyType = "administrative"
	AgencyAuthorized     AgencyType = "authorized"
	AgencyEntrusted      AgencyType = "entrusted"
)

// AgencyTypes lists the types in display order.
var AgencyTypes = []AgencyType{AgencyAdministrative, AgencyAuthorized, AgencyEntrusted, AgencyGovernment}

// Label is the Chinese name of the type.
func (t AgencyType) Label() string {
	return map[AgencyType]string{AgencyGovernment: "人民政府", AgencyAdministrative: "行政机关", AgencyAuthorized: "法律法规授权组织", AgencyEntrusted: "受委托组织"}[t]
}

// Valid reports whether t is a known type.
func (t AgencyType) Valid() bool { return t.Label() != "" }

// Agency is an enforcement body (行政执法机关 / 执法主体) or a government at the head of a
// hierarchy (A1).
type Agency struct {
	ID       int64 `json:"id"`
	ParentID int64 `json:"parent_id,omitempty"`
	// Path lists the IDs from the root to this agency, "/1/4/9/"; it makes subtree scopes
	// one prefix match. Maintained by the store.
	Path       string      `json:"-"`
	Name       string      `json:"name"`
	ShortName  string      `json:"short_name"` // 机关代字, used in case numbers
	Level      AgencyLevel `json:"level"`
	Type       AgencyType  `json:"type"`
	RegionCode string      `json:"region_code"` // 行政区划代码, 6 digits
	CreditCode string      `json:"credit_code"` // 统一社会信用代码
	Domains    []string    `json:"domains"`     // 执法领域
	Duties     string      `json:"duties"`      // 职责
	LegalBasis string      `json:"legal_basis"` // 主体资格依据
	Head       string      `json:"head"`        // 主要负责人 (first responsible person)
	ReviewUnit string      `json:"review_unit"` // 法制审核机构
	Address    string      `json:"address"`
	Phone      string      `json:"phone"`
	// StatementDays is the agency's statement period (陈述申辩期) after the notice, in
	// working days; 0 means the default (law.StatementDays). 行政处罚法 Art. 44-45 set
	// no number: the agency does, by its own rule.
	StatementDays int `json:"statement_days"`
	// NumberTemplate is the agency's case-number template with the placeholders {代字},
	// {类}, {年} and {号}, e.g. "〔{代字}〕{类}〔{年}〕{号}号"; "" means the default
	// DefaultNumberTemplate.
	NumberTemplate string `json:"number_template"`
	// HearingPersonFen and HearingOrgFen are the agency's 较大数额 thresholds of 行政处罚法
	// Art. 63(一)(二) for a person and an organization, in fen; 0 means the default
	// (law.DefaultHearingThresholds: 市场监督管理行政处罚听证办法第五条, 1万元 / 10万元).
	HearingPersonFen int64 `json:"hearing_person_fen"`
	HearingOrgFen    int64 `json:"hearing_org_fen"`
	// ReviewBody is the reconsideration body (行政复议机关) of the agency's decisions where
	// the agency tree does not give it: an agency under vertical leadership, tax or state
	// security names its superior department (行政复议法第二十七条); "" means the tree's
	// rule (law.ReconsiderationBody).
	ReviewBody string `json:"review_body"`
	// Supervises marks the justice bureau (司法行政部门) of the government directly above
	// it: its supervisors read that government's agencies and review their filings (issue
	// 9 §2). Only an admin whose scope covers the government sets it.
	Supervises bool `json:"supervises"`
	// LighterSharePct is the agency's share, in percent, of the statutory fine range that
	// 从轻 keeps to; 0 means the default (law.LighterShare: 国市监法规〔2022〕2号, 30%).
	LighterSharePct int `json:"lighter_share_pct"`
	// SummaryFilingDays is the agency's deadline, in working days from the decision, for
	// filing a summary decision with it (行政处罚法第五十二条第三款 sets none); 0 means the
	// default (law.SummaryFilingDays).
	SummaryFilingDays int `json:"summary_filing_days"`
	// DecisionExtendDays and DecisionHeadExtends are the agency's rule for extending the
	// decision period (行政处罚法第六十条: 法律、法规、规章另有规定的，从其规定): the days of one
	// extension and how many the head alone may approve, further ones only by collective
	// discussion; 0 is the default (law.DefaultDecisionExtension).
	DecisionExtendDays  int       `json:"decision_extend_days"`
	DecisionHeadExtends int       `json:"decision_head_extends"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
}

// DefaultNumberTemplate is the case-number template of an agency without its own:
// 东市监罚〔2026〕12号.
const DefaultNumberTemplate = "{代字}{类}〔{年}〕{号}号"

// IsEnforcement reports whether the agency enforces law itself (not a government node).
func (a *Agency) IsEnforcement() bool { return a.Type != AgencyGovernment }

package zhifa

import "time"

// ItemCategory is the kind of power an enforcement item exercises (B1).
type ItemCategory string

// Item categories (处罚/强制/检查/征收征用/许可/确认/给付/其他).
const (
	CatPenalty       ItemCategory = "penalty"
	CatCompulsion    ItemCategory = "compulsion"
	CatInspection    ItemCategory = "inspection"
	CatExpropriation ItemCategory = "expropriation"
	CatLicense       ItemCategory = "license"
	CatConfirmation  ItemCategory = "confirmation"
	CatPayment       ItemCategory = "payment"
	CatOther         ItemCategory = "other"
)

// ItemCategories lists the categories in display order.
var ItemCategories = []ItemCategory{CatPenalty, CatCompulsion, CatInspection, CatExpropriation, CatLicense, CatConfirmation, CatPayment, CatOther}

// Label is the Chinese name of the category.
func (c ItemCategory) Label() string {
	return map[ItemCategory]string{CatPenalty: "行政处罚", CatCompulsion: "行政强制", CatInspection: "行政检查", CatExpropriation: "行政征收征用", CatLicense: "行政许可", CatConfirmation: "行政确认", CatPayment: "行政给付", CatOther: "其他"}[c]
}

// Valid reports whether c is a known category.
func (c ItemCategory) Valid() bool { return c.Label() != "" }

// ParseItemCategory accepts the code ("penalty") or the Chinese name, short ("处罚") or long ("行政处罚").
func ParseItemCategory(s string) (ItemCategory, bool) {
	for _, c := range ItemCategories {
		if s == string(c) || s == c.Label() || "行政"+s == c.Label() {
			return c, true
		}
	}
	return "", false
}

// Basis is one legal basis of an item: a law, an article and its text (法律依据).
type Basis struct {
	Law     string `json:"law"`     // e.g. "中华人民共和国食品安全法" or "食品安全法"
	Article string `json:"article"` // e.g. "第一百二十四条"
	Text    string `json:"text"`
}

// ServiceGuide is the public service guide of an item (办事指南, B1).
type ServiceGuide struct {
	AcceptingOrg string `json:"accepting_org"` // 受理机构
	ApprovingOrg string `json:"approving_org"` // 审批机构
	Conditions   string `json:"conditions"`    // 受理条件
	Materials    string `json:"materials"`     // 申请材料
	TimeLimit    string `json:"time_limit"`    // 办理时限
	OfficeHours  string `json:"office_hours"`
	Address      string `json:"address"`
	Phone        string `json:"phone"`
}

// Item is an enforcement item of the catalog (执法事项 / 权责清单, B1). Every change is a
// new version; ItemVersion keeps each one.
type Item struct {
	ID        int64        `json:"id"`
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	Category  ItemCategory `json:"category"`
	AgencyID  int64        `json:"agency_id"`
	Domain    string       `json:"domain"`
	Basis     []Basis      `json:"basis"`
	Procedure string       `json:"procedure"`  // 实施程序 / 流程
	TimeLimit string       `json:"time_limit"` // 办理时限
	Remedy    string       `json:"remedy"`     // 救济渠道
	Guide     ServiceGuide `json:"guide"`
	Flowchart []string     `json:"flowchart"` // 流程图 steps, in order
	Version   int          `json:"version"`
	UpdatedAt time.Time    `json:"updated_at"`
	UpdatedBy int64        `json:"updated_by"`
}

// ItemVersion is a frozen copy of an item as it was after one change.
type ItemVersion struct {
	ItemID    int64     `json:"item_id"`
	Version   int       `json:"version"`
	Item      Item      `json:"item"`
	ChangedAt time.Time `json:"changed_at"`
	ChangedBy int64     `json:"changed_by"`
	Note      string    `json:"note"`
}

// ItemFilter selects items.
type ItemFilter struct {
	UnderPath string
	AgencyID  int64
	Category  ItemCategory
	Query     string // code or name, substring
	Page
}

// Page is a window of a list. Limit 0 means the store's default.
type Page struct {
	Limit  int
	Offset int
}

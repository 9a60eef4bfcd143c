package zhifa

import (
	"context"
	"time"
)

// The annual statistical report of enforcement (行政执法统计年报, issue 13; REQUIREMENTS
// C6): each agency's figures of a year, generated from the data, prepared by an officer
// with a note per figure where needed, approved and published by the head, and reported
// to the government and the superior agency.

// AnnualFilter selects what an annual count covers: one agency (AgencyID) or an agency
// subtree (UnderPath, the government's roll-up), and the civil year.
type AnnualFilter struct {
	AgencyID  int64
	UnderPath string
	Year      int
}

// AnnualCounts are the grouped counts of a year as the store aggregates them; the
// report context turns them into figures.
type AnnualCounts struct {
	// Acts counts the enforcement acts of the year by case kind (Key) and category of
	// power of their item (Label): penalty decisions, compulsory measures taken,
	// inspections opened.
	Acts []StatCount `json:"acts"`
	// PenaltyMasks counts the penalty decisions by their combination of kinds (Key: the
	// law.PenaltyMask in decimal).
	PenaltyMasks []StatCount `json:"penalty_masks"`
	// Inspections counts the inspections by how they were initiated (Key the
	// zhifa.Initiation, "" for none recorded; issue 13).
	Inspections []StatCount `json:"inspections"`
	// FinesFen and ConfiscatedFen sum the penalty decisions of the year.
	FinesFen       int64 `json:"fines_fen"`
	ConfiscatedFen int64 `json:"confiscated_fen"`
	// Hearings counts the hearings held in the year.
	Hearings int64 `json:"hearings"`
	// Reviews counts the legal review rounds opened in the year by status.
	Reviews []StatCount `json:"reviews"`
	// Remedies counts the reconsiderations and lawsuits concluded in the year by kind and
	// outcome (Key "reconsideration/uphold").
	Remedies []StatCount `json:"remedies"`
	// Publications counts the decisions of the year that had to be published: Count all,
	// Hits those published by their due date, Sum those declined on a legal ground.
	Publications StatCount `json:"publications"`
	// Licences counts the licence decisions received for the year by their kind (Key,
	// zhifa.LicenceDecision), by decision date (issue 13, migration 00046).
	Licences []StatCount `json:"licences"`
}

// ReportStatus is where an annual report stands.
type ReportStatus string

// Annual report statuses.
const (
	ReportDraft     ReportStatus = "draft"     // 待审批：已生成，承办人员可核对、补充说明
	ReportPublished ReportStatus = "published" // 已公开，并已报送本级人民政府和上级主管部门
)

// Label is the Chinese name of the status.
func (s ReportStatus) Label() string {
	return map[ReportStatus]string{ReportDraft: "待审批", ReportPublished: "已公开"}[s]
}

// ReportFigure is one figure of an annual report: its key, the group it belongs to,
// its Chinese label, the value (a count, or fen for Unit "元") and the preparer's note.
type ReportFigure struct {
	Key   string `json:"key"`
	Group string `json:"group"`
	Label string `json:"label"`
	Value int64  `json:"value"`
	Unit  string `json:"unit"`
	Note  string `json:"note,omitempty"`
}

// ReportRecipient is an agency the published report was reported to (报本级人民政府和
// 上级主管部门).
type ReportRecipient struct {
	AgencyID int64  `json:"agency_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
}

// AnnualReport is an agency's report of one year.
type AnnualReport struct {
	ID         int64          `json:"id"`
	AgencyID   int64          `json:"agency_id"`
	AgencyPath string         `json:"-"`
	AgencyName string         `json:"agency_name"`
	Year       int            `json:"year"`
	Status     ReportStatus   `json:"status"`
	Figures    []ReportFigure `json:"figures"`
	// GeneratedAt is when the figures were last computed from the data.
	GeneratedAt time.Time `json:"generated_at"`
	PreparedBy  int64     `json:"-"`
	ApprovedBy  int64     `json:"-"`
	// Approver is the name of the head who approved it (a public fact of the agency).
	Approver    string            `json:"approver,omitempty"`
	PublishedOn Date              `json:"published_on,omitempty"`
	ReportedTo  []ReportRecipient `json:"reported_to,omitempty"`
	// Entry is the ledger index of the publication.
	Entry     int64     `json:"entry,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ReportFilter selects annual reports of an agency subtree.
type ReportFilter struct {
	UnderPath string
	Year      int          // 0: every year
	Status    ReportStatus // "": every status
	// After is the keyset cursor (rows come newest first by ID).
	After int64
	Limit int
}

// AnnualReportStore keeps the annual reports and aggregates their figures (issue 13).
type AnnualReportStore interface {
	// AnnualCounts aggregates the year's enforcement data of f over indexes (case_stats,
	// review_rounds, reconsiderations, publications), never reading case by case.
	AnnualCounts(ctx context.Context, f AnnualFilter) (*AnnualCounts, error)
	// AddAnnualReport inserts r (ECONFLICT if the agency has one for the year).
	AddAnnualReport(ctx context.Context, r *AnnualReport) error
	// UpdateAnnualReport saves r if its Version is current (then increments it).
	UpdateAnnualReport(ctx context.Context, r *AnnualReport) error
	AnnualReport(ctx context.Context, id int64) (*AnnualReport, error)
	AnnualReportOf(ctx context.Context, agencyID int64, year int) (*AnnualReport, error)
	AnnualReports(ctx context.Context, f ReportFilter) ([]*AnnualReport, error)
	// AgenciesWithoutReport lists the enforcement agencies of the subtree (not
	// governments, not entrusted organizations) with no published report of the year.
	AgenciesWithoutReport(ctx context.Context, underPath string, year int) ([]*Agency, error)
}

// PenaltyMaskKinds are the kinds of penalty of 行政处罚法第九条 in the order of their bits
// in a PenaltyMask (law.PenaltyKinds; a law test keeps the two equal). The bits are also
// written by migration 00033's backfill: never reorder, only append.
var PenaltyMaskKinds = []string{"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
	"吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留"}

// PenaltyMask encodes the penalty kinds of a decision as bits, so that the year's count
// by kind is one GROUP BY over the few combinations decided.
func PenaltyMask(kinds []string) int64 {
	var m int64
	for _, k := range kinds {
		for i, p := range PenaltyMaskKinds {
			if k == p {
				m |= 1 << i
			}
		}
	}
	return m
}

// PenaltyKindsOf decodes a PenaltyMask.
func PenaltyKindsOf(mask int64) []string {
	var out []string
	for i, p := range PenaltyMaskKinds {
		if mask&(1<<i) != 0 {
			out = append(out, p)
		}
	}
	return out
}

// ActedOn is the day the enforcement act of a case counted by the annual report took
// place: a penalty's decision, a compulsory measure's seizure, an inspection's opening;
// zero while the act has not happened.
func (c *Case) ActedOn() Date {
	switch c.Kind {
	case CasePenalty:
		return c.State.DecidedOn
	case CaseCompulsory:
		return c.State.SeizedOn
	}
	if !c.State.FiledOn.IsZero() {
		return c.State.FiledOn
	}
	return DateOf(c.CreatedAt)
}

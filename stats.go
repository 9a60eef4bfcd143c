package zhifa

// Statistics of enforcement (issue #12; REQUIREMENTS H1, H4): the counts behind the
// charts of the statistics page, aggregated by the store over an agency subtree and a
// range of months.

// StatsFilter selects what the statistics count.
type StatsFilter struct {
	UnderPath string // agency subtree
	// FromMonth and ToMonth bound the month a case was filed ("2026-01"), inclusive.
	FromMonth, ToMonth string
	// Today is the day "overdue" is judged on.
	Today Date
	// Top bounds the rows of the ranked groups (fines by item, overdue by agency).
	Top int
}

// StatCount is one group of a statistic: its key (a month, stage, kind, status or an
// ID), a label where the store knows it (an item's or agency's name), the rows counted,
// and Sum and Hits where the statistic has them (fines in fen; decisions on time).
type StatCount struct {
	Key   string `json:"key"`
	Label string `json:"label,omitempty"`
	Count int64  `json:"count"`
	Sum   int64  `json:"sum,omitempty"`
	Hits  int64  `json:"hits,omitempty"`
}

// CaseStats are the statistics of the cases in a filter.
type CaseStats struct {
	// ByMonth, ByStage and ByKind count the cases filed in the months.
	ByMonth []StatCount `json:"by_month"`
	ByStage []StatCount `json:"by_stage"`
	ByKind  []StatCount `json:"by_kind"`
	// FinesByItem sums the fines decided per item (Sum in fen), largest first.
	FinesByItem []StatCount `json:"fines_by_item"`
	// OnTime counts per month the decided cases with a decision deadline (Count) and
	// those decided on or before it (Hits).
	OnTime []StatCount `json:"on_time"`
	// Reviews counts the legal review rounds opened in the months, by status.
	Reviews []StatCount `json:"reviews"`
	// OverdueByAgency counts per agency the cases whose next deadline has passed (a
	// snapshot as of Today, not limited to the months), most first.
	OverdueByAgency []StatCount `json:"overdue_by_agency"`
}

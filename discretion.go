package zhifa

import (
	"context"
	"time"
)

// Discretion (裁量, REQUIREMENTS B3, B4): benchmarks per item and the four lists per
// agency. The rules over them are in package law (law/discretion.go).

// FineKind says how a fine range is given.
type FineKind string

// Fine kinds.
const (
	FineNone     FineKind = "none"     // no fine at this level
	FineFixed    FineKind = "fixed"    // a fixed amount range, in fen
	FineMultiple FineKind = "multiple" // multiples of the illegal gain (违法所得)
)

// Label is the Chinese name of the kind.
func (k FineKind) Label() string {
	return map[FineKind]string{FineNone: "不罚款", FineFixed: "固定金额", FineMultiple: "违法所得倍数"}[k]
}

// Valid reports whether k is a known kind.
func (k FineKind) Valid() bool { return k.Label() != "" }

// FineRange is the fine of a level: MinFen–MaxFen (fixed) or MinTimes–MaxTimes the
// illegal gain (multiple).
type FineRange struct {
	Kind     FineKind `json:"kind"`
	MinFen   int64    `json:"min_fen,omitempty"`
	MaxFen   int64    `json:"max_fen,omitempty"`
	MinTimes float64  `json:"min_times,omitempty"`
	MaxTimes float64  `json:"max_times,omitempty"`
	// Base names what the multiples are of when the law says so (e.g. 货值金额); empty
	// means 违法所得. The proposal's IllegalGainFen is that base amount.
	Base string `json:"base,omitempty"`
}

// BenchmarkLevel is one circumstance level (裁量阶次) of a benchmark, e.g. 轻微, 一般,
// 较重, 严重, in increasing order of gravity.
type BenchmarkLevel struct {
	Name       string    `json:"name"`
	Conditions string    `json:"conditions"` // 适用情形
	Penalties  []string  `json:"penalties"`  // 处罚种类 (行政处罚法第九条)
	Fine       FineRange `json:"fine"`
	// NoGainFine is the fallback range when the fine is in multiples of the illegal gain
	// and there is none (没有违法所得的), where the law gives one; Kind none otherwise.
	NoGainFine FineRange `json:"no_gain_fine"`
}

// Benchmark is the discretion benchmark (裁量基准) of one catalog item, B3. Every change
// is a new version; BenchmarkVersion keeps each one.
type Benchmark struct {
	ID       int64            `json:"id"`
	ItemID   int64            `json:"item_id"`
	AgencyID int64            `json:"agency_id"` // the item's agency
	Levels   []BenchmarkLevel `json:"levels"`
	Basis    []Basis          `json:"basis"` // the law and the benchmark document it rests on
	// Version increments with every change; an update with a stale one is ECONFLICT.
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy int64     `json:"updated_by"`
}

// Level returns the level of the name, nil if the benchmark has none.
func (b *Benchmark) Level(name string) *BenchmarkLevel {
	for i := range b.Levels {
		if b.Levels[i].Name == name {
			return &b.Levels[i]
		}
	}
	return nil
}

// BenchmarkVersion is a frozen copy of a benchmark after one change.
type BenchmarkVersion struct {
	BenchmarkID int64     `json:"benchmark_id"`
	Version     int       `json:"version"`
	Benchmark   Benchmark `json:"benchmark"`
	ChangedAt   time.Time `json:"changed_at"`
	ChangedBy   int64     `json:"changed_by"`
	Note        string    `json:"note"`
}

// ListKind is one of the four lists (四张清单), B4.
type ListKind string

// The four lists.
const (
	ListNoPenalty    ListKind = "no_penalty"    // 不予处罚清单
	ListLighter      ListKind = "lighter"       // 从轻处罚清单
	ListMitigated    ListKind = "mitigated"     // 减轻处罚清单
	ListNoCompulsion ListKind = "no_compulsion" // 不予实施行政强制措施清单
)

// ListKinds lists the four lists in display order.
var ListKinds = []ListKind{ListNoPenalty, ListLighter, ListMitigated, ListNoCompulsion}

// Label is the Chinese name of the list.
func (k ListKind) Label() string {
	return map[ListKind]string{ListNoPenalty: "不予处罚", ListLighter: "从轻处罚", ListMitigated: "减轻处罚", ListNoCompulsion: "不予实施行政强制措施"}[k]
}

// Valid reports whether k is a known list.
func (k ListKind) Valid() bool { return k.Label() != "" }

// ListEntry is one entry of the four lists: an agency's own (stored, Key "L"+ID) or a
// built-in one from the statute (law.BuiltinListEntries, AgencyID 0). ItemID 0 applies to
// any item. Entries are never deleted, only deactivated, as proposals cite them.
type ListEntry struct {
	ID         int64    `json:"id,omitempty"`
	Key        string   `json:"key"`
	AgencyID   int64    `json:"agency_id,omitempty"`
	Kind       ListKind `json:"kind"`
	ItemID     int64    `json:"item_id,omitempty"`
	Title      string   `json:"title"`
	Conditions string   `json:"conditions"`
	Basis      []Basis  `json:"basis"`
	Builtin    bool     `json:"builtin"`
	Active     bool     `json:"active"`
	// AgeBelow and AgeFrom gate an entry on the party's age on the violation date
	// (行政处罚法第三十条): applicable when AgeFrom <= age < AgeBelow; 0 means unbounded.
	AgeFrom   int       `json:"age_from,omitempty"`
	AgeBelow  int       `json:"age_below,omitempty"`
	Version   int       `json:"version,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UpdatedBy int64     `json:"updated_by,omitempty"`
}

// ListFilter selects stored list entries.
type ListFilter struct {
	UnderPath  string // agency subtree
	AgencyID   int64
	Kind       ListKind
	ActiveOnly bool
}

// DecisionFine is the fine of one decided case, kept for the consistency aid (同案同罚).
type DecisionFine struct {
	CaseID    int64  `json:"case_id"`
	Number    string `json:"number"`
	AgencyID  int64  `json:"agency_id"`
	ItemID    int64  `json:"item_id"`
	Level     string `json:"level"`
	FineFen   int64  `json:"fine_fen"`
	DecidedOn Date   `json:"decided_on"`
}

// DiscretionStore persists benchmarks, the four lists and the decided fines.
type DiscretionStore interface {
	// CreateBenchmark inserts b as version 1 and records that version.
	CreateBenchmark(ctx context.Context, b *Benchmark, note string) error
	// UpdateBenchmark saves b as a new version if b.Version is the stored one (else
	// ECONFLICT), incrementing b.Version and recording the new version.
	UpdateBenchmark(ctx context.Context, b *Benchmark, note string) error
	// BenchmarkByItem returns the item's benchmark; ENOTFOUND if it has none.
	BenchmarkByItem(ctx context.Context, itemID int64) (*Benchmark, error)
	// BenchmarkVersions returns every version of a benchmark, newest first.
	BenchmarkVersions(ctx context.Context, benchmarkID int64) ([]*BenchmarkVersion, error)

	// CreateListEntry inserts e (Version 1), setting ID and Key.
	CreateListEntry(ctx context.Context, e *ListEntry) error
	// UpdateListEntry saves e if e.Version is the stored one (else ECONFLICT).
	UpdateListEntry(ctx context.Context, e *ListEntry) error
	ListEntry(ctx context.Context, id int64) (*ListEntry, error)
	// ListEntries returns the matching stored entries by kind and ID.
	ListEntries(ctx context.Context, f ListFilter) ([]*ListEntry, error)

	// AddDecisionFine records the fine of a decided case (one per case).
	AddDecisionFine(ctx context.Context, d *DecisionFine) error
	// DecisionFines returns the newest q.Limit fines decided for the item at the level by
	// the agencies since q.Since, by amount (a bounded read, migration 00049).
	DecisionFines(ctx context.Context, q DecisionFineQuery) ([]*DecisionFine, error)
}

// DecisionFineQuery selects the past decisions of the consistency aid (同案同罚参考, B3):
// the item and level, the agencies compared, the window and how many at most.
type DecisionFineQuery struct {
	ItemID    int64
	Level     string
	AgencyIDs []int64
	Since     Date
	Limit     int
}

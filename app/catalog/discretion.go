package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// BenchmarkInput is the editable content of a benchmark.
type BenchmarkInput struct {
	Levels []zhifa.BenchmarkLevel `json:"levels"`
	// Basis is the law and the benchmark document relied on; empty takes the item's basis.
	Basis []zhifa.Basis `json:"basis"`
	// Version is the version being edited (updates only): a stale one answers ECONFLICT.
	Version int    `json:"version"`
	Note    string `json:"note"`
}

// The benchmark views are the kernel's: the cases context shows them on the propose form.
type (
	// LevelView is a level with its fine described in words.
	LevelView = kernel.LevelView
	// BenchmarkView is an item's benchmark with the item and the statute's ranges.
	BenchmarkView = kernel.BenchmarkView
)

// NewBenchmarkView is the view of the benchmark b of item, whose agency is named agency.
func NewBenchmarkView(b *zhifa.Benchmark, item *zhifa.Item, agency string) *BenchmarkView {
	return kernel.NewBenchmarkView(b, item, agency)
}

// LevelViews describes the fines of levels in words.
func LevelViews(levels []zhifa.BenchmarkLevel) []LevelView { return kernel.LevelViews(levels) }

func (in *BenchmarkInput) check(item *zhifa.Item) error {
	c := kernel.NewChecker()
	c.Text("note", &in.Note, false, 500)
	for i := range in.Levels {
		l := &in.Levels[i]
		f := fmt.Sprintf("levels.%d.", i)
		c.Text(f+"name", &l.Name, true, 20)
		c.Text(f+"conditions", &l.Conditions, true, kernel.MaxText)
		c.List(f+"penalties", &l.Penalties, false)
		c.Text(f+"fine.base", &l.Fine.Base, false, 20)
		l.NoGainFine.Base = ""
	}
	in.Basis = checkBases(c, in.Basis, "请填写法律法规或裁量基准文件名称")
	if len(in.Basis) == 0 {
		in.Basis = append([]zhifa.Basis(nil), item.Basis...)
	}
	for k, v := range law.ValidateBenchmark(&zhifa.Benchmark{Levels: in.Levels}, law.StatuteFines(item.Basis)) {
		c.Add(k, v)
	}
	return c.Err()
}

// digest is the SHA-256 of the JSON of v, for ledger entries of published content.
func digest(v any) string {
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// itemBenchmark reads the item with the code and its benchmark.
func itemBenchmark(ctx context.Context, tx zhifa.Tx, code string) (*zhifa.Item, *zhifa.Benchmark, error) {
	item, err := tx.ItemByCode(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	b, err := tx.BenchmarkByItem(ctx, item.ID)
	if err != nil {
		return nil, nil, err
	}
	return item, b, nil
}

// Benchmark returns the benchmark of the item with the code; public.
func (s *Service) Benchmark(ctx context.Context, code string) (*BenchmarkView, error) {
	var v *BenchmarkView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		item, b, err := itemBenchmark(ctx, tx, code)
		if err != nil {
			return err
		}
		ag, err := tx.Agency(ctx, item.AgencyID)
		if err != nil {
			return err
		}
		v = NewBenchmarkView(b, item, ag.Name)
		return nil
	})
	return v, err
}

// BenchmarkHistory returns every version of the item's benchmark, newest first; public.
func (s *Service) BenchmarkHistory(ctx context.Context, code string) ([]*zhifa.BenchmarkVersion, error) {
	var out []*zhifa.BenchmarkVersion
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		_, b, err := itemBenchmark(ctx, tx, code)
		if err != nil {
			return err
		}
		out, err = tx.BenchmarkVersions(ctx, b.ID)
		return err
	})
	return out, err
}

// CreateBenchmark sets the first benchmark of a penalty item (version 1).
func (s *Service) CreateBenchmark(ctx context.Context, code string, in BenchmarkInput) (*BenchmarkView, error) {
	return s.saveBenchmark(ctx, code, in, true)
}

// UpdateBenchmark saves a new version of an item's benchmark; in.Version must be the
// current one.
func (s *Service) UpdateBenchmark(ctx context.Context, code string, in BenchmarkInput) (*BenchmarkView, error) {
	if err := checkEditedVersion(in.Version); err != nil {
		return nil, err
	}
	return s.saveBenchmark(ctx, code, in, false)
}

// checkEditedVersion requires the version an update edits.
func checkEditedVersion(v int) error {
	if v <= 0 {
		return kernel.FieldError("version", "请提供所编辑的版本号（页面已过期时请刷新后重试）")
	}
	return nil
}

func (s *Service) saveBenchmark(ctx context.Context, code string, in BenchmarkInput, create bool) (*BenchmarkView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	action := "benchmark.update"
	if create {
		action = "benchmark.create"
	}
	var v *BenchmarkView
	err := s.k.Write(ctx, action, func(tx zhifa.Tx, rec *kernel.Audit) error {
		item, err := tx.ItemByCode(ctx, code)
		if err != nil {
			return err
		}
		item, path, err := s.visibleItem(ctx, tx, actor, item.ID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("item", item.ID), path
		if item.Category != zhifa.CatPenalty {
			return zhifa.Errorf(zhifa.EINVALID, "只有行政处罚事项需要制定裁量基准")
		}
		if err := in.check(item); err != nil {
			return err
		}
		b := &zhifa.Benchmark{ItemID: item.ID, AgencyID: item.AgencyID, Levels: in.Levels, Basis: in.Basis,
			UpdatedAt: s.k.Now(), UpdatedBy: max(actor.UserID, 0)}
		note := in.Note
		if create {
			if note == "" {
				note = "制定裁量基准"
			}
			if err := tx.CreateBenchmark(ctx, b, note); err != nil {
				return err
			}
		} else {
			old, err := tx.BenchmarkByItem(ctx, item.ID)
			if err != nil {
				return err
			}
			b.ID, b.Version = old.ID, in.Version
			if note == "" {
				note = "修订裁量基准"
			}
			if err := tx.UpdateBenchmark(ctx, b, note); err != nil {
				return err
			}
		}
		rec.Detail = fmt.Sprintf("%s 裁量基准第%d版", item.Code, b.Version)
		ag, err := tx.Agency(ctx, item.AgencyID)
		if err != nil {
			return err
		}
		v = NewBenchmarkView(b, item, ag.Name)
		// B3: every new version is filed with the justice bureau in this transaction.
		filing, err := s.filer.FileBenchmark(ctx, tx, ag, item, b, note)
		if err != nil {
			return err
		}
		_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: action, Meta: map[string]string{
			"item": item.Code, "benchmark": strconv.FormatInt(b.ID, 10), "version": strconv.Itoa(b.Version),
			"filing": strconv.FormatInt(filing.ID, 10),
			"levels": strconv.Itoa(len(b.Levels)), "digest": digest(struct {
				Levels []zhifa.BenchmarkLevel `json:"levels"`
				Basis  []zhifa.Basis          `json:"basis"`
			}{b.Levels, b.Basis}), "note": note}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ---- the four lists ----

// ListEntryInput is the editable content of an agency's list entry.
type ListEntryInput struct {
	// AgencyID is the agency whose list it is (create only); 0 means the actor's.
	AgencyID   int64          `json:"agency_id,omitempty"`
	Kind       zhifa.ListKind `json:"kind"`
	Item       string         `json:"item,omitempty"` // item code; empty for any item
	Title      string         `json:"title"`
	Conditions string         `json:"conditions"`
	Basis      []zhifa.Basis  `json:"basis"`
	Active     bool           `json:"active"`
	Version    int            `json:"version,omitempty"` // updates: the version edited
}

// ListEntryView is an entry with its item's code and name.
type ListEntryView struct {
	zhifa.ListEntry
	ItemCode string `json:"item_code,omitempty"`
	ItemName string `json:"item_name,omitempty"`
}

// ListGroup is one of the four lists.
type ListGroup struct {
	Kind    zhifa.ListKind   `json:"kind"`
	Label   string           `json:"label"`
	Entries []*ListEntryView `json:"entries"`
}

// FourLists are the four lists of an agency: the built-in entries and its own.
type FourLists struct {
	AgencyID   int64        `json:"agency_id,omitempty"`
	AgencyName string       `json:"agency_name,omitempty"`
	Lists      []*ListGroup `json:"lists"`
}

func (in *ListEntryInput) check() error {
	c := kernel.NewChecker()
	if !in.Kind.Valid() {
		c.Add("kind", "清单应为不予处罚、从轻处罚、减轻处罚或不予实施行政强制措施清单")
	}
	c.Text("item", &in.Item, false, 50)
	c.Text("title", &in.Title, true, 200)
	c.Text("conditions", &in.Conditions, true, kernel.MaxText)
	in.Basis = checkBases(c, in.Basis, "请填写法律法规名称")
	if len(in.Basis) == 0 {
		c.Add("basis", "至少填写一项法律依据")
	}
	return c.Err()
}

// FourLists returns the four lists of an agency (0: the built-in entries only); public.
// The public sees active entries; staff with the catalog permission in scope see all.
func (s *Service) FourLists(ctx context.Context, agencyID int64) (*FourLists, error) {
	actor := kernel.ActorFrom(ctx)
	out := &FourLists{AgencyID: agencyID}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		var stored []*zhifa.ListEntry
		if agencyID != 0 {
			ag, err := tx.Agency(ctx, agencyID)
			if err != nil {
				return err
			}
			out.AgencyName = ag.Name
			all := actor.Can(kernel.PermManageCatalog) && actor.InScope(ag.Path)
			if stored, err = tx.ListEntries(ctx, zhifa.ListFilter{AgencyID: agencyID, ActiveOnly: !all}); err != nil {
				return err
			}
		}
		var err error
		out.Lists, err = groupLists(ctx, tx, stored)
		return err
	})
	return out, err
}

// groupLists puts the built-in entries and the stored ones into the four lists.
func groupLists(ctx context.Context, tx zhifa.Tx, stored []*zhifa.ListEntry) ([]*ListGroup, error) {
	groups := map[zhifa.ListKind]*ListGroup{}
	var out []*ListGroup
	for _, k := range zhifa.ListKinds {
		g := &ListGroup{Kind: k, Label: k.Label(), Entries: []*ListEntryView{}}
		groups[k], out = g, append(out, g)
	}
	for _, e := range law.BuiltinListEntries() {
		groups[e.Kind].Entries = append(groups[e.Kind].Entries, &ListEntryView{ListEntry: e})
	}
	items := map[int64]*zhifa.Item{}
	for _, e := range stored {
		v, err := listEntryView(ctx, tx, e, items)
		if err != nil {
			return nil, err
		}
		groups[e.Kind].Entries = append(groups[e.Kind].Entries, v)
	}
	return out, nil
}

func listEntryView(ctx context.Context, tx zhifa.Tx, e *zhifa.ListEntry, items map[int64]*zhifa.Item) (*ListEntryView, error) {
	v := &ListEntryView{ListEntry: *e}
	if e.ItemID != 0 {
		item, ok := items[e.ItemID]
		if !ok {
			var err error
			if item, err = tx.Item(ctx, e.ItemID); err != nil {
				return nil, err
			}
			items[e.ItemID] = item
		}
		v.ItemCode, v.ItemName = item.Code, item.Name
	}
	return v, nil
}

// ListEntry returns one stored entry the actor may edit (for the edit form).
func (s *Service) ListEntry(ctx context.Context, id int64) (*ListEntryView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	var v *ListEntryView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		e, _, err := visibleListEntry(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v, err = listEntryView(ctx, tx, e, map[int64]*zhifa.Item{})
		return err
	})
	return v, err
}

// visibleListEntry returns the stored entry id and its agency, which must be in the
// actor's scope.
func visibleListEntry(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.ListEntry, *zhifa.Agency, error) {
	e, err := tx.ListEntry(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ag, err := tx.Agency(ctx, e.AgencyID)
	if err != nil || !actor.InScope(ag.Path) {
		return nil, nil, zhifa.NotFound("清单条目")
	}
	return e, ag, nil
}

// CreateListEntry adds an entry to one of the four lists of an agency in scope.
func (s *Service) CreateListEntry(ctx context.Context, in ListEntryInput) (*ListEntryView, error) {
	return s.saveListEntry(ctx, 0, in)
}

// UpdateListEntry changes (or deactivates) an entry; in.Version must be the current one.
func (s *Service) UpdateListEntry(ctx context.Context, id int64, in ListEntryInput) (*ListEntryView, error) {
	if err := checkEditedVersion(in.Version); err != nil {
		return nil, err
	}
	return s.saveListEntry(ctx, id, in)
}

func (s *Service) saveListEntry(ctx context.Context, id int64, in ListEntryInput) (*ListEntryView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	action := "list.update"
	if id == 0 {
		action = "list.create"
	}
	var v *ListEntryView
	err := s.k.Write(ctx, action, func(tx zhifa.Tx, rec *kernel.Audit) error {
		e := &zhifa.ListEntry{}
		var ag *zhifa.Agency // the agency whose list it is, read once
		if id != 0 {
			old, oldAg, err := visibleListEntry(ctx, tx, actor, id)
			if err != nil {
				return err
			}
			ag = oldAg
			// Two statements: in "e, e.Version = old, in.Version" the selector's pointer is
			// evaluated before e is assigned, so the version went to the discarded entry and
			// a stale edit overwrote the current one.
			e = old
			e.Version = in.Version
		} else {
			agencyID := in.AgencyID
			if agencyID == 0 {
				agencyID = actor.AgencyID
			}
			var err error
			ag, err = s.k.VisibleAgency(ctx, tx, actor, agencyID)
			if err != nil || !ag.IsEnforcement() {
				return kernel.FieldError("agency_id", "机关不存在、不在管理范围内或不是执法主体")
			}
			e.AgencyID = ag.ID
		}
		e.Kind, e.Title, e.Conditions, e.Basis, e.Active = in.Kind, in.Title, in.Conditions, in.Basis, in.Active || id == 0
		e.ItemID = 0
		if in.Item != "" {
			item, err := tx.ItemByCode(ctx, in.Item)
			if err != nil {
				return kernel.FieldError("item", "执法事项“"+in.Item+"”不存在")
			}
			if !strings.HasPrefix(ag.Path, kernel.AgencyPath(ctx, tx, item.AgencyID)) {
				return kernel.FieldError("item", "执法事项“"+in.Item+"”不属于本机关")
			}
			e.ItemID = item.ID
		}
		e.UpdatedAt, e.UpdatedBy = s.k.Now(), max(actor.UserID, 0)
		rec.ObjectPath = ag.Path
		if id == 0 {
			if err := tx.CreateListEntry(ctx, e); err != nil {
				return err
			}
		} else if err := tx.UpdateListEntry(ctx, e); err != nil {
			return err
		}
		rec.Object, rec.Detail = kernel.ObjectRef("list_entry", e.ID), fmt.Sprintf("%s %s 第%d版", e.Kind.Label(), e.Title, e.Version)
		var err error
		if v, err = listEntryView(ctx, tx, e, map[int64]*zhifa.Item{}); err != nil {
			return err
		}
		// B3/B4: every change of an agency's own entries is filed with the justice bureau.
		filing, err := s.filer.FileListEntry(ctx, tx, ag, e, v.ItemCode)
		if err != nil {
			return err
		}
		_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: action, Meta: map[string]string{
			"entry": e.Key, "filing": strconv.FormatInt(filing.ID, 10), "agency": strconv.FormatInt(e.AgencyID, 10), "kind": string(e.Kind),
			"version": strconv.Itoa(e.Version), "active": strconv.FormatBool(e.Active), "item": v.ItemCode,
			"digest": digest(struct {
				Title, Conditions string
				Basis             []zhifa.Basis
			}{e.Title, e.Conditions, e.Basis})}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ItemListEntries returns the active entries of the item's agency that apply to the item
// (its own and those for any item), with the built-ins; public, for the item page.
func (s *Service) ItemListEntries(ctx context.Context, code string) ([]*ListGroup, error) {
	var out []*ListGroup
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		item, err := tx.ItemByCode(ctx, code)
		if err != nil {
			return err
		}
		stored, err := tx.ListEntries(ctx, zhifa.ListFilter{AgencyID: item.AgencyID, ActiveOnly: true})
		if err != nil {
			return err
		}
		var mine []*zhifa.ListEntry
		for _, e := range stored {
			if e.ItemID == 0 || e.ItemID == item.ID {
				mine = append(mine, e)
			}
		}
		out, err = groupLists(ctx, tx, mine)
		return err
	})
	return out, err
}

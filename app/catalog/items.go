package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/statute"
)

// ItemInput is the editable content of an enforcement item.
type ItemInput struct {
	Code      string             `json:"code"`
	Name      string             `json:"name"`
	Category  zhifa.ItemCategory `json:"category"`
	AgencyID  int64              `json:"agency_id"`
	Domain    string             `json:"domain"`
	Basis     []zhifa.Basis      `json:"basis"`
	Procedure string             `json:"procedure"`
	TimeLimit string             `json:"time_limit"`
	Remedy    string             `json:"remedy"`
	Guide     zhifa.ServiceGuide `json:"guide"`
	Flowchart []string           `json:"flowchart"`
	// Version is the version being edited (updates only): a stale one answers ECONFLICT.
	Version int `json:"version"`
	// Note says why the item changed; kept with the version.
	Note string `json:"note"`
}

// ItemView is an item with its agency's name and the law library's link for each basis.
type ItemView struct {
	*zhifa.Item
	AgencyName string `json:"agency_name"`
	// RangeWarnings tell the catalog owner why the statutory fine range of a penalty item
	// cannot be checked automatically (law.RangeWarnings, issue 10); staff only.
	RangeWarnings []string `json:"range_warnings,omitempty"`
}

// newItemView builds the view of an item; staff also get its range warnings.
func newItemView(actor *kernel.Actor, item *zhifa.Item, agencyName string) *ItemView {
	v := &ItemView{Item: item, AgencyName: agencyName}
	if actor.LoggedIn() && item.Category == zhifa.CatPenalty {
		v.RangeWarnings = law.RangeWarnings(item.Basis)
	}
	return v
}

// ItemList is one page of items.
type ItemList struct {
	Items []*ItemView `json:"items"`
	Total int         `json:"total"`
}

// ItemInputOf returns the editable content of an item, to prefill a form.
func ItemInputOf(i *zhifa.Item) ItemInput {
	return ItemInput{Code: i.Code, Name: i.Name, Category: i.Category, AgencyID: i.AgencyID, Domain: i.Domain,
		Basis: i.Basis, Procedure: i.Procedure, TimeLimit: i.TimeLimit, Remedy: i.Remedy, Guide: i.Guide,
		Flowchart: i.Flowchart, Version: i.Version}
}

// Check validates and normalizes the input; a basis of a law the library holds is linked
// to its article (checkBasisAgainstLibrary).
func (in *ItemInput) Check() error {
	c := kernel.NewChecker()
	c.Text("code", &in.Code, true, 50)
	for _, r := range in.Code {
		if r <= ' ' || r == '/' || r == '?' || r == '#' || r == '%' {
			c.Add("code", "事项编码不能包含空格或 / ? # %")
			break
		}
	}
	c.Text("name", &in.Name, true, 200)
	if !in.Category.Valid() {
		c.Add("category", "请选择事项类别")
	}
	if in.AgencyID <= 0 {
		c.Add("agency_id", "请选择实施机关")
	}
	c.Text("domain", &in.Domain, false, kernel.MaxShort)
	c.Text("procedure", &in.Procedure, false, kernel.MaxText)
	c.Text("time_limit", &in.TimeLimit, false, kernel.MaxShort*2)
	c.Text("remedy", &in.Remedy, false, kernel.MaxText)
	g := &in.Guide
	c.Text("guide.accepting_org", &g.AcceptingOrg, false, kernel.MaxShort)
	c.Text("guide.approving_org", &g.ApprovingOrg, false, kernel.MaxShort)
	c.Text("guide.conditions", &g.Conditions, false, kernel.MaxText)
	c.Text("guide.materials", &g.Materials, false, kernel.MaxText)
	c.Text("guide.time_limit", &g.TimeLimit, false, kernel.MaxShort*2)
	c.Text("guide.office_hours", &g.OfficeHours, false, kernel.MaxShort)
	c.Text("guide.address", &g.Address, false, kernel.MaxShort*2)
	c.Phone("guide.phone", &g.Phone)
	c.List("flowchart", &in.Flowchart, false)
	c.Text("note", &in.Note, false, 500)
	in.Basis = checkBases(c, in.Basis, "请填写法律法规名称")
	if len(in.Basis) == 0 {
		c.Add("basis", "至少填写一项法律依据")
	}
	return c.Err()
}

// checkBases checks a list of legal bases (fields basis.N.*) and returns it without the
// empty ones; lawMissing is the message for a basis without its law's name.
func checkBases(c *kernel.Checker, list []zhifa.Basis, lawMissing string) []zhifa.Basis {
	out := list[:0:0]
	for i, b := range list {
		field := fmt.Sprintf("basis.%d", i)
		c.Text(field+".law", &b.Law, false, kernel.MaxShort)
		c.Text(field+".article", &b.Article, false, 50)
		c.Text(field+".text", &b.Text, false, kernel.MaxText)
		if b.Law == "" && b.Article == "" && b.Text == "" {
			continue
		}
		if b.Law == "" {
			c.Add(field+".law", lawMissing)
		}
		checkBasisAgainstLibrary(c, field, &b)
		out = append(out, b)
	}
	return out
}

// checkBasisAgainstLibrary links a basis to the law library: for a law the library holds,
// the article must exist, and an empty text is filled from it. Laws outside the library
// (local regulations, rules) are kept as entered but need their text.
func checkBasisAgainstLibrary(c *kernel.Checker, field string, b *zhifa.Basis) {
	l, ok := statute.Lookup(strings.Trim(b.Law, "《》"))
	if !ok {
		if b.Text == "" {
			c.Add(field+".text", "法律法规库中没有该法律，请填写条文内容")
		}
		return
	}
	b.Law = l.Title
	if b.Article == "" {
		c.Add(field+".article", "请填写条款，例如“第二十五条”")
		return
	}
	head, para, _ := strings.Cut(b.Article, "条")
	n, err := parseArticleNumber(head + "条")
	if err != nil {
		c.Add(field+".article", "条款格式应为“第二十五条”“第25条”或“第一百二十二条第二款”")
		return
	}
	art, ok := l.Article(n)
	if !ok {
		c.Add(field+".article", fmt.Sprintf("《%s》没有第%d条", l.Title, n))
		return
	}
	b.Article = art.Label
	text := art.Text
	if para = strings.TrimSpace(para); para != "" {
		// A paragraph (款) of the article: the exact provision a penalty rests on
		// (issue 10), with its own text.
		label, ptext, ok := law.Paragraph(art.Text, para)
		if !ok {
			c.Add(field+".article", fmt.Sprintf("《%s》%s没有%s", l.Title, art.Label, para))
			return
		}
		b.Article, text = art.Label+label, ptext
	}
	if b.Text == "" {
		b.Text = text
	}
}

func (in *ItemInput) apply(i *zhifa.Item) {
	i.Code, i.Name, i.Category, i.AgencyID, i.Domain = in.Code, in.Name, in.Category, in.AgencyID, in.Domain
	i.Basis, i.Procedure, i.TimeLimit, i.Remedy = in.Basis, in.Procedure, in.TimeLimit, in.Remedy
	i.Guide, i.Flowchart = in.Guide, in.Flowchart
}

// CreateItem adds an item to the catalog as its version 1.
func (s *Service) CreateItem(ctx context.Context, in ItemInput) (*ItemView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	if err := in.Check(); err != nil {
		return nil, err
	}
	var item *zhifa.Item
	err := s.k.Write(ctx, "item.create", func(tx zhifa.Tx, rec *kernel.Audit) error {
		var err error
		item, err = s.CreateItemTx(ctx, tx, actor, in)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath, rec.Detail = kernel.ObjectRef("item", item.ID), kernel.AgencyPath(ctx, tx, item.AgencyID), item.Code
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Item(ctx, item.ID)
}

// CreateItemTx adds the checked item in to the catalog in tx as its version 1; shared by
// CreateItem and the bulk import.
func (s *Service) CreateItemTx(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, in ItemInput) (*zhifa.Item, error) {
	ag, err := s.k.VisibleAgency(ctx, tx, actor, in.AgencyID)
	if err != nil || !ag.IsEnforcement() {
		return nil, kernel.FieldError("agency_id", "实施机关不存在或不在管理范围内")
	}
	item := &zhifa.Item{UpdatedAt: s.k.Now(), UpdatedBy: max(actor.UserID, 0)}
	in.apply(item)
	note := in.Note
	if note == "" {
		note = "新增事项"
	}
	return item, tx.CreateItem(ctx, item, note)
}

// UpdateItem saves a new version of an item. in.Version must be the current version.
func (s *Service) UpdateItem(ctx context.Context, id int64, in ItemInput) (*ItemView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	if err := in.Check(); err != nil {
		return nil, err
	}
	err := s.k.Write(ctx, "item.update", func(tx zhifa.Tx, rec *kernel.Audit) error {
		rec.Object = kernel.ObjectRef("item", id)
		item, path, err := s.visibleItem(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		rec.ObjectPath = path
		if in.AgencyID != item.AgencyID {
			ag, err := s.k.VisibleAgency(ctx, tx, actor, in.AgencyID)
			if err != nil || !ag.IsEnforcement() {
				return kernel.FieldError("agency_id", "实施机关不存在或不在管理范围内")
			}
		}
		if in.Version != 0 {
			item.Version = in.Version
		}
		in.apply(item)
		item.UpdatedAt, item.UpdatedBy = s.k.Now(), max(actor.UserID, 0)
		note := in.Note
		if note == "" {
			note = "修改事项"
		}
		rec.Detail = fmt.Sprintf("%s 第%d版", item.Code, item.Version+1)
		return tx.UpdateItem(ctx, item, note)
	})
	if err != nil {
		return nil, err
	}
	return s.Item(ctx, id)
}

// Item returns one item. The catalog is public (C1), so anyone may read any item.
func (s *Service) Item(ctx context.Context, id int64) (*ItemView, error) {
	var v *ItemView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		item, err := tx.Item(ctx, id)
		if err != nil {
			return err
		}
		v, err = itemView(ctx, tx, item)
		return err
	})
	return v, err
}

// EditableItem returns an item the actor may change: the catalog permission and the item's
// agency in scope. Edit forms use it, so nobody sees a form they could not save.
func (s *Service) EditableItem(ctx context.Context, id int64) (*ItemView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	var v *ItemView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		item, _, err := s.visibleItem(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		v, err = itemView(ctx, tx, item)
		return err
	})
	return v, err
}

// ItemByCode returns one item by its code; public like Item.
func (s *Service) ItemByCode(ctx context.Context, code string) (*ItemView, error) {
	var v *ItemView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		item, err := tx.ItemByCode(ctx, code)
		if err != nil {
			return err
		}
		v, err = itemView(ctx, tx, item)
		return err
	})
	return v, err
}

func itemView(ctx context.Context, tx zhifa.Tx, item *zhifa.Item) (*ItemView, error) {
	ag, err := tx.Agency(ctx, item.AgencyID)
	if err != nil {
		return nil, err
	}
	return newItemView(kernel.ActorFrom(ctx), item, ag.Name), nil
}

// Items lists the catalog. Staff see their scope; the public sees every agency's items.
func (s *Service) Items(ctx context.Context, f zhifa.ItemFilter) (*ItemList, error) {
	actor := kernel.ActorFrom(ctx)
	f.UnderPath = ""
	if actor.LoggedIn() {
		f.UnderPath = actor.ScopePath
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Query = strings.TrimSpace(f.Query)
	out := &ItemList{}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		items, total, err := tx.Items(ctx, f)
		if err != nil {
			return err
		}
		out.Total = total
		names := map[int64]string{}
		for _, item := range items {
			name, ok := names[item.AgencyID]
			if !ok {
				ag, err := tx.Agency(ctx, item.AgencyID)
				if err != nil {
					return err
				}
				name, names[item.AgencyID] = ag.Name, ag.Name
			}
			out.Items = append(out.Items, newItemView(actor, item, name))
		}
		return nil
	})
	return out, err
}

// ItemHistory returns every version of an item, newest first. Public, like the item.
func (s *Service) ItemHistory(ctx context.Context, id int64) ([]*zhifa.ItemVersion, error) {
	var out []*zhifa.ItemVersion
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		if _, err := tx.Item(ctx, id); err != nil {
			return err
		}
		var err error
		out, err = tx.ItemVersions(ctx, id)
		return err
	})
	return out, err
}

func (s *Service) visibleItem(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, id int64) (*zhifa.Item, string, error) {
	item, err := tx.Item(ctx, id)
	if err != nil {
		return nil, "", err
	}
	path := kernel.AgencyPath(ctx, tx, item.AgencyID)
	if !actor.InScope(path) {
		return nil, "", zhifa.NotFound("执法事项")
	}
	return item, path, nil
}

// parseArticleNumber reads "第二十五条", "第25条", "二十五" or "25".
func parseArticleNumber(s string) (int, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "第"), "条")
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n, nil
	}
	return statute.ParseChineseNumber(s)
}

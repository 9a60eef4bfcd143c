package review

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Major-decision catalogs (重大执法决定法制审核目录清单, REQUIREMENTS E3, B5). Everyone on
// the staff reads the catalogs in scope; admins (PermManageCatalog) edit the catalogs of
// agencies in their scope. A catalog marked as a template is what the agencies below
// adopt: an agency below a template keeps a catalog based on the template's latest
// version and may only tighten it (law.CheckCatalog). Every change is a new version and
// one ledger entry.

// EffectiveCatalog is the catalog that applies to the agency's cases: its own latest
// version, else the latest template of the nearest ancestor, else the defaults (statutory
// rules only).
func (s *Service) EffectiveCatalog(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.MajorCatalog, error) {
	cat, err := tx.MajorCatalog(ctx, ag.ID, 0)
	if err == nil {
		return cat, nil
	}
	if zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
		return nil, err
	}
	tmpl, err := templateAbove(ctx, tx, ag)
	if err != nil || tmpl != nil {
		return tmpl, err
	}
	return law.DefaultCatalog(ag.ID), nil
}

// templateAbove returns the latest template catalog of the nearest ancestor that has one.
func templateAbove(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.MajorCatalog, error) {
	tmpls, err := kernel.TemplatesAbove(ctx, ag, tx.MajorCatalog, func(c *zhifa.MajorCatalog) bool { return c.Template }, true)
	if err != nil || len(tmpls) == 0 {
		return nil, err
	}
	return tmpls[0], nil
}

// MajorFacts sets whether the case's decision is major, and why, on the gate facts; ag is
// the case's agency.
func (s *Service) MajorFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, f *law.CaseFacts) error {
	cat, err := s.EffectiveCatalog(ctx, tx, ag)
	if err != nil {
		return err
	}
	f.Major, f.MajorReasons = law.Major(c, item, cat)
	return nil
}

// CatalogView is an agency's catalog as it applies, with its history and template.
type CatalogView struct {
	AgencyID   int64  `json:"agency_id"`
	AgencyName string `json:"agency_name"`
	// Current is the catalog that applies; Own tells whether the agency has its own.
	Current *zhifa.MajorCatalog `json:"current"`
	Own     bool                `json:"own"`
	// Template is the latest template above the agency, which its catalog must tighten.
	Template  *zhifa.MajorCatalog   `json:"template,omitempty"`
	Versions  []*zhifa.MajorCatalog `json:"versions"`
	Statutory []zhifa.MajorRule     `json:"statutory_rules"`
}

// MajorCatalog returns the catalog of an agency in the actor's scope.
func (s *Service) MajorCatalog(ctx context.Context, agencyID int64) (*CatalogView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	var v *CatalogView
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		v, err = s.catalogView(ctx, tx, ag)
		return err
	})
	return v, err
}

func (s *Service) catalogView(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*CatalogView, error) {
	v := &CatalogView{AgencyID: ag.ID, AgencyName: ag.Name, Statutory: law.StatutoryRules()}
	var err error
	if v.Current, err = s.EffectiveCatalog(ctx, tx, ag); err != nil {
		return nil, err
	}
	v.Own = v.Current.AgencyID == ag.ID && v.Current.Version > 0
	if v.Template, err = templateAbove(ctx, tx, ag); err != nil {
		return nil, err
	}
	if v.Versions, err = tx.MajorCatalogs(ctx, ag.ID); err != nil {
		return nil, err
	}
	return v, nil
}

// CatalogInput is a new version of an agency's catalog. Version is the version the editor
// saw (0 when the agency has none yet).
type CatalogInput struct {
	Version    int               `json:"version"`
	Template   bool              `json:"template"`
	Rules      []zhifa.MajorRule `json:"rules"`
	Materials  []string          `json:"materials"`
	ReviewDays int               `json:"review_days"`
	Note       string            `json:"note"`
}

// check validates the texts and counts of the input.
func (in *CatalogInput) check() error {
	chk := kernel.NewChecker()
	chk.Text("note", &in.Note, false, 500)
	if len(in.Rules) > 200 {
		chk.Add("rules", "条款不能超过200条")
	}
	for i := range in.Rules {
		r := &in.Rules[i]
		f := fmt.Sprintf("rules[%d].", i)
		chk.Text(f+"clause", &r.Clause, true, 100)
		chk.Text(f+"label", &r.Label, true, 500)
	}
	return chk.Err()
}

// SaveMajorCatalog stores a new version of an agency's catalog. Below a template it must
// tighten the template's latest version (E3).
func (s *Service) SaveMajorCatalog(ctx context.Context, agencyID int64, in CatalogInput) (*CatalogView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var v *CatalogView
	err := s.k.Write(ctx, "review.catalog", func(tx zhifa.Tx, rec *kernel.Audit) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = kernel.ObjectRef("agency", ag.ID), ag.Path
		if !actor.InScope(ag.Path) {
			return zhifa.NotFound("执法机关")
		}
		cur := 0
		if own, err := tx.MajorCatalog(ctx, ag.ID, 0); err == nil {
			cur = own.Version
		} else if zhifa.ErrorCode(err) != zhifa.ENOTFOUND {
			return err
		}
		if in.Version != cur {
			return zhifa.Errorf(zhifa.ECONFLICT, "重大执法决定法制审核目录清单已被他人修改（当前第%d版），请刷新后重试", cur)
		}
		tmpl, err := templateAbove(ctx, tx, ag)
		if err != nil {
			return err
		}
		cat := &zhifa.MajorCatalog{AgencyID: ag.ID, Version: cur + 1, Template: in.Template, Rules: in.Rules,
			Materials: in.Materials, ReviewDays: in.ReviewDays, Note: in.Note, CreatedBy: actor.Login, CreatedAt: s.k.Now()}
		if cat.Rules == nil {
			cat.Rules = []zhifa.MajorRule{}
		}
		if cat.Materials == nil {
			cat.Materials = []string{}
		}
		if tmpl != nil {
			cat.BaseAgencyID, cat.BaseVersion = tmpl.AgencyID, tmpl.Version
		}
		if err := law.CheckCatalog(cat, tmpl); err != nil {
			return err
		}
		if err := tx.AddMajorCatalog(ctx, cat); err != nil {
			return err
		}
		rec.Detail = fmt.Sprintf("%s 重大执法决定法制审核目录清单第%d版", ag.Name, cat.Version)
		meta := map[string]string{"agency": strconv.FormatInt(ag.ID, 10), "version": strconv.Itoa(cat.Version),
			"template": strconv.FormatBool(cat.Template), "rules": strconv.Itoa(len(cat.Rules))}
		if tmpl != nil {
			meta["base"] = fmt.Sprintf("agency/%d@%d", tmpl.AgencyID, tmpl.Version)
		}
		if _, err := s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "review.catalog", Meta: meta}); err != nil {
			return err
		}
		v, err = s.catalogView(ctx, tx, ag)
		return err
	})
	return v, err
}

// AdoptMajorTemplate stores, as the agency's next catalog version, the latest template
// above it as it is (the agency tightens it afterwards).
func (s *Service) AdoptMajorTemplate(ctx context.Context, agencyID int64, version int) (*CatalogView, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	var in CatalogInput
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		ag, err := s.k.VisibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		tmpl, err := templateAbove(ctx, tx, ag)
		if err != nil {
			return err
		}
		if tmpl == nil {
			return zhifa.Errorf(zhifa.EINVALID, "上级机关没有发布重大执法决定法制审核目录清单模板")
		}
		in = CatalogInput{Version: version, Rules: slices.Clone(tmpl.Rules), Materials: slices.Clone(tmpl.Materials),
			ReviewDays: tmpl.ReviewDays, Note: fmt.Sprintf("采用上级模板第%d版", tmpl.Version)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.SaveMajorCatalog(ctx, agencyID, in)
}

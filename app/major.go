package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/law"
	"zhifa/ledger"
)

// Major-decision catalogs (重大执法决定法制审核目录清单, REQUIREMENTS E3, B5) and reviewer pools
// (E2). Everyone on the staff reads the catalogs in scope; admins (PermManageCatalog) edit
// the catalogs of agencies in their scope and the pools. A catalog marked as a template is
// what the agencies below adopt: an agency below a template keeps a catalog based on the
// template's latest version and may only tighten it (law.CheckCatalog). Every change is a
// new version and one ledger entry.

// effectiveCatalog is the catalog that applies to the agency's cases: its own latest
// version, else the latest template of the nearest ancestor, else the defaults (statutory
// rules only).
func (a *App) effectiveCatalog(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.MajorCatalog, error) {
	cat, err := tx.MajorCatalog(ctx, ag.ID, 0)
	if err == nil {
		return cat, nil
	}
	if !isCode(err, zhifa.ENOTFOUND) {
		return nil, err
	}
	tmpl, err := a.templateAbove(ctx, tx, ag)
	if err != nil || tmpl != nil {
		return tmpl, err
	}
	return law.DefaultCatalog(ag.ID), nil
}

// templateAbove returns the latest template catalog of the nearest ancestor that has one.
func (a *App) templateAbove(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*zhifa.MajorCatalog, error) {
	tmpls, err := templatesAbove(ctx, ag, tx.MajorCatalog, func(c *zhifa.MajorCatalog) bool { return c.Template }, true)
	if err != nil || len(tmpls) == 0 {
		return nil, err
	}
	return tmpls[0], nil
}

// templatesAbove is kernel.TemplatesAbove: the ancestors' templates, nearest first.
func templatesAbove[T any](ctx context.Context, ag *zhifa.Agency, latest func(context.Context, int64, int) (T, error),
	isTemplate func(T) bool, nearestOnly bool) ([]T, error) {
	return kernel.TemplatesAbove(ctx, ag, latest, isTemplate, nearestOnly)
}

// majorFacts sets whether the case's decision is major, and why, on the gate facts; ag is
// the case's agency.
func (a *App) majorFacts(ctx context.Context, tx zhifa.Tx, c *zhifa.Case, ag *zhifa.Agency, item *zhifa.Item, f *law.CaseFacts) error {
	cat, err := a.effectiveCatalog(ctx, tx, ag)
	if err != nil {
		return err
	}
	f.Major, f.MajorReasons = law.Major(c, item, cat)
	return nil
}

// reviewView fills the major-decision and review part of a case view.
func (a *App) reviewView(ctx context.Context, tx zhifa.Tx, v *CaseView, f *law.CaseFacts) error {
	v.Major, v.MajorReasons = f.Major, f.MajorReasons
	rounds, err := tx.ReviewRounds(ctx, v.ID)
	if err != nil {
		return err
	}
	v.Reviews = rounds
	v.ReviewStatus = reviewStatus(v.Case)
	return nil
}

// reviewStatus is the review status shown on the case: none, the latest round's status,
// or "reopened" when the proposal changed after the pass (E1).
func reviewStatus(c *zhifa.Case) string {
	r := c.State.Review
	switch {
	case r == nil:
		return "none"
	case r.Status == zhifa.ReviewPassed && !law.ReviewPassedFor(c):
		return "reopened"
	}
	return r.Status
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
func (a *App) MajorCatalog(ctx context.Context, agencyID int64) (*CatalogView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	var v *CatalogView
	err := a.read(ctx, func(tx zhifa.Tx) error {
		ag, err := a.visibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		v, err = a.catalogView(ctx, tx, ag)
		return err
	})
	return v, err
}

func (a *App) catalogView(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency) (*CatalogView, error) {
	v := &CatalogView{AgencyID: ag.ID, AgencyName: ag.Name, Statutory: law.StatutoryRules()}
	var err error
	if v.Current, err = a.effectiveCatalog(ctx, tx, ag); err != nil {
		return nil, err
	}
	v.Own = v.Current.AgencyID == ag.ID && v.Current.Version > 0
	if v.Template, err = a.templateAbove(ctx, tx, ag); err != nil {
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

// SaveMajorCatalog stores a new version of an agency's catalog. Below a template it must
// tighten the template's latest version (E3).
func (a *App) SaveMajorCatalog(ctx context.Context, agencyID int64, in CatalogInput) (*CatalogView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageCatalog); err != nil {
		return nil, err
	}
	chk := newChecker()
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
	if err := chk.Err(); err != nil {
		return nil, err
	}
	var v *CatalogView
	err := a.write(ctx, "review.catalog", func(tx zhifa.Tx, rec *audit) error {
		ag, err := tx.Agency(ctx, agencyID)
		if err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = objectRef("agency", ag.ID), ag.Path
		if !actor.InScope(ag.Path) {
			return notVisible("执法机关")
		}
		cur := 0
		if own, err := tx.MajorCatalog(ctx, ag.ID, 0); err == nil {
			cur = own.Version
		} else if !isCode(err, zhifa.ENOTFOUND) {
			return err
		}
		if in.Version != cur {
			return zhifa.Errorf(zhifa.ECONFLICT, "重大执法决定法制审核目录清单已被他人修改（当前第%d版），请刷新后重试", cur)
		}
		tmpl, err := a.templateAbove(ctx, tx, ag)
		if err != nil {
			return err
		}
		cat := &zhifa.MajorCatalog{AgencyID: ag.ID, Version: cur + 1, Template: in.Template, Rules: in.Rules,
			Materials: in.Materials, ReviewDays: in.ReviewDays, Note: in.Note, CreatedBy: actor.Login, CreatedAt: a.now()}
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
		if _, err := a.appendEntry(ctx, tx, &ledger.Entry{Kind: "review.catalog", Meta: meta}); err != nil {
			return err
		}
		v, err = a.catalogView(ctx, tx, ag)
		return err
	})
	return v, err
}

// AdoptMajorTemplate stores, as the agency's next catalog version, the latest template
// above it as it is (the agency tightens it afterwards).
func (a *App) AdoptMajorTemplate(ctx context.Context, agencyID int64, version int) (*CatalogView, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageCatalog); err != nil {
		return nil, err
	}
	var in CatalogInput
	err := a.read(ctx, func(tx zhifa.Tx) error {
		ag, err := a.visibleAgency(ctx, tx, actor, agencyID)
		if err != nil {
			return err
		}
		tmpl, err := a.templateAbove(ctx, tx, ag)
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
	return a.SaveMajorCatalog(ctx, agencyID, in)
}

// PoolInput is a new or changed reviewer pool.
type PoolInput struct {
	// AgencyID is the agency that keeps the pool (default: the actor's own); in scope.
	AgencyID  int64   `json:"agency_id,omitempty"`
	Name      string  `json:"name"`
	Agencies  []int64 `json:"agencies"`
	Reviewers []int64 `json:"reviewers"`
	Version   int     `json:"version,omitempty"`
}

// ReviewPools lists the pools serving agencies in the actor's scope.
func (a *App) ReviewPools(ctx context.Context) ([]*zhifa.ReviewPool, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	out := []*zhifa.ReviewPool{}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		pools, err := tx.ReviewPools(ctx)
		if err != nil {
			return err
		}
		for _, p := range pools {
			if actor.InScope(pathOf(ctx, tx, p.AgencyID)) {
				out = append(out, p)
			}
		}
		return nil
	})
	return out, err
}

// SaveReviewPool creates (id 0) or changes a pool kept by the actor's agency (E2): its
// agencies must be in the actor's scope, its members reviewer accounts of those agencies
// or of the keeping agency.
func (a *App) SaveReviewPool(ctx context.Context, id int64, in PoolInput) (*zhifa.ReviewPool, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageCatalog); err != nil {
		return nil, err
	}
	chk := newChecker()
	chk.Text("name", &in.Name, true, 100)
	if len(in.Agencies) == 0 {
		chk.Add("agencies", "请选择审核人员库服务的执法机关")
	}
	if len(in.Reviewers) == 0 {
		chk.Add("reviewers", "请选择审核人员")
	}
	if err := chk.Err(); err != nil {
		return nil, err
	}
	var p *zhifa.ReviewPool
	err := a.write(ctx, "review.pool", func(tx zhifa.Tx, rec *audit) error {
		ownerID := in.AgencyID
		if ownerID == 0 {
			ownerID = actor.AgencyID
		}
		owner, err := tx.Agency(ctx, ownerID)
		if isCode(err, zhifa.ENOTFOUND) {
			return fieldError("agency_id", "建立审核人员库的机关不存在")
		} else if err != nil {
			return err
		}
		if !actor.InScope(owner.Path) {
			return fieldError("agency_id", "建立审核人员库的机关不在管理范围内")
		}
		rec.ObjectPath = owner.Path
		for _, aid := range in.Agencies {
			ag, err := tx.Agency(ctx, aid)
			if err != nil || !actor.InScope(ag.Path) || !ag.IsEnforcement() {
				return fieldError("agencies", fmt.Sprintf("执法机关%d不存在、不在管理范围内或不是执法主体", aid))
			}
		}
		for _, uid := range in.Reviewers {
			u, err := tx.User(ctx, uid)
			if err != nil || u.Role != zhifa.RoleReviewer || !actor.InScope(pathOf(ctx, tx, u.AgencyID)) {
				return fieldError("reviewers", fmt.Sprintf("用户%d不是管理范围内的法制审核人员", uid))
			}
		}
		if id == 0 {
			p = &zhifa.ReviewPool{Name: in.Name, AgencyID: owner.ID, Agencies: in.Agencies, Reviewers: in.Reviewers, CreatedAt: a.now()}
			if err := tx.CreateReviewPool(ctx, p); err != nil {
				return err
			}
		} else {
			if p, err = tx.ReviewPool(ctx, id); err != nil {
				return err
			}
			if !actor.InScope(pathOf(ctx, tx, p.AgencyID)) {
				return notVisible("审核人员库")
			}
			if in.Version != p.Version {
				return zhifa.Errorf(zhifa.ECONFLICT, "审核人员库已被他人修改，请刷新后重试")
			}
			p.Name, p.Agencies, p.Reviewers, p.UpdatedAt = in.Name, in.Agencies, in.Reviewers, a.now()
			if err := tx.UpdateReviewPool(ctx, p); err != nil {
				return err
			}
		}
		rec.Object, rec.Detail = objectRef("review_pool", p.ID), p.Name
		_, err = a.appendEntry(ctx, tx, &ledger.Entry{Kind: "review.pool", Meta: map[string]string{
			"pool": strconv.FormatInt(p.ID, 10), "name": p.Name, "version": strconv.Itoa(p.Version),
			"agencies": joinIDs(p.Agencies), "reviewers": joinIDs(p.Reviewers)}})
		return err
	})
	return p, err
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// ReviewerChoice is a reviewer who may be assigned to a case, or why not.
type ReviewerChoice struct {
	UserID  int64  `json:"user_id"`
	Login   string `json:"login"`
	Name    string `json:"name"`
	Agency  string `json:"agency"`
	Pending int    `json:"pending"`
	Problem string `json:"problem,omitempty"`
	Rule    string `json:"rule,omitempty"`
}

// CaseReviewers lists the reviewers of the case's review unit and pools, each with the
// reason they cannot review the case, if any.
func (a *App) CaseReviewers(ctx context.Context, caseID int64) ([]ReviewerChoice, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	out := []ReviewerChoice{}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		c, ag, err := a.visibleCase(ctx, tx, actor, caseID)
		if err != nil {
			return err
		}
		users, err := a.eligibleReviewers(ctx, tx, ag)
		if err != nil {
			return err
		}
		agNames := map[int64]string{} // the reviewers' agencies, read once each
		for _, u := range users {
			rule, problem, err := a.reviewerProblem(ctx, tx, c, u)
			if err != nil {
				return err
			}
			q, err := tx.ReviewQueue(ctx, u.ID, zhifa.ReviewPending)
			if err != nil {
				return err
			}
			agName, ok := agNames[u.AgencyID]
			if !ok {
				if uag, err := tx.Agency(ctx, u.AgencyID); err == nil {
					agName = uag.Name
				}
				agNames[u.AgencyID] = agName
			}
			out = append(out, ReviewerChoice{UserID: u.ID, Login: u.Login, Name: u.Name, Agency: agName,
				Pending: len(q), Problem: problem, Rule: rule})
		}
		return nil
	})
	return out, err
}

// QueueItem is one round in a reviewer's queue with its case and clock.
type QueueItem struct {
	*zhifa.ReviewRound
	CaseNumber  string `json:"case_number"`
	AgencyName  string `json:"agency_name"`
	ItemName    string `json:"item_name"`
	StatusLabel string `json:"status_label"`
	// ClockStatus is ok, due_soon, overdue or done (law.ClockStatus of the review clock).
	ClockStatus string `json:"clock_status"`
	Provisional bool   `json:"provisional"`
}

// PoolOptions are the choices of the pool editor: the enforcement agencies and the
// reviewer accounts in the actor's scope.
type PoolOptions struct {
	Agencies  []*zhifa.Agency `json:"agencies"`
	Reviewers []*zhifa.User   `json:"reviewers"`
}

// ReviewPoolOptions lists what a pool may hold, for admins (PermManageCatalog).
func (a *App) ReviewPoolOptions(ctx context.Context) (*PoolOptions, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageCatalog); err != nil {
		return nil, err
	}
	out := &PoolOptions{Agencies: []*zhifa.Agency{}, Reviewers: []*zhifa.User{}}
	err := a.read(ctx, func(tx zhifa.Tx) error {
		ags, err := tx.Agencies(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		for _, ag := range ags {
			if ag.IsEnforcement() {
				out.Agencies = append(out.Agencies, ag)
			}
		}
		users, err := tx.Users(ctx, actor.ScopePath)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u.Role == zhifa.RoleReviewer && !u.Disabled {
				out.Reviewers = append(out.Reviewers, u)
			}
		}
		return nil
	})
	return out, err
}

package review

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/ledger"
)

// Reviewer pools (审核人员库, E2): reviewers an agency keeps to serve other enforcement
// agencies' reviews. Everyone on the staff reads the pools serving agencies in scope;
// admins (PermManageCatalog) create and change them. Every change is one ledger entry.

// PoolInput is a new or changed reviewer pool.
type PoolInput struct {
	// AgencyID is the agency that keeps the pool (default: the actor's own); in scope.
	AgencyID  int64   `json:"agency_id,omitempty"`
	Name      string  `json:"name"`
	Agencies  []int64 `json:"agencies"`
	Reviewers []int64 `json:"reviewers"`
	Version   int     `json:"version,omitempty"`
}

// check validates the name and that the pool serves someone with someone.
func (in *PoolInput) check() error {
	chk := kernel.NewChecker()
	chk.Text("name", &in.Name, true, 100)
	if len(in.Agencies) == 0 {
		chk.Add("agencies", "请选择审核人员库服务的执法机关")
	}
	if len(in.Reviewers) == 0 {
		chk.Add("reviewers", "请选择审核人员")
	}
	return chk.Err()
}

// ReviewPools lists the pools serving agencies in the actor's scope.
func (s *Service) ReviewPools(ctx context.Context) ([]*zhifa.ReviewPool, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermStaff); err != nil {
		return nil, err
	}
	out := []*zhifa.ReviewPool{}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
		pools, err := tx.ReviewPools(ctx)
		if err != nil {
			return err
		}
		for _, p := range pools {
			if actor.InScope(kernel.AgencyPath(ctx, tx, p.AgencyID)) {
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
func (s *Service) SaveReviewPool(ctx context.Context, id int64, in PoolInput) (*zhifa.ReviewPool, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var p *zhifa.ReviewPool
	err := s.k.Write(ctx, "review.pool", func(tx zhifa.Tx, rec *kernel.Audit) error {
		owner, err := s.poolOwner(ctx, tx, actor, in)
		if err != nil {
			return err
		}
		rec.ObjectPath = owner.Path
		if err := checkPoolMembers(ctx, tx, actor, in); err != nil {
			return err
		}
		if id == 0 {
			p = &zhifa.ReviewPool{Name: in.Name, AgencyID: owner.ID, Agencies: in.Agencies, Reviewers: in.Reviewers, CreatedAt: s.k.Now()}
			if err := tx.CreateReviewPool(ctx, p); err != nil {
				return err
			}
		} else {
			if p, err = tx.ReviewPool(ctx, id); err != nil {
				return err
			}
			if !actor.InScope(kernel.AgencyPath(ctx, tx, p.AgencyID)) {
				return zhifa.NotFound("审核人员库")
			}
			if in.Version != p.Version {
				return zhifa.Errorf(zhifa.ECONFLICT, "审核人员库已被他人修改，请刷新后重试")
			}
			p.Name, p.Agencies, p.Reviewers, p.UpdatedAt = in.Name, in.Agencies, in.Reviewers, s.k.Now()
			if err := tx.UpdateReviewPool(ctx, p); err != nil {
				return err
			}
		}
		rec.Object, rec.Detail = kernel.ObjectRef("review_pool", p.ID), p.Name
		_, err = s.k.AppendEntry(ctx, tx, &ledger.Entry{Kind: "review.pool", Meta: map[string]string{
			"pool": strconv.FormatInt(p.ID, 10), "name": p.Name, "version": strconv.Itoa(p.Version),
			"agencies": joinIDs(p.Agencies), "reviewers": joinIDs(p.Reviewers)}})
		return err
	})
	return p, err
}

// poolOwner is the agency that keeps the pool: the one named, else the actor's own; in
// the actor's scope.
func (s *Service) poolOwner(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, in PoolInput) (*zhifa.Agency, error) {
	ownerID := in.AgencyID
	if ownerID == 0 {
		ownerID = actor.AgencyID
	}
	owner, err := tx.Agency(ctx, ownerID)
	if zhifa.ErrorCode(err) == zhifa.ENOTFOUND {
		return nil, kernel.FieldError("agency_id", "建立审核人员库的机关不存在")
	} else if err != nil {
		return nil, err
	}
	if !actor.InScope(owner.Path) {
		return nil, kernel.FieldError("agency_id", "建立审核人员库的机关不在管理范围内")
	}
	return owner, nil
}

// checkPoolMembers checks that the pool serves enforcement agencies in the actor's scope
// with reviewer accounts in it.
func checkPoolMembers(ctx context.Context, tx zhifa.Tx, actor *kernel.Actor, in PoolInput) error {
	for _, aid := range in.Agencies {
		ag, err := tx.Agency(ctx, aid)
		if err != nil || !actor.InScope(ag.Path) || !ag.IsEnforcement() {
			return kernel.FieldError("agencies", fmt.Sprintf("执法机关%d不存在、不在管理范围内或不是执法主体", aid))
		}
	}
	for _, uid := range in.Reviewers {
		u, err := tx.User(ctx, uid)
		if err != nil || u.Role != zhifa.RoleReviewer || !actor.InScope(kernel.AgencyPath(ctx, tx, u.AgencyID)) {
			return kernel.FieldError("reviewers", fmt.Sprintf("用户%d不是管理范围内的法制审核人员", uid))
		}
	}
	return nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// PoolOptions are the choices of the pool editor: the enforcement agencies and the
// reviewer accounts in the actor's scope.
type PoolOptions struct {
	Agencies  []*zhifa.Agency `json:"agencies"`
	Reviewers []*zhifa.User   `json:"reviewers"`
}

// ReviewPoolOptions lists what a pool may hold, for admins (PermManageCatalog).
func (s *Service) ReviewPoolOptions(ctx context.Context) (*PoolOptions, error) {
	actor := kernel.ActorFrom(ctx)
	if err := kernel.Require(actor, kernel.PermManageCatalog); err != nil {
		return nil, err
	}
	out := &PoolOptions{Agencies: []*zhifa.Agency{}, Reviewers: []*zhifa.User{}}
	err := s.k.Read(ctx, func(tx zhifa.Tx) error {
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

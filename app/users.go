package app

import (
	"context"
	"regexp"
	"strings"
	"time"

	"zhifa"
)

// UserInput is the content of an account. Password is only used on create and reset.
type UserInput struct {
	Login     string     `json:"login"`
	Name      string     `json:"name"`
	Role      zhifa.Role `json:"role"`
	AgencyID  int64      `json:"agency_id"`
	OfficerID int64      `json:"officer_id"`
	Password  string     `json:"password,omitempty"`
	Disabled  bool       `json:"disabled"`
}

var loginRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$`)

func checkPasswordRule(c *checker, pw, login string) {
	if p := PasswordProblem(pw, login); p != "" {
		c.Add("password", p)
	}
}

// newPasswordHash checks pw as the new password of u (the policy, and not the current
// password) and hashes it. It runs outside any transaction: argon2id must not hold the
// database's writer. The caller saves the hash only if u's hash is still the one read.
func (a *App) newPasswordHash(ctx context.Context, u *zhifa.User, pw string) (string, error) {
	if p := PasswordProblem(pw, u.Login); p != "" {
		return "", fieldError("password", p)
	}
	same, err := a.passwords.check(ctx, u.PasswordHash, pw)
	if err != nil {
		return "", err
	}
	if same {
		return "", fieldError("password", "新密码不能与当前密码相同")
	}
	return a.passwords.hashNew(ctx, pw)
}

// errPasswordChanged answers a password change that raced with another one.
var errPasswordChanged = zhifa.Errorf(zhifa.ECONFLICT, "密码已被修改，请重新操作")

// CreateUser adds an account in an agency within the admin's scope.
func (a *App) CreateUser(ctx context.Context, in UserInput) (*zhifa.User, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageUsers); err != nil {
		return nil, err
	}
	c := newChecker()
	c.Text("login", &in.Login, true, 32)
	if in.Login != "" && !loginRE.MatchString(in.Login) {
		c.Add("login", "登录名为3-32位字母、数字、下划线、点或减号，以字母开头")
	}
	c.Text("name", &in.Name, true, maxShort)
	if !in.Role.Valid() {
		c.Add("role", "请选择角色")
	}
	if in.AgencyID <= 0 {
		c.Add("agency_id", "请选择所属机关")
	}
	checkPasswordRule(c, in.Password, in.Login)
	if err := c.Err(); err != nil {
		return nil, err
	}
	hash, err := a.passwords.hashNew(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	u := &zhifa.User{Login: in.Login, Name: in.Name, Role: in.Role, AgencyID: in.AgencyID, OfficerID: in.OfficerID, PasswordHash: hash, CreatedAt: a.now()}
	err = a.write(ctx, "user.create", func(tx zhifa.Tx, rec *audit) error {
		rec.Detail = in.Name + "（" + in.Role.Label() + "）"
		ag, err := a.visibleAgency(ctx, tx, actor, in.AgencyID)
		if err != nil {
			return fieldError("agency_id", "所属机关不存在或不在管理范围内")
		}
		if err := a.checkOfficerLink(ctx, tx, ag, in.OfficerID); err != nil {
			return err
		}
		if err := checkGrant(actor, in.Role, ag); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		rec.Object, rec.ObjectPath = objectRef("user", u.ID), ag.Path
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// checkGrant refuses a role whose scope in the agency would reach beyond the admin's own
// (issue 9 §2): the supervisor role exists only in a justice bureau (Agency.Supervises),
// whose supervisors read the whole government, so only an admin of that government
// grants it.
func checkGrant(actor *Actor, role zhifa.Role, ag *zhifa.Agency) error {
	if role == zhifa.RoleSupervisor && !ag.Supervises {
		return &zhifa.Error{Code: zhifa.EFORBIDDEN, Message: "执法监督人员只能设在司法行政部门",
			Fields: map[string]string{"role": "本机关不是司法行政部门，不能设执法监督人员"}}
	}
	if role == zhifa.RoleSocialSupervisor && !ag.Supervises {
		// Issue 14, F5: the justice bureau appoints social supervisors.
		return &zhifa.Error{Code: zhifa.EFORBIDDEN, Message: "社会监督员的账号只能设在司法行政部门",
			Fields: map[string]string{"role": "本机关不是司法行政部门，不能设社会监督员账号"}}
	}
	if !strings.HasPrefix(scopeOf(role, ag), actor.ScopePath) {
		return &zhifa.Error{Code: zhifa.EFORBIDDEN, Message: "不能授予超出本人管理范围的角色",
			Fields: map[string]string{"role": "该角色的查看范围超出本人的管理范围"}}
	}
	return nil
}

func (a *App) checkOfficerLink(ctx context.Context, tx zhifa.Tx, ag *zhifa.Agency, officerID int64) error {
	if officerID == 0 {
		return nil
	}
	o, err := tx.Officer(ctx, officerID)
	if err != nil || o.AgencyID != ag.ID {
		return fieldError("officer_id", "关联的执法人员不存在或不属于该机关")
	}
	return nil
}

// UpdateUser changes an account's name, role, agency, officer link and disabled flag; a
// non-empty Password resets it. Disabling or resetting ends the user's sessions.
func (a *App) UpdateUser(ctx context.Context, id int64, in UserInput) (*zhifa.User, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageUsers); err != nil {
		return nil, err
	}
	c := newChecker()
	c.Text("name", &in.Name, true, maxShort)
	if !in.Role.Valid() {
		c.Add("role", "请选择角色")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	// A reset password is checked and hashed before the write transaction.
	var newHash, oldHash string
	if in.Password != "" {
		cur, err := a.User(ctx, id)
		if err != nil {
			return nil, err
		}
		if newHash, err = a.newPasswordHash(ctx, cur, in.Password); err != nil {
			return nil, err
		}
		oldHash = cur.PasswordHash
	}
	var u *zhifa.User
	err := a.write(ctx, "user.update", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("user", id)
		var err error
		if u, err = a.visibleUser(ctx, tx, actor, id); err != nil {
			return err
		}
		if in.AgencyID == 0 {
			in.AgencyID = u.AgencyID
		}
		ag, err := a.visibleAgency(ctx, tx, actor, in.AgencyID)
		if err != nil {
			return fieldError("agency_id", "所属机关不存在或不在管理范围内")
		}
		if err := a.checkOfficerLink(ctx, tx, ag, in.OfficerID); err != nil {
			return err
		}
		if u.ID == actor.UserID && (in.Disabled || in.Role != u.Role) {
			return zhifa.Errorf(zhifa.EINVALID, "不能停用自己的账号或更改自己的角色")
		}
		if err := checkGrant(actor, in.Role, ag); err != nil {
			return err
		}
		rec.ObjectPath = ag.Path
		endSessions := in.Disabled && !u.Disabled
		u.Name, u.Role, u.AgencyID, u.OfficerID, u.Disabled = in.Name, in.Role, in.AgencyID, in.OfficerID, in.Disabled
		if newHash != "" {
			if u.PasswordHash != oldHash {
				return errPasswordChanged
			}
			u.PasswordHash = newHash
			u.FailedLogins, u.LockedUntil = 0, time.Time{}
			endSessions = true
			rec.Detail = "重置密码"
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if endSessions {
			return tx.DeleteUserSessions(ctx, u.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Users lists the accounts within the admin's scope.
func (a *App) Users(ctx context.Context) ([]*zhifa.User, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageUsers); err != nil {
		return nil, err
	}
	var out []*zhifa.User
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		out, err = tx.Users(ctx, actor.ScopePath)
		return err
	})
	return out, err
}

// User returns one account within the admin's scope.
func (a *App) User(ctx context.Context, id int64) (*zhifa.User, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermManageUsers); err != nil {
		return nil, err
	}
	var u *zhifa.User
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		u, err = a.visibleUser(ctx, tx, actor, id)
		return err
	})
	return u, err
}

// Me returns the actor's own account.
func (a *App) Me(ctx context.Context) (*zhifa.User, error) {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return nil, err
	}
	var u *zhifa.User
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		u, err = tx.User(ctx, actor.UserID)
		return err
	})
	return u, err
}

// ChangePassword changes the actor's own password after checking the old one, and ends
// every other session and API token of the account (a stolen session does not outlive
// the change). Wrong old passwords count as failed logins of the actor's address.
func (a *App) ChangePassword(ctx context.Context, oldPassword, newPassword string) error {
	actor := ActorFrom(ctx)
	if err := require(actor, PermStaff); err != nil {
		return err
	}
	if wait := a.logins.wait(actor.Login, actor.IP); wait > 0 {
		return fieldError("old_password", "原密码错误次数过多，请"+waitText(wait)+"后再试")
	}
	u, err := a.Me(ctx)
	if err != nil {
		return err
	}
	ok, err := a.passwords.check(ctx, u.PasswordHash, oldPassword)
	if err != nil {
		return err
	}
	if !ok {
		a.logins.fail(actor.Login, actor.IP)
		err := fieldError("old_password", "原密码不正确")
		a.recordFailure(ctx, actor, &audit{Action: "user.password", Object: objectRef("user", actor.UserID), ObjectPath: actor.AgencyPath}, err)
		return err
	}
	hash, err := a.newPasswordHash(ctx, u, newPassword)
	if err != nil {
		return err
	}
	return a.write(ctx, "user.password", func(tx zhifa.Tx, rec *audit) error {
		rec.Object, rec.ObjectPath = objectRef("user", actor.UserID), actor.AgencyPath
		cur, err := tx.User(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if cur.PasswordHash != u.PasswordHash {
			return errPasswordChanged
		}
		cur.PasswordHash = hash
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		return tx.DeleteOtherSessions(ctx, cur.ID, actor.Session)
	})
}

func (a *App) visibleUser(ctx context.Context, tx zhifa.Tx, actor *Actor, id int64) (*zhifa.User, error) {
	u, err := tx.User(ctx, id)
	if err != nil {
		return nil, err
	}
	ag, err := tx.Agency(ctx, u.AgencyID)
	if err != nil {
		return nil, err
	}
	if !actor.InScope(ag.Path) {
		return nil, notVisible("用户")
	}
	return u, nil
}

package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"zhifa"
)

// Login policy.
const (
	// SessionIdleTimeout ends a browser session after 30 minutes without a request.
	SessionIdleTimeout = 30 * time.Minute
	// APITokenLifetime ends an API token 12 hours after login.
	APITokenLifetime = 12 * time.Hour
	// MaxFailedLogins failed attempts in a row lock the account for LockDuration.
	MaxFailedLogins = 5
	LockDuration    = 15 * time.Minute
	// MinPasswordLen is the shortest password accepted.
	MinPasswordLen = 8
)

var errBadLogin = zhifa.Errorf(zhifa.EUNAUTHORIZED, "登录名或密码错误")

// Login checks a login and password and opens a session of the given kind
// (zhifa.SessionUI or zhifa.SessionAPI), returning its token. Five failures in a row lock
// the account for 15 minutes.
func (a *App) Login(ctx context.Context, login, password, kind string) (string, *zhifa.User, error) {
	actor := ActorFrom(ctx)
	login = strings.TrimSpace(login)
	if login == "" || password == "" {
		return "", nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "请输入登录名和密码", Fields: map[string]string{"login": "必填", "password": "必填"}}
	}
	if kind != zhifa.SessionUI && kind != zhifa.SessionAPI {
		return "", nil, fmt.Errorf("login: unknown session kind %q", kind)
	}
	var token string
	var user *zhifa.User
	var result error
	rec := &audit{Action: "user.login", Object: "login/" + truncate(login, 64)}
	err := a.store.Update(ctx, func(tx zhifa.Tx) error {
		result = nil
		u, err := tx.UserByLogin(ctx, login)
		if isCode(err, zhifa.ENOTFOUND) {
			checkPassword(dummyHash, password)
			result = errBadLogin
			return nil
		}
		if err != nil {
			return err
		}
		now := a.now()
		rec.Object = objectRef("user", u.ID)
		if u.Disabled {
			result = zhifa.Errorf(zhifa.EUNAUTHORIZED, "账号已停用，请联系系统管理员")
			return nil
		}
		if now.Before(u.LockedUntil) {
			result = zhifa.Errorf(zhifa.EUNAUTHORIZED, "连续登录失败次数过多，账号已锁定，请于%s后重试", u.LockedUntil.In(zhifa.CST).Format("15:04"))
			return nil
		}
		if !checkPassword(u.PasswordHash, password) {
			u.FailedLogins++
			result = errBadLogin
			if u.FailedLogins >= MaxFailedLogins {
				u.FailedLogins = 0
				u.LockedUntil = now.Add(LockDuration)
				result = zhifa.Errorf(zhifa.EUNAUTHORIZED, "连续%d次登录失败，账号已锁定%d分钟", MaxFailedLogins, int(LockDuration.Minutes()))
			}
			return tx.UpdateUser(ctx, u)
		}
		if u.FailedLogins != 0 || !u.LockedUntil.IsZero() {
			u.FailedLogins, u.LockedUntil = 0, time.Time{}
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
		}
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return fmt.Errorf("session token: %w", err)
		}
		token = base64.RawURLEncoding.EncodeToString(raw)
		s := &zhifa.Session{TokenHash: tokenHash(token), UserID: u.ID, Kind: kind, CreatedAt: now, LastSeen: now, IP: actor.IP}
		if err := tx.CreateSession(ctx, s); err != nil {
			return err
		}
		user = u
		return nil
	})
	if err == nil {
		err = result
	}
	// The login attempt is audited whatever its outcome.
	ok := err == nil
	detail := "kind=" + kind
	if !ok {
		detail += " " + zhifa.ErrorMessage(err)
	}
	auditActor := actor
	if user != nil {
		auditActor = &Actor{UserID: user.ID, Login: user.Login, AgencyID: user.AgencyID, IP: actor.IP}
	}
	if aerr := a.store.Update(context.WithoutCancel(ctx), func(tx zhifa.Tx) error {
		return tx.AppendAudit(ctx, a.auditEntry(auditActor, rec, ok, detail))
	}); aerr != nil {
		return "", nil, fmt.Errorf("audit login: %w", aerr)
	}
	if err != nil {
		return "", nil, err
	}
	return token, user, nil
}

// Authenticate resolves a session token of the given kind to its actor. An expired or
// unknown token answers EUNAUTHORIZED.
func (a *App) Authenticate(ctx context.Context, token, kind string) (*Actor, error) {
	if token == "" || len(token) > 128 || !utf8.ValidString(token) {
		return nil, zhifa.Errorf(zhifa.EUNAUTHORIZED, "请先登录")
	}
	h := tokenHash(token)
	now := a.now()
	var actor *Actor
	var expired, touch bool
	err := a.read(ctx, func(tx zhifa.Tx) error {
		s, err := tx.Session(ctx, h)
		if err != nil {
			return err
		}
		if s.Kind != kind {
			return zhifa.Errorf(zhifa.EUNAUTHORIZED, "请先登录")
		}
		if (kind == zhifa.SessionUI && now.Sub(s.LastSeen) > SessionIdleTimeout) ||
			(kind == zhifa.SessionAPI && now.Sub(s.CreatedAt) > APITokenLifetime) {
			expired = true
			return nil
		}
		u, err := tx.User(ctx, s.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			expired = true
			return nil
		}
		ag, err := tx.Agency(ctx, u.AgencyID)
		if err != nil {
			return err
		}
		actor = &Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: u.AgencyID, AgencyPath: ag.Path, ScopePath: scopeOf(u.Role, ag), IP: ActorFrom(ctx).IP}
		// Touch at most once a minute: enough for a 30-minute idle timeout.
		touch = now.Sub(s.LastSeen) > time.Minute
		return nil
	})
	if isCode(err, zhifa.ENOTFOUND) || expired {
		if expired {
			_ = a.store.Update(ctx, func(tx zhifa.Tx) error { return tx.DeleteSession(ctx, h) })
			return nil, zhifa.Errorf(zhifa.EUNAUTHORIZED, "登录已过期，请重新登录")
		}
		return nil, zhifa.Errorf(zhifa.EUNAUTHORIZED, "请先登录")
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if touch {
		if err := a.store.Update(ctx, func(tx zhifa.Tx) error { return tx.TouchSession(ctx, h, now) }); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
	}
	return actor, nil
}

// Logout ends the session of token.
func (a *App) Logout(ctx context.Context, token string) error {
	actor := ActorFrom(ctx)
	return a.write(ctx, "user.logout", func(tx zhifa.Tx, rec *audit) error {
		rec.Object = objectRef("user", actor.UserID)
		return tx.DeleteSession(ctx, tokenHash(token))
	})
}

// scopeOf is the agency subtree a user of role in agency ag may read. A supervisor of a
// justice bureau reads everything under the government it belongs to; supervision scope
// comes from what the agency is (Agency.Supervises), never from the role alone, which an
// agency admin could give (issue 9 §2).
func scopeOf(role zhifa.Role, ag *zhifa.Agency) string {
	if role == zhifa.RoleSupervisor && ag.Supervises && ag.ParentID != 0 {
		return parentPath(ag.Path)
	}
	return ag.Path
}

// parentPath drops the last ID of a path: "/1/4/" → "/1/".
func parentPath(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	i := strings.LastIndex(trimmed, "/")
	if i < 0 {
		return path
	}
	return trimmed[:i+1]
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

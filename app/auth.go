package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
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
)

// errBadLogin is the one answer to every failed login: unknown login, wrong password,
// disabled or locked account. Telling them apart would reveal which logins exist.
var errBadLogin = zhifa.Errorf(zhifa.EUNAUTHORIZED, "登录名或密码错误")

// Login checks a login and password and opens a session of the given kind
// (zhifa.SessionUI or zhifa.SessionAPI), returning its token.
//
// The password is checked outside any transaction (argon2id takes tens of milliseconds
// and must not hold the database's writer); the outcome is then recorded in one small
// write with its audit line. Repeated failures slow down the address they come from and
// the login tried from it (see loginThrottle), never the account as such.
func (a *App) Login(ctx context.Context, login, password, kind string) (string, *zhifa.User, error) {
	actor := ActorFrom(ctx)
	login = strings.TrimSpace(login)
	if login == "" || password == "" {
		return "", nil, &zhifa.Error{Code: zhifa.EINVALID, Message: "请输入登录名和密码", Fields: map[string]string{"login": "必填", "password": "必填"}}
	}
	if kind != zhifa.SessionUI && kind != zhifa.SessionAPI {
		return "", nil, fmt.Errorf("login: unknown session kind %q", kind)
	}
	login = truncate(login, 64)
	if wait := a.logins.wait(login, actor.IP); wait > 0 {
		// Not audited: a flood of throttled attempts must not grow the audit log.
		return "", nil, zhifa.Errorf(zhifa.EUNAUTHORIZED, "登录失败次数过多，请%s后再试", waitText(wait))
	}
	var u *zhifa.User
	err := a.read(ctx, func(tx zhifa.Tx) error {
		var err error
		u, err = tx.UserByLogin(ctx, login)
		if isCode(err, zhifa.ENOTFOUND) {
			u, err = nil, nil
		}
		return err
	})
	if err != nil {
		return "", nil, fmt.Errorf("login: %w", err)
	}
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	}
	match, err := a.passwords.check(ctx, hash, password)
	if err != nil {
		return "", nil, err
	}
	if reason := loginRefusal(u, match, a.now()); reason != "" {
		a.logins.fail(login, actor.IP)
		if err := a.recordLogin(ctx, actor, login, u, kind, reason, nil); err != nil {
			return "", nil, err
		}
		return "", nil, errBadLogin
	}
	a.logins.succeed(login, actor.IP)
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, fmt.Errorf("session token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := a.now()
	s := &zhifa.Session{TokenHash: tokenHash(token), UserID: u.ID, Kind: kind, CreatedAt: now, LastSeen: now, IP: actor.IP}
	if err := a.recordLogin(ctx, actor, login, u, kind, "", s); err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// loginRefusal is why a login attempt fails, for the audit log only, or "" if it succeeds.
func loginRefusal(u *zhifa.User, match bool, now time.Time) string {
	switch {
	case u == nil:
		return "登录名不存在"
	case !match:
		return "密码错误"
	case u.Disabled:
		return "账号已停用"
	case now.Before(u.LockedUntil):
		return "账号已锁定"
	}
	return ""
}

// recordLogin writes the outcome of a login attempt in one small transaction: the
// account's failure counter, the new session s (nil on failure) and the audit line.
func (a *App) recordLogin(ctx context.Context, actor *Actor, login string, u *zhifa.User, kind, refusal string, s *zhifa.Session) error {
	ok := refusal == ""
	detail := "通过工作台" // said in Chinese in the audit log (issue 12)
	if kind == zhifa.SessionAPI {
		detail = "通过接口"
	}
	if !ok {
		detail += " " + refusal
	}
	rec := &audit{Action: "user.login", Object: "login/" + login}
	auditActor := actor
	if u != nil {
		rec.Object = objectRef("user", u.ID)
		if ok {
			auditActor = &Actor{UserID: u.ID, Login: u.Login, AgencyID: u.AgencyID, IP: actor.IP}
		}
	}
	// The outcome is recorded even if the client has gone away.
	ctx = context.WithoutCancel(ctx)
	err := a.store.Update(ctx, func(tx zhifa.Tx) error {
		if u != nil {
			if err := tx.RecordLoginResult(ctx, u.ID, ok); err != nil {
				return err
			}
		}
		if s != nil {
			if err := tx.CreateSession(ctx, s); err != nil {
				return err
			}
		}
		return a.appendLoginAudit(ctx, tx, a.auditEntry(auditActor, rec, ok, detail))
	})
	if err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	return nil
}

// waitText says a wait in whole seconds or minutes, rounded up.
func waitText(d time.Duration) string {
	if d <= time.Minute {
		return strconv.Itoa(int((d+time.Second-1)/time.Second)) + "秒"
	}
	return strconv.Itoa(int((d+time.Minute-1)/time.Minute)) + "分钟"
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
		actor = &Actor{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, AgencyID: u.AgencyID, AgencyPath: ag.Path, ScopePath: scopeOf(u.Role, ag), IP: ActorFrom(ctx).IP, Session: h}
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

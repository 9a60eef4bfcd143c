package app

import (
	"context"
	"time"

	"zhifa"
)

// LoginFailureWindow is the window over which failed logins for unknown accounts from
// one client address are counted in one row of login_failures.
const LoginFailureWindow = time.Hour

// appendLoginAudit appends the audit row of a login attempt. A failure for an unknown
// account (the row names the login tried, not a user) is counted per client address
// and LoginFailureWindow instead, and only the first of each window becomes an audit row:
// guessing logins must not grow the audit log without bound (issue 9 §7), while every
// attempt on a real account, and the first guess from each address, stays on record.
func (a *App) appendLoginAudit(ctx context.Context, tx zhifa.Tx, e *zhifa.AuditEntry) error {
	if e.Success || e.UserID != 0 || !isUnknownLogin(e.Object) {
		return tx.AppendAudit(ctx, e)
	}
	window := e.At.UTC().Truncate(LoginFailureWindow)
	first, err := tx.CountLoginFailure(ctx, e.IP, window, e.At)
	if err != nil || !first {
		return err
	}
	e.Detail = truncate(e.Detail+"（未知账号；同一来源本小时内的后续失败只计数）", 500)
	return tx.AppendAudit(ctx, e)
}

// isUnknownLogin reports whether an audit object names a login tried rather than a user.
func isUnknownLogin(object string) bool {
	return len(object) > len("login/") && object[:len("login/")] == "login/"
}

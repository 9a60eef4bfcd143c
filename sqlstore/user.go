package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"zhifa"
)

const userCols = `u.id, u.login, u.name, u.role, u.agency_id, u.officer_id, u.password_hash,
	u.failed_logins, u.locked_until, u.disabled, u.created_at`

func scanUser(s scanner) (*zhifa.User, error) {
	var u zhifa.User
	var officer sql.NullInt64
	var locked sql.NullTime
	err := s.Scan(&u.ID, &u.Login, &u.Name, &u.Role, &u.AgencyID, &officer, &u.PasswordHash,
		&u.FailedLogins, &locked, &u.Disabled, &u.CreatedAt)
	if err != nil {
		return nil, err
	}
	u.OfficerID, u.LockedUntil, u.CreatedAt = idOf(officer), timeOf(locked), u.CreatedAt.UTC()
	return &u, nil
}

var userMsgs = errMsgs{conflict: "登录名已存在", missing: "所属机关或关联的执法人员不存在"}

// CreateUser inserts u, setting ID and CreatedAt.
func (t *tx) CreateUser(ctx context.Context, u *zhifa.User) error {
	now := t.stamp(u.CreatedAt)
	err := t.queryRow(ctx, `
		INSERT INTO users (login, name, role, agency_id, officer_id, password_hash, failed_logins,
			locked_until, disabled, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		RETURNING id`,
		u.Login, u.Name, u.Role, u.AgencyID, nullID(u.OfficerID), u.PasswordHash, u.FailedLogins,
		nullTime(u.LockedUntil), u.Disabled, now,
	).Scan(&u.ID)
	if err != nil {
		return dbErr(err, "create user", userMsgs)
	}
	u.CreatedAt = now
	if !u.LockedUntil.IsZero() {
		u.LockedUntil = utc(u.LockedUntil)
	}
	return nil
}

// UpdateUser saves name, role, agency, officer link, password hash, lock state and
// Disabled. The login does not change.
func (t *tx) UpdateUser(ctx context.Context, u *zhifa.User) error {
	res, err := t.exec(ctx, `
		UPDATE users SET name = $1, role = $2, agency_id = $3, officer_id = $4, password_hash = $5,
			failed_logins = $6, locked_until = $7, disabled = $8
		WHERE id = $9`,
		u.Name, u.Role, u.AgencyID, nullID(u.OfficerID), u.PasswordHash, u.FailedLogins,
		nullTime(u.LockedUntil), u.Disabled, u.ID)
	if err != nil {
		return dbErr(err, "update user", userMsgs)
	}
	return affected(res, "update user", "用户")
}

// User returns the user with the id.
func (t *tx) User(ctx context.Context, id int64) (*zhifa.User, error) {
	u, err := scanUser(t.queryRow(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return nil, rowErr(err, "get user", "用户")
	}
	return u, nil
}

// UserByLogin returns the user with the login (exact match).
func (t *tx) UserByLogin(ctx context.Context, login string) (*zhifa.User, error) {
	u, err := scanUser(t.queryRow(ctx, `SELECT `+userCols+` FROM users u WHERE u.login = $1`, login))
	if err != nil {
		return nil, rowErr(err, "get user by login", "用户")
	}
	return u, nil
}

// Users lists the accounts of the agencies under underPath, by login.
func (t *tx) Users(ctx context.Context, underPath string) ([]*zhifa.User, error) {
	if err := checkPath(underPath); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, `
		SELECT `+userCols+` FROM users u
		JOIN agencies a ON a.id = u.agency_id
		WHERE a.path LIKE $1 || '%'
		ORDER BY u.login`, underPath)
	if err != nil {
		return nil, dbErr(err, "list users", errMsgs{})
	}
	return collect(rows, "list users", scanUser)
}

// CreateSession stores s; a zero CreatedAt is now and a zero LastSeen is CreatedAt.
func (t *tx) CreateSession(ctx context.Context, s *zhifa.Session) error {
	s.CreatedAt = t.stamp(s.CreatedAt)
	if s.LastSeen.IsZero() {
		s.LastSeen = s.CreatedAt
	}
	s.LastSeen = utc(s.LastSeen)
	_, err := t.exec(ctx, `
		INSERT INTO sessions (token_hash, user_id, kind, created_at, last_seen, ip)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		s.TokenHash, s.UserID, s.Kind, s.CreatedAt, s.LastSeen, s.IP)
	return dbErr(err, "create session", errMsgs{conflict: "会话已存在", missing: "用户不存在"})
}

// Session returns the session with the token hash.
func (t *tx) Session(ctx context.Context, tokenHash string) (*zhifa.Session, error) {
	var s zhifa.Session
	err := t.queryRow(ctx, `
		SELECT token_hash, user_id, kind, created_at, last_seen, ip
		FROM sessions WHERE token_hash = $1`, tokenHash,
	).Scan(&s.TokenHash, &s.UserID, &s.Kind, &s.CreatedAt, &s.LastSeen, &s.IP)
	if err != nil {
		return nil, rowErr(err, "get session", "会话")
	}
	s.CreatedAt, s.LastSeen = s.CreatedAt.UTC(), s.LastSeen.UTC()
	return &s, nil
}

// TouchSession sets the session's LastSeen.
func (t *tx) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, utc(at), tokenHash)
	if err != nil {
		return dbErr(err, "touch session", errMsgs{})
	}
	return affected(res, "touch session", "会话")
}

// DeleteSession removes the session; removing a missing session is not an error.
func (t *tx) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return dbErr(err, "delete session", errMsgs{})
}

// DeleteUserSessions removes every session of the user.
func (t *tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return dbErr(err, "delete user sessions", errMsgs{})
}

// DeleteOtherSessions removes every session of the user but the one with keepTokenHash.
func (t *tx) DeleteOtherSessions(ctx context.Context, userID int64, keepTokenHash string) error {
	_, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, keepTokenHash)
	return dbErr(err, "delete other sessions", errMsgs{})
}

// RecordLoginResult counts a failed login, or clears the count and lock after a success.
func (t *tx) RecordLoginResult(ctx context.Context, userID int64, ok bool) error {
	query := `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1`
	if ok {
		query = `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`
	}
	res, err := t.exec(ctx, query, userID)
	if err != nil {
		return dbErr(err, "record login result", errMsgs{})
	}
	return affected(res, "record login result", "用户")
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"zhifa"
)

// ---- errors ----

// errMsgs are the user-facing messages for constraint violations of one statement.
type errMsgs struct {
	conflict string // unique key violated (ECONFLICT)
	missing  string // foreign key violated (EINVALID)
}

// dbErr maps a driver error of the operation op to a zhifa error: unique violations
// become ECONFLICT, foreign-key violations EINVALID, anything else is wrapped with op.
// A *zhifa.Error passes through.
func dbErr(err error, op string, m errMsgs) error {
	if err == nil {
		return nil
	}
	var ze *zhifa.Error
	if errors.As(err, &ze) {
		return err
	}
	switch constraintKind(err) {
	case kindUnique:
		msg := m.conflict
		if msg == "" {
			msg = "记录已存在"
		}
		return &zhifa.Error{Code: zhifa.ECONFLICT, Message: msg, Err: fmt.Errorf("%s: %w", op, err)}
	case kindForeignKey:
		msg := m.missing
		if msg == "" {
			msg = "引用的记录不存在"
		}
		return &zhifa.Error{Code: zhifa.EINVALID, Message: msg, Err: fmt.Errorf("%s: %w", op, err)}
	case kindCheck:
		return &zhifa.Error{Code: zhifa.EINVALID, Message: "数据不符合约束条件", Err: fmt.Errorf("%s: %w", op, err)}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// rowErr is dbErr for a single-row lookup: no row is ENOTFOUND for kind.
func rowErr(err error, op, kind string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return zhifa.NotFound(kind)
	}
	return dbErr(err, op, errMsgs{})
}

type constraint int

const (
	kindOther constraint = iota
	kindUnique
	kindForeignKey
	kindCheck
)

func constraintKind(err error) constraint {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return kindUnique
		case "23503":
			return kindForeignKey
		case "23514", "23502":
			return kindCheck
		}
		return kindOther
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return kindUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return kindForeignKey
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return kindCheck
		}
	}
	return kindOther
}

// isRetryable reports whether PostgreSQL aborted the transaction for a serialization
// failure or a deadlock, so that running it again may succeed.
func isRetryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01") || errors.Is(err, errNumberMoved)
}

// versioned checks the result of a version-guarded UPDATE of the row id of table: no
// row changed is ENOTFOUND for kind when the row is gone, ECONFLICT with the message
// conflict ("" for "<kind>已被他人修改，请刷新后重试") when another change came first.
func (t *tx) versioned(ctx context.Context, res sql.Result, op, table string, id int64, kind, conflict string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n > 0 {
		return nil
	}
	var exists int
	if err := t.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, id).Scan(&exists); err != nil {
		return rowErr(err, op, kind)
	}
	if conflict == "" {
		conflict = kind + "已被他人修改，请刷新后重试"
	}
	return zhifa.Errorf(zhifa.ECONFLICT, "%s", conflict)
}

// affected returns ENOTFOUND for kind when res changed no row.
func affected(res sql.Result, op, kind string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return zhifa.NotFound(kind)
	}
	return nil
}

// ---- values ----

// utc is t as stored: UTC, truncated to the microsecond (PostgreSQL's precision).
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return utc(t)
}

// timeOf reads a nullable timestamp column; NULL is the zero time.
func timeOf(nt sql.NullTime) time.Time {
	if !nt.Valid {
		return time.Time{}
	}
	return nt.Time.UTC()
}

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idOf reads a nullable reference; NULL is 0.
func idOf(n sql.NullInt64) int64 { return n.Int64 }

// jsonText encodes v as JSON text; a nil slice becomes "[]".
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

// stringsOf returns JSON text s as a string slice, never nil.
func stringsOf(s string) ([]string, error) {
	out := []string{}
	if s == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("decode JSON list: %w", err)
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// ---- filters ----

// Page limits.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// window returns LIMIT and OFFSET for p.
func window(p zhifa.Page) (limit, offset int) {
	limit, offset = p.Limit, p.Offset
	if limit <= 0 {
		limit = defaultLimit
	}
	if limit > maxLimit {
		limit = maxLimit
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// checkPath validates an agency path used as a subtree prefix: "" (everything) or
// "/1/4/" and the like. Paths hold only digits and slashes, so a LIKE prefix match
// with it needs no escaping and works the same on both engines.
func checkPath(p string) error {
	if p == "" {
		return nil
	}
	if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") {
		return zhifa.Errorf(zhifa.EINVALID, "机关范围无效")
	}
	for _, c := range p {
		if c != '/' && (c < '0' || c > '9') {
			return zhifa.Errorf(zhifa.EINVALID, "机关范围无效")
		}
	}
	return nil
}

// likeContains is a LIKE pattern matching s anywhere, with LIKE's wildcards escaped by
// a backslash; use it with "LIKE $n ESCAPE '\'".
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// where builds a WHERE clause with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

// arg appends v and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

// add appends a condition; each ? in cond is replaced by the placeholder of the next
// value of vs (conditions contain no other question marks).
func (w *where) add(cond string, vs ...any) {
	var b strings.Builder
	i := 0
	for _, c := range cond {
		if c == '?' && i < len(vs) {
			b.WriteString(w.arg(vs[i]))
			i++
			continue
		}
		b.WriteRune(c)
	}
	if i != len(vs) {
		panic(fmt.Sprintf("sqlstore: condition %q has %d placeholders for %d values", cond, i, len(vs)))
	}
	w.conds = append(w.conds, b.String())
}

// String is " WHERE c1 AND c2 ...", or "" without conditions.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// collect scans every row of rows with scan.
func collect[T any](rows *sql.Rows, op string, scan func(scanner) (*T, error)) ([]*T, error) {
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// Package zhifa holds the domain of the administrative law-enforcement management
// and supervision system: its value types, entities, the Store interfaces and the one
// error type every layer uses. It imports no sub-package.
package zhifa

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. The HTTP layer maps each to one status code, in one place.
const (
	EINVALID      = "EINVALID"      // bad input; Fields says which
	ENOTFOUND     = "ENOTFOUND"     // no such object, or not visible to the actor
	EFORBIDDEN    = "EFORBIDDEN"    // the actor's role or scope does not allow it
	EUNAUTHORIZED = "EUNAUTHORIZED" // not logged in, or the login failed
	ECONFLICT     = "ECONFLICT"     // duplicate key or a concurrent change
	EGATE         = "EGATE"         // a statutory or policy gate is not met; Rule names it
	EINTERNAL     = "EINTERNAL"     // anything else; never shown in detail
)

// Error is the one error type of the domain. Message is user-facing and in Chinese.
type Error struct {
	Code    string
	Message string
	// Fields maps an input field name to its problem (EINVALID).
	Fields map[string]string
	// Rule names the unmet rule with its source (EGATE), e.g. "行政处罚法第四十二条".
	Rule string
	// Err is the underlying cause, for logs only.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the ENOTFOUND error for an object of the given kind (in Chinese, e.g. "执法人员").
func NotFound(kind string) *Error {
	return &Error{Code: ENOTFOUND, Message: kind + "不存在"}
}

// Forbidden is the EFORBIDDEN error with a standard message.
func Forbidden() *Error {
	return &Error{Code: EFORBIDDEN, Message: "无权执行此操作"}
}

// FieldErrors collects per-field validation problems; Err returns nil when there are none.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a problem.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an EINVALID *Error carrying the fields, or nil.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "输入有误，请检查标出的字段", Fields: map[string]string(f)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "系统内部错误，请稍后重试"
}

// ErrorFields returns the field problems of an EINVALID error, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

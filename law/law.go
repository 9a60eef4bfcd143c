// Package law holds the statutory and policy rules the system enforces, as pure functions
// and constants. Each rule cites its source: a requirement ID (docs/REQUIREMENTS.md) and the
// source document or statute article it comes from. Nothing here knows of HTTP or SQL.
package law

import (
	"fmt"

	"zhifa"
)

// Gate returns the EGATE error for an unmet rule. rule names the source, message says in
// Chinese what is missing.
func Gate(rule, message string) *zhifa.Error {
	return &zhifa.Error{Code: zhifa.EGATE, Message: fmt.Sprintf("%s（依据：%s）", message, rule), Rule: rule}
}

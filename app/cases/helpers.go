package cases

import (
	"context"
	"errors"

	"zhifa"
	"zhifa/app/kernel"
)

// The kernel's helpers under the short names the use cases of this context read with.

// audit is the audit line of one action (kernel.Audit).
type audit = kernel.Audit

// checker validates input fields and collects Chinese messages per field.
type checker = kernel.Checker

// Field length limits, in characters.
const (
	maxShort = kernel.MaxShort // names, numbers, codes
	maxText  = kernel.MaxText  // free text
)

func newChecker() *checker { return kernel.NewChecker() }

// fieldError is an EINVALID error about one field.
func fieldError(field, msg string) error { return kernel.FieldError(field, msg) }

// require returns EUNAUTHORIZED for the public and EFORBIDDEN for a user without p.
func require(actor *kernel.Actor, p kernel.Permission) error { return kernel.Require(actor, p) }

// notVisible hides objects outside the actor's scope: they answer exactly like missing ones.
func notVisible(kind string) error { return zhifa.NotFound(kind) }

// isCode reports whether err carries code.
func isCode(err error, code string) bool {
	var e *zhifa.Error
	return errors.As(err, &e) && e.Code == code
}

// objectRef formats an audit object reference.
func objectRef(kind string, id int64) string { return kernel.ObjectRef(kind, id) }

// encodeCursor is the cursor of the page after the case with the key.
func encodeCursor(k zhifa.CaseKey) string { return kernel.EncodeCursor(k) }

// decodeCursor reads a cursor; "" is the first page (nil). A malformed one is EINVALID.
func decodeCursor(s string) (*zhifa.CaseKey, error) { return kernel.DecodeCursor(s) }

// countText is how a capped count (zhifa.CountCap) is shown: exact, or "1000+".
func countText(n int) string { return kernel.CountText(n) }

// pathOf is the path of an agency, "" when it cannot be read (audit lines).
func pathOf(ctx context.Context, tx zhifa.Tx, agencyID int64) string {
	return kernel.AgencyPath(ctx, tx, agencyID)
}

// maskPhone masks a phone number for display (kernel.MaskPhone).
func maskPhone(p string) string { return kernel.MaskPhone(p) }

// userName is the name of the account id for texts people read; fallback when unknown.
func userName(ctx context.Context, tx zhifa.Tx, id int64, fallback string) (string, error) {
	return kernel.UserName(ctx, tx, id, fallback)
}

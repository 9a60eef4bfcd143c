package app

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"zhifa"
)

// Keyset paging (issue #11): a list page ends with an opaque cursor that names where
// the next page starts, so a deep page costs what the first does, and rows written
// meanwhile neither repeat nor skip rows of the pages still to come. The cursor is
// opaque to clients so that its form can change; it carries nothing but a row ID.

// cursorPrefix versions the cursor's form.
const cursorPrefix = "k1:"

// encodeCursor is the cursor of the page after the case with the key.
func encodeCursor(k zhifa.CaseKey) string {
	text := cursorPrefix + strconv.FormatInt(k.ID, 10)
	if !k.Due.IsZero() {
		text += ":" + k.Due.String()
	}
	return base64.RawURLEncoding.EncodeToString([]byte(text))
}

// decodeCursor reads a cursor; "" is the first page (nil). A malformed one is EINVALID.
func decodeCursor(s string) (*zhifa.CaseKey, error) {
	if s == "" {
		return nil, nil
	}
	bad := fieldError("cursor", "分页位置无效，请从第一页重新浏览")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	rest, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return nil, bad
	}
	idText, dueText, hasDue := strings.Cut(rest, ":")
	k := &zhifa.CaseKey{}
	if k.ID, err = strconv.ParseInt(idText, 10, 64); err != nil || k.ID <= 0 {
		return nil, bad
	}
	if hasDue {
		if k.Due, err = zhifa.ParseDate(dueText); err != nil || k.Due.IsZero() {
			return nil, bad
		}
	}
	return k, nil
}

// countText is how a capped count (zhifa.CountCap) is shown: exact, or "1000+".
func countText(n int) string {
	if n > zhifa.CountCap {
		return strconv.Itoa(zhifa.CountCap) + "+"
	}
	return strconv.Itoa(n)
}

// actorOfficer is the officer record of the actor (我的案件): EINVALID when the account
// has none, since "my cases" then names no one.
func actorOfficer(ctx context.Context, tx zhifa.Tx, actor *Actor) (int64, error) {
	noOfficer := fieldError("mine", "您的账号未关联执法人员，无法只看我的案件，请查看全部案件")
	if actor.UserID <= 0 { // the system actor of the command line and the demo
		return 0, noOfficer
	}
	u, err := tx.User(ctx, actor.UserID)
	if err != nil {
		return 0, err
	}
	if u.OfficerID == 0 {
		return 0, noOfficer
	}
	return u.OfficerID, nil
}

package kernel

import (
	"encoding/base64"
	"strconv"
	"strings"

	"zhifa"
)

// Keyset paging (issue #11): a list page ends with an opaque cursor that names where
// the next page starts, so a deep page costs what the first does, and rows written
// meanwhile neither repeat nor skip rows of the pages still to come. The cursor is
// opaque to clients so that its form can change; it carries nothing but a row ID and,
// for lists ordered by a due date, that date.

// cursorPrefix versions the cursor's form.
const cursorPrefix = "k1:"

// EncodeCursor is the cursor of the page after the row with the key.
func EncodeCursor(k zhifa.CaseKey) string {
	text := cursorPrefix + strconv.FormatInt(k.ID, 10)
	if !k.Due.IsZero() {
		text += ":" + k.Due.String()
	}
	return base64.RawURLEncoding.EncodeToString([]byte(text))
}

// DecodeCursor reads a cursor; "" is the first page (nil). A malformed one is EINVALID.
func DecodeCursor(s string) (*zhifa.CaseKey, error) {
	if s == "" {
		return nil, nil
	}
	bad := FieldError("cursor", "分页位置无效，请从第一页重新浏览")
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

// PageLimit is the size of a keyset page: 50 unless asked, at most 500.
func PageLimit(n int) int {
	if n <= 0 {
		return 50
	}
	return min(n, 500)
}

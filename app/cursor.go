package app

import (
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

// encodeCursor is the cursor of the page after the row with the ID.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(id, 10)))
}

// decodeCursor reads a cursor; "" is the first page (0). A malformed one is EINVALID.
func decodeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(b), cursorPrefix); ok {
			if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id > 0 {
				return id, nil
			}
		}
	}
	return 0, fieldError("cursor", "分页位置无效，请从第一页重新浏览")
}

// countText is how a capped count (zhifa.CountCap) is shown: exact, or "1000+".
func countText(n int) string {
	if n > zhifa.CountCap {
		return strconv.Itoa(zhifa.CountCap) + "+"
	}
	return strconv.Itoa(n)
}

package kernel

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"zhifa"
)

// Small pieces that several contexts' read models share: how a clock and an approver are
// shown, keyset paging cursors and capped counts (issue #11), a per-list agency cache,
// masked phone numbers and how late something is.

// ClockView is a clock with its status today: ok, due_soon, overdue, paused or done.
type ClockView struct {
	zhifa.Clock
	Label  string `json:"label"`
	Status string `json:"status"`
}

// Approver is a head of an agency who may approve a step (机关负责人).
type Approver struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// cursorPrefix versions the cursor's form.
const cursorPrefix = "k1:"

// EncodeCursor is the cursor of the page after the row with the key. A list page ends
// with an opaque cursor naming where the next page starts, so that a deep page costs what
// the first does and rows written meanwhile neither repeat nor skip; it is opaque to
// clients so that its form can change.
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

// CountText is how a capped count (zhifa.CountCap) is shown: exact, or "1000+".
func CountText(n int) string {
	if n > zhifa.CountCap {
		return strconv.Itoa(zhifa.CountCap) + "+"
	}
	return strconv.Itoa(n)
}

// PageLimit is the page size of a staff list: 50 unless asked, at most 500.
func PageLimit(n int) int {
	if n <= 0 {
		return 50
	}
	return min(n, 500)
}

// CachedAgency is tx.Agency through cache, for lists whose rows share a few agencies;
// a nil cache reads every time.
func CachedAgency(ctx context.Context, tx zhifa.Tx, cache map[int64]*zhifa.Agency, id int64) (*zhifa.Agency, error) {
	if ag, ok := cache[id]; ok {
		return ag, nil
	}
	ag, err := tx.Agency(ctx, id)
	if err == nil && cache != nil {
		cache[id] = ag
	}
	return ag, err
}

// MaskPhone keeps the first three and the last four characters of a phone number.
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) < 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// OverdueBy says how long past a deadline d is, in hours and minutes.
func OverdueBy(d time.Duration) string {
	d = d.Round(time.Minute)
	if h := int(d.Hours()); h > 0 {
		return fmt.Sprintf("%d小时%d分钟", h, int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d分钟", int(d.Minutes()))
}

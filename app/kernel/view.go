package kernel

import (
	"context"
	"fmt"
	"strconv"
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

// CountText is how a capped count (zhifa.CountCap) is shown: exact, or "1000+".
func CountText(n int) string {
	if n > zhifa.CountCap {
		return strconv.Itoa(zhifa.CountCap) + "+"
	}
	return strconv.Itoa(n)
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

// OverdueBy says how long past a deadline d is, in hours and minutes.
func OverdueBy(d time.Duration) string {
	d = d.Round(time.Minute)
	if h := int(d.Hours()); h > 0 {
		return fmt.Sprintf("%d小时%d分钟", h, int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d分钟", int(d.Minutes()))
}

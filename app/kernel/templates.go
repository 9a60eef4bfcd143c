package kernel

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"zhifa"
)

// TemplatesAbove returns, nearest first, the latest version of each ancestor's
// versioned rule set (a major-decision catalog, a recording list: latest) that is a
// template; with nearestOnly it stops at the first. An ancestor whose latest version is
// not a template is passed over. The ancestors are read from the agency's path
// ("/1/4/9/"), one query each.
func TemplatesAbove[T any](ctx context.Context, ag *zhifa.Agency, latest func(context.Context, int64, int) (T, error),
	isTemplate func(T) bool, nearestOnly bool) ([]T, error) {
	var out []T
	ids := strings.Split(strings.Trim(ag.Path, "/"), "/")
	for i := len(ids) - 2; i >= 0; i-- {
		id, err := strconv.ParseInt(ids[i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("agency %d: bad path %q", ag.ID, ag.Path)
		}
		x, err := latest(ctx, id, 0)
		switch {
		case err == nil && isTemplate(x):
			if out = append(out, x); nearestOnly {
				return out, nil
			}
		case err != nil && zhifa.ErrorCode(err) != zhifa.ENOTFOUND:
			return nil, err
		}
	}
	return out, nil
}

// Truncate cuts s to at most n characters (runes).
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

package app

import (
	"testing"

	"zhifa"
)

// The to-do is most urgent first: an item without a due date (someone waits on the
// actor) counts as due today; on one day what others wait on comes before the party's
// periods.
func TestSortTodo(t *testing.T) {
	today := zhifa.MustDate("2026-12-07")
	items := []zhifa.TodoItem{
		{Kind: zhifa.TodoWaiting, CaseID: 1, Due: zhifa.MustDate("2026-12-07")},
		{Kind: zhifa.TodoCaseStep, CaseID: 2, Due: zhifa.MustDate("2026-12-20")},
		{Kind: zhifa.TodoApproval, CaseID: 3},
		{Kind: zhifa.TodoOverdue, CaseID: 4, Due: zhifa.MustDate("2026-12-01")},
		{Kind: zhifa.TodoReview, CaseID: 5, Due: zhifa.MustDate("2026-12-07")},
	}
	sortTodo(items, today)
	var got []int64
	for _, it := range items {
		got = append(got, it.CaseID)
	}
	want := []int64{4, 3, 5, 1, 2}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}

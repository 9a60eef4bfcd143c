package zhifa

import "context"

// The read path at province scale (issue #11; REQUIREMENTS H4): lists count only up to a
// cap and page by keyset, and the case warnings find their clocks through an index of the
// running clocks instead of reading every case in scope.

// CountCap bounds the counts of the lists: a store counts at most CountCap+1 rows, and a
// count above CountCap is shown as an estimate ("1000+"), so that a list costs the same
// for a county bureau and for a supervisor who sees the whole province.
const CountCap = 1000

// Uncounted is the count a store returns for a case search (CaseFilter.Query): each
// hit is confirmed against the case's text, so counting them would cost up to fifty
// pages' worth where a page costs one; the list says whether there are more (issue 11).
const Uncounted = -1

// CaseKey is the position of a case in a list, for keyset paging: a list filtered by
// due date (DueFrom or DueTo) is ordered by NextDue, then ID, most urgent first; any other
// list by ID, newest first, and Due is unused.
type CaseKey struct {
	ID  int64
	Due Date
}

// ClocksDue selects running clocks of the kinds due on or before To.
type ClocksDue struct {
	Kinds []ClockKind
	To    Date
}

// CaseReadStore holds the indexed reads of cases that do not grow with the number of
// cases in scope.
type CaseReadStore interface {
	// CasesWithClocksDue returns the IDs of the cases under underPath ("" for all) with a
	// running (not done, not paused) clock matching any of due, ascending. The store keeps
	// its index of running clocks in the transaction that writes the case.
	CasesWithClocksDue(ctx context.Context, underPath string, due ...ClocksDue) ([]int64, error)
	// CasesByIDs returns the cases with the IDs (with parties), in the order of ids;
	// missing IDs are skipped.
	CasesByIDs(ctx context.Context, ids []int64) ([]*Case, error)
}

package review

import (
	"testing"

	"zhifa"
	"zhifa/app/kernel"
)

// TestPermission: only the reviewer's own step needs the review permission; every other
// step, the head's included, is the handling agency's (REQUIREMENTS E4).
func TestPermission(t *testing.T) {
	for _, tc := range []struct {
		action zhifa.Action
		want   kernel.Permission
	}{
		{"review_opinion", kernel.PermReviewCases},
		{"submit_review", kernel.PermHandleCases},
		{"resubmit", kernel.PermHandleCases},
		{"coordinate", kernel.PermHandleCases},
		{"approve", kernel.PermHandleCases},
		{"decide", kernel.PermHandleCases},
	} {
		if got := Permission(tc.action); got != tc.want {
			t.Errorf("Permission(%s) = %s, want %s", tc.action, got, tc.want)
		}
	}
}

// TestStatus: a pass on an older proposal revision shows as reopened (E1).
func TestStatus(t *testing.T) {
	proposal := func(rev int) *zhifa.Proposal { return &zhifa.Proposal{Revision: rev} }
	for _, tc := range []struct {
		name   string
		review *zhifa.ReviewState
		prop   *zhifa.Proposal
		want   string
	}{
		{"never submitted", nil, proposal(1), "none"},
		{"pending", &zhifa.ReviewState{Status: zhifa.ReviewPending}, proposal(1), zhifa.ReviewPending},
		{"passed on this revision", &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 2}, proposal(2), zhifa.ReviewPassed},
		{"proposal changed after the pass", &zhifa.ReviewState{Status: zhifa.ReviewPassed, PassedRevision: 1}, proposal(2), "reopened"},
		{"problems", &zhifa.ReviewState{Status: zhifa.ReviewProblems}, proposal(1), zhifa.ReviewProblems},
	} {
		c := &zhifa.Case{}
		c.State.Review, c.State.Proposal = tc.review, tc.prop
		if got := Status(c); got != tc.want {
			t.Errorf("%s: Status = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestJoinIDs(t *testing.T) {
	for _, tc := range []struct {
		ids  []int64
		want string
	}{{nil, ""}, {[]int64{7}, "7"}, {[]int64{3, 12, 5}, "3,12,5"}} {
		if got := joinIDs(tc.ids); got != tc.want {
			t.Errorf("joinIDs(%v) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}
